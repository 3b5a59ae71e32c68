#include "reports/gradescope.h"

#include "reports/html.h"
#include "reports/stats.h"

namespace grader {
namespace {

using ojson = nlohmann::ordered_json;

// A string field, cleaned for Gradescope's display ("" when absent).
std::string CleanString(const Record& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? CleanText(it->get<std::string>()) : "";
}

// A JSON number with at most 2 decimals (Gradescope shows them as given),
// an integer when it is one.
ojson Points(double x) {
  double rounded = std::stod(ShowNumber(x));
  if (rounded == static_cast<double>(static_cast<long long>(rounded))) return static_cast<long long>(rounded);
  return rounded;
}

std::string Output(const Record& item, bool staff) {
  std::string status = CleanString(item, "status");
  std::string out;
  auto line = [&](const std::string& label, const std::string& text) {
    if (!text.empty()) out += (label.empty() ? "" : label + ": ") + text + "\n";
  };
  if (status == "unscored") line("", "Not graded yet.");
  if (staff || status != "pass") line("Expected", CleanString(item, "expected"));
  line("Found", CleanString(item, "found"));
  for (const Record& e : item.value("evidence", Record::array()))
    line("At line " + std::to_string(e.value("line", 0)) + ", column " + std::to_string(e.value("column", 0)),
         "\"" + CleanString(e, "quote") + "\"");
  line("Convention", CleanString(item, "convention"));
  line("Known mistake", CleanString(item, "mistake"));
  if (staff || status != "pass") line("Detail", CleanString(item, "detail"));
  line("", CleanString(item, "mistake_feedback"));
  line("", CleanString(item, "feedback"));
  if (item.contains("override")) {
    std::string comment = CleanString(item["override"], "comment");
    line("", "Adjusted by a grader" + (comment.empty() ? "." : ": " + comment));
  }
  if (!out.empty()) out.pop_back();
  return out;
}

ojson Test(const Record& item, const std::string& group, bool staff_criterion, bool deduction) {
  bool staff = staff_criterion || CleanString(item, "visibility") == "staff";
  std::string title = CleanString(item, "title");
  ojson t;
  t["name"] = group + ": " + (title.empty() ? CleanString(item, "id") : title);
  std::string status = CleanString(item, "status");
  bool unscored = status == "unscored";
  if (!unscored) t["score"] = Points(RecordNumber(item, "points"));
  t["max_score"] = deduction ? ojson(0) : Points(RecordNumber(item, "max_points"));
  if (!unscored) t["status"] = status == "pass" ? "passed" : "failed";
  t["output"] = Output(item, staff);
  t["visibility"] = staff ? "hidden" : "visible";
  return t;
}

}  // namespace

std::string GradescopeJson(const Record& record, const RubricSummary& rubric) {
  ojson j;
  if (record.value("status", "") != "graded") {
    j["score"] = 0;
    j["output"] = "This submission could not be graded: " + CleanString(record, "error") +
                  "\nPlease ask the course staff; nothing has been recorded for it yet.";
    j["tests"] = ojson::array();
    j["visibility"] = "visible";
    return j.dump(2) + "\n";
  }
  double score = RecordNumber(record, "score"), max = RecordNumber(record, "max");
  j["score"] = Points(score);
  std::string output = "Score " + ShowNumber(score) + " / " + ShowNumber(max) + " (" +
                       ShowPercent(RecordNumber(record, "normalized")) + ").";
  int unscored = static_cast<int>(RecordNumber(record, "unscored"));
  if (unscored > 0)
    output += " " + std::to_string(unscored) + (unscored == 1 ? " item is" : " items are") +
              " not graded yet, so the score may change.";
  j["output"] = output;
  ojson tests = ojson::array();
  const Record& result = record.contains("result") ? record["result"] : Record::object();
  for (const Record& c : result.value("criteria", Record::array())) {
    std::string id = CleanString(c, "id");
    bool staff_criterion = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == id) staff_criterion = rc.staff_only;
    std::string title = CleanString(c, "title");
    for (const Record& item : c.value("items", Record::array()))
      tests.push_back(Test(item, title.empty() ? id : title, staff_criterion, false));
  }
  for (const Record& item : result.value("checklist", Record::array()))
    tests.push_back(Test(item, "Checklist", false, false));
  for (const Record& item : result.value("deductions", Record::array()))
    tests.push_back(Test(item, "Deduction", false, true));
  j["tests"] = tests;
  j["visibility"] = "visible";
  return j.dump(2) + "\n";
}

}  // namespace grader
