// grades.csv: one gradebook row per submission, for a spreadsheet or an LMS.
//
//   id,total,max,percent,params,flops,unscored,status,error,review
//   alice,83.39,100,83.39,30,21.5,0,graded,,1
//   bob,,100,,,,,error,empty file,
//   "'=HYPERLINK(""x"")",12,100,12,12,0,0,graded,,0
//
// One column per rubric criterion (staff-only ones too: this is for staff),
// holding the criterion's points, empty when it is unscored or the row is an
// error. `review` (the last column, added after the others so that readers
// by position keep working) counts the items staff should confirm
// (review.csv lists them); empty for an error row. RFC 4180: CRLF line ends, fields with , " CR or LF quoted, quotes
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

// One CSV field: quoted when needed; `untrusted` adds the formula guard.
std::string CsvField(std::string_view text, bool untrusted);

}  // namespace grader

#endif  // GRADER_REPORTS_GRADES_CSV_H_
