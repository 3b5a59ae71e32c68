// The result of grading one response as JSON: `score`, `max` and
// `normalized` at the top (numbers, rounded to 6 decimals), the exact values
// as strings under "exact", and every criterion, item and deduction with its
// credit, points, expected and found values and evidence spans. A review
// item (status "review") adds "review" (the reason) and "candidates" (the
// competing readings, when any) after "detail", and the result a top-level
// "review" count after "unscored"; all three are absent otherwise, so a
// result without review items is the same JSON as before. The student view
// (include_staff false) leaves out the reason and the candidates.
// Deterministic: the same result gives byte-identical JSON.
#ifndef GRADER_REPORTS_RESULT_JSON_H_
#define GRADER_REPORTS_RESULT_JSON_H_

#include <nlohmann/json.hpp>

#include "grader/rubric/score.h"
#include "reports/json_writer.h"

namespace grader {

// `include_staff`: include staff-only items (false for what students see).
nlohmann::ordered_json ResultToJson(const Result& result, bool include_staff = true);

// The same JSON written straight into `w` (what the batch runner uses;
// ResultToJson parses this text, so the two never disagree).
void WriteResultJson(JsonWriter& w, const Result& result, bool include_staff = true);

// A JSON number for an exact value: an integer when it is one, else rounded
// to 6 decimal places.
nlohmann::ordered_json JsonNumber(const Exact& x);
struct ExactNumber {
  bool integer = false;
  long long i = 0;  // when integer
  double d = 0;     // otherwise
};
ExactNumber ToJsonNumber(const Exact& x);
void WriteJsonNumber(JsonWriter& w, const Exact& x);  // JsonNumber(x) into `w`
// {"rubric": ..., "key": ..., "grader": ...}: the versions `result` was
// graded with (content hashes, and the grader's version).
void WriteVersions(JsonWriter& w, const Result& result);
double JsonNumberValue(const Exact& x);  // JsonNumber(x) as a double

}  // namespace grader

#endif  // GRADER_REPORTS_RESULT_JSON_H_
