#include "reports/feedback.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include "grader/base/utf8.h"
#include "reports/html.h"
#include "reports/report_format.h"
#include "reports/stats.h"

namespace grader {
namespace {

// What a student sees, before it becomes Markdown or HTML. Plain text here;
// each renderer escapes.
struct Line {
  std::string label;  // "Found", "" for a plain sentence
  std::string text;
  bool quote = false;  // text is verbatim from the submission
  int mark = -1;       // the highlighted span of the response it quotes (HTML), -1: none
};
struct Item {
  ItemStatus status = ItemStatus::kUnscored;
  bool review = false;  // staff view: the check is unsure
  std::string anchor;   // "item-3": the HTML id the response's highlights link to
  std::string points;   // "3.21 / 12.86", "-2", "? / 5", "?"
  std::string title;
  std::vector<Line> lines;
};
struct Section {
  std::string heading;
  std::string points;
  std::vector<Item> items;
};
// A highlighted span of the response: bytes [begin, end), used by `item`.
struct Mark {
  size_t begin = 0, end = 0;
  std::string item_anchor;
  std::string title;
};
struct View {
  std::string id;
  std::string rubric;
  std::string error;  // non-empty: not graded
  std::string score;
  std::string percent;
  std::string note;
  std::string params;       // "variant 3; d_model = 1024", "" without any
  std::string adjustments;  // "Adjustments by course staff: -2", "" without
  std::vector<Section> sections;
  std::string_view text;    // the response ("" when the record has none), in the record
  std::vector<Mark> marks;  // in the order of the text, not overlapping
  bool staff = false;  // the staff view
};

// At most `limit` bytes, cut at a UTF-8 boundary, with "..." when cut.
std::string Cut(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s;
  return s.substr(0, Utf8CutPoint(s, limit)) + "...";
}

std::string PartName(const std::string& part) { return part.empty() ? "the response" : "part (" + part + ")"; }

// `staff`: the staff view, where a review item says so with its reason and
// candidates; students see the status its provisional credit stands for and
// a neutral sentence, and only what the rubric reveals (`reveal`).
// `points` is the item's points as shown ("3.21 / 12.86"); `mark_of` gives
// the highlight of an evidence quote (-1: none).
Item MakeItem(const ReportItem& j, bool deduction, bool staff, const RubricSummary::Item& reveal,
              const std::string& points, const std::function<int(const ReportItem::Quote&)>& mark_of) {
  Item item;
  const ItemStatus decided = ProvisionalStatus(j, deduction);
  item.status = staff ? j.status : decided;
  item.review = staff && j.NeedsReview();
  item.title = j.title.empty() ? j.id : j.title;
  item.points = points;
  auto add = [&](const std::string& label, const std::string& text, bool quote = false, int mark = -1) {
    if (!text.empty()) item.lines.push_back({label, text, quote, mark});
  };
  bool lost = decided != ItemStatus::kPass && decided != ItemStatus::kUnscored;
  // A guess is no answer: students read that none was found, staff what the
  // likeliest reading was.
  const bool guess = j.found_is_guess;
  if ((guess || (lost && j.kind == "numeric" && j.found.empty() && j.evidence.empty())) && !staff) {
    add("", "No answer matching the question was found in " + PartName(j.part) + ".");
  } else {
    bool found_quoted = false;  // the quote below shows it
    for (const ReportItem::Quote& e : j.evidence) found_quoted = found_quoted || e.text == j.found;
    if (!found_quoted || guess) add(guess ? "Likeliest reading (matches nothing)" : "Found", j.found);
  }
  if (lost && (staff || (reveal.expected && !ExpectedIsInternal(j.kind)))) add("Expected", j.expected);
  if (!guess || staff)
    for (const ReportItem::Quote& e : j.evidence)
      if (!e.text.empty())
        add("Quoted from line " + std::to_string(e.line) + ", column " + std::to_string(e.column), Cut(e.text, 300),
            true, mark_of(e));
  if (staff || reveal.derivation)
    for (const std::string& step : j.derivation) add("Derivation", step);
  add("Convention used", j.convention);
  add("Known mistake", j.mistake);
  if (lost && (staff || DetailIsForStudents(j.kind)) &&
      (j.mistake.empty() || j.detail.find(j.mistake) == std::string::npos))
    add("Why", j.detail);
  if (staff || reveal.feedback) {
    add("", j.mistake_feedback);
    add("", j.feedback);
  }
  if (j.overridden)
    add("", "Adjusted by a grader" + (j.override_comment.empty() ? "." : ": " + j.override_comment));
  if (j.NeedsReview()) {
    if (staff) {
      std::string candidates;
      for (const std::string& c : j.candidates) candidates += (candidates.empty() ? "" : " | ") + c;
      add("Needs review", (j.review.empty() ? std::string("the grader is unsure") : j.review) +
                              (candidates.empty() ? "" : "; candidates: " + candidates));
    } else {
      add("", "This item will be checked by course staff.");
    }
  }
  return item;
}

// Whether criterion `id` is staff-only.
bool StaffCriterion(const RubricSummary& rubric, const std::string& id) {
  for (const RubricSummary::Criterion& rc : rubric.criteria)
    if (rc.id == id) return rc.staff_only;
  return false;
}

View MakeView(const ReportRecord& record, const RubricSummary& rubric, bool staff_view) {
  View v;
  v.staff = staff_view;
  v.id = record.id;
  v.rubric = rubric.title.empty() ? rubric.id : rubric.title;
  if (!record.variant.empty()) v.params = "variant " + record.variant;
  for (const auto& [name, value] : record.params) v.params += (v.params.empty() ? "" : "; ") + name + " = " + value;
  if (!record.graded()) {
    v.error = record.error.empty() ? "unknown error" : record.error;
    return v;
  }
  const long long score_cents = Cents(record.score);
  v.score = ShowCents(score_cents) + " / " + ShowNumber(record.max);
  v.percent = ShowPercent(record.normalized);
  int unscored = 0, review = 0;
  auto count = [&](const ReportItem& item, bool deduction) {
    unscored += ProvisionalStatus(item, deduction) == ItemStatus::kUnscored;
    review += item.NeedsReview();
  };

  // Highlights: every evidence span of a shown item that is the exact text
  // under its offsets, the first of overlapping spans winning.
  v.text = record.text;
  struct Wanted {
    size_t begin, end;
    const ReportItem* item;
  };
  std::vector<Wanted> wanted;
  std::map<const ReportItem*, std::string> anchors;
  auto shown = [&](const ReportItem& item, bool staff_criterion) { return staff_view || !(item.staff || staff_criterion); };
  auto consider = [&](const ReportItem& item, bool staff_criterion) {
    if (!shown(item, staff_criterion)) return;
    anchors[&item] = "item-" + std::to_string(anchors.size() + 1);
    if (item.found_is_guess && !staff_view) return;
    for (const ReportItem::Quote& e : item.evidence)
      if (e.begin >= 0 && e.end > e.begin && static_cast<size_t>(e.end) <= v.text.size() &&
          v.text.compare(static_cast<size_t>(e.begin), static_cast<size_t>(e.end - e.begin), e.text) == 0)
        wanted.push_back({static_cast<size_t>(e.begin), static_cast<size_t>(e.end), &item});
  };
  for (const ReportCriterion& c : record.criteria)
    for (const ReportItem& item : c.items) consider(item, StaffCriterion(rubric, c.id));
  for (const ReportItem& item : record.checklist) consider(item, false);
  for (const ReportItem& item : record.deductions) consider(item, false);
  std::stable_sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) { return a.begin < b.begin; });
  for (const Wanted& w : wanted) {
    if (!v.marks.empty() && w.begin < v.marks.back().end) continue;  // overlaps the one before
    v.marks.push_back({w.begin, w.end, anchors[w.item], w.item->title.empty() ? w.item->id : w.item->title});
  }
  auto mark_of = [&](const ReportItem::Quote& e) {
    for (size_t k = 0; k < v.marks.size(); ++k)
      if (static_cast<long long>(v.marks[k].begin) == e.begin && static_cast<long long>(v.marks[k].end) == e.end)
        return static_cast<int>(k);
    return -1;
  };

  // Points as shown, in hundredths that add up: each section is the sum of
  // its items, and the sections, deductions and adjustments line add up to
  // the score (ShowNumber of it, as grades.csv). An item at full credit
  // shows its max points and one with none shows 0; the rounding left over
  // goes to the items with partial credit (then the adjustments line, then
  // any item), where it was lost (SplitCents).
  struct Leaf {
    const ReportItem* item = nullptr;  // nullptr: the adjustments line
    bool deduction = false;
    double value = 0;
    long long max_cents = 0;
    long long cents = 0;
    bool pinned = false;
  };
  std::vector<Leaf> leaves;
  std::vector<std::pair<size_t, size_t>> section_leaves;  // [first, last) per shown criterion, then the checklist
  double shown_sum = 0;
  bool hidden_parts = false;  // staff-only criteria, items or deductions with points
  auto add_section = [&](const std::vector<ReportItem>& items, bool staff_criterion) {
    size_t first = leaves.size();
    std::vector<double> maxes;
    double max_sum = 0;
    for (const ReportItem& item : items) {
      if (!shown(item, staff_criterion)) {
        hidden_parts = hidden_parts || item.points != 0;
        continue;
      }
      leaves.push_back({&item, false, item.points});
      shown_sum += item.points;
      maxes.push_back(item.max_points);
      max_sum += item.max_points;
    }
    std::vector<long long> of = SplitCents(maxes, Cents(max_sum));
    for (size_t k = first; k < leaves.size(); ++k) {
      Leaf& l = leaves[k];
      l.max_cents = of[k - first];
      const ItemStatus st = ProvisionalStatus(*l.item, false);
      if (st == ItemStatus::kPass) l.pinned = true, l.cents = l.max_cents;
      else if (st != ItemStatus::kPartial) l.pinned = true, l.cents = Cents(l.value);
    }
    section_leaves.emplace_back(first, leaves.size());
  };
  for (const ReportCriterion& c : record.criteria) {
    if (StaffCriterion(rubric, c.id) && !staff_view) {
      hidden_parts = hidden_parts || c.points != 0;
      continue;
    }
    add_section(c.items, StaffCriterion(rubric, c.id));
  }
  add_section(record.checklist, false);
  for (const ReportItem& item : record.deductions) {
    if (!shown(item, false)) {
      hidden_parts = hidden_parts || item.points != 0;
      continue;
    }
    Leaf l{&item, true, item.points};
    l.pinned = std::fabs(item.points * 100 - static_cast<double>(Cents(item.points))) < 1e-6;
    l.cents = Cents(item.points);
    leaves.push_back(l);
    shown_sum += item.points;
  }
  const double rest = record.score - shown_sum;  // staff-only points, and the floor or cap
  const bool rest_shown = std::fabs(rest) >= 0.005 && (!hidden_parts || rubric.reveal_adjustments);
  if (rest_shown) leaves.push_back({nullptr, false, rest});
  const long long target = rest_shown || std::fabs(rest) < 0.005 ? score_cents : Cents(shown_sum);
  {
    // Partial items first, then the adjustments line, then every leaf.
    auto spread = [&](const std::function<bool(const Leaf&)>& takes) {
      long long pinned = 0;
      std::vector<size_t> open;
      std::vector<double> values;
      for (size_t k = 0; k < leaves.size(); ++k) {
        if (takes(leaves[k])) open.push_back(k), values.push_back(leaves[k].value);
        else pinned += leaves[k].cents;
      }
      if (open.empty()) return pinned == target;
      std::vector<long long> got = SplitCents(values, target - pinned);
      for (size_t k = 0; k < open.size(); ++k) leaves[open[k]].cents = got[k];
      return true;
    };
    for (Leaf& l : leaves)
      if (!l.item) l.cents = Cents(l.value);
    if (!spread([](const Leaf& l) { return l.item && !l.pinned; }) &&
        !spread([](const Leaf& l) { return !l.item || !l.pinned; }))
      spread([](const Leaf&) { return true; });
  }
  if (rest_shown) {
    const long long c = leaves.back().cents;
    v.adjustments = std::string(hidden_parts ? "Adjustments by course staff" : "Kept within the rubric's limits") +
                    ": " + (c > 0 ? "+" : c < 0 ? "\xE2\x88\x92" : "") + ShowCents(c < 0 ? -c : c);  // U+2212 minus
  }

  size_t next_section = 0;
  auto fill = [&](Section* s) {
    auto [first, last] = section_leaves[next_section++];
    long long sum = 0;
    for (size_t k = first; k < last; ++k) {
      const Leaf& l = leaves[k];
      sum += l.cents;
      bool decided = ProvisionalStatus(*l.item, false) != ItemStatus::kUnscored;
      std::string points = (decided ? ShowCents(l.cents) : "?") + " / " + ShowCents(l.max_cents);
      s->items.push_back(MakeItem(*l.item, false, staff_view, rubric.FindItem(l.item->id), points, mark_of));
      s->items.back().anchor = anchors[l.item];
      count(*l.item, false);
    }
    return sum;
  };
  for (const ReportCriterion& c : record.criteria) {
    if (StaffCriterion(rubric, c.id) && !staff_view) continue;
    Section s;
    s.heading = c.title.empty() ? (c.part.empty() ? c.id : "Part " + c.part + ": " + c.id) : c.title;
    const long long section_cents = fill(&s);
    bool scored = c.credit.has_value();
    s.points = (scored || c.points > 0 ? ShowCents(section_cents) : "?") + " / " + ShowNumber(c.weight) +
               (scored || c.points <= 0 ? "" : " so far");
    v.sections.push_back(std::move(s));
  }
  Section checklist{"Checklist", "", {}};
  fill(&checklist);
  if (!checklist.items.empty()) v.sections.push_back(std::move(checklist));
  Section deductions{"Deductions", "", {}};
  for (const Leaf& l : leaves) {
    if (!l.deduction) continue;
    const ReportItem& item = *l.item;
    // A deduction not charged is left out; staff also see one under review.
    if (ProvisionalStatus(item, true) == ItemStatus::kPass && !(staff_view && item.NeedsReview())) continue;
    std::string points = ProvisionalStatus(item, true) == ItemStatus::kUnscored ? "?" : ShowCents(l.cents);
    deductions.items.push_back(MakeItem(item, true, staff_view, rubric.FindItem(item.id), points, mark_of));
    deductions.items.back().anchor = anchors[&item];
    count(item, true);
  }
  if (!deductions.items.empty()) v.sections.push_back(std::move(deductions));
  if (unscored > 0)
    v.note = std::to_string(unscored) + (unscored == 1 ? " item is" : " items are") +
             " not graded yet; your score may change when " + (unscored == 1 ? "it is." : "they are.");
  if (review > 0) {
    std::string note = staff_view ? std::to_string(review) + (review == 1 ? " item needs" : " items need") +
                                        " review: the score is provisional until staff confirm " +
                                        (review == 1 ? "it." : "them.")
                                  : std::to_string(review) + (review == 1 ? " item" : " items") +
                                        " will be checked by course staff; your score may change.";
    v.note += (v.note.empty() ? "" : " ") + note;
  }
  return v;
}

const char* StatusLabel(ItemStatus status) {
  switch (status) {
    case ItemStatus::kPass: return "Earned";
    case ItemStatus::kPartial: return "Partial credit";
    case ItemStatus::kFail: return "Lost";
    case ItemStatus::kApplied: return "Deducted";
    case ItemStatus::kReview: return "Needs review";
    case ItemStatus::kUnscored: break;
  }
  return "Not yet graded";
}

const char* kStyle = R"(body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.score{font-size:1.2rem}.note{background:#fff7e0;border-left:4px solid #e0a800;padding:.4rem .8rem}
.error{background:#fdecea;border-left:4px solid #c62828;padding:.4rem .8rem}
.item{margin:.8rem 0;padding:.4rem .8rem;border-left:4px solid #999}
.item.pass{border-color:#2e7d32}.item.partial{border-color:#e0a800}.item.fail,.item.applied{border-color:#c62828}.item.unscored{border-color:#777;border-left-style:dashed}
.badge{font-weight:600}.pts{float:right;font-variant-numeric:tabular-nums}
.item ul{margin:.3rem 0;padding-left:1.2rem}q{font-family:ui-monospace,monospace;background:#f4f4f4;white-space:pre-wrap}
.item:target,mark:target{outline:2px solid #1565c0}.adjust{font-weight:600}.params{color:#444}
pre.response{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.6rem;font:13px/1.45 ui-monospace,monospace}
mark{background:#fff1a8}mark a{color:inherit;text-decoration:none}
@media print{body{margin:0;max-width:none}.item{break-inside:avoid}})";
// Staff pages only (students' pages stay as they were).
const char* kStaffStyle = ".item.review{border-color:#6a1b9a;border-left-style:double}";

}  // namespace

bool ExpectedIsInternal(const std::string& kind) {
  return kind == "claim" || kind == "regex" || kind == "llm" || kind == "manual" || kind == "levelled";
}

bool DetailIsForStudents(const std::string& kind) {
  return kind == "arithmetic" || kind == "length" || kind == "coverage";
}

namespace {

std::string MarkdownPage(const View& v) {
  std::string out = "# Feedback for " + MarkdownEscape(v.id) + "\n\n";
  out += "Assignment: " + MarkdownEscape(v.rubric) + "\n\n";
  if (!v.error.empty()) {
    if (!v.params.empty()) out += "Your parameters: " + MarkdownEscape(v.params) + "\n\n";
    out += "This submission could not be graded: " + MarkdownEscape(v.error) +
           ".\nNo score has been recorded for it; please contact the course staff.\n";
    return out;
  }
  out += "Score: **" + v.score + "** (" + v.percent + ")\n\n";
  if (!v.params.empty()) out += "Your parameters: " + MarkdownEscape(v.params) + "\n\n";
  if (!v.note.empty()) out += "*" + v.note + "*\n\n";
  for (const Section& s : v.sections) {
    out += "## " + MarkdownEscape(s.heading) + (s.points.empty() ? "" : ": " + s.points) + "\n\n";
    for (const Item& item : s.items) {
      out += "- **" + std::string(StatusLabel(item.status)) + "** " + item.points + ": " + MarkdownEscape(item.title) + "\n";
      for (const Line& l : item.lines) {
        out += "  - " + (l.label.empty() ? "" : l.label + ": ");
        out += l.quote ? "\"" + MarkdownEscape(l.text) + "\"" : MarkdownEscape(l.text);
        out += "\n";
      }
    }
    out += "\n";
  }
  if (!v.adjustments.empty()) out += MarkdownEscape(v.adjustments) + "\n";
  return out;
}

std::string HtmlPage(const View& v) {
  // Appended piece by piece: the page is most of a run's output bytes.
  std::string out;
  out.reserve(4096 + v.text.size() + v.text.size() / 8);
  auto esc = [&out](std::string_view s) { AppendHtmlEscaped(&out, s); };
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Feedback for ";
  esc(v.id);
  out += "</title>\n<style>\n";
  out += kStyle;
  if (v.staff) out.append("\n").append(kStaffStyle);
  out += "\n</style>\n</head>\n<body>\n";
  out += "<h1>Feedback for ";
  esc(v.id);
  out += "</h1>\n<p>Assignment: ";
  esc(v.rubric);
  out += "</p>\n";
  if (!v.error.empty()) {
    out += "<p class=\"error\">This submission could not be graded: ";
    esc(v.error);
    out += ".<br>No score has been recorded for it; please contact the course staff.</p>\n</body>\n</html>\n";
    return out;
  }
  out += "<p class=\"score\">Score: <strong>";
  esc(v.score);
  out.append("</strong> (").append(v.percent).append(")</p>\n");
  if (!v.params.empty()) {
    out += "<p class=\"params\">Your parameters: ";
    esc(v.params);
    out += "</p>\n";
  }
  if (!v.note.empty()) {
    out += "<p class=\"note\">";
    esc(v.note);
    out += "</p>\n";
  }
  for (const Section& s : v.sections) {
    out += "<section>\n<h2>";
    esc(s.heading);
    if (!s.points.empty()) {
      out += " <span class=\"pts\">";
      esc(s.points);
      out += "</span>";
    }
    out += "</h2>\n";
    for (const Item& item : s.items) {
      out.append("<div class=\"item ").append(StatusName(item.status)).append("\"");
      if (!item.anchor.empty()) out.append(" id=\"").append(item.anchor).append("\"");
      out.append("><span class=\"badge\">").append(StatusLabel(item.status)).append("</span> ");
      esc(item.title);
      out += " <span class=\"pts\">";
      esc(item.points);
      out += "</span>\n";
      if (!item.lines.empty()) {
        out += "<ul>\n";
        for (const Line& l : item.lines) {
          out += "<li>";
          if (!l.label.empty()) {
            esc(l.label);
            out += ": ";
          }
          if (l.quote && l.mark >= 0) {
            out.append("<a href=\"#ev-").append(std::to_string(l.mark)).append("\"><q>");
            esc(l.text);
            out += "</q></a>";
          } else if (l.quote) {
            out += "<q>";
            esc(l.text);
            out += "</q>";
          } else {
            esc(l.text);
          }
          out += "</li>\n";
        }
        out += "</ul>\n";
      }
      out += "</div>\n";
    }
    out += "</section>\n";
  }
  if (!v.adjustments.empty()) {
    out += "<p class=\"adjust\">";
    esc(v.adjustments);
    out += "</p>\n";
  }
  if (!v.text.empty()) {
    // The response, each evidence span highlighted and linked to its item.
    out += "<section id=\"response\">\n<h2>Your response</h2>\n<pre class=\"response\">";
    const std::string_view text(v.text);
    size_t at = 0;
    for (size_t k = 0; k < v.marks.size(); ++k) {
      const Mark& m = v.marks[k];
      esc(text.substr(at, m.begin - at));
      out.append("<mark id=\"ev-").append(std::to_string(k)).append("\"><a href=\"#").append(m.item_anchor);
      out += "\" title=\"";
      esc(m.title);
      out += "\">";
      esc(text.substr(m.begin, m.end - m.begin));
      out += "</a></mark>";
      at = m.end;
    }
    esc(text.substr(at));
    out += "</pre>\n</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace

std::string FeedbackMarkdown(const ReportRecord& record, const RubricSummary& rubric, FeedbackAudience audience) {
  return MarkdownPage(MakeView(record, rubric, audience == FeedbackAudience::kStaff));
}

std::string FeedbackHtml(const ReportRecord& record, const RubricSummary& rubric, FeedbackAudience audience) {
  return HtmlPage(MakeView(record, rubric, audience == FeedbackAudience::kStaff));
}

FeedbackPages FeedbackBoth(const ReportRecord& record, const RubricSummary& rubric, FeedbackAudience audience) {
  View v = MakeView(record, rubric, audience == FeedbackAudience::kStaff);
  return {MarkdownPage(v), HtmlPage(v)};
}

std::string FeedbackMarkdown(const Record& record, const RubricSummary& rubric, FeedbackAudience audience) {
  return FeedbackMarkdown(ReportFromJson(record), rubric, audience);
}

std::string FeedbackHtml(const Record& record, const RubricSummary& rubric, FeedbackAudience audience) {
  return FeedbackHtml(ReportFromJson(record), rubric, audience);
}

}  // namespace grader

namespace grader {
namespace {

// The "feedback" format: feedback/<file_id>.md and .html for every student,
// and staff/<file_id>.html, the staff view of the same page (outside
// feedback/, so that folder can go to students as it is).
class FeedbackFormat : public ReportFormat {
 public:
  std::string name() const override { return "feedback"; }
  bool Wanted(const ReportOptions& o) const override { return o.feedback.any(); }
  std::vector<std::string> OwnedPaths() const override { return {"feedback", "staff"}; }
  std::vector<std::string> UnwrittenPaths(const ReportOptions& o) const override {
    std::vector<std::string> out;
    if (!o.feedback.md && !o.feedback.html) out.push_back("feedback");
    if (!o.feedback.staff) out.push_back("staff");
    return out;
  }
  std::vector<std::string> StudentPaths(const std::string& file_id) const override {
    return {"feedback/" + file_id + ".md", "feedback/" + file_id + ".html", "staff/" + file_id + ".html"};
  }
  std::vector<std::string> WrittenStudentPaths(const std::string& file_id, const ReportOptions& o) const override {
    std::vector<std::string> all = StudentPaths(file_id), out;
    if (o.feedback.md) out.push_back(all[0]);
    if (o.feedback.html) out.push_back(all[1]);
    if (o.feedback.staff) out.push_back(all[2]);
    return out;
  }
  std::vector<OutputFile> StudentFiles(const ReportRecord& record, const ReportContext& c) const override {
    const FeedbackKinds& want = c.options.feedback;
    std::vector<std::string> paths = StudentPaths(record.file_id);
    std::vector<OutputFile> out;
    if (want.md || want.html) {
      FeedbackPages pages = FeedbackBoth(record, c.rubric);
      if (want.md) out.push_back({paths[0], std::move(pages.markdown), false});
      if (want.html) out.push_back({paths[1], std::move(pages.html), false});
    }
    if (want.staff) out.push_back({paths[2], FeedbackHtml(record, c.rubric, FeedbackAudience::kStaff), false});
    return out;
  }
};

const ReportFormatRegistration kFeedback(std::make_unique<FeedbackFormat>());

}  // namespace
}  // namespace grader
