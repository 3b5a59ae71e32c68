#include "reports/feedback.h"

#include <vector>

#include "reports/html.h"
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
  std::string status;  // pass, partial, fail, unscored, applied
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
  std::string note;
  std::vector<Section> sections;
};

// At most `limit` bytes, cut at a UTF-8 boundary, with "..." when cut.
std::string Cut(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "...";
}

Item MakeItem(const Record& j, bool deduction) {
  Item item;
  item.status = RecordString(j, "status");
  item.title = RecordString(j, "title").empty() ? RecordString(j, "id") : RecordString(j, "title");
  if (deduction) {
    item.points = item.status == "unscored" ? "?" : ShowNumber(RecordNumber(j, "points"));
  } else {
    item.points = (item.status == "unscored" ? "?" : ShowNumber(RecordNumber(j, "points"))) + " / " +
                  ShowNumber(RecordNumber(j, "max_points"));
  }
  auto add = [&](const std::string& label, const std::string& text, bool quote = false) {
    if (!text.empty()) item.lines.push_back({label, text, quote});
  };
  bool lost = item.status != "pass" && item.status != "unscored";
  std::string found = RecordString(j, "found");
  for (const Record& e : j.value("evidence", Record::array()))
    if (RecordString(e, "quote") == found) found.clear();  // the quote below shows it
  add("Found", found);
  if (lost) add("Expected", RecordString(j, "expected"));
  for (const Record& e : j.value("evidence", Record::array()))
    add("Quoted from line " + RecordString(e, "line") + ", column " + RecordString(e, "column"), Cut(RecordString(e, "quote"), 300), true);
  add("Convention used", RecordString(j, "convention"));
  std::string mistake = RecordString(j, "mistake"), detail = RecordString(j, "detail");
  add("Known mistake", mistake);
  if (lost && (mistake.empty() || detail.find(mistake) == std::string::npos)) add("Why", detail);
  add("", RecordString(j, "mistake_feedback"));
  add("", RecordString(j, "feedback"));
  if (j.contains("override")) {
    std::string comment = RecordString(j["override"], "comment");
    add("", "Adjusted by a grader" + (comment.empty() ? "." : ": " + comment));
  }
  return item;
}

View MakeView(const Record& record, const RubricSummary& rubric) {
  View v;
  v.id = RecordString(record, "id");
  v.rubric = rubric.title.empty() ? rubric.id : rubric.title;
  if (RecordString(record, "status") != "graded") {
    v.error = RecordString(record, "error").empty() ? "unknown error" : RecordString(record, "error");
    return v;
  }
  v.score = ShowNumber(RecordNumber(record, "score")) + " / " + ShowNumber(RecordNumber(record, "max"));
  int unscored = 0;
  const Record& result = record.contains("result") ? record["result"] : Record::object();
  auto visible = [](const Record& item) { return RecordString(item, "visibility") != "staff"; };
  for (const Record& c : result.value("criteria", Record::array())) {
    std::string id = RecordString(c, "id");
    bool staff = false;
    for (const RubricSummary::Criterion& rc : rubric.criteria)
      if (rc.id == id) staff = rc.staff_only;
    if (staff) continue;
    Section s;
    s.heading = RecordString(c, "title").empty() ? (RecordString(c, "part").empty() ? id : "Part " + RecordString(c, "part") + ": " + id)
                                        : RecordString(c, "title");
    bool scored = c.contains("credit") && !c["credit"].is_null();
    s.points = (scored || RecordNumber(c, "points") > 0 ? ShowNumber(RecordNumber(c, "points")) : "?") + " / " +
               ShowNumber(RecordNumber(c, "weight")) + (scored || RecordNumber(c, "points") <= 0 ? "" : " so far");
    for (const Record& item : c.value("items", Record::array())) {
      if (!visible(item)) continue;
      s.items.push_back(MakeItem(item, false));
      unscored += s.items.back().status == "unscored";
    }
    v.sections.push_back(s);
  }
  Section checklist{"Checklist", "", {}};
  for (const Record& item : result.value("checklist", Record::array())) {
    if (!visible(item)) continue;
    checklist.items.push_back(MakeItem(item, false));
    unscored += checklist.items.back().status == "unscored";
  }
  if (!checklist.items.empty()) v.sections.push_back(checklist);
  Section deductions{"Deductions", "", {}};
  for (const Record& item : result.value("deductions", Record::array())) {
    if (!visible(item) || RecordString(item, "status") == "pass") continue;
    deductions.items.push_back(MakeItem(item, true));
    unscored += deductions.items.back().status == "unscored";
  }
  if (!deductions.items.empty()) v.sections.push_back(deductions);
  if (unscored > 0)
    v.note = std::to_string(unscored) + (unscored == 1 ? " item is" : " items are") +
             " not graded yet; your score may change when " + (unscored == 1 ? "it is." : "they are.");
  return v;
}

const char* StatusLabel(const std::string& status) {
  if (status == "pass") return "Earned";
  if (status == "partial") return "Partial credit";
  if (status == "fail") return "Lost";
  if (status == "applied") return "Deducted";
  return "Not yet graded";
}

std::string Percent(const Record& record) { return ShowPercent(RecordNumber(record, "normalized")); }

const char* kStyle = R"(body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.score{font-size:1.2rem}.note{background:#fff7e0;border-left:4px solid #e0a800;padding:.4rem .8rem}
.error{background:#fdecea;border-left:4px solid #c62828;padding:.4rem .8rem}
.item{margin:.8rem 0;padding:.4rem .8rem;border-left:4px solid #999}
.item.pass{border-color:#2e7d32}.item.partial{border-color:#e0a800}.item.fail,.item.applied{border-color:#c62828}.item.unscored{border-color:#777;border-left-style:dashed}
.badge{font-weight:600}.pts{float:right;font-variant-numeric:tabular-nums}
.item ul{margin:.3rem 0;padding-left:1.2rem}q{font-family:ui-monospace,monospace;background:#f4f4f4;white-space:pre-wrap}
@media print{body{margin:0;max-width:none}.item{break-inside:avoid}})";

}  // namespace

namespace {

std::string MarkdownPage(const Record& record, const View& v) {
  std::string out = "# Feedback for " + MarkdownEscape(v.id) + "\n\n";
  out += "Assignment: " + MarkdownEscape(v.rubric) + "\n\n";
  if (!v.error.empty()) {
    out += "This submission could not be graded: " + MarkdownEscape(v.error) +
           ".\nNo score has been recorded for it; please contact the course staff.\n";
    return out;
  }
  out += "Score: **" + v.score + "** (" + Percent(record) + ")\n\n";
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

std::string HtmlPage(const Record& record, const View& v) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Feedback for " + HtmlEscape(v.id) + "</title>\n<style>\n" + kStyle + "\n</style>\n</head>\n<body>\n";
  out += "<h1>Feedback for " + HtmlEscape(v.id) + "</h1>\n<p>Assignment: " + HtmlEscape(v.rubric) + "</p>\n";
  if (!v.error.empty()) {
    out += "<p class=\"error\">This submission could not be graded: " + HtmlEscape(v.error) +
           ".<br>No score has been recorded for it; please contact the course staff.</p>\n</body>\n</html>\n";
    return out;
  }
  out += "<p class=\"score\">Score: <strong>" + HtmlEscape(v.score) + "</strong> (" + Percent(record) + ")</p>\n";
  if (!v.note.empty()) out += "<p class=\"note\">" + HtmlEscape(v.note) + "</p>\n";
  for (const Section& s : v.sections) {
    out += "<section>\n<h2>" + HtmlEscape(s.heading) +
           (s.points.empty() ? "" : " <span class=\"pts\">" + HtmlEscape(s.points) + "</span>") + "</h2>\n";
    for (const Item& item : s.items) {
      out += "<div class=\"item " + HtmlEscape(item.status) + "\"><span class=\"badge\">" + StatusLabel(item.status) +
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

std::string FeedbackMarkdown(const Record& record, const RubricSummary& rubric) {
  return MarkdownPage(record, MakeView(record, rubric));
}

std::string FeedbackHtml(const Record& record, const RubricSummary& rubric) {
  return HtmlPage(record, MakeView(record, rubric));
}

FeedbackPages FeedbackBoth(const Record& record, const RubricSummary& rubric) {
  View v = MakeView(record, rubric);
  return {MarkdownPage(record, v), HtmlPage(record, v)};
}

}  // namespace grader
