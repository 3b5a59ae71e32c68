// grades.csv: one gradebook row per submission, for a spreadsheet or an LMS.
//
//   id,total,max,percent,params,flops,unscored,status,error,review,pending
//   alice,83.39,100,83.39,30,21.5,0,needs review,,1,12.86
//   bob,,100,,,,,error,empty file,,
//   "'=HYPERLINK(""x"")",12,100,12,12,0,0,graded,,0,0
//
// One column per rubric criterion (staff-only ones too: this is for staff),
// holding the criterion's points, empty when it is unscored or the row is an
// error. `review` (the last column, added after the others so that readers
// by position keep working) counts the items staff should confirm
// (review.csv lists them); empty for an error row. `status` says what is
// final (GradebookStatus): graded, needs review, partly unscored or error;
// `pending` (last) the points still unscored or in review (PendingPoints).
// RFC 4180: CRLF line ends, fields with , " CR or LF quoted, quotes
// doubled. Text from submissions (id, error) that starts with = + - @ tab or
// CR gets a leading ' so a spreadsheet does not run it as a formula.
// Numbers have at most 2 decimals.
#ifndef GRADER_REPORTS_GRADES_CSV_H_
#define GRADER_REPORTS_GRADES_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "reports/batch_record.h"
#include "reports/report_record.h"

namespace grader {

std::string GradesCsv(const std::vector<Record>& records, const RubricSummary& rubric);

// The same file a piece at a time: the header line, then one row per record
// (what the batch runner streams).
std::string GradesCsvHeader(const RubricSummary& rubric);
std::string GradesCsvRow(const ReportRecord& record, const RubricSummary& rubric);

// What a row's score is worth: "error" (not graded), "partly unscored"
// (some item awaits a judge or a human), "needs review" (some item's
// credit is provisional), else "graded" (final).
const char* GradebookStatus(const ReportRecord& record);
// The points not final yet: the max points of every unscored item and of
// every item in review (a deduction's size), 0 for a final row.
double PendingPoints(const ReportRecord& record);

// One CSV field: quoted when needed; `untrusted` adds the formula guard.
std::string CsvField(std::string_view text, bool untrusted);

}  // namespace grader

#endif  // GRADER_REPORTS_GRADES_CSV_H_
