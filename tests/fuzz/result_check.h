// Invariants of a grading Result (score.h), shared by the fuzz targets that
// grade: the score within the rubric's floor and cap, every item's credit and
// points within their bounds, every piece of evidence quoting the response,
// and grading deterministic.
#ifndef GRADER_TESTS_FUZZ_RESULT_CHECK_H_
#define GRADER_TESTS_FUZZ_RESULT_CHECK_H_

#include <string>

#include "grader/base/utf8.h"
#include "grader/rubric/grade.h"
#include "grader/rubric/rubric.h"
#include "grader/rubric/score.h"
#include "reports/result_json.h"
#include "tests/fuzz/fuzz_check.h"

namespace grader::fuzz {

inline std::string Str(const Exact& x) { return ExactString(x); }

inline void CheckItem(const ItemResult& r, const std::string& response, bool deduction, const std::string& where) {
  std::string what = where + " item '" + (r.item ? r.item->id : std::string("?")) + "'";
  FUZZ_CHECK(r.item != nullptr, what + ": no rubric item");
  if (r.credit) FUZZ_CHECK(*r.credit >= 0 && *r.credit <= 1, what + ": credit " + Str(*r.credit) + " outside [0, 1]");
  if (r.outcome.credit)
    FUZZ_CHECK(r.overridden || (*r.outcome.credit >= 0 && *r.outcome.credit <= 1),
               what + ": the check's credit " + Str(*r.outcome.credit) + " is outside [0, 1]");
  FUZZ_CHECK(r.outcome.failures >= 0, what + ": negative failure count");
  if (deduction) {
    // max_points is the deduction's (negative) points; applied at most
    // max_count times.
    const Exact lowest = r.max_points * 1000;
    FUZZ_CHECK(r.max_points < 0 && r.points <= 0 && r.points >= lowest,
               what + ": deduction of " + Str(r.points) + " for points " + Str(r.max_points));
    FUZZ_CHECK((r.points == 0) == (r.applications == 0), what + ": applied " + std::to_string(r.applications) +
                                                              " times for " + Str(r.points) + " points");
  } else {
    FUZZ_CHECK(r.max_points >= 0 && r.points >= 0 && r.points <= r.max_points,
               what + ": " + Str(r.points) + " points of " + Str(r.max_points));
    if (!r.credit) FUZZ_CHECK(r.points == 0, what + ": unscored but earned " + Str(r.points));
  }
  for (const Evidence& e : r.outcome.evidence) {
    FUZZ_CHECK(e.span.begin <= e.span.end && e.span.end <= response.size(),
               what + ": evidence [" + std::to_string(e.span.begin) + ", " + std::to_string(e.span.end) +
                   ") outside the response of " + std::to_string(response.size()) + " bytes");
    // The response's bytes, with any that are not UTF-8 shown as U+FFFD.
    FUZZ_CHECK(e.quote == ValidUtf8(std::string_view(response).substr(e.span.begin, e.span.size())),
               what + ": evidence quote " + Show(e.quote) + " is not the response's bytes at its span");
  }
}

// Checks `r`, the result of grading `response` with `rubric`.
inline void CheckResult(const Rubric& rubric, const Result& r, const std::string& response) {
  FUZZ_CHECK(r.score >= rubric.floor && r.score <= rubric.cap,
             "score " + Str(r.score) + " outside [floor " + Str(rubric.floor) + ", cap " + Str(rubric.cap) + "]");
  FUZZ_CHECK(r.max == rubric.points, "max " + Str(r.max) + " is not the rubric's points " + Str(rubric.points));
  FUZZ_CHECK(r.scored_max <= r.max && r.scored_max >= 0, "scored max " + Str(r.scored_max) + " outside [0, max]");
  FUZZ_CHECK(r.criteria.size() == rubric.criteria.size() && r.checklist.size() == rubric.checklist.size() &&
                 r.deductions.size() == rubric.deductions.size(),
             "the result does not hold one entry per rubric item");
  size_t items = 0;
  for (const CriterionResult& c : r.criteria) {
    std::string where = "criterion '" + c.criterion->id + "'";
    FUZZ_CHECK(c.points >= 0 && c.points <= c.criterion->weight,
               where + ": " + Str(c.points) + " points of weight " + Str(c.criterion->weight));
    if (c.credit) FUZZ_CHECK(*c.credit >= 0 && *c.credit <= 1, where + ": credit " + Str(*c.credit));
    FUZZ_CHECK(c.deducted <= 0, where + ": positive deduction " + Str(c.deducted));
    if (c.criterion->deduction_cap)
      FUZZ_CHECK(c.deducted >= -*c.criterion->deduction_cap,
                 where + ": deducted " + Str(c.deducted) + " beyond its cap " + Str(*c.criterion->deduction_cap));
    for (const ItemResult& i : c.items) CheckItem(i, response, false, where);
    items += c.items.size();
  }
  for (const ItemResult& i : r.checklist) CheckItem(i, response, false, "checklist");
  for (const ItemResult& i : r.deductions) CheckItem(i, response, true, "deductions");
  items += r.checklist.size() + r.deductions.size();
  FUZZ_CHECK(static_cast<size_t>(r.scored + r.unscored) == items,
             std::to_string(r.scored) + " scored + " + std::to_string(r.unscored) + " unscored items, not " +
                 std::to_string(items));
}

// Grades `response` twice (once from extractions made here, which it also
// serialises as `grader extract --json` does, once from the text) and checks
// that both results serialise to the same JSON, as `grader grade --json`
// prints it.
inline Result GradeDeterministic(const Rubric& rubric, const AnswerKey& key, const std::string& response,
                                 const std::string& key_version) {
  GradeOptions options;
  options.key_version = key_version;
  Extractions x = Extract(response, ExtractOptionsFor(key));
  Result a = GradeExtractions(rubric, key, x, options);
  Result b = GradeText(rubric, key, response, options);
  std::string ja, jb, jx;
  try {
    ja = ResultToJson(a).dump(2);
    jb = ResultToJson(b).dump(2);
    jx = ToJson(x).dump(2);
  } catch (const std::exception& e) {
    Fail(__FILE__, __LINE__, "results and extractions serialise", e.what());
  }
  FUZZ_CHECK(ja == jb, "grading the same response twice differs:\n" + ja + "\n" + jb);
  return a;
}

}  // namespace grader::fuzz

#endif  // GRADER_TESTS_FUZZ_RESULT_CHECK_H_
