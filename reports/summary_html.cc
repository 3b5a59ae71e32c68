#include "reports/summary_html.h"

#include <algorithm>

#include "reports/html.h"

namespace grader {
namespace {

const char* kStyle = R"(body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:68rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:1.8rem}
.lead{color:#555;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;min-width:7rem}.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid #e5e5e5;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:6rem;height:.7rem;background:#eee;margin-right:.4rem;vertical-align:middle}
.bar span{display:block;height:100%;background:#2e7d32}.bar.u span{background:#888}
.staff{font-size:.8em;color:#7b1fa2}td.losers{font-size:.85em;max-width:18rem;overflow-wrap:anywhere}.muted{color:#666}svg text{font:11px system-ui,sans-serif;fill:#333}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg{break-inside:avoid}.card{border-color:#999}})";

std::string Rate(int part, int whole) { return whole > 0 ? ShowPercent(static_cast<double>(part) / whole) : "-"; }

std::string Bar(int part, int whole, bool unscored = false) {
  if (whole <= 0) return "-";
  std::string width = ShowNumber(100.0 * part / whole, 1);
  return std::string("<span class=\"bar") + (unscored ? " u" : "") + "\"><span style=\"width:" + width +
         "%\"></span></span>" + Rate(part, whole);
}

std::string Cell(const std::string& html, bool number = false) {
  return std::string(number ? "<td class=\"n\">" : "<td>") + html + "</td>";
}

std::string Header(const std::vector<std::string>& names) {
  std::string out = "<tr>";
  for (const std::string& n : names) out += "<th>" + n + "</th>";
  return out + "</tr>\n";
}

std::string ItemName(const BatchSummary::ItemStat& item) {
  std::string name = HtmlEscape(item.section) + " / <b>" + HtmlEscape(item.id) + "</b>";
  if (!item.title.empty()) name += "<br><span class=\"muted\">" + HtmlEscape(item.title) + "</span>";
  if (item.staff) name += " <span class=\"staff\">staff</span>";
  return name;
}

// `id` linked to its feedback page when the run wrote HTML pages (a record
// without a file id, from an older results.jsonl, has none: the id alone).
std::string Linked(const BatchSummary& s, const std::string& id, const std::string& file_id) {
  if (file_id.empty() || !s.feedback.html) return HtmlEscape(id);
  return "<a href=\"feedback/" + HtmlEscape(file_id) + ".html\">" + HtmlEscape(id) + "</a>";
}

// The link to a student's staff page, "-" when the run wrote none.
std::string StaffLink(const BatchSummary& s, const std::string& file_id) {
  if (file_id.empty() || !s.feedback.staff) return "-";
  return "<a href=\"staff/" + HtmlEscape(file_id) + ".html\">staff</a>";
}

std::string Card(const std::string& label, const std::string& value) {
  return "<div class=\"card\">" + HtmlEscape(label) + "<b>" + HtmlEscape(value) + "</b></div>";
}

// Models' means and intervals on one axis from 0 to max.
std::string IntervalSvg(const BatchSummary& s) {
  const double left = 180, right = 620, row = 26, top = 10;
  double height = top + row * s.models.size() + 30;
  double max = s.max > 0 ? s.max : 1;
  auto x = [&](double v) { return ShowNumber(left + (right - left) * std::clamp(v / max, 0.0, 1.0), 1); };
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 " + ShowNumber(height) +
                    "\" width=\"640\" height=\"" + ShowNumber(height) +
                    "\" role=\"img\" aria-label=\"mean score per model with 95% intervals\">\n";
  for (int t = 0; t <= 4; ++t) {
    std::string tx = x(max * t / 4);
    out += "<line x1=\"" + tx + "\" y1=\"" + ShowNumber(top) + "\" x2=\"" + tx + "\" y2=\"" + ShowNumber(height - 24) +
           "\" stroke=\"#ddd\"/><text x=\"" + tx + "\" y=\"" + ShowNumber(height - 10) + "\" text-anchor=\"middle\">" +
           ShowNumber(max * t / 4) + "</text>\n";
  }
  for (size_t i = 0; i < s.models.size(); ++i) {
    const BatchSummary::ModelStat& m = s.models[i];
    std::string y = ShowNumber(top + row * i + row / 2, 1);
    out += "<text x=\"" + ShowNumber(left - 8) + "\" y=\"" + y + "\" dy=\"4\" text-anchor=\"end\">" +
           HtmlEscape(m.name.size() > 28 ? m.name.substr(0, 25) + "..." : m.name) + "</text>";
    if (m.graded > 0)
      out += "<line x1=\"" + x(m.ci.low) + "\" y1=\"" + y + "\" x2=\"" + x(m.ci.high) + "\" y2=\"" + y +
             "\" stroke=\"#1565c0\" stroke-width=\"3\"/><circle cx=\"" + x(m.mean) + "\" cy=\"" + y +
             "\" r=\"5\" fill=\"#0d47a1\"/>";
    out += "\n";
  }
  return out + "</svg>\n";
}

}  // namespace

std::string HistogramSvg(const std::vector<int>& counts, double max) {
  const double left = 40, right = 630, top = 20, bottom = 200;
  int most = counts.empty() ? 1 : std::max(1, *std::max_element(counts.begin(), counts.end()));
  double width = (right - left) / std::max<size_t>(counts.size(), 1);
  std::string out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 240\" width=\"640\" height=\"240\" role=\"img\" "
      "aria-label=\"score distribution\">\n";
  out += "<line x1=\"" + ShowNumber(left) + "\" y1=\"" + ShowNumber(bottom) + "\" x2=\"" + ShowNumber(right) + "\" y2=\"" +
         ShowNumber(bottom) + "\" stroke=\"#333\"/>\n";
  for (size_t i = 0; i < counts.size(); ++i) {
    double h = (bottom - top) * counts[i] / most;
    std::string x = ShowNumber(left + width * i + 2, 1);
    std::string center = ShowNumber(left + width * (i + 0.5), 1);
    out += "<rect x=\"" + x + "\" y=\"" + ShowNumber(bottom - h, 1) + "\" width=\"" + ShowNumber(width - 4, 1) +
           "\" height=\"" + ShowNumber(h, 1) + "\" fill=\"#1565c0\"><title>" +
           BinLabel(static_cast<int>(i), static_cast<int>(counts.size()), max) + ": " + std::to_string(counts[i]) +
           "</title></rect>";
    if (counts[i] > 0)
      out += "<text x=\"" + center + "\" y=\"" + ShowNumber(bottom - h - 4, 1) + "\" text-anchor=\"middle\">" +
             std::to_string(counts[i]) + "</text>";
    out += "<text x=\"" + center + "\" y=\"" + ShowNumber(bottom + 16) + "\" text-anchor=\"middle\">" +
           BinLabel(static_cast<int>(i), static_cast<int>(counts.size()), max) + "</text>\n";
  }
  out += "<text x=\"" + ShowNumber((left + right) / 2) + "\" y=\"234\" text-anchor=\"middle\">score (points)</text>\n";
  return out + "</svg>\n";
}

std::string SummaryHtml(const std::vector<Record>& records, const RubricSummary& rubric) {
  return SummaryHtml(Summarize(records, rubric));
}

std::string SummaryHtml(const BatchSummary& s) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Batch summary: " + HtmlEscape(s.title) + "</title>\n<style>\n" + kStyle + "\n</style>\n</head>\n<body>\n";
  out += "<h1>Batch summary: " + HtmlEscape(s.title) + "</h1>\n<p class=\"lead\">Rubric " + HtmlEscape(s.rubric_id) +
         "</p>\n";
  std::string of = " / " + ShowNumber(s.max);
  out += "<div class=\"cards\">" + Card("submissions", std::to_string(s.records)) + Card("graded", std::to_string(s.graded)) +
         Card("errors", std::to_string(s.errors));
  if (s.graded > 0)
    out += Card("mean", ShowNumber(s.mean) + of) + Card("median", ShowNumber(s.median) + of) +
           Card("std. deviation", ShowNumber(s.sd)) + Card("min / max", ShowNumber(s.min) + " / " + ShowNumber(s.top));
  out += "</div>\n";

  out += "<h2>Score distribution</h2>\n" + HistogramSvg(s.histogram, s.max);

  out += "<h2>Criteria</h2>\n<table>\n" + Header({"criterion", "weight", "scored", "mean points", "mean credit"});
  for (const BatchSummary::CriterionStat& c : s.criteria) {
    int credit = static_cast<int>(c.mean_credit * 1000 + 0.5);
    out += "<tr>" + Cell("<b>" + HtmlEscape(c.id) + "</b> " + HtmlEscape(c.title) +
                         (c.staff_only ? " <span class=\"staff\">staff</span>" : "")) +
           Cell(ShowNumber(c.weight), true) + Cell(std::to_string(c.scored), true) +
           Cell(c.scored ? ShowNumber(c.mean_points) : "-", true) + Cell(c.scored ? Bar(credit, 1000) : "-") + "</tr>\n";
  }
  out += "</table>\n";

  out += "<h2>Items</h2>\n<p class=\"muted\">Pass rate is over scored results; for deductions, pass means not "
         "applied. <i>Lost by</i> links the first " + std::to_string(kLosersListed) +
         " students who lost the item to their feedback; <i>common wrong values</i> are what they gave, most "
         "common first.</p>\n<table>\n" +
         Header({"item", "pass", "partial", "fail", "unscored", "pass rate", "unscored rate", "lost by",
                 "common wrong values"});
  for (const BatchSummary::ItemStat& item : s.items) {
    std::string losers;
    for (size_t k = 0; k < item.losers.size(); ++k)
      losers += std::string(k ? ", " : "") + Linked(s, item.losers[k], item.loser_files[k]);
    if (item.Lost() > static_cast<int>(item.losers.size()))
      losers += " <span class=\"muted\">and " + std::to_string(item.Lost() - static_cast<int>(item.losers.size())) +
                " more</span>";
    std::string values;
    for (const auto& [value, count] : item.wrong_values)
      values += std::string(values.empty() ? "" : "<br>") + "<q>" + HtmlEscape(value.size() > 60 ? value.substr(0, 57) + "..." : value) +
                "</q> &times;" + std::to_string(count);
    out += "<tr id=\"item-" + HtmlEscape(item.section) + "-" + HtmlEscape(item.id) + "\">" + Cell(ItemName(item)) +
           Cell(std::to_string(item.pass), true) + Cell(std::to_string(item.partial), true) +
           Cell(std::to_string(item.fail), true) + Cell(std::to_string(item.unscored), true) +
           Cell(Bar(item.pass, item.Scored())) + Cell(Bar(item.unscored, item.Total(), true)) +
           "<td class=\"losers\">" + (losers.empty() ? "-" : losers) + "</td><td class=\"losers\">" +
           (values.empty() ? "-" : values) + "</td></tr>\n";
  }
  out += "</table>\n";

  out += "<h2>Most common known mistakes</h2>\n";
  if (s.mistakes.empty()) {
    out += "<p>No known mistakes were matched.</p>\n";
  } else {
    out += "<table>\n" + Header({"count", "item", "mistake"});
    for (const BatchSummary::MistakeStat& m : s.mistakes)
      out += "<tr>" + Cell(std::to_string(m.count), true) + Cell(HtmlEscape(m.item)) + Cell(HtmlEscape(m.label)) + "</tr>\n";
    out += "</table>\n";
    if (s.distinct_mistakes > static_cast<int>(s.mistakes.size()))
      out += "<p class=\"muted\">" + std::to_string(s.distinct_mistakes - static_cast<int>(s.mistakes.size())) +
             " less common mistakes are not shown.</p>\n";
  }

  out += "<h2>Unscored items</h2>\n";
  if (s.unscored_items == 0) {
    out += "<p>Every item was scored.</p>\n";
  } else {
    out += "<p>" + std::to_string(s.unscored_items) + " of " + std::to_string(s.item_results) + " item results (" +
           Rate(s.unscored_items, s.item_results) + ") are unscored, in " + std::to_string(s.with_unscored) + " of " +
           std::to_string(s.graded) + " graded submissions.</p>\n<table>\n" + Header({"item", "unscored"});
    for (const BatchSummary::ItemStat& item : s.items)
      if (item.unscored > 0) out += "<tr>" + Cell(ItemName(item)) + Cell(std::to_string(item.unscored), true) + "</tr>\n";
    out += "</table>\n";
  }

  out += "<h2>Items needing review</h2>\n";
  if (s.review_items == 0) {
    out += "<p>No item needs review.</p>\n";
  } else {
    out += "<p>" + std::to_string(s.review_items) + " of " + std::to_string(s.item_results) +
           " item results need review, in " + std::to_string(s.with_review) + " of " + std::to_string(s.graded) +
           " graded submissions: the grader was unsure, and their provisional credit counts in the scores until "
           "staff confirm it. Look at <code>review.csv</code> for each one (the reading, the candidates, the "
           "reason).</p>\n<table>\n" +
           Header({"item", "review"});
    for (const BatchSummary::ItemStat& item : s.items)
      if (item.review > 0) out += "<tr>" + Cell(ItemName(item)) + Cell(std::to_string(item.review), true) + "</tr>\n";
    out += "</table>\n";
  }

  out += "<h2>Students</h2>\n<p class=\"muted\">Each submission in input order; the id opens its feedback page "
         "(what the student sees), <i>staff</i> the staff view (every item, review reasons, derivations). "
         "<i>Pending</i> is the points still unscored or in review (grades.csv's columns).</p>\n<table>\n" +
         Header({"id", "score", "status", "pending", "staff view"});
  for (const BatchSummary::StudentRow& st : s.students)
    out += "<tr>" + Cell(Linked(s, st.id, st.file_id)) +
           Cell(st.graded ? ShowNumber(st.score) + " / " + ShowNumber(st.max) : "-", true) + Cell(HtmlEscape(st.status)) +
           Cell(st.graded ? ShowNumber(st.pending) : "-", true) +
           Cell(StaffLink(s, st.file_id)) + "</tr>\n";
  out += "</table>\n";
  if (static_cast<size_t>(s.records) > s.students.size())
    out += "<p>and " + std::to_string(static_cast<size_t>(s.records) - s.students.size()) +
           " more (<code>grades.csv</code> lists every submission).</p>\n";

  out += "<h2>Submissions with errors</h2>\n";
  if (s.error_rows.empty()) {
    out += "<p>None.</p>\n";
  } else {
    out += "<table>\n" + Header({"id", "error"});
    for (const BatchSummary::ErrorRow& e : s.error_rows)
      out += "<tr>" + Cell(HtmlEscape(e.id)) + Cell(HtmlEscape(e.error)) + "</tr>\n";
    out += "</table>\n";
    if (static_cast<size_t>(s.errors) > s.error_rows.size())
      out += "<p>and " + std::to_string(static_cast<size_t>(s.errors) - s.error_rows.size()) +
             " more (<code>results.jsonl</code> has every error).</p>\n";
  }
  if (!s.skipped.empty()) {
    out += "<h2>Skipped entries</h2>\n<p>" + std::to_string(s.skipped.size()) + " entr" +
           (s.skipped.size() == 1 ? "y" : "ies") + " of the input folders " + (s.skipped.size() == 1 ? "is" : "are") +
           " neither graded nor errors (all are listed in run.json).</p>\n<table>\n" + Header({"entry", "why"});
    for (size_t i = 0; i < s.skipped.size() && i < kSkippedShown; ++i)
      out += "<tr>" + Cell(HtmlEscape(s.skipped[i].first)) + Cell(HtmlEscape(s.skipped[i].second)) + "</tr>\n";
    out += "</table>\n";
    if (s.skipped.size() > kSkippedShown)
      out += "<p>and " + std::to_string(s.skipped.size() - kSkippedShown) + " more.</p>\n";
  }

  if (!s.models.empty()) {
    out += "<h2>Models</h2>\n<p class=\"muted\">Mean score with a bootstrap 95% interval (" +
           std::to_string(kBootstrapResamples) + " resamples, fixed seed).</p>\n<table>\n" +
           Header({"model", "graded", "errors", "mean", "95% interval"});
    for (const BatchSummary::ModelStat& m : s.models)
      out += "<tr>" + Cell(HtmlEscape(m.name)) + Cell(std::to_string(m.graded), true) + Cell(std::to_string(m.errors), true) +
             Cell(m.graded ? ShowNumber(m.mean) + of : "-", true) +
             Cell(m.graded ? ShowNumber(m.ci.low) + " to " + ShowNumber(m.ci.high) : "-", true) + "</tr>\n";
    out += "</table>\n" + IntervalSvg(s);
    out += "<h3>Item pass rate by model</h3>\n<table>\n";
    std::vector<std::string> header = {"item"};
    for (const BatchSummary::ModelStat& m : s.models) header.push_back(HtmlEscape(m.name));
    out += Header(header);
    for (size_t i = 0; i < s.items.size(); ++i) {
      out += "<tr>" + Cell(ItemName(s.items[i]));
      for (const BatchSummary::ModelStat& m : s.models) out += Cell(Bar(m.pass[i], m.scored[i]));
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace grader
