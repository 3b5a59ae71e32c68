// review.csv: every item the grader is unsure of (status "review"), one row
// each, for staff to confirm; written on every run (the "review-csv"
// format), header only when there are none.
//
//   submission,criterion,item,check_kind,part,status,credit,read,candidates,line,reason
//   alice,count,total,numeric,a,partial,0.5,"1,024",1024 | 2048,3,two numbers could be the answer
//
// Rows in submission (input) order, then item order (criteria, then the
// checklist as criterion "checklist", then deductions as "deductions").
// `status` is what the provisional credit stands for (pass, partial, fail,
// applied; unscored without a credit): every row is a review item, so the
// column says what confirming it as it stands would mean. `credit` is that
// credit (0..1), `read` the check's best reading (the item's "found"),
// `candidates` the competing readings joined by " | ", `line` the line of the
// first evidence span (empty without one), `reason` why the check is unsure.
// CSV as grades.csv writes it (CsvField, grades_csv.h): CRLF line ends,
// quoting for , " CR LF, and a leading ' for text cells that start with
// = + - @ tab or CR.
#ifndef GRADER_REPORTS_REVIEW_CSV_H_
#define GRADER_REPORTS_REVIEW_CSV_H_

#include <string>
#include <vector>

#include "reports/batch_record.h"
#include "reports/report_record.h"

namespace grader {

std::string ReviewCsvHeader();
// The rows of one record's review items ("" for none, and for an error record).
std::string ReviewCsvRows(const ReportRecord& record);
// The whole file for `records`.
std::string ReviewCsv(const std::vector<Record>& records);

}  // namespace grader

#endif  // GRADER_REPORTS_REVIEW_CSV_H_
