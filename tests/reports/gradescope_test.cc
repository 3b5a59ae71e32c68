#include "reports/gradescope.h"

#include <catch2/catch.hpp>

#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

using testing::DemoRubric;
using testing::ErrorRecord;
using testing::Scored;

TEST_CASE("GradescopeJson for a small record", "[reports][gradescope]") {
  Record r = Scored("bob", 6, true, "", "");
  r["result"]["criteria"][0]["title"] = "(a) Count the parameters";
  r["result"]["criteria"][0]["items"][0]["title"] = "total parameters";
  r["result"]["criteria"][0]["items"][0]["found"] = "1024";
  r["result"]["criteria"][0]["items"][0]["evidence"] = {{{"quote", "1024 params"}, {"line", 3}, {"column", 7}}};
  r["result"]["deductions"] = {{{"id", "arith"}, {"title", "a calculation is wrong"}, {"status", "applied"},
                                {"points", -1}, {"deduction", -1}, {"detail", "\"2 * 3 = 7\" is false"},
                                {"feedback", "Check your arithmetic."}, {"evidence", Record::array()},
                                {"visibility", "staff"}}};
  CHECK(GradescopeJson(r, DemoRubric()) == R"({
  "score": 6,
  "output": "Score 6 / 10 (60%).",
  "tests": [
    {
      "name": "(a) Count the parameters: total parameters",
      "score": 6,
      "max_score": 6,
      "status": "passed",
      "output": "Found: 1024\nAt line 3, column 7: \"1024 params\"",
      "visibility": "visible"
    },
    {
      "name": "Deduction: a calculation is wrong",
      "score": -1,
      "max_score": 0,
      "status": "failed",
      "output": "Detail: \"2 * 3 = 7\" is false\nCheck your arithmetic.",
      "visibility": "hidden"
    },
    {
      "name": "Score kept within the rubric's limits",
      "score": 1,
      "max_score": 0,
      "output": "The rubric's score is at least its floor and at most its cap.",
      "visibility": "visible"
    }
  ],
  "visibility": "visible"
}
)");
}

TEST_CASE("GradescopeJson hides staff items and leaves unscored ones ungraded", "[reports][gradescope]") {
  Record j = Record::parse(GradescopeJson(testing::Alice(), DemoRubric()));
  CHECK(j["score"] == 6.5);
  CHECK(j["output"] == "Score 6.5 / 10 (65%). 1 item is not graded yet, so the score may change.");
  std::vector<std::string> names, visibility;
  for (const Record& t : j["tests"]) {
    names.push_back(t["name"]);
    visibility.push_back(t["visibility"]);
  }
  CHECK(names == std::vector<std::string>{"(a) Count the parameters: total parameters",
                                          "(a) Count the parameters: memory in bytes",
                                          "(a) Count the parameters: staff check", "(b) Explain: explains why",
                                          "(b) Explain: names the component", "(c) Staff audit: AUDIT-ONLY",
                                          "Deduction: a calculation is wrong", "Deduction: STAFF-DEDUCTION",
                                          "Score kept within the rubric's limits"});
  CHECK(visibility == std::vector<std::string>{"visible", "visible", "hidden", "visible", "visible", "hidden",
                                               "visible", "hidden", "visible"});
  const Record& why = j["tests"][3];
  CHECK_FALSE(why.contains("score"));
  CHECK_FALSE(why.contains("status"));
  CHECK(why["output"] == "Not graded yet.");
  CHECK(j["tests"][2]["output"] == "Expected: SECRET-KEY-VALUE\nDetail: SECRET-DETAIL");
  CHECK(j["tests"][6]["output"] ==
        "Found: 1 false\nAt line 11, column 4: \"2 * 3 = 7\"\nDetail: \"2 * 3 = 7\" is false; 2 * 3 = 6\n"
        "Each false equation costs a point.\nAdjusted by a grader: checked by hand");
}

TEST_CASE("GradescopeJson for an error record", "[reports][gradescope]") {
  CHECK(GradescopeJson(ErrorRecord("carol", "empty file"), DemoRubric()) == R"({
  "score": 0,
  "output": "This submission could not be graded: empty file\nPlease ask the course staff; nothing has been recorded for it yet.",
  "tests": [],
  "visibility": "visible"
}
)");
}

}  // namespace
}  // namespace grader
