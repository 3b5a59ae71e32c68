// Review items in every report: review.csv, the grades.csv column, the
// summary's counts, staff and student feedback, Gradescope; from a fresh
// result and from its results.jsonl record alike. The "test_unsure" check
// kind is registered by tests/rubric/review_test.cc.
#include "reports/review_csv.h"

#include <catch2/catch.hpp>
#include <regex>

#include "grader/rubric/grade.h"
#include "reference/key.h"
#include "reports/feedback.h"
#include "reports/grades_csv.h"
#include "reports/gradescope.h"
#include "reports/result_json.h"
#include "reports/summary.h"
#include "tests/reports/report_fixtures.h"
#include "tests/rubric/review_rubric.h"

namespace grader {
namespace {

const Rubric& TheRubric() {
  static const Rubric r = ParseRubric("rubrics/review.json", testing::kReviewRubric);
  return r;
}

Result Grade(const std::string& text) {
  const Problem& p = BuiltinProblems().Get(TheRubric().problem);
  return GradeText(TheRubric(), BuildKey(p, p.Defaults()), text);
}

// A results.jsonl record as grade_one.cc writes it (the fields reports read).
Record RecordOf(const std::string& id, const Result& r) {
  Record rec = {{"id", id}, {"file_id", id}, {"status", "graded"}};
  rec["score"] = JsonNumber(r.score);
  rec["max"] = JsonNumber(r.max);
  rec["normalized"] = JsonNumber(r.normalized);
  rec["scored_max"] = JsonNumber(r.scored_max);
  rec["unscored"] = r.unscored;
  if (r.review > 0) rec["review"] = r.review;
  rec["result"] = ResultToJson(r);
  return rec;
}

std::vector<Record> Batch() {
  return {RecordOf("=eve", Grade(testing::kReviewResponse)), RecordOf("carol", Grade("alpha only")),
          testing::ErrorRecord("dan", "empty file"), RecordOf("bo,b", Grade(testing::kReviewResponse))};
}

const std::string kEveRows =
    "'=eve,c1,unsure,test_unsure,,partial,0.5,beta,\"'=1+1 | 1,5\",2,"
    "\"two numbers, \"\"1,5\"\" or \"\"=1+1\"\", could be the answer\"\r\n"
    "'=eve,c2,whole,test_unsure,,pass,1,gamma,,2,\"a second line\nof reason\"\r\n"
    "'=eve,deductions,d1,test_unsure,,applied,0,delta,charged | not charged,3,'=SUM(A1) may be a formula\r\n";

TEST_CASE("review.csv: one row per review item, in submission then item order, escaped and guarded",
          "[reports][review][csv]") {
  const std::string header = "submission,criterion,item,check_kind,part,status,credit,read,candidates,line,reason\r\n";
  CHECK(ReviewCsvHeader() == header);
  std::string bob = kEveRows;
  for (size_t at = bob.find("'=eve"); at != std::string::npos; at = bob.find("'=eve", at)) bob.replace(at, 5, "\"bo,b\"");
  CHECK(ReviewCsv(Batch()) == header + kEveRows + bob);
  // No review items: the header only.
  CHECK(ReviewCsv({RecordOf("carol", Grade("alpha only")), testing::ErrorRecord("dan", "empty file")}) == header);
  CHECK(ReviewCsv({}) == header);
}

TEST_CASE("review: a fresh result and its results.jsonl record give the same review fields and rows",
          "[reports][review][record]") {
  Result fresh = Grade(testing::kReviewResponse);
  Record rec = RecordOf("=eve", fresh);
  ReportRecord from_json = ReportFromJson(rec);
  ReportRecord from_result = ReportFromResult("=eve", "=eve", "", Grade(testing::kReviewResponse));
  for (const ReportRecord* r : {&from_json, &from_result}) {
    CHECK(r->review == 3);
    const ReportItem& item = r->criteria[0].items[1];
    CHECK(item.status == ItemStatus::kReview);
    CHECK(ProvisionalStatus(item, false) == ItemStatus::kPartial);
    CHECK(item.credit == 0.5);
    CHECK(item.points == 1.5);
    CHECK(item.review == "two numbers, \"1,5\" or \"=1+1\", could be the answer");
    CHECK(item.candidates == std::vector<std::string>{"=1+1", "1,5"});
    CHECK(r->criteria[1].items[0].candidates.empty());
    CHECK(ProvisionalStatus(r->deductions[0], true) == ItemStatus::kApplied);
    CHECK(ReviewCsvRows(*r) == kEveRows);
  }
  // Reading a record back and writing its result again round-trips the new keys.
  CHECK(rec["result"]["criteria"][0]["items"][1]["candidates"] == Record::array({"=1+1", "1,5"}));
  CHECK(rec["review"] == 3);
}

TEST_CASE("grades.csv: the review column counts each submission's review items", "[reports][review][csv]") {
  CHECK(GradesCsv(Batch(), SummariseRubric(TheRubric())) ==
        "id,total,max,percent,c1,c2,unscored,status,error,review,pending\r\n"
        "'=eve,7.5,10,75,4.5,4,0,needs review,,3,8\r\n"
        "carol,10,10,100,6,4,0,graded,,0,0\r\n"
        "dan,,10,,,,,error,empty file,,\r\n"
        "\"bo,b\",7.5,10,75,4.5,4,0,needs review,,3,8\r\n");
}

TEST_CASE("summary: review items per item and in total, pointing at review.csv", "[reports][review][summary]") {
  BatchSummary s = Summarize(Batch(), SummariseRubric(TheRubric()));
  CHECK(s.review_items == 6);
  CHECK(s.with_review == 2);
  CHECK(s.item_results == 12);
  REQUIRE(s.items.size() == 4);
  CHECK(s.items[1].id == "unsure");
  CHECK(s.items[1].review == 2);
  // Counted by the provisional credit too: partial twice, pass once (carol).
  CHECK(s.items[1].partial == 2);
  CHECK(s.items[1].pass == 1);
  CHECK(s.items[3].id == "d1");
  CHECK(s.items[3].fail == 2);  // applied
  CHECK(s.items[0].review == 0);
  std::string md = SummaryMarkdown(Batch(), SummariseRubric(TheRubric()));
  INFO(md);
  CHECK(md.find("## Items needing review\n\n6 of 12 item results need review, in 2 of 3 graded submissions: the "
                "grader was unsure, and their provisional credit counts in the scores until staff confirm it. Look "
                "at review.csv for each one (the reading, the candidates, the reason).\n\n"
                "| item | review |\n|---|---|\n| c1 / unsure | 2 |\n| c2 / whole | 2 |\n| deductions / d1 | 2 |\n") !=
        std::string::npos);
  std::string html = SummaryHtml(Batch(), SummariseRubric(TheRubric()));
  CHECK(html.find("<p>6 of 12 item results need review, in 2 of 3 graded submissions") != std::string::npos);
  CHECK(html.find("<code>review.csv</code>") != std::string::npos);
  std::string none = SummaryMarkdown({RecordOf("carol", Grade("alpha only"))}, SummariseRubric(TheRubric()));
  CHECK(none.find("## Items needing review\n\nNo item needs review.\n") != std::string::npos);
}

TEST_CASE("feedback: staff see a review item's reason and candidates, students only that staff will check it",
          "[reports][review][feedback]") {
  ReportRecord r = ReportFromJson(RecordOf("=eve", Grade(testing::kReviewResponse)));
  RubricSummary rubric = SummariseRubric(TheRubric());
  std::string student = FeedbackMarkdown(r, rubric);
  INFO(student);
  CHECK(student.find("This item will be checked by course staff.") != std::string::npos);
  CHECK(student.find("3 items will be checked by course staff; your score may change.") != std::string::npos);
  CHECK(student.find("- **Partial credit** 1.5 / 3: unsure") != std::string::npos);
  CHECK(student.find("- **Deducted** -1: d1") != std::string::npos);
  for (const char* secret : {"two numbers", "candidates", "=1+1", "SUM(A1)", "second line", "not charged", "review",
                             "Review"}) {
    INFO(secret);
    CHECK(student.find(secret) == std::string::npos);
  }
  std::string student_html = FeedbackHtml(r, rubric);
  CHECK(student_html.find("This item will be checked by course staff.") != std::string::npos);
  CHECK(student_html.find("two numbers") == std::string::npos);
  CHECK(student_html.find("class=\"item review\"") == std::string::npos);
  CHECK(student_html.find("Needs review") == std::string::npos);

  std::string staff = FeedbackMarkdown(r, rubric, FeedbackAudience::kStaff);
  INFO(staff);
  CHECK(staff.find("- **Needs review** 1.5 / 3: unsure") != std::string::npos);
  CHECK(staff.find("3 items need review: the score is provisional until staff confirm them.") != std::string::npos);
  CHECK(staff.find("candidates: ") != std::string::npos);
  CHECK(staff.find("This item will be checked by course staff.") == std::string::npos);
  std::string staff_html = FeedbackHtml(r, rubric, FeedbackAudience::kStaff);
  INFO(staff_html);
  CHECK(std::regex_search(staff_html, std::regex(R"(<div class="item review" id="item-[0-9]+"><span class="badge">Needs review</span> unsure)")));
  CHECK(staff_html.find("<li>Needs review: two numbers, &quot;1,5&quot; or &quot;=1+1&quot;, could be the answer; "
                        "candidates: =1+1 | 1,5</li>") != std::string::npos);
}

TEST_CASE("gradescope: a review item is scored provisionally, with nothing internal in what students see",
          "[reports][review][gradescope]") {
  ReportRecord r = ReportFromJson(RecordOf("=eve", Grade(testing::kReviewResponse)));
  nlohmann::json j = nlohmann::json::parse(GradescopeJson(r, SummariseRubric(TheRubric())));
  CHECK(j["score"] == 7.5);
  CHECK(j["output"] == "Score 7.5 / 10 (75%). 3 items will be checked by course staff, so the score may change.");
  const auto& unsure = j["tests"][1];
  CHECK(unsure["score"] == 1.5);
  CHECK(unsure["max_score"] == 3);
  CHECK(unsure["status"] == "failed");
  CHECK(unsure["visibility"] == "visible");
  CHECK(j["tests"][2]["status"] == "passed");  // full provisional credit
  CHECK(j["tests"][3]["score"] == -1);
  std::string all = j.dump();
  CHECK(all.find("This item will be checked by course staff.") != std::string::npos);
  for (const char* secret : {"two numbers", "candidates", "=1+1", "SUM(A1)", "second line", "not charged"}) {
    INFO(secret);
    CHECK(all.find(secret) == std::string::npos);
  }
}

TEST_CASE("gradescope: a hidden (staff-only) review item tells staff the reason, and students are not told of it",
          "[reports][review][gradescope]") {
  Record rec = RecordOf("=eve", Grade(testing::kReviewResponse));
  rec["result"]["criteria"][0]["items"][1]["visibility"] = "staff";
  nlohmann::json j = nlohmann::json::parse(GradescopeJson(ReportFromJson(rec), SummariseRubric(TheRubric())));
  CHECK(j["output"] == "Score 7.5 / 10 (75%). 2 items will be checked by course staff, so the score may change.");
  CHECK(j["tests"][1]["visibility"] == "hidden");
  CHECK(j["tests"][1]["score"] == 1.5);
  std::string hidden = j["tests"][1]["output"];
  CHECK(hidden.find("Needs review: two numbers, \"1,5\" or \"=1+1\", could be the answer; candidates: =1+1 | 1,5") !=
        std::string::npos);
}

}  // namespace
}  // namespace grader
