#include "reports/summary_md.h"

#include <algorithm>

#include "reports/html.h"

namespace grader {
namespace {

std::string Rate(int part, int whole) { return whole > 0 ? ShowPercent(static_cast<double>(part) / whole) : "-"; }

std::string Row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string Rule(size_t n) {
  std::string out = "|";
  for (size_t i = 0; i < n; ++i) out += "---|";
  return out + "\n";
}

std::string ItemName(const BatchSummary::ItemStat& item) {
  std::string name = MarkdownEscape(item.section) + " / " + MarkdownEscape(item.id);
  if (item.staff) name += " (staff)";
  return name;
}

// `id` linked to its feedback page when the run wrote Markdown pages (a
// record without a file id, from an older results.jsonl, has none: the id
// alone).
std::string Linked(const BatchSummary& s, const std::string& id, const std::string& file_id) {
  if (file_id.empty() || !s.feedback.md) return MarkdownEscape(id);
  return "[" + MarkdownEscape(id) + "](feedback/" + MarkdownEscape(file_id) + ".md)";
}

}  // namespace

std::string SummaryMarkdown(const std::vector<Record>& records, const RubricSummary& rubric) {
  return SummaryMarkdown(Summarize(records, rubric));
}

std::string SummaryMarkdown(const BatchSummary& s) {
  std::string out = "# Batch summary: " + MarkdownEscape(s.title) + "\n\n";
  out += "Rubric " + MarkdownEscape(s.rubric_id) + ". " + std::to_string(s.records) + " submission" +
         (s.records == 1 ? "" : "s") + ": " + std::to_string(s.graded) + " graded, " + std::to_string(s.errors) +
         " error" + (s.errors == 1 ? "" : "s") + ".\n\n";

  out += "## Scores\n\n" + Row({"statistic", "points"}) + Rule(2);
  std::string of = " / " + ShowNumber(s.max);
  if (s.graded > 0) {
    out += Row({"mean", ShowNumber(s.mean) + of + " (" + ShowPercent(s.mean_normalized) + ")"});
    out += Row({"median", ShowNumber(s.median) + of});
    out += Row({"standard deviation", ShowNumber(s.sd)});
    out += Row({"min", ShowNumber(s.min) + of});
    out += Row({"max", ShowNumber(s.top) + of});
  } else {
    out += Row({"graded", "none"});
  }
  out += "\n## Score distribution\n\n" + Row({"score", "submissions", ""}) + Rule(3);
  int most = std::max(1, *std::max_element(s.histogram.begin(), s.histogram.end()));
  for (size_t i = 0; i < s.histogram.size(); ++i) {
    std::string bar;
    for (int k = 0; k < (s.histogram[i] * 30 + most - 1) / most; ++k) bar += "█";
    out += Row({BinLabel(static_cast<int>(i), static_cast<int>(s.histogram.size()), s.max),
                std::to_string(s.histogram[i]), bar});
  }

  out += "\n## Criteria\n\n" + Row({"criterion", "weight", "scored", "mean points", "mean credit"}) + Rule(5);
  for (const BatchSummary::CriterionStat& c : s.criteria)
    out += Row({MarkdownEscape(c.id) + (c.staff_only ? " (staff)" : "") + ": " + MarkdownEscape(c.title),
                ShowNumber(c.weight), std::to_string(c.scored), c.scored ? ShowNumber(c.mean_points) : "-",
                c.scored ? ShowPercent(c.mean_credit) : "-"});

  out += "\n## Items\n\nPass rate is over scored results; for deductions, pass means not applied.\n\n";
  out += Row({"item", "pass", "partial", "fail", "unscored", "pass rate", "unscored rate", "lost by",
              "common wrong values"}) +
         Rule(9);
  for (const BatchSummary::ItemStat& item : s.items) {
    std::string losers;
    for (size_t k = 0; k < item.losers.size(); ++k)
      losers += std::string(k ? ", " : "") + Linked(s, item.losers[k], item.loser_files[k]);
    if (item.Lost() > static_cast<int>(item.losers.size()))
      losers += " and " + std::to_string(item.Lost() - static_cast<int>(item.losers.size())) + " more";
    std::string values;
    for (const auto& [value, count] : item.wrong_values)
      values += std::string(values.empty() ? "" : "; ") + "\"" +
                MarkdownEscape(value.size() > 60 ? value.substr(0, 57) + "..." : value) + "\" ×" + std::to_string(count);
    out += Row({ItemName(item), std::to_string(item.pass), std::to_string(item.partial), std::to_string(item.fail),
                std::to_string(item.unscored), Rate(item.pass, item.Scored()), Rate(item.unscored, item.Total()),
                losers.empty() ? "-" : losers, values.empty() ? "-" : values});
  }

  out += "\n## Most common known mistakes\n\n";
  if (s.mistakes.empty()) {
    out += "No known mistakes were matched.\n";
  } else {
    out += Row({"count", "item", "mistake"}) + Rule(3);
    for (const BatchSummary::MistakeStat& m : s.mistakes)
      out += Row({std::to_string(m.count), MarkdownEscape(m.item), MarkdownEscape(m.label)});
    if (s.distinct_mistakes > static_cast<int>(s.mistakes.size()))
      out += "\n" + std::to_string(s.distinct_mistakes - static_cast<int>(s.mistakes.size())) + " less common mistakes are not shown.\n";
  }

  out += "\n## Unscored items\n\n";
  if (s.unscored_items == 0) {
    out += "Every item was scored.\n";
  } else {
    out += std::to_string(s.unscored_items) + " of " + std::to_string(s.item_results) + " item results (" +
           Rate(s.unscored_items, s.item_results) + ") are unscored, in " + std::to_string(s.with_unscored) + " of " +
           std::to_string(s.graded) + " graded submissions.\n\n" + Row({"item", "unscored"}) + Rule(2);
    for (const BatchSummary::ItemStat& item : s.items)
      if (item.unscored > 0) out += Row({ItemName(item), std::to_string(item.unscored)});
  }

  out += "\n## Items needing review\n\n";
  if (s.review_items == 0) {
    out += "No item needs review.\n";
  } else {
    out += std::to_string(s.review_items) + " of " + std::to_string(s.item_results) + " item results need review, in " +
           std::to_string(s.with_review) + " of " + std::to_string(s.graded) +
           " graded submissions: the grader was unsure, and their provisional credit counts in the scores until "
           "staff confirm it. Look at review.csv for each one (the reading, the candidates, the reason).\n\n" +
           Row({"item", "review"}) + Rule(2);
    for (const BatchSummary::ItemStat& item : s.items)
      if (item.review > 0) out += Row({ItemName(item), std::to_string(item.review)});
  }

  out += "\n## Students\n\nEach submission in input order, linked to its feedback; pending is the points still "
         "unscored or in review.\n\n" +
         Row({"id", "score", "status", "pending"}) + Rule(4);
  for (const BatchSummary::StudentRow& st : s.students)
    out += Row({Linked(s, st.id, st.file_id),
                st.graded ? ShowNumber(st.score) + of : "-", st.status, st.graded ? ShowNumber(st.pending) : "-"});
  if (static_cast<size_t>(s.records) > s.students.size())
    out += "\nand " + std::to_string(static_cast<size_t>(s.records) - s.students.size()) +
           " more (grades.csv lists every submission).\n";

  out += "\n## Submissions with errors\n\n";
  if (s.error_rows.empty()) {
    out += "None.\n";
  } else {
    out += Row({"id", "error"}) + Rule(2);
    for (const BatchSummary::ErrorRow& e : s.error_rows) out += Row({MarkdownEscape(e.id), MarkdownEscape(e.error)});
    if (static_cast<size_t>(s.errors) > s.error_rows.size())
      out += "\nand " + std::to_string(static_cast<size_t>(s.errors) - s.error_rows.size()) +
             " more (results.jsonl has every error).\n";
  }
  if (!s.skipped.empty()) {
    out += "\n## Skipped entries\n\n" + std::to_string(s.skipped.size()) + " entr" +
           (s.skipped.size() == 1 ? "y" : "ies") + " of the input folders " + (s.skipped.size() == 1 ? "is" : "are") +
           " neither graded nor errors (all are listed in run.json):\n\n" + Row({"entry", "why"}) + Rule(2);
    for (size_t i = 0; i < s.skipped.size() && i < kSkippedShown; ++i)
      out += Row({MarkdownEscape(s.skipped[i].first), MarkdownEscape(s.skipped[i].second)});
    if (s.skipped.size() > kSkippedShown)
      out += "\nand " + std::to_string(s.skipped.size() - kSkippedShown) + " more.\n";
  }

  if (!s.models.empty()) {
    out += "\n## Models\n\nMean score with a bootstrap 95% interval (" + std::to_string(kBootstrapResamples) +
           " resamples, fixed seed).\n\n";
    out += Row({"model", "graded", "errors", "mean", "95% interval"}) + Rule(5);
    for (const BatchSummary::ModelStat& m : s.models)
      out += Row({MarkdownEscape(m.name), std::to_string(m.graded), std::to_string(m.errors),
                  m.graded ? ShowNumber(m.mean) + of : "-",
                  m.graded ? ShowNumber(m.ci.low) + " to " + ShowNumber(m.ci.high) : "-"});
    out += "\n### Item pass rate by model\n\n";
    std::vector<std::string> header = {"item"};
    for (const BatchSummary::ModelStat& m : s.models) header.push_back(MarkdownEscape(m.name));
    out += Row(header) + Rule(header.size());
    for (size_t i = 0; i < s.items.size(); ++i) {
      std::vector<std::string> row = {ItemName(s.items[i])};
      for (const BatchSummary::ModelStat& m : s.models) row.push_back(Rate(m.pass[i], m.scored[i]));
      out += Row(row);
    }
  }
  return out;
}

}  // namespace grader
