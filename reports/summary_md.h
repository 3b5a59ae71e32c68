// summary.md: a batch at a glance, for a terminal, a pull request or an
// issue. Tables only; the same figures as summary.html (see summary.h).
//
//   # Batch summary: Transformer accounting
//
//   4 submissions: 3 graded, 1 error.
//
//   | statistic | points |
//   |---|---|
//   | mean | 52.5 / 100 |
//   ...
//   ## Score distribution
//   | score | submissions | |
//   | 0-10 | 1 | ██████ |
#ifndef GRADER_REPORTS_SUMMARY_MD_H_
#define GRADER_REPORTS_SUMMARY_MD_H_

#include <string>
#include <vector>

#include "reports/batch_record.h"
#include "reports/summary.h"

namespace grader {

// SummaryMarkdown(records, rubric) is declared in summary.h.
std::string SummaryMarkdown(const BatchSummary& summary);

}  // namespace grader

#endif  // GRADER_REPORTS_SUMMARY_MD_H_
