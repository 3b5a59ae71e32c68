#include "reports/gradescope.h"

#include "reports/html.h"
#include "reports/report_format.h"
#include "reports/stats.h"

namespace grader {
namespace {

using ojson = nlohmann::ordered_json;

// A JSON number with at most 2 decimals (Gradescope shows them as given),
// an integer when it is one.
ojson Points(double x) {
  double rounded = std::stod(ShowNumber(x));
  if (rounded == static_cast<double>(static_cast<long long>(rounded))) return static_cast<long long>(rounded);
  return rounded;
}

// `staff`: a hidden test, which only staff see; there a review item gives its
// reason and candidates, while a visible one only says staff will check it.
std::string Output(const ReportItem& item, bool staff, bool deduction) {
  const ItemStatus status = ProvisionalStatus(item, deduction);
  std::string out;
  auto line = [&](const std::string& label, const std::string& text) {
    if (!text.empty()) out += (label.empty() ? "" : label + ": ") + CleanText(text) + "\n";
  };
  if (status == ItemStatus::kUnscored) line("", "Not graded yet.");
  if (staff || status != ItemStatus::kPass) line("Expected", item.expected);
  line("Found", item.found);
  for (const ReportItem::Quote& e : item.evidence)
    line("At line " + std::to_string(e.line) + ", column " + std::to_string(e.column), "\"" + e.text + "\"");
  line("Convention", item.convention);
  line("Known mistake", item.mistake);
  if (staff || status != ItemStatus::kPass) line("Detail", item.detail);
  line("", item.mistake_feedback);
  line("", item.feedback);
  if (item.overridden)
    line("", "Adjusted by a grader" + (item.override_comment.empty() ? "." : ": " + item.override_comment));
  if (item.NeedsReview()) {
    if (staff) {
      std::string candidates;
      for (const std::string& c : item.candidates) candidates += (candidates.empty() ? "" : " | ") + c;
      line("Needs review", (item.review.empty() ? std::string("the grader is unsure") : item.review) +
                               (candidates.empty() ? "" : "; candidates: " + candidates));
    } else {
      line("", "This item will be checked by course staff.");
    }
  }
  if (!out.empty()) out.pop_back();
  return out;
}

ojson Test(const ReportItem& item, const std::string& group, bool staff_criterion, bool deduction) {
  bool staff = staff_criterion || item.staff;
  ojson t;
  t["name"] = CleanText(group + ": " + (item.title.empty() ? item.id : item.title));
  // A review item is scored with its provisional credit.
  const ItemStatus status = ProvisionalStatus(item, deduction);
  bool unscored = status == ItemStatus::kUnscored;
  if (!unscored) t["score"] = Points(item.points);
  t["max_score"] = deduction ? ojson(0) : Points(item.max_points);
  if (!unscored) t["status"] = status == ItemStatus::kPass ? "passed" : "failed";  // Gradescope's names
  t["output"] = Output(item, staff, deduction);
  t["visibility"] = staff ? "hidden" : "visible";
  return t;
}

}  // namespace

std::string GradescopeJson(const ReportRecord& record, const RubricSummary& rubric) {
  ojson j;
  if (!record.graded()) {
    j["score"] = 0;
    j["output"] = "This submission could not be graded: " + CleanText(record.error) +
                  "\nPlease ask the course staff; nothing has been recorded for it yet.";
    j["tests"] = ojson::array();
    j["visibility"] = "visible";
    return j.dump(2) + "\n";
  }
  j["score"] = Points(record.score);
  std::string output = "Score " + ShowNumber(record.score) + " / " + ShowNumber(record.max) + " (" +
                       ShowPercent(record.normalized) + ").";
  if (record.unscored > 0)
    output += " " + std::to_string(record.unscored) + (record.unscored == 1 ? " item is" : " items are") +
              " not graded yet, so the score may change.";
  // Review items students can see (visible tests); the hidden ones are not
  // mentioned in the student-visible output.
  int review = 0;
  for (const ReportCriterion& c : record.criteria) {
    bool staff_criterion = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == c.id) staff_criterion = rc.staff_only;
    for (const ReportItem& item : c.items) review += item.NeedsReview() && !item.staff && !staff_criterion;
  }
  for (const ReportItem& item : record.checklist) review += item.NeedsReview() && !item.staff;
  for (const ReportItem& item : record.deductions) review += item.NeedsReview() && !item.staff;
  if (review > 0)
    output += " " + std::to_string(review) + (review == 1 ? " item" : " items") +
              " will be checked by course staff, so the score may change.";
  j["output"] = output;
  ojson tests = ojson::array();
  for (const ReportCriterion& c : record.criteria) {
    bool staff_criterion = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == c.id) staff_criterion = rc.staff_only;
    for (const ReportItem& item : c.items)
      tests.push_back(Test(item, c.title.empty() ? c.id : c.title, staff_criterion, false));
  }
  for (const ReportItem& item : record.checklist) tests.push_back(Test(item, "Checklist", false, false));
  for (const ReportItem& item : record.deductions) tests.push_back(Test(item, "Deduction", false, true));
  j["tests"] = tests;
  j["visibility"] = "visible";
  return j.dump(2) + "\n";
}

std::string GradescopeJson(const Record& record, const RubricSummary& rubric) {
  return GradescopeJson(ReportFromJson(record), rubric);
}

}  // namespace grader

namespace grader {
namespace {

// The "gradescope" format (--gradescope): gradescope/<file_id>/results.json.
class GradescopeFormat : public ReportFormat {
 public:
  std::string name() const override { return "gradescope"; }
  bool Wanted(const ReportOptions& o) const override { return o.gradescope; }
  std::vector<std::string> StudentPaths(const std::string& file_id) const override {
    return {"gradescope/" + file_id + "/results.json"};
  }
  std::vector<OutputFile> StudentFiles(const ReportRecord& record, const ReportContext& c) const override {
    return {{StudentPaths(record.file_id)[0], GradescopeJson(record, c.rubric), false}};
  }
};

const ReportFormatRegistration kGradescope(std::make_unique<GradescopeFormat>());

}  // namespace
}  // namespace grader
