// ReportFromResult (what the batch runner builds from a fresh grade) and
// ReportFromJson (what it builds from a results.jsonl line it reuses) must
// agree, or a rerun would change feedback, grades.csv or the summary.
#include "reports/report_record.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "grader/batch/batch.h"
#include "grader/rubric/grade.h"
#include "reports/feedback.h"
#include "reports/gradescope.h"
#include "reports/grades_csv.h"
#include "reports/json_writer.h"
#include "reports/result_json.h"
#include "reports/summary.h"
#include "reports/summary_md.h"
#include "tests/reports/report_fixtures.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

using testing::ReadSeed;

const Rubric& Cs336() {
  static const Rubric rubric =
      LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  return rubric;
}

// The record line as the batch runner writes it (the fields reports read).
Record LineFor(const std::string& id, const Result& result) {
  JsonWriter w;
  WriteResultJson(w, result);
  Record j = Record::parse(w.str());
  Record r;
  r["id"] = id;
  r["file_id"] = id;
  r["model"] = "m1";
  r["status"] = "graded";
  for (const char* k : {"score", "max", "normalized", "scored_max", "unscored"}) r[k] = j[k];
  if (j.contains("review")) r["review"] = j["review"];  // as grade_one writes it: only when there are some
  r["result"] = j;
  return r;
}

TEST_CASE("ReportFromResult and ReportFromJson render the same reports", "[reports][record]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  AnswerKey key = BuildKey(p, p.Defaults());
  RubricSummary rubric = SummariseRubric(Cs336());
  SummaryBuilder fresh(rubric), reread(rubric);
  int items = 0;
  for (const char* seed : {"002_b4d7ad0926eb3fc7.txt", "004_b14c3983825096cc.txt"}) {
    GradeOptions go;
    go.overrides = {{"total_params", Exact(1) / 2, "checked by hand"}};
    Result result = GradeText(Cs336(), key, ReadSeed(seed), go);
    ReportRecord b = ReportFromJson(LineFor(seed, result));
    ReportRecord a = ReportFromResult(seed, seed, "m1", std::move(result));
    CHECK(a.score == b.score);
    CHECK(a.normalized == b.normalized);
    REQUIRE(a.criteria.size() == b.criteria.size());
    for (size_t c = 0; c < a.criteria.size(); ++c) {
      REQUIRE(a.criteria[c].items.size() == b.criteria[c].items.size());
      for (size_t i = 0; i < a.criteria[c].items.size(); ++i, ++items) {
        const ReportItem& x = a.criteria[c].items[i];
        const ReportItem& y = b.criteria[c].items[i];
        CHECK(x.id == y.id);
        CHECK(x.status == y.status);
        CHECK(x.credit == y.credit);
        CHECK(x.points == y.points);
        CHECK(x.mistake == y.mistake);
        CHECK(x.evidence.size() == y.evidence.size());
        CHECK(x.overridden == y.overridden);
      }
    }
    CHECK(FeedbackMarkdown(a, rubric) == FeedbackMarkdown(b, rubric));
    CHECK(FeedbackHtml(a, rubric) == FeedbackHtml(b, rubric));
    CHECK(GradescopeJson(a, rubric) == GradescopeJson(b, rubric));
    CHECK(GradesCsvRow(a, rubric) == GradesCsvRow(b, rubric));
    fresh.Add(a);
    reread.Add(b);
  }
  CHECK(items > 20);
  CHECK(SummaryMarkdown(fresh.Finish()) == SummaryMarkdown(reread.Finish()));
  // The override shows in the feedback of both.
  ReportRecord a = ReportFromResult("x", "x", "", GradeText(Cs336(), key, ReadSeed("004_b14c3983825096cc.txt"),
                                                            {{{"total_params", Exact(0), "no units"}}, nullptr, ""}));
  CHECK(FeedbackMarkdown(a, rubric).find("Adjusted by a grader: no units") != std::string::npos);
}

TEST_CASE("ReportError is an error row in every report", "[reports][record]") {
  RubricSummary rubric = SummariseRubric(Cs336());
  ReportRecord e = ReportError("carol", "carol", "", "empty submission");
  CHECK_FALSE(e.graded());
  CHECK(GradesCsvRow(e, rubric) == "carol,,100,,,,,,,,error,empty submission,,\r\n");  // 5 criteria, all empty; no review count
  CHECK(FeedbackMarkdown(e, rubric).find("could not be graded: empty submission") != std::string::npos);
}

TEST_CASE("ReportFromJson reads item statuses, an unknown one as fail", "[reports][record][status]") {
  // Alice holds every status: pass, partial, fail, unscored and an applied
  // deduction; and here a checklist item under review.
  Record with_review = testing::Alice();
  with_review["result"]["checklist"] = Record::array({Record::parse(
      R"({"id": "unsure", "kind": "numeric", "status": "review", "credit": 1, "points": 0, "max_points": 0,
          "review": "two readings", "candidates": ["1", "2"], "evidence": [], "visibility": "students"})")});
  ReportRecord alice = ReportFromJson(with_review);
  REQUIRE(alice.checklist.size() == 1);
  CHECK(alice.checklist[0].review == "two readings");
  CHECK(alice.checklist[0].candidates == std::vector<std::string>{"1", "2"});
  alice.criteria.push_back({"checklist", "", "", 0, 0, std::nullopt, alice.checklist});
  std::vector<ItemStatus> seen;
  for (const ReportCriterion& c : alice.criteria)
    for (const ReportItem& item : c.items) seen.push_back(item.status);
  for (const ReportItem& item : alice.deductions) seen.push_back(item.status);
  for (ItemStatus s : kItemStatuses) CHECK(std::find(seen.begin(), seen.end(), s) != seen.end());

  // A name no grader wrote (or none at all) reads as fail, and every report
  // counts it so, as they did before statuses were an enum.
  for (const char* name : {"passed", "PASS", "", "none"}) {
    INFO('"' << name << '"');
    Record line = testing::Scored("old", 6, true);
    Record& item = line["result"]["criteria"][0]["items"][0];
    if (std::string(name) == "none") item.erase("status");
    else item["status"] = name;
    ReportRecord r = ReportFromJson(line);
    CHECK(r.criteria[0].items[0].status == ItemStatus::kFail);
    BatchSummary s = Summarize({line}, testing::DemoRubric());
    REQUIRE(s.items.size() == 1);
    CHECK(s.items[0].fail == 1);
    CHECK(s.items[0].pass == 0);
    CHECK(GradescopeJson(r, testing::DemoRubric()).find("\"status\": \"failed\"") != std::string::npos);
  }
}

TEST_CASE("RecordStatus: names round-trip, an unknown record status reads as error", "[reports][record][status]") {
  for (RecordStatus s : {RecordStatus::kGraded, RecordStatus::kError}) CHECK(ParseRecordStatus(StatusName(s)) == s);
  CHECK(std::string(StatusName(RecordStatus::kGraded)) == "graded");
  CHECK(std::string(StatusName(RecordStatus::kError)) == "error");
  for (const char* name : {"", "Graded", "pass", "skipped"}) CHECK_FALSE(ParseRecordStatus(name).has_value());

  CHECK(ReportFromJson(testing::Scored("bob", 6, true)).graded());
  CHECK(ReportFromJson(testing::ErrorRecord("carol", "empty file")).status == RecordStatus::kError);
  for (const char* name : {"skipped", "none"}) {
    INFO('"' << name << '"');
    Record line = testing::Scored("dan", 6, true);
    if (std::string(name) == "none") line.erase("status");
    else line["status"] = name;
    ReportRecord r = ReportFromJson(line);
    CHECK(r.status == RecordStatus::kError);
    CHECK_FALSE(r.graded());
    CHECK(GradesCsvRow(r, testing::DemoRubric()) == "dan,,10,,,,,,error,,,\r\n");
  }
}

}  // namespace
}  // namespace grader
