// Spans: where in the original response a piece of evidence came from.
//
// Every extraction carries a Span so that a report can quote the student's
// own bytes and point at them as `line:col`. Offsets are byte offsets into
// the ORIGINAL text (before any normalisation); lines and columns are
// 1-based, columns count bytes (as ninja and clang do), unlike the character
// columns of error messages: grader/base/text_position.h says why.
//
//   LineIndex index(text);
//   Span s = index.MakeSpan(10, 14);   // s.line, s.col, s.end_line, s.end_col
//   std::string_view quote = s.Quote(text);
#ifndef GRADER_EXTRACT_SPAN_H_
#define GRADER_EXTRACT_SPAN_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

struct Span {
  size_t begin = 0;  // first byte, in the original text
  size_t end = 0;    // one past the last byte
  int line = 0;      // 1-based line of `begin`
  int col = 0;       // 1-based byte column of `begin`
  int end_line = 0;  // line and column of the last byte (end - 1)
  int end_col = 0;

  size_t size() const { return end - begin; }
  bool Contains(const Span& other) const { return begin <= other.begin && other.end <= end; }
  // Returns the spanned bytes of `original` (empty when out of range).
  std::string_view Quote(std::string_view original) const;
  // Returns "line:col" (e.g. "12:5").
  std::string Where() const;
};

// Maps byte offsets of one text to line:col. Building it is one memchr pass;
// lookups are a binary search.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  // Returns the 1-based line holding byte `offset` (offsets past the end map
  // to the last line).
  int Line(size_t offset) const;
  // Returns the 1-based byte column of `offset` on its line.
  int Column(size_t offset) const;
  // Returns the span [begin, end) with its line:col filled in.
  Span MakeSpan(size_t begin, size_t end) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::vector<size_t> starts_{0};
};

}  // namespace grader

#endif  // GRADER_EXTRACT_SPAN_H_
