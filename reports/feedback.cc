#include "reports/feedback.h"

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
};
struct Item {
  ItemStatus status = ItemStatus::kUnscored;
  std::string points;  // "3.21 / 12.86", "-2", "? / 5", "?"
  std::string title;
  std::vector<Line> lines;
};
struct Section {
  std::string heading;
  std::string points;
  std::vector<Item> items;
};
struct View {
  std::string id;
  std::string rubric;
  std::string error;  // non-empty: not graded
  std::string score;
  std::string percent;
  std::string note;
  std::vector<Section> sections;
  bool staff = false;  // the staff view
};

// At most `limit` bytes, cut at a UTF-8 boundary, with "..." when cut.
std::string Cut(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s;
  return s.substr(0, Utf8CutPoint(s, limit)) + "...";
}

// `staff`: the staff view, where a review item says so with its reason and
// candidates; students see the status its provisional credit stands for and
// a neutral sentence.
Item MakeItem(const ReportItem& j, bool deduction, bool staff) {
  Item item;
  const ItemStatus decided = ProvisionalStatus(j, deduction);
  item.status = staff ? j.status : decided;
  item.title = j.title.empty() ? j.id : j.title;
  if (deduction) {
    item.points = decided == ItemStatus::kUnscored ? "?" : ShowNumber(j.points);
  } else {
    item.points = (decided == ItemStatus::kUnscored ? "?" : ShowNumber(j.points)) + " / " + ShowNumber(j.max_points);
  }
  auto add = [&](const char* label, const std::string& text, bool quote = false) {
    if (!text.empty()) item.lines.push_back({label, text, quote});
  };
  bool lost = decided != ItemStatus::kPass && decided != ItemStatus::kUnscored;
  bool found_quoted = false;  // the quote below shows it
  for (const ReportItem::Quote& e : j.evidence) found_quoted = found_quoted || e.text == j.found;
  if (!found_quoted) add("Found", j.found);
  if (lost) add("Expected", j.expected);
  for (const ReportItem::Quote& e : j.evidence)
    if (!e.text.empty())
      item.lines.push_back({"Quoted from line " + std::to_string(e.line) + ", column " + std::to_string(e.column),
                            Cut(e.text, 300), true});
  add("Convention used", j.convention);
  add("Known mistake", j.mistake);
  if (lost && (j.mistake.empty() || j.detail.find(j.mistake) == std::string::npos)) add("Why", j.detail);
  add("", j.mistake_feedback);
  add("", j.feedback);
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

View MakeView(const ReportRecord& record, const RubricSummary& rubric, bool staff_view) {
  View v;
  v.staff = staff_view;
  v.id = record.id;
  v.rubric = rubric.title.empty() ? rubric.id : rubric.title;
  if (!record.graded()) {
    v.error = record.error.empty() ? "unknown error" : record.error;
    return v;
  }
  v.score = ShowNumber(record.score) + " / " + ShowNumber(record.max);
  v.percent = ShowPercent(record.normalized);
  int unscored = 0, review = 0;
  auto count = [&](const ReportItem& item, bool deduction) {
    unscored += ProvisionalStatus(item, deduction) == ItemStatus::kUnscored;
    review += item.NeedsReview();
  };
  for (const ReportCriterion& c : record.criteria) {
    bool staff = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == c.id) staff = rc.staff_only;
    if (staff && !staff_view) continue;
    Section s;
    s.heading = c.title.empty() ? (c.part.empty() ? c.id : "Part " + c.part + ": " + c.id) : c.title;
    bool scored = c.credit.has_value();
    s.points = (scored || c.points > 0 ? ShowNumber(c.points) : "?") + " / " + ShowNumber(c.weight) +
               (scored || c.points <= 0 ? "" : " so far");
    for (const ReportItem& item : c.items) {
      if (item.staff && !staff_view) continue;
      s.items.push_back(MakeItem(item, false, staff_view));
      count(item, false);
    }
    v.sections.push_back(std::move(s));
  }
  Section checklist{"Checklist", "", {}};
  for (const ReportItem& item : record.checklist) {
    if (item.staff && !staff_view) continue;
    checklist.items.push_back(MakeItem(item, false, staff_view));
    count(item, false);
  }
  if (!checklist.items.empty()) v.sections.push_back(std::move(checklist));
  Section deductions{"Deductions", "", {}};
  for (const ReportItem& item : record.deductions) {
    if (item.staff && !staff_view) continue;
    // A deduction not charged is left out; staff also see one under review.
    if (ProvisionalStatus(item, true) == ItemStatus::kPass && !(staff_view && item.NeedsReview())) continue;
    deductions.items.push_back(MakeItem(item, true, staff_view));
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
@media print{body{margin:0;max-width:none}.item{break-inside:avoid}})";
// Staff pages only (students' pages stay as they were).
const char* kStaffStyle = ".item.review{border-color:#6a1b9a;border-left-style:double}";

}  // namespace

namespace {

std::string MarkdownPage(const View& v) {
  std::string out = "# Feedback for " + MarkdownEscape(v.id) + "\n\n";
  out += "Assignment: " + MarkdownEscape(v.rubric) + "\n\n";
  if (!v.error.empty()) {
    out += "This submission could not be graded: " + MarkdownEscape(v.error) +
           ".\nNo score has been recorded for it; please contact the course staff.\n";
    return out;
  }
  out += "Score: **" + v.score + "** (" + v.percent + ")\n\n";
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
  return out;
}

std::string HtmlPage(const View& v) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Feedback for " + HtmlEscape(v.id) + "</title>\n<style>\n" + kStyle + (v.staff ? std::string("\n") + kStaffStyle : "") + "\n</style>\n</head>\n<body>\n";
  out += "<h1>Feedback for " + HtmlEscape(v.id) + "</h1>\n<p>Assignment: " + HtmlEscape(v.rubric) + "</p>\n";
  if (!v.error.empty()) {
    out += "<p class=\"error\">This submission could not be graded: " + HtmlEscape(v.error) +
           ".<br>No score has been recorded for it; please contact the course staff.</p>\n</body>\n</html>\n";
    return out;
  }
  out += "<p class=\"score\">Score: <strong>" + HtmlEscape(v.score) + "</strong> (" + v.percent + ")</p>\n";
  if (!v.note.empty()) out += "<p class=\"note\">" + HtmlEscape(v.note) + "</p>\n";
  for (const Section& s : v.sections) {
    out += "<section>\n<h2>" + HtmlEscape(s.heading) +
           (s.points.empty() ? "" : " <span class=\"pts\">" + HtmlEscape(s.points) + "</span>") + "</h2>\n";
    for (const Item& item : s.items) {
      out += "<div class=\"item " + std::string(StatusName(item.status)) + "\"><span class=\"badge\">" + StatusLabel(item.status) +
             "</span> " + HtmlEscape(item.title) + " <span class=\"pts\">" + HtmlEscape(item.points) + "</span>\n";
      if (!item.lines.empty()) {
        out += "<ul>\n";
        for (const Line& l : item.lines) {
          out += "<li>" + (l.label.empty() ? "" : HtmlEscape(l.label) + ": ");
          out += l.quote ? "<q>" + HtmlEscape(l.text) + "</q>" : HtmlEscape(l.text);
          out += "</li>\n";
        }
        out += "</ul>\n";
      }
      out += "</div>\n";
    }
    out += "</section>\n";
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

// The "feedback" format: feedback/<file_id>.md and .html for every student.
class FeedbackFormat : public ReportFormat {
 public:
  std::string name() const override { return "feedback"; }
  std::vector<std::string> StudentPaths(const std::string& file_id) const override {
    return {"feedback/" + file_id + ".md", "feedback/" + file_id + ".html"};
  }
  std::vector<OutputFile> StudentFiles(const ReportRecord& record, const ReportContext& c) const override {
    FeedbackPages pages = FeedbackBoth(record, c.rubric);
    std::vector<std::string> paths = StudentPaths(record.file_id);
    return {{paths[0], std::move(pages.markdown), false}, {paths[1], std::move(pages.html), false}};
  }
};

const ReportFormatRegistration kFeedback(std::make_unique<FeedbackFormat>());

}  // namespace
}  // namespace grader
