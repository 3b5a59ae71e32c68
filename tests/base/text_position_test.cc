// LineCol (grader/base/text_position.h): 1-based line:col for messages,
// columns in characters.
#include "grader/base/text_position.h"

#include <catch2/catch.hpp>
#include <string>

namespace grader {
namespace {

TEST_CASE("LineCol counts lines from first_line and columns in characters", "[base][text_position]") {
  struct Case {
    std::string text;
    size_t offset;
    int first_line;
    const char* expected;
  };
  const Case cases[] = {
      {"", 0, 1, "1:1"},
      {"abc", 0, 1, "1:1"},
      {"abc", 2, 1, "1:3"},
      {"abc", 3, 1, "1:4"},                       // the end
      {"abc", 99, 1, "1:4"},                      // past the end: the end
      {"ab\ncd", 2, 1, "1:3"},                    // the '\n' itself is on its line
      {"ab\ncd", 3, 1, "2:1"},
      {"ab\ncd", 4, 1, "2:2"},
      {"\n\n\nx", 3, 1, "4:1"},
      {"a\r\nb", 3, 1, "2:1"},                    // '\r' is a character like any other
      {"{\n  \"x\": 1,\n}", 12, 1, "3:1"},
      {"ab\ncd", 4, 12, "13:2"},                  // a block that starts on line 12
      {"x", 1, 0, "0:2"},
      {"caf\xC3\xA9 x", 6, 1, "1:6"},             // é is one column
      {"caf\xC3\xA9 x", 5, 1, "1:5"},
      {"caf\xC3\xA9 x", 4, 1, "1:5"},             // inside é: the column after it
      {"\xE6\x97\xA5\xE6\x9C\xAC:", 6, 1, "1:3"},   // 日本: two columns
      {"\xF0\x9F\x98\x80!", 4, 1, "1:2"},          // one 4-byte character
      {"\xC3\xA9\n\xC3\xA9x", 5, 1, "2:2"},        // columns restart after a newline
      {"caf\xE9x", 4, 1, "1:5"},                   // an invalid byte is one column (U+FFFD)
      {"\x80\x80x", 2, 1, "1:3"},                  // so is each stray continuation byte
      {"\xE2\x89x", 2, 1, "1:3"},                  // and each byte of a cut sequence
  };
  for (const Case& c : cases) {
    INFO(c.text << " @" << c.offset);
    CHECK(LineCol(c.text, c.offset, c.first_line) == c.expected);
  }
}

TEST_CASE("LineCol starts at line 1 by default", "[base][text_position]") {
  CHECK(LineCol("a\nb", 2) == "2:1");
}

}  // namespace
}  // namespace grader

TEST_CASE("LineColIndex: the same line:col as LineCol at every offset, in any order", "[base][text_position]") {
  const std::string text = "{\n  \"caf\xC3\xA9\": 1,\n\xFF\xFE x\n\n  [1, 2, \"\xE2\x82\xAC\"]\n}";
  grader::LineColIndex index(text);
  for (size_t i = 0; i <= text.size() + 2; ++i) {
    INFO(i);
    CHECK(index.LineCol(text, i) == grader::LineCol(text, i));
    CHECK(index.LineCol(text, i, 12) == grader::LineCol(text, i, 12));
  }
  for (size_t i = text.size() + 1; i-- > 0;) {  // backwards: the cursor must not be trusted
    INFO(i);
    CHECK(index.LineCol(text, i) == grader::LineCol(text, i));
  }
  // A minified file: one line, many positions in increasing order.
  std::string line(2000, 'a');
  line[500] = '\xC3';
  line[501] = '\xA9';
  grader::LineColIndex one(line);
  for (size_t i = 0; i < line.size(); i += 7) CHECK(one.LineCol(line, i) == grader::LineCol(line, i));
}
