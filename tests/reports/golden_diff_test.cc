// GoldenDiff (tests/reports/report_fixtures.h): what a failing golden-file
// comparison prints.
#include <catch2/catch.hpp>
#include <string>

#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

using testing::GoldenDiff;

TEST_CASE("GoldenDiff names the first differing line with context and both versions", "[reports][golden]") {
  struct Case {
    std::string expected, actual, diff;
  };
  const std::string long_line(200, 'x');
  const Case cases[] = {
      {"a\nb\nc\nd\n", "a\nb\nX\nd\n",
       "first difference at line 3, column 1 (expected 4 lines, actual 4 lines)\n"
       "  1  a\n"
       "  2  b\n"
       "- 3  \"c\"   (expected)\n"
       "+ 3  \"X\"   (actual)"},
      {"# Title\nscore: 6.5\n", "# Title\nscore: 7\n",
       "first difference at line 2, column 8 (expected 2 lines, actual 2 lines)\n"
       "  1  # Title\n"
       "- 2  \"score: 6.5\"   (expected)\n"
       "+ 2  \"score: 7\"   (actual)"},
      {"a\n", "a\nb\n",
       "first difference at line 2, column 1 (expected 1 line, actual 2 lines)\n"
       "  1  a\n"
       "- 2  <end of file>   (expected)\n"
       "+ 2  \"b\"   (actual)"},
      {"", "new\n",
       "first difference at line 1, column 1 (expected 0 lines, actual 1 line)\n"
       "- 1  <end of file>   (expected)\n"
       "+ 1  \"new\"   (actual)"},
      {"a\nb", "a\nb\n", "the texts differ only in the newline at the end (expected 3 bytes, actual 4)"},
      // A long line is shown from 80 bytes before the difference.
      {long_line + "A\n", long_line + "B\n",
       "first difference at line 1, column 201 (expected 1 line, actual 1 line)\n"
       "- 1  ...\"" + std::string(80, 'x') + "A\"   (expected)\n"
       "+ 1  ...\"" + std::string(80, 'x') + "B\"   (actual)"},
  };
  for (const Case& c : cases) {
    INFO(c.expected << "\nversus\n" << c.actual);
    CHECK(GoldenDiff(c.expected, c.actual) == c.diff);
  }
}

}  // namespace
}  // namespace grader
