// The result of grading one response, readable in a terminal:
//
//   cs336-transformer-accounting: 42.5 / 100 (42.5%), 2 items unscored
//   [a] Parameters and memory  12.5 / 20
//     ✓ total_params   10 / 10   found "2,127,057,600" at 14:18
//     ✗ fp32_bytes      0 / 10   expected 8,508,230,400 bytes, found "4 GB" (-53%) at 15:3
//       → Memory is 4 bytes per parameter.
//     ! ffn_share      5 / 5  REVIEW (provisional)
//         needs review: two readings of the share; candidates: 2/3 | 1/3
//
// A review item (the check is unsure) is marked "!" and REVIEW, with its
// reason and candidates (the student view says only that staff will check
// it), and the first line counts them: "...; 1 item needs review, the score
// is provisional)".
#ifndef GRADER_REPORTS_RESULT_TEXT_H_
#define GRADER_REPORTS_RESULT_TEXT_H_

#include <string>

#include "grader/rubric/score.h"

namespace grader {

// Points rounded for people: "12.5", "3.33".
std::string ShowPoints(const Exact& x);

std::string ResultToText(const Result& result, bool include_staff = true);

}  // namespace grader

#endif  // GRADER_REPORTS_RESULT_TEXT_H_
