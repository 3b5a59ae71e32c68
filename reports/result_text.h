// The result of grading one response, readable in a terminal:
//
//   cs336-transformer-accounting: 42.5 / 100 (42.5%), 2 items unscored
//   [a] Parameters and memory  12.5 / 20
//     ✓ total_params   10 / 10   found "2,127,057,600" at 14:18
//     ✗ fp32_bytes      0 / 10   expected 8,508,230,400 bytes, found "4 GB" (-53%) at 15:3
//       → Memory is 4 bytes per parameter.
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
