// A rubric whose "test_unsure" items (registered by tests/rubric/review_test.cc)
// give review outcomes for kReviewResponse: c1/unsure (credit 0.5, two
// candidates), c2/whole (full credit, a reason over two lines, no
// candidates) and the deduction d1 (charged, a reason starting with '=').
#ifndef GRADER_TESTS_RUBRIC_REVIEW_RUBRIC_H_
#define GRADER_TESTS_RUBRIC_REVIEW_RUBRIC_H_

namespace grader::testing {

inline constexpr const char* kReviewRubric = R"({"id": "rv", "problem": "myt-params", "points": 10,
  "criteria": [
    {"id": "c1", "weight": 6, "checks": [
      {"id": "sure", "kind": "regex", "pattern": "alpha", "weight": 1},
      {"id": "unsure", "kind": "test_unsure", "pattern": "beta", "weight": 1, "credit": "0.5",
       "reason": "two numbers, \"1,5\" or \"=1+1\", could be the answer", "candidates": ["=1+1", "1,5"]}]},
    {"id": "c2", "weight": 4, "checks": [
      {"id": "whole", "kind": "test_unsure", "pattern": "gamma", "credit": 1, "reason": "a second line\nof reason"}]}],
  "deductions": [
    {"id": "d1", "kind": "test_unsure", "pattern": "delta", "points": -1, "credit": 0,
     "reason": "=SUM(A1) may be a formula", "candidates": ["charged", "not charged"]}]})";

inline constexpr const char* kReviewResponse = "alpha\nbeta and gamma\ndelta\n";

}  // namespace grader::testing

#endif  // GRADER_TESTS_RUBRIC_REVIEW_RUBRIC_H_
