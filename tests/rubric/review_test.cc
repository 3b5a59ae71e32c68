// Status review: an item whose check is unsure. This file registers the
// check kind "test_unsure" in the test binary only (tests/reports/review_test.cc
// and tests/batch/batch_review_test.cc use it too): when its "pattern" occurs
// in the response it gives "credit" and a review outcome (the "reason", the
// "candidates", the matched text as the reading and its span as evidence);
// otherwise full credit and no review.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "grader/check/check.h"
#include "grader/extract/extract.h"
#include "grader/rubric/grade.h"
#include "reference/key.h"
#include "reports/result_json.h"
#include "reports/result_text.h"
#include "tests/rubric/review_rubric.h"

namespace grader {
namespace {

class UnsureCheck : public CompiledCheck {
 public:
  std::string pattern, reason;
  std::vector<std::string> candidates;
  Exact credit = 0;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    Range scope = x.PartRange(ctx.part);
    std::string_view text = x.doc.View(scope);
    size_t at = text.find(pattern);
    o.expected = "a sure reading";
    if (at == std::string_view::npos) {
      o.credit = Exact(1);
      return o;
    }
    Span sp = x.doc.MakeSpan(scope.begin + at, scope.begin + at + pattern.size());
    o.evidence.push_back({sp, x.doc.Quote(sp)});
    o.found = pattern;
    o.credit = credit;
    o.failures = credit < 1 ? 1 : 0;
    o.detail = "read \"" + pattern + "\", not sure of it";
    o.review = reason;
    o.candidates = candidates;
    return o;
  }
};

class UnsureKind : public CheckKind {
 public:
  std::string name() const override { return "test_unsure"; }
  std::vector<std::string> fields() const override { return {"pattern", "reason", "candidates", "credit"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<UnsureCheck>();
    c->pattern = src.RequiredString("pattern");
    c->reason = src.String("reason");
    c->candidates = src.Strings("candidates");
    c->credit = src.Number("credit").value_or(Exact(0));
    return c;
  }
};

const CheckKindRegistration kUnsure(std::make_unique<UnsureKind>());

const Rubric& ReviewRubric() {
  static const Rubric r = ParseRubric("rubrics/review.json", testing::kReviewRubric);
  return r;
}

Result Grade(const std::string& text, const std::vector<Override>& overrides = {}) {
  const Problem& p = BuiltinProblems().Get(ReviewRubric().problem);
  GradeOptions go;
  go.overrides = overrides;
  return GradeText(ReviewRubric(), BuildKey(p, p.Defaults()), text, go);
}

TEST_CASE("review: an unsure check gives status review and keeps its credit in the score", "[rubric][review]") {
  Result r = Grade(testing::kReviewResponse);
  REQUIRE(r.criteria.size() == 2);
  const ItemResult& sure = r.criteria[0].items[0];
  const ItemResult& unsure = r.criteria[0].items[1];
  const ItemResult& whole = r.criteria[1].items[0];
  const ItemResult& ded = r.deductions[0];
  CHECK(sure.status == ItemStatus::kPass);
  CHECK(unsure.status == ItemStatus::kReview);
  CHECK(ExactString(*unsure.credit) == "0.5");  // the check's best reading stays
  CHECK(ExactString(unsure.points) == "1.5");
  CHECK(unsure.outcome.review == "two numbers, \"1,5\" or \"=1+1\", could be the answer");
  CHECK(unsure.outcome.candidates == std::vector<std::string>{"=1+1", "1,5"});
  CHECK(whole.status == ItemStatus::kReview);
  CHECK(ExactString(whole.points) == "4");
  // A deduction under review is charged provisionally.
  CHECK(ded.status == ItemStatus::kReview);
  CHECK(ExactString(ded.points) == "-1");
  CHECK(ded.applications == 1);
  // 3 + 1.5 + 4 - 1: the score is provisional but counts every reading.
  CHECK(ExactString(r.score) == "7.5");
  CHECK(r.review == 3);
  CHECK(r.scored == 4);
  CHECK(r.unscored == 0);
}

TEST_CASE("review: a sure outcome is not review, and an override settles a review item", "[rubric][review]") {
  Result plain = Grade("alpha only");
  CHECK(plain.review == 0);
  CHECK(plain.criteria[0].items[1].status == ItemStatus::kPass);
  CHECK(plain.deductions[0].status == ItemStatus::kPass);

  Result settled = Grade(testing::kReviewResponse, {{"unsure", Exact(1), "read as 1.5"}});
  CHECK(settled.criteria[0].items[1].status == ItemStatus::kPass);
  CHECK(settled.criteria[0].items[1].overridden);
  CHECK(settled.review == 2);
  CHECK(ExactString(settled.score) == "9");
  CHECK(ItemStatusOf(Exact(1, 2), false, "unsure", false) == ItemStatus::kReview);
  CHECK(ItemStatusOf(Exact(1, 2), false, "unsure", true) == ItemStatus::kPartial);
  CHECK(ItemStatusOf(Exact(0), true, "", false) == ItemStatus::kApplied);
}

TEST_CASE("review: the result JSON carries status, reason and candidates, the student view only the status",
          "[rubric][review][json]") {
  Result r = Grade(testing::kReviewResponse);
  nlohmann::ordered_json j = ResultToJson(r);
  CHECK(j["review"] == 3);
  const auto& item = j["criteria"][0]["items"][1];
  CHECK(item["status"] == "review");
  CHECK(item["credit"] == 0.5);
  CHECK(item["points"] == 1.5);
  CHECK(item["found"] == "beta");
  CHECK(item["review"] == "two numbers, \"1,5\" or \"=1+1\", could be the answer");
  CHECK(item["candidates"] == nlohmann::ordered_json::array({"=1+1", "1,5"}));
  CHECK(item["evidence"][0]["line"] == 2);
  // "review" and "candidates" sit between "detail" and "evidence".
  std::vector<std::string> keys;
  for (auto it = item.begin(); it != item.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"id", "kind", "status", "credit", "points", "max_points", "expected", "found",
                                         "detail", "review", "candidates", "evidence", "visibility"});
  CHECK(j["criteria"][1]["items"][0]["review"] == "a second line\nof reason");
  CHECK_FALSE(j["criteria"][1]["items"][0].contains("candidates"));  // none given
  CHECK(j["deductions"][0]["status"] == "review");
  CHECK(j["deductions"][0]["points"] == -1);
  CHECK_FALSE(j["criteria"][0]["items"][0].contains("review"));  // the sure item

  nlohmann::ordered_json student = ResultToJson(r, false);
  CHECK(student["criteria"][0]["items"][1]["status"] == "review");
  CHECK_FALSE(student["criteria"][0]["items"][1].contains("review"));
  CHECK_FALSE(student["criteria"][0]["items"][1].contains("candidates"));
}

TEST_CASE("review: a result without review items has no review keys", "[rubric][review][json]") {
  Result r = Grade("alpha only");
  std::string dumped = ResultToJson(r).dump();
  CHECK(dumped.find("\"review\"") == std::string::npos);
  CHECK(dumped.find("\"candidates\"") == std::string::npos);
  CHECK(ResultToText(r).find("review") == std::string::npos);
}

TEST_CASE("review: the readable result marks review items, the student view without the reason",
          "[rubric][review][text]") {
  Result r = Grade(testing::kReviewResponse);
  std::string text = ResultToText(r);
  INFO(text);
  CHECK(text.rfind("rv: 7.5 / 10 (75%; 3 items need review, the score is provisional)\n", 0) == 0);
  CHECK(text.find("    ! unsure  1.5 / 3  REVIEW (provisional)\n") != std::string::npos);
  CHECK(text.find("        needs review: two numbers, \"1,5\" or \"=1+1\", could be the answer; candidates: =1+1 | 1,5\n") !=
        std::string::npos);
  CHECK(text.find("    ! d1  -1  REVIEW (provisional)") != std::string::npos);
  std::string student = ResultToText(r, false);
  CHECK(student.find("this item will be checked by course staff") != std::string::npos);
  CHECK(student.find("two numbers") == std::string::npos);
  CHECK(student.find("candidates") == std::string::npos);
}

}  // namespace
}  // namespace grader
