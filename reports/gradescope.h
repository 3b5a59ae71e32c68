// gradescope/<id>/results.json: one graded submission in the Gradescope
// autograder format, so a course can upload the batch's scores.
//
//   {"score": 7.5, "output": "Score 7.5 / 100 (7.5%).", "visibility": "visible",
//    "tests": [{"name": "(a) Parameters: total trainable parameters", "score": 3.21,
//               "max_score": 12.86, "status": "failed", "output": "Found: ...",
//               "visibility": "visible"}, ...]}
//
// One test per criterion item, checklist item and deduction, in rubric
// order. A deduction's max_score is 0 and its score the (negative) points
// taken. Staff-only items, and every item of a staff-only criterion, are
// "hidden" (Gradescope shows them to instructors only) and their output
// carries the grader's details; visible tests show what a student may see.
// An unscored item has no "score" and no "status" (it is not graded yet). A
// review item is scored with its provisional credit (status passed or failed
// by it); a visible one's output adds only "This item will be checked by
// course staff." (and the top-level output counts them), a hidden one's
// "Needs review: <reason>; candidates: ...". An error record has score 0, no
// tests and the error in "output".
#ifndef GRADER_REPORTS_GRADESCOPE_H_
#define GRADER_REPORTS_GRADESCOPE_H_

#include <string>

#include "reports/batch_record.h"
#include "reports/report_record.h"

namespace grader {

// The results.json text (2-space indented, ending in a newline).
std::string GradescopeJson(const ReportRecord& record, const RubricSummary& rubric);
std::string GradescopeJson(const Record& record, const RubricSummary& rubric);  // from a results.jsonl record

}  // namespace grader

#endif  // GRADER_REPORTS_GRADESCOPE_H_
