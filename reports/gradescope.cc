#include "reports/gradescope.h"

#include <cmath>
#include <optional>

#include "reports/feedback.h"
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
// reason and candidates, while a visible one only says staff will check it,
// and shows only what the rubric reveals (as the student feedback page).
std::string Output(const ReportItem& item, bool staff, bool deduction, const RubricSummary::Item& reveal) {
  const ItemStatus status = ProvisionalStatus(item, deduction);
  const bool lost = status != ItemStatus::kPass && status != ItemStatus::kUnscored;
  std::string out;
  auto line = [&](const std::string& label, const std::string& text) {
    if (!text.empty()) out += (label.empty() ? "" : label + ": ") + CleanText(text) + "\n";
  };
  if (status == ItemStatus::kUnscored) line("", "Not graded yet.");
  if (staff || (lost && reveal.expected && !ExpectedIsInternal(item.kind))) line("Expected", item.expected);
  if (item.found_is_guess && !staff) {
    line("", "No answer matching the question was found in " +
                 (item.part.empty() ? std::string("the response") : "part (" + item.part + ")") + ".");
  } else {
    line(item.found_is_guess ? "Likeliest reading (matches nothing)" : "Found", item.found);
    for (const ReportItem::Quote& e : item.evidence)
      line("At line " + std::to_string(e.line) + ", column " + std::to_string(e.column), "\"" + e.text + "\"");
  }
  if (staff || reveal.derivation)
    for (const std::string& step : item.derivation) line("Derivation", step);
  line("Convention", item.convention);
  line("Known mistake", item.mistake);
  if (staff || (lost && DetailIsForStudents(item.kind))) line("Detail", item.detail);
  if (staff || reveal.feedback) {
    line("", item.mistake_feedback);
    line("", item.feedback);
  }
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

// `score_cents`/`max_cents`: the test's points in hundredths, split so that
// the tests add up to the record's (SplitCents); nullopt score: unscored.
ojson Test(const ReportItem& item, const std::string& group, bool staff_criterion, bool deduction,
           std::optional<long long> score_cents, long long max_cents, const RubricSummary::Item& reveal) {
  bool staff = staff_criterion || item.staff;
  ojson t;
  t["name"] = CleanText(group + ": " + (item.title.empty() ? item.id : item.title));
  // A review item is scored with its provisional credit.
  const ItemStatus status = ProvisionalStatus(item, deduction);
  if (score_cents) t["score"] = Points(static_cast<double>(*score_cents) / 100);
  t["max_score"] = Points(static_cast<double>(max_cents) / 100);
  if (score_cents) t["status"] = status == ItemStatus::kPass ? "passed" : "failed";  // Gradescope's names
  t["output"] = Output(item, staff, deduction, reveal);
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
  // Every test, then their points split in hundredths so that the
  // max_scores add up to the record's max and the scores to its points.
  struct Entry {
    const ReportItem* item;
    std::string group;
    bool staff_criterion, deduction;
  };
  std::vector<Entry> entries;
  for (const ReportCriterion& c : record.criteria) {
    bool staff_criterion = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == c.id) staff_criterion = rc.staff_only;
    for (const ReportItem& item : c.items) entries.push_back({&item, c.title.empty() ? c.id : c.title, staff_criterion, false});
  }
  for (const ReportItem& item : record.checklist) entries.push_back({&item, "Checklist", false, false});
  for (const ReportItem& item : record.deductions) entries.push_back({&item, "Deduction", false, true});
  std::vector<double> maxes, scores;
  std::vector<size_t> scored;  // entries with a score
  double max_sum = 0, score_sum = 0;
  for (size_t k = 0; k < entries.size(); ++k) {
    const Entry& e = entries[k];
    maxes.push_back(e.deduction ? 0 : e.item->max_points);
    max_sum += maxes.back();
    if (ProvisionalStatus(*e.item, e.deduction) != ItemStatus::kUnscored) {
      scored.push_back(k);
      scores.push_back(e.item->points);
      score_sum += e.item->points;
    }
  }
  // The max_scores add up to the record's max when the items' do (they do
  // unless the rubric has no positive items), the scores to their own sum.
  const std::vector<long long> max_cents =
      SplitCents(maxes, std::fabs(max_sum - record.max) < 0.005 ? Cents(record.max) : Cents(max_sum));
  // A passed test keeps its max_score, a failed one with no points 0.
  std::vector<std::optional<long long>> fixed;
  for (size_t s = 0; s < scored.size(); ++s) {
    const Entry& e = entries[scored[s]];
    const ItemStatus status = ProvisionalStatus(*e.item, e.deduction);
    if (status == ItemStatus::kPass && !e.deduction) fixed.push_back(max_cents[scored[s]]);
    else if (e.item->points == 0 || std::fabs(e.item->points * 100 - static_cast<double>(Cents(e.item->points))) < 1e-6)
      fixed.push_back(Cents(e.item->points));
    else fixed.push_back(std::nullopt);
  }
  const std::vector<long long> score_cents = SplitCentsKeeping(scores, fixed, Cents(score_sum));
  ojson tests = ojson::array();
  for (size_t k = 0, s = 0; k < entries.size(); ++k) {
    std::optional<long long> score;
    if (s < scored.size() && scored[s] == k) score = score_cents[s++];
    const Entry& e = entries[k];
    tests.push_back(
        Test(*e.item, e.group, e.staff_criterion, e.deduction, score, max_cents[k], rubric.FindItem(e.item->id)));
  }
  // The score was kept within the rubric's floor or cap: one more test says
  // by how much, so the tests add up to the score.
  const long long limited = Cents(record.score) - Cents(score_sum);
  if (limited != 0) {
    ojson t;
    t["name"] = "Score kept within the rubric's limits";
    t["score"] = Points(static_cast<double>(limited) / 100);
    t["max_score"] = 0;
    t["output"] = "The rubric's score is at least its floor and at most its cap.";
    t["visibility"] = "visible";
    tests.push_back(t);
  }
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
  std::vector<std::string> OwnedPaths() const override { return {"gradescope"}; }
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
