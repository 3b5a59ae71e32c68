// Document: a response as the extractors see it.
//
// The raw response (bytes from a student or an LLM) is normalised once:
// CRLF and lone CR become LF, NUL bytes are dropped and invalid UTF-8 bytes
// become U+FFFD, each with a diagnostic. Everything else is kept byte for
// byte, so the normalised text maps back to the original through a short
// list of edit points, and every Span quotes the original verbatim (except
// invalid UTF-8 bytes, quoted as U+FFFD).
//
// The Document also cuts the text into lines and "units" (sentences and list
// items, the things a claim is made in) and marks fenced code blocks.
//
//   Document doc("Total: 8.5 GB.\r\nSo it fits.");
//   doc.text();                        // "Total: 8.5 GB.\nSo it fits."
//   doc.MakeSpan(7, 13).Where();       // "1:8"
//   doc.Quote(doc.MakeSpan(7, 13));    // "8.5 GB"
#ifndef GRADER_EXTRACT_DOCUMENT_H_
#define GRADER_EXTRACT_DOCUMENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "grader/extract/diagnostic.h"
#include "grader/extract/span.h"

namespace grader {

// A range of the normalised text. Extractors work in normalised offsets and
// convert to a Span (original offsets) only when they report.
struct Range {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
  bool Contains(size_t offset) const { return begin <= offset && offset < end; }
};

// A sentence or a list item: the scope in which a claim is read.
struct TextUnit {
  Range range;
  bool list_item = false;  // starts with a bullet or an enumerator
  bool in_code = false;    // inside a fenced code block
  size_t block = 0;        // where its paragraph or list item starts
};

class Document {
 public:
  Document() : Document(std::string()) {}
  explicit Document(std::string original);

  const std::string& original() const { return original_; }
  // Normalised; the original itself when normalisation changed nothing (no
  // second copy of the text is kept then).
  const std::string& text() const { return same_ ? original_ : text_; }

  // Returns the original byte offset of normalised offset `offset`.
  size_t ToOriginal(size_t offset) const;
  // Returns the span (original offsets, line:col) of normalised [begin, end).
  Span MakeSpan(size_t begin, size_t end) const;
  Span MakeSpan(Range r) const { return MakeSpan(r.begin, r.end); }
  // Returns the original bytes under `span`, as valid UTF-8: an invalid byte
  // (which JSON cannot hold) is written U+FFFD, as in text().
  std::string Quote(const Span& span) const;
  // Returns the normalised text of `r`.
  std::string_view View(Range r) const { return std::string_view(text()).substr(r.begin, r.size()); }

  // Lines of the normalised text, without their '\n'.
  const std::vector<Range>& lines() const { return lines_; }
  // Sentences and list items, in order; they do not overlap.
  const std::vector<TextUnit>& units() const { return units_; }
  // Fenced (```) code blocks, fences included.
  const std::vector<Range>& code_blocks() const { return code_blocks_; }
  bool InCode(size_t offset) const;

  // What normalisation changed or could not read.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  struct Edit {
    size_t norm;   // normalised offset where the edit starts
    size_t orig;   // original offset where it starts
    size_t norm_len, orig_len;
  };
  void Normalise();
  void IndexLinesAndUnits();

  std::string original_;
  std::string text_;     // empty when same_
  bool same_ = false;    // the normalised text is original_
  std::vector<Edit> edits_;  // sorted by norm
  LineIndex original_lines_;
  std::vector<Range> lines_;
  std::vector<TextUnit> units_;
  std::vector<Range> code_blocks_;
  std::vector<Diagnostic> diagnostics_;
};

// Returns the length of the list marker ("- ", "* ", "1. ", "(a) ") that
// starts `line` after its indentation, or 0.
size_t ListMarkerLength(std::string_view line);

}  // namespace grader

#endif  // GRADER_EXTRACT_DOCUMENT_H_
