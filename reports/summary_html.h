// summary.html: the batch summary as one self-contained page: inline CSS,
// charts as inline SVG (score histogram, per-model intervals), no scripts,
// no fonts or images to fetch, readable when printed. Every rubric and
// submission text on it is escaped. Same figures as summary.md (summary.h).
//
//   WriteFileAtomic(dir + "/summary.html", SummaryHtml(records, rubric));
#ifndef GRADER_REPORTS_SUMMARY_HTML_H_
#define GRADER_REPORTS_SUMMARY_HTML_H_

#include <string>
#include <vector>

#include "reports/batch_record.h"
#include "reports/summary.h"

namespace grader {

// SummaryHtml(records, rubric) is declared in summary.h.
std::string SummaryHtml(const BatchSummary& summary);

// The histogram as an <svg> element (also used on its own in tests).
std::string HistogramSvg(const std::vector<int>& counts, double max);

}  // namespace grader

#endif  // GRADER_REPORTS_SUMMARY_HTML_H_
