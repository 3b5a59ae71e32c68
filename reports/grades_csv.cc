#include "reports/grades_csv.h"

#include "reports/html.h"
#include "reports/stats.h"

namespace grader {

std::string CsvField(std::string_view text, bool untrusted) {
  std::string s(text);
  if (untrusted) {
    bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
    // Invalid UTF-8 would make some importers reject the whole file.
    s = CleanText(s);
    if (formula) s = "'" + s;
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string GradesCsvHeader(const RubricSummary& rubric) {
  std::string out = "id,total,max,percent";
  for (const RubricSummary::Criterion& c : rubric.criteria) out += "," + CsvField(c.id, false);
  return out + ",unscored,status,error\r\n";
}

std::string GradesCsvRow(const ReportRecord& r, const RubricSummary& rubric) {
  bool graded = r.graded();
  std::string out = CsvField(r.id, true);
  out += ",";
  if (graded) out += ShowNumber(r.score);
  out += ",";
  out += graded ? ShowNumber(r.max) : (rubric.points > 0 ? ShowNumber(rubric.points) : "");
  out += ",";
  if (graded) out += ShowNumber(r.normalized * 100);
  for (const RubricSummary::Criterion& c : rubric.criteria) {
    out += ",";
    if (!graded) continue;
    for (const ReportCriterion& cr : r.criteria)
      if (cr.id == c.id && cr.credit) {
        out += ShowNumber(cr.points);
        break;
      }
  }
  out += ",";
  if (graded) out += std::to_string(r.unscored);
  out += "," + CsvField(StatusName(r.status), true) + "," + CsvField(graded ? "" : r.error, true) + "\r\n";
  return out;
}

std::string GradesCsv(const std::vector<Record>& records, const RubricSummary& rubric) {
  std::string out = GradesCsvHeader(rubric);
  for (const Record& r : records) out += GradesCsvRow(ReportFromJson(r), rubric);
  return out;
}

}  // namespace grader
