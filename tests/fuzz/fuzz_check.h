// Shared by the libFuzzer targets in tests/fuzz: invariant checks that abort
// with a message (libFuzzer then reports a crash and saves the input), and
// checks of the span contract every extractor shares.
//
//   FUZZ_CHECK(q.range.end <= text.size(), "quantity '" + q.text + "' ends past the text");
//
// The message is built only when the check fails.
#ifndef GRADER_TESTS_FUZZ_FUZZ_CHECK_H_
#define GRADER_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "grader/base/utf8.h"
#include "grader/extract/document.h"
#include "grader/extract/span.h"

#define FUZZ_CHECK(cond, message)                                         \
  do {                                                                    \
    if (!(cond)) ::grader::fuzz::Fail(__FILE__, __LINE__, #cond, message); \
  } while (0)

namespace grader::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* cond, const std::string& message) {
  std::fprintf(stderr, "\n%s:%d: invariant violated: %s\n  %s\n", file, line, cond, message.c_str());
  std::fflush(stderr);
  std::abort();
}

// Shows a piece of input in a message: quoted, control bytes escaped, cut.
inline std::string Show(std::string_view s, size_t limit = 120) {
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (s.size() > limit) out += "...";
  return out + "'";
}

// Returns whether an error message starts with "<file>:<line>:<col>: ".
inline bool HasPlace(const std::string& message, const std::string& file) {
  if (message.compare(0, file.size() + 1, file + ":") != 0) return false;
  size_t i = file.size() + 1;
  auto digits = [&] {
    size_t start = i;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
    return i > start;
  };
  if (!digits() || i >= message.size() || message[i++] != ':' || !digits()) return false;
  return message.compare(i, 2, ": ") == 0;
}

// Checks ranges and spans of one document.
class SpanChecker {
 public:
  explicit SpanChecker(const Document& doc) : doc_(doc), index_(doc.original()) {}

  // A normalised range lies inside the document's text and is not reversed.
  void Range(const grader::Range& r, const std::string& what) const {
    FUZZ_CHECK(r.begin <= r.end && r.end <= doc_.text().size(),
               what + ": range [" + std::to_string(r.begin) + ", " + std::to_string(r.end) +
                   ") outside the text of " + std::to_string(doc_.text().size()) + " bytes");
  }

  // A span lies inside the original response, its line:col is where its
  // first byte is, and `quote` (when given) is exactly the bytes it covers.
  void Span(const grader::Span& s, const std::string& what, const std::string* quote = nullptr) const {
    const std::string& original = doc_.original();
    FUZZ_CHECK(s.begin <= s.end && s.end <= original.size(),
               what + ": span [" + std::to_string(s.begin) + ", " + std::to_string(s.end) +
                   ") outside the response of " + std::to_string(original.size()) + " bytes");
    FUZZ_CHECK(s.line == index_.Line(s.begin) && s.col == index_.Column(s.begin),
               what + ": span at byte " + std::to_string(s.begin) + " says " + s.Where() + ", but that byte is at " +
                   std::to_string(index_.Line(s.begin)) + ":" + std::to_string(index_.Column(s.begin)));
    // Quotes are the spanned bytes, with bytes that are not UTF-8 as U+FFFD
    // (Document::Quote repairs them so every output stays valid text).
    if (quote)
      FUZZ_CHECK(*quote == ValidUtf8(std::string_view(original).substr(s.begin, s.size())),
                 what + ": quote " + Show(*quote) + " is not the spanned bytes " +
                     Show(std::string_view(original).substr(s.begin, s.size())));
  }

  // A range and the span reported with it agree: the span is the range mapped
  // to the original.
  void RangeSpan(const grader::Range& r, const grader::Span& s, const std::string& what,
                 const std::string* quote = nullptr) const {
    Range(r, what);
    Span(s, what, quote);
    grader::Span m = doc_.MakeSpan(r);
    FUZZ_CHECK(m.begin == s.begin && m.end == s.end,
               what + ": span [" + std::to_string(s.begin) + ", " + std::to_string(s.end) +
                   ") is not its range mapped (" + std::to_string(m.begin) + ", " + std::to_string(m.end) + ")");
  }

 private:
  const Document& doc_;
  LineIndex index_;
};

}  // namespace grader::fuzz

#endif  // GRADER_TESTS_FUZZ_FUZZ_CHECK_H_
