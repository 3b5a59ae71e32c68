// LineIndex's line search and MakeSpan's shortcut for spans that end on
// their first line agree with counting line breaks, for every offset and
// every span of texts with empty lines, a missing final break and lines of
// one byte, and for offsets past the end.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "grader/extract/span.h"

namespace grader {
namespace {

// Line and column counted byte by byte (offsets past the end: on the last line).
void Where(const std::string& text, size_t offset, int* line, int* col) {
  *line = 1;
  size_t start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++*line;
      start = i + 1;
    }
  *col = static_cast<int>(offset - start) + 1;
}

TEST_CASE("LineIndex finds every offset's line and every span's ends as counting does", "[extract][span]") {
  const std::string texts[] = {"", "a", "\n", "\n\n\n", "ab\ncd", "ab\ncd\n", "\na\n\nbb\nccc\n\n", std::string(40, 'x') + "\n" + std::string(3, '\n') + "y",
                               "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17"};
  for (const std::string& text : texts) {
    INFO(text);
    LineIndex index(text);
    for (size_t offset = 0; offset <= text.size() + 2; ++offset) {
      int line = 0, col = 0;
      Where(text, offset, &line, &col);
      CHECK(index.Line(offset) == line);
      CHECK(index.Column(offset) == col);
    }
    for (size_t begin = 0; begin <= text.size(); ++begin)
      for (size_t end = begin; end <= text.size(); ++end) {
        Span s = index.MakeSpan(begin, end);
        int line = 0, col = 0, end_line = 0, end_col = 0;
        Where(text, begin, &line, &col);
        Where(text, end > begin ? end - 1 : begin, &end_line, &end_col);
        CHECK(s.line == line);
        CHECK(s.col == col);
        CHECK(s.end_line == end_line);
        CHECK(s.end_col == end_col);
      }
  }
}


TEST_CASE("LineIndex::MakeSpan gives the same span whatever span was made before it", "[extract][span]") {
  // MakeSpan starts its line search from the last line it found (spans
  // mostly come in reading order): every span is made after a span at every
  // other offset (before it, on its line, a line or many lines on), and
  // after a span of another index with more lines than this one.
  const std::string text = "ab\n\ncd ef\n" + std::string(20, '\n') + "gh\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nlast";
  const std::string longer(200, '\n');
  LineIndex index(text), other(longer);
  for (size_t before = 0; before <= text.size() + 1; ++before)
    for (size_t begin = 0; begin <= text.size(); ++begin) {
      const size_t end = std::min(text.size(), begin + 3);
      int line = 0, col = 0, end_line = 0, end_col = 0;
      Where(text, begin, &line, &col);
      Where(text, end > begin ? end - 1 : begin, &end_line, &end_col);
      for (int previous = 0; previous < 2; ++previous) {
        if (previous == 0) index.MakeSpan(before, before);
        else other.MakeSpan(longer.size() - before, longer.size());
        Span s = index.MakeSpan(begin, end);
        INFO(before << " " << begin << " " << previous);
        CHECK(s.line == line);
        CHECK(s.col == col);
        CHECK(s.end_line == end_line);
        CHECK(s.end_col == end_col);
      }
    }
}

// The line breaks are found 32 and 16 bytes at a time and handed over in
// batches (line_starts.h): on random texts of every length up to a few
// blocks, with runs of line breaks longer than a batch, CRLF and multi-byte
// characters, LineIndex and the Document's lines agree with counting and
// with cutting the text at each '\n'.
TEST_CASE("Line breaks found by blocks agree with counting on random texts", "[extract][span]") {
  const std::vector<std::string> pieces = {"\n", "\n\n\n\n\n\n\n\n", "a", "bc", "   ", "\r\n", "\r", "\xC3\xA9",
                                           "\xE2\x89\x88", std::string(40, '\n'), std::string(17, 'x'), "\t"};
  std::mt19937 rng(21);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 30);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    INFO(round);
    LineIndex index(text);
    int breaks = 0;
    for (char c : text) breaks += c == '\n';
    REQUIRE(index.line_count() == breaks + 1);
    for (size_t offset = 0; offset <= text.size(); ++offset) {
      int line = 0, col = 0;
      Where(text, offset, &line, &col);
      REQUIRE(index.Line(offset) == line);
      REQUIRE(index.Column(offset) == col);
    }
    Document doc(text);
    const std::string& t = doc.text();
    std::vector<Range> want;
    size_t begin = 0;
    for (size_t i = 0; i <= t.size(); ++i)
      if (i == t.size() || t[i] == '\n') {
        want.push_back({begin, i});
        begin = i + 1;
      }
    REQUIRE(doc.lines().size() == want.size());
    for (size_t k = 0; k < want.size(); ++k) {
      REQUIRE(doc.lines()[k].begin == want[k].begin);
      REQUIRE(doc.lines()[k].end == want[k].end);
    }
  }
}

}  // namespace
}  // namespace grader
