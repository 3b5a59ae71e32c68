#include "reports/summary.h"

#include <algorithm>
#include <map>

namespace grader {
namespace {

// The model a record came from, or "" when it has none.
std::string ModelOf(const Record& r) { return RecordString(r, "model"); }

}  // namespace

std::string BinLabel(int i, int bins, double max) {
  return ShowNumber(max * i / bins) + "-" + ShowNumber(max * (i + 1) / bins);
}

BatchSummary Summarize(const std::vector<Record>& records, const RubricSummary& rubric) {
  BatchSummary s;
  s.rubric_id = rubric.id;
  s.title = rubric.title.empty() ? rubric.id : rubric.title;
  s.records = static_cast<int>(records.size());
  s.max = rubric.points;
  for (const RubricSummary::Criterion& c : rubric.criteria)
    s.criteria.push_back({c.id, c.title.empty() ? c.id : c.title, c.weight, c.staff_only, 0, 0, 0});

  std::vector<double> scores, normalized;
  std::map<std::pair<std::string, std::string>, size_t> item_index;  // (section, id) -> index in s.items
  std::map<std::pair<std::string, std::string>, int> mistake_counts;
  std::map<std::string, std::vector<double>> model_scores;
  std::map<std::string, BatchSummary::ModelStat> models;
  bool any_model = false;
  for (const Record& r : records) any_model = any_model || !ModelOf(r).empty();

  for (const Record& r : records) {
    std::string model = ModelOf(r).empty() ? "(none)" : ModelOf(r);
    BatchSummary::ModelStat& m = models[model];
    m.name = model;
    if (RecordString(r, "status") != "graded") {
      ++s.errors;
      ++m.errors;
      s.error_rows.push_back({RecordString(r, "id"), RecordString(r, "error").empty() ? "unknown error" : RecordString(r, "error")});
      continue;
    }
    ++s.graded;
    ++m.graded;
    scores.push_back(RecordNumber(r, "score"));
    normalized.push_back(RecordNumber(r, "normalized"));
    model_scores[model].push_back(RecordNumber(r, "score"));
    if (rubric.points <= 0) s.max = std::max(s.max, RecordNumber(r, "max"));
    const Record& result = r.contains("result") ? r["result"] : Record::object();

    auto visit = [&](const Record& item, const std::string& section, bool deduction) {
      auto key = std::make_pair(section, RecordString(item, "id"));
      auto [it, added] = item_index.emplace(key, s.items.size());
      if (added) {
        BatchSummary::ItemStat stat;
        stat.section = section;
        stat.id = key.second;
        stat.title = RecordString(item, "title");
        stat.deduction = deduction;
        stat.staff = RecordString(item, "visibility") == "staff";
        s.items.push_back(stat);
      }
      BatchSummary::ItemStat& stat = s.items[it->second];
      if (m.pass.size() < s.items.size()) m.pass.resize(s.items.size()), m.scored.resize(s.items.size());
      std::string status = RecordString(item, "status");
      ++s.item_results;
      if (status == "pass") ++stat.pass;
      else if (status == "partial") ++stat.partial;
      else if (status == "unscored") ++stat.unscored, ++s.unscored_items;
      else ++stat.fail;  // fail, applied
      if (status != "unscored") ++m.scored[it->second];
      if (status == "pass") ++m.pass[it->second];
      std::string mistake = RecordString(item, "mistake");
      if (!mistake.empty()) ++mistake_counts[{key.second, mistake}];
    };
    for (const Record& c : result.value("criteria", Record::array())) {
      std::string id = RecordString(c, "id");
      for (BatchSummary::CriterionStat& cs : s.criteria)
        if (cs.id == id && c.contains("credit") && !c["credit"].is_null()) {
          ++cs.scored;
          cs.mean_points += RecordNumber(c, "points");
          cs.mean_credit += RecordNumber(c, "credit");
        }
      for (const Record& item : c.value("items", Record::array())) visit(item, id, false);
    }
    for (const Record& item : result.value("checklist", Record::array())) visit(item, "checklist", false);
    for (const Record& item : result.value("deductions", Record::array())) visit(item, "deductions", true);
    if (RecordNumber(r, "unscored") > 0) ++s.with_unscored;
  }

  for (BatchSummary::CriterionStat& cs : s.criteria)
    if (cs.scored > 0) cs.mean_points /= cs.scored, cs.mean_credit /= cs.scored;
  s.mean = Mean(scores);
  s.median = Median(scores);
  s.sd = StdDev(scores);
  if (!scores.empty()) {
    s.min = *std::min_element(scores.begin(), scores.end());
    s.top = *std::max_element(scores.begin(), scores.end());
  }
  s.mean_normalized = Mean(normalized);
  s.histogram = Histogram(scores, s.max, kHistogramBins);

  // Mistakes: most common first, then in item order, then by label.
  for (const auto& [key, count] : mistake_counts) s.mistakes.push_back({key.first, key.second, count});
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
  if (s.mistakes.size() > kTopMistakes) s.mistakes.resize(kTopMistakes);

  if (any_model) {
    for (auto& [name, m] : models) {
      const std::vector<double>& xs = model_scores[name];
      m.mean = Mean(xs);
      m.ci = BootstrapMeanInterval(xs, kBootstrapResamples, SeedFor(name));
      m.pass.resize(s.items.size());
      m.scored.resize(s.items.size());
      s.models.push_back(m);
    }
  }
  return s;
}

}  // namespace grader
