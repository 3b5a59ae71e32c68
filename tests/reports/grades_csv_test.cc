#include "reports/grades_csv.h"

#include <catch2/catch.hpp>

#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

using testing::Alice;
using testing::DemoRubric;
using testing::ErrorRecord;
using testing::Scored;

TEST_CASE("GradesCsv writes a header, graded rows and error rows", "[reports][csv]") {
  std::vector<Record> records = {Alice(), Scored("bob", 2.0 / 3 * 10, true), ErrorRecord("carol", "empty file")};
  CHECK(GradesCsv(records, DemoRubric()) ==
        "id,total,max,percent,count,explain,audit,unscored,status,error,review,pending\r\n"
        "alice,6.5,10,65,4.5,,0,1,partly unscored,,0,2\r\n"
        "bob,6.67,10,66.67,6,,,0,graded,,0,0\r\n"
        "carol,,10,,,,,,error,empty file,,\r\n");
}

TEST_CASE("CsvField quotes per RFC 4180 and guards formulas from submissions", "[reports][csv]") {
  struct Case { std::string in; bool untrusted; std::string out; };
  const Case cases[] = {
      {"plain", true, "plain"},
      {"a,b", true, "\"a,b\""},
      {"say \"hi\"", true, "\"say \"\"hi\"\"\""},
      {"two\nlines", true, "\"two\nlines\""},
      {"=HYPERLINK(\"http://x\")", true, "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+1", true, "'+1"},
      {"-2+3", true, "'-2+3"},
      {"@SUM(A1)", true, "'@SUM(A1)"},
      {"\tcmd", true, "'\tcmd"},
      {"\rcmd", true, "\"'\ncmd\""},  // CR cleaned to LF, then guarded and quoted
      {"-2", false, "-2"},           // our own numbers are not guarded
      {"bad\xFF", true, "bad\xEF\xBF\xBD"},
      // Around the plain fast path: empty, a formula sign not first, a
      // trusted formula sign, a tab, a comma or quote last, valid UTF-8.
      {"", true, ""},
      {"x=1 @a +b -c", true, "x=1 @a +b -c"},
      {"=1", false, "=1"},
      {"a\tb", true, "a\tb"},
      {"a,", false, "\"a,\""},
      {"a\"", true, "\"a\"\"\""},
      {"caf\xC3\xA9", true, "caf\xC3\xA9"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(CsvField(c.in, c.untrusted) == c.out);
  }
}

TEST_CASE("GradesCsv guards ids and errors that look like formulas", "[reports][csv]") {
  std::vector<Record> records = {Scored("=cmd|' /C calc'!A0", 10, true), ErrorRecord("x,y", "-bad input")};
  CHECK(GradesCsv(records, DemoRubric()) ==
        "id,total,max,percent,count,explain,audit,unscored,status,error,review,pending\r\n"
        "'=cmd|' /C calc'!A0,10,10,100,6,,,0,graded,,0,0\r\n"
        "\"x,y\",,10,,,,,,error,'-bad input,,\r\n");
}

}  // namespace
}  // namespace grader
