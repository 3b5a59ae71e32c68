// Every renderer on records built from real grading (the cs336 rubric on
// seeds 002 and 004, and a response with markup in it): the properties that
// must hold whatever the extraction layer finds. Exact outputs are pinned by
// the hand-built records in the other tests.
#include <catch2/catch.hpp>

#include "grader/batch/batch.h"
#include "grader/rubric/grade.h"
#include "reports/feedback.h"
#include "reports/gradescope.h"
#include "reports/grades_csv.h"
#include "reports/result_json.h"
#include "reports/summary.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

using testing::ReadSeed;

const Rubric& Cs336() {
  static const Rubric rubric =
      LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  return rubric;
}

RubricSummary Summary(const Rubric& rubric) { return SummariseRubric(rubric); }

Record GradedRecord(const std::string& id, const std::string& text) {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  Result result = GradeText(Cs336(), BuildKey(p, p.Defaults()), text);
  nlohmann::ordered_json j = ResultToJson(result);
  Record r;
  r["id"] = id;
  r["status"] = "graded";
  r["score"] = j["score"];
  r["max"] = j["max"];
  r["normalized"] = j["normalized"];
  r["scored_max"] = j["scored_max"];
  r["unscored"] = j["unscored"];
  r["result"] = j;
  return r;
}

const std::vector<Record>& Records() {
  static const std::vector<Record> records = {
      GradedRecord("seed-002", ReadSeed("002_b4d7ad0926eb3fc7.txt")),
      GradedRecord("seed-004", ReadSeed("004_b14c3983825096cc.txt")),
      GradedRecord("<script>alert('id')</script>",
                   "(a) <script>alert(1)</script> The model has 2,127,057,600 parameters <b>bold</b>.\n"),
      Record{{"id", "empty"}, {"status", "error"}, {"error", "empty file"}},
  };
  return records;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Markdown renders "\<" as a literal "<": only an unescaped one could open HTML.
bool HasRawAngle(const std::string& markdown) {
  for (size_t i = 0; i < markdown.size(); ++i)
    if (markdown[i] == '<' && (i == 0 || markdown[i - 1] != '\\')) return true;
  return false;
}

TEST_CASE("Renderers on graded records: staff items stay with staff", "[reports][graded]") {
  const Record& r = Records()[0];
  bool staff_deduction = false;
  for (const Record& d : r["result"]["deductions"])
    staff_deduction = staff_deduction || (d["id"] == "unanswered_parts" && d["visibility"] == "staff");
  REQUIRE(staff_deduction);  // the rubric's coverage deduction is staff-only
  CHECK_FALSE(Has(FeedbackMarkdown(r, Summary(Cs336())), "parts left unanswered"));
  CHECK_FALSE(Has(FeedbackHtml(r, Summary(Cs336())), "parts left unanswered"));
  Record gs = Record::parse(GradescopeJson(r, Summary(Cs336())));
  bool hidden = false;
  for (const Record& t : gs["tests"])
    if (t["name"] == "Deduction: parts left unanswered") hidden = t["visibility"] == "hidden";
  CHECK(hidden);
  CHECK(gs["score"] == r["score"]);
}

TEST_CASE("Renderers on graded records: markup from a submission is escaped", "[reports][graded]") {
  for (const Record& r : Records()) {
    INFO(r["id"].get<std::string>());
    CHECK_FALSE(Has(FeedbackHtml(r, Summary(Cs336())), "<script"));
    CHECK_FALSE(Has(FeedbackHtml(r, Summary(Cs336())), "<b>bold"));
    CHECK_FALSE(HasRawAngle(FeedbackMarkdown(r, Summary(Cs336()))));
  }
  CHECK_FALSE(Has(SummaryHtml(Records(), Summary(Cs336())), "<script"));
  CHECK_FALSE(HasRawAngle(SummaryMarkdown(Records(), Summary(Cs336()))));
}

TEST_CASE("Renderers on graded records: the gradebook has a row per record", "[reports][graded]") {
  std::string csv = GradesCsv(Records(), Summary(Cs336()));
  CHECK(csv.rfind("id,total,max,percent,params,flops,dominant,sizes,context,unscored,status,error,review,pending\r\n", 0) == 0);
  size_t rows = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++rows;
  CHECK(rows == 5);
  CHECK(Has(csv, "\r\nseed-002,0,100,0,"));
  CHECK(Has(csv, "\r\nempty,,100,,,,,,,,error,empty file,,\r\n"));
  // The same records give the same bytes.
  CHECK(SummaryHtml(Records(), Summary(Cs336())) == SummaryHtml(Records(), Summary(Cs336())));
}

}  // namespace
}  // namespace grader
