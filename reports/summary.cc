#include "reports/summary.h"

#include "reports/grades_csv.h"

#include "grader/base/atomic_file.h"
#include "reports/report_format.h"
#include "reports/summary_html.h"
#include "reports/summary_md.h"

#include <algorithm>
#include <map>
#include <utility>

namespace grader {

std::string BinLabel(int i, int bins, double max) {
  return ShowNumber(max * i / bins) + "-" + ShowNumber(max * (i + 1) / bins);
}

SummaryBuilder::SummaryBuilder(const RubricSummary& rubric) : rubric_(rubric) {
  s_.rubric_id = rubric.id;
  s_.title = rubric.title.empty() ? rubric.id : rubric.title;
  s_.max = rubric.points;
  for (const RubricSummary::Criterion& c : rubric.criteria)
    s_.criteria.push_back({c.id, c.title.empty() ? c.id : c.title, c.weight, c.staff_only, 0, 0, 0});
}

void SummaryBuilder::Add(const ReportRecord& r) {
  ++s_.records;
  if (s_.students.size() < kStudentsShown)
    s_.students.push_back({r.id, r.file_id, GradebookStatus(r), r.score, r.graded() ? r.max : rubric_.points,
                         r.graded() ? PendingPoints(r) : 0, r.graded()});
  any_model_ = any_model_ || !r.model.empty();
  const std::string& model = r.model.empty() ? kNoModel : r.model;
  auto [mit, added_model] = models_.try_emplace(model);
  Model& m = mit->second;
  if (added_model) m.stat.name = model;
  if (!r.graded()) {
    ++s_.errors;
    ++m.stat.errors;
    if (s_.error_rows.size() < kErrorsShown) s_.error_rows.push_back({r.id, r.error.empty() ? "unknown error" : r.error});
    return;
  }
  ++s_.graded;
  ++m.stat.graded;
  scores_.push_back(r.score);
  normalized_sum_ += r.normalized;
  m.scores.push_back(r.score);
  if (rubric_.points <= 0) s_.max = std::max(s_.max, r.max);

  int review = 0;
  auto visit = [&](const ReportItem& item, const std::string& section, bool deduction) {
    auto key = std::make_pair(section, item.id);
    auto [it, added] = item_index_.emplace(key, s_.items.size());
    if (added) {
      BatchSummary::ItemStat stat;
      stat.section = section;
      stat.id = item.id;
      stat.title = item.title;
      stat.deduction = deduction;
      stat.staff = item.staff;
      s_.items.push_back(stat);
    }
    size_t index = it->second;
    BatchSummary::ItemStat& stat = s_.items[index];
    if (m.stat.pass.size() < s_.items.size()) m.stat.pass.resize(s_.items.size()), m.stat.scored.resize(s_.items.size());
    // A review item counts by its provisional credit, and once more as review.
    const ItemStatus status = ProvisionalStatus(item, deduction);
    if (item.NeedsReview()) ++stat.review, ++s_.review_items, ++review;
    ++s_.item_results;
    if (status == ItemStatus::kPass) ++stat.pass;
    else if (status == ItemStatus::kPartial) ++stat.partial;
    else if (status == ItemStatus::kUnscored) ++stat.unscored, ++s_.unscored_items;
    else ++stat.fail;  // fail, applied
    if (status != ItemStatus::kUnscored) ++m.stat.scored[index];
    if (status == ItemStatus::kPass) ++m.stat.pass[index];
    if (!item.mistake.empty()) ++mistake_counts_[{item.id, item.mistake}];
    if (status == ItemStatus::kPartial || status == ItemStatus::kFail || status == ItemStatus::kApplied) {
      if (stat.losers.size() < kLosersListed) {
        stat.losers.push_back(r.id);
        stat.loser_files.push_back(r.file_id);
      }
      if (wrong_values_.size() < s_.items.size()) wrong_values_.resize(s_.items.size());
      std::map<std::string, int>& values = wrong_values_[index];
      const std::string value = item.found_is_guess || item.found.empty() ? "(no matching answer)" : item.found;
      auto v = values.find(value);
      if (v != values.end()) ++v->second;
      else if (values.size() < kWrongValuesKept) values.emplace(value, 1);
    }
  };
  for (const ReportCriterion& c : r.criteria) {
    for (BatchSummary::CriterionStat& cs : s_.criteria)
      if (cs.id == c.id && c.credit) {
        ++cs.scored;
        cs.mean_points += c.points;
        cs.mean_credit += *c.credit;
      }
    for (const ReportItem& item : c.items) visit(item, c.id, false);
  }
  for (const ReportItem& item : r.checklist) visit(item, "checklist", false);
  for (const ReportItem& item : r.deductions) visit(item, "deductions", true);
  if (r.unscored > 0) ++s_.with_unscored;
  if (review > 0) ++s_.with_review;
}

BatchSummary SummaryBuilder::Finish() const {
  BatchSummary s = s_;
  for (BatchSummary::CriterionStat& cs : s.criteria)
    if (cs.scored > 0) cs.mean_points /= cs.scored, cs.mean_credit /= cs.scored;
  s.mean = Mean(scores_);
  s.median = Median(scores_);
  s.sd = StdDev(scores_);
  if (!scores_.empty()) {
    s.min = *std::min_element(scores_.begin(), scores_.end());
    s.top = *std::max_element(scores_.begin(), scores_.end());
  }
  s.mean_normalized = scores_.empty() ? 0 : normalized_sum_ / static_cast<double>(scores_.size());
  s.histogram = Histogram(scores_, s.max, kHistogramBins);

  // Mistakes: most common first, then in item order, then by label.
  for (const auto& [key, count] : mistake_counts_) s.mistakes.push_back({key.first, key.second, count});
  auto item_order = [&](const std::string& id) {
    for (size_t i = 0; i < s.items.size(); ++i)
      if (s.items[i].id == id) return i;
    return s.items.size();
  };
  std::stable_sort(s.mistakes.begin(), s.mistakes.end(), [&](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    return item_order(a.item) < item_order(b.item);
  });
  s.distinct_mistakes = static_cast<int>(s.mistakes.size());
  for (size_t i = 0; i < s.items.size() && i < wrong_values_.size(); ++i) {
    std::vector<std::pair<std::string, int>> values(wrong_values_[i].begin(), wrong_values_[i].end());
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (values.size() > kWrongValuesShown) values.resize(kWrongValuesShown);
    s.items[i].wrong_values = std::move(values);
  }
  if (s.mistakes.size() > kTopMistakes) s.mistakes.resize(kTopMistakes);

  if (any_model_) {
    for (const auto& [name, model] : models_) {
      BatchSummary::ModelStat m = model.stat;
      m.mean = Mean(model.scores);
      m.ci = BootstrapMeanInterval(model.scores, kBootstrapResamples, SeedFor(name));
      m.pass.resize(s.items.size());
      m.scored.resize(s.items.size());
      s.models.push_back(std::move(m));
    }
  }
  return s;
}

BatchSummary Summarize(const std::vector<Record>& records, const RubricSummary& rubric) {
  SummaryBuilder builder(rubric);
  for (const Record& r : records) builder.Add(ReportFromJson(r));
  return builder.Finish();
}

}  // namespace grader

namespace grader {
namespace {

// The "summary" format: summary.md and summary.html, from one pass over
// every record (SummaryBuilder).
class SummaryStream : public ReportStream {
 public:
  SummaryStream(const ReportContext& c)
      : dir_(c.out_dir), skipped_(c.skipped), feedback_(c.options.feedback), builder_(c.rubric) {}
  void Add(const GradedEntry& entry, std::string) override { builder_.Add(entry.record); }
  void Finish() override {
    BatchSummary s = builder_.Finish();
    s.skipped = skipped_;
    s.feedback = feedback_;
    WriteFileAtomic(dir_ + "/summary.md", SummaryMarkdown(s));
    WriteFileAtomic(dir_ + "/summary.html", SummaryHtml(s));
  }

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> skipped_;
  FeedbackKinds feedback_;
  SummaryBuilder builder_;
};

class SummaryFormat : public ReportFormat {
 public:
  std::string name() const override { return "summary"; }
  std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
    return std::make_unique<SummaryStream>(c);
  }
};

const ReportFormatRegistration kSummary(std::make_unique<SummaryFormat>());

}  // namespace
}  // namespace grader
