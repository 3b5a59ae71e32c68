#include "reports/grades_csv.h"

#include "reports/html.h"
#include "reports/stats.h"

namespace grader {
namespace {

std::string Number(const Record& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return "";
  return ShowNumber(it->get<double>());
}

std::string Text(const Record& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

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

std::string GradesCsv(const std::vector<Record>& records, const RubricSummary& rubric) {
  std::string out = "id,total,max,percent";
  for (const RubricSummary::Criterion& c : rubric.criteria) out += "," + CsvField(c.id, false);
  out += ",unscored,status,error\r\n";
  for (const Record& r : records) {
    bool graded = r.value("status", "") == "graded";
    std::vector<std::string> row;
    row.push_back(CsvField(Text(r, "id"), true));
    row.push_back(graded ? Number(r, "score") : "");
    row.push_back(graded ? Number(r, "max") : (rubric.points > 0 ? ShowNumber(rubric.points) : ""));
    std::string percent;
    if (graded && r.contains("normalized") && r["normalized"].is_number())
      percent = ShowNumber(r["normalized"].get<double>() * 100);
    row.push_back(percent);
    for (const RubricSummary::Criterion& c : rubric.criteria) {
      std::string cell;
      if (graded && r.contains("result"))
        for (const auto& cr : r["result"].value("criteria", Record::array()))
          if (cr.value("id", "") == c.id && cr.contains("credit") && !cr["credit"].is_null()) cell = Number(cr, "points");
      row.push_back(cell);
    }
    row.push_back(graded ? Number(r, "unscored") : "");
    row.push_back(CsvField(r.value("status", ""), true));
    row.push_back(CsvField(graded ? "" : Text(r, "error"), true));
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i];
    out += "\r\n";
  }
  return out;
}

}  // namespace grader
