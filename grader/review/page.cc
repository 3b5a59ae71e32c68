#include "grader/review/page.h"

#include <algorithm>
#include <cstdio>

#include "reports/html.h"

namespace grader {
namespace {

std::string E(std::string_view s) { return HtmlEscape(s); }

std::string Num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

size_t FindNoCase(std::string_view text, std::string_view needle, size_t from) {
  if (needle.empty() || needle.size() > text.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(text[i + k]) == Lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

std::string Head(const std::string& title) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + E(title) + "</title><link rel=\"stylesheet\" href=\"/review.css\">"
         "<script src=\"/review.js\" defer></script></head>\n";
}

std::string Nav(const PageData& d, const std::string& current) {
  std::string out = "<nav><a href=\"/\"" + std::string(current == "queue" ? " class=\"here\"" : "") + ">Review queue</a> "
                    "<a href=\"/students\"" + std::string(current == "students" ? " class=\"here\"" : "") + ">Students</a>"
                    " <span class=\"folder\">" + E(d.folder) + "</span>"
                    " <label>TA <input id=\"who\" maxlength=\"100\" value=\"" + E(d.who) + "\"></label>"
                    " <span id=\"regrade\" class=\"regrade\">";
  if (d.regrade.running || d.regrade.requested > d.regrade.completed) out += "regrading…";
  if (!d.regrade.error.empty()) out += "regrade failed: " + E(d.regrade.error);
  return out + "</span></nav>\n";
}

std::string ScoreText(const PageData& d, const std::string& id) {
  auto it = d.scores.find(id);
  if (it == d.scores.end()) return "";
  if (!it->second.graded) return "error";
  return Num(it->second.score) + " / " + Num(it->second.max);
}

std::string StateText(const QueueItem& item) {
  if (item.decision) {
    std::string s = "decided: credit " + item.decision->credit;
    if (!item.decision->who.empty()) s += " by " + item.decision->who;
    if (!item.decision->when.empty()) s += " at " + item.decision->when;
    return s;
  }
  return "pending: provisional credit " + (item.credit.empty() ? std::string("none") : item.credit);
}

std::string ChoiceButtons(const std::vector<CreditChoice>& choices, const std::string& scope) {
  std::string out;
  for (const CreditChoice& c : choices) {
    std::string css = c.credit == "1" ? "full" : c.credit == "0" ? "zero" : "part";
    out += "<button type=\"button\" class=\"choice " + css + "\" data-scope=\"" + scope + "\" data-credit=\"" + E(c.credit) +
           "\" title=\"" + E(c.label) + "\">" + E(c.label) + " <b>" + E(c.credit) + "</b></button>";
  }
  return out;
}

// One item with its controls. `in_student`: on the student page (no link
// to itself).
std::string ItemHtml(const PageData& d, const QueueItem& item, bool in_student) {
  std::string out = "<article class=\"item " + std::string(item.pending() ? "pending" : "settled") +
                    "\" tabindex=\"-1\" data-sub=\"" + E(item.submission) + "\" data-item=\"" + E(item.item) +
                    "\" data-credit=\"" + E(item.credit) + "\">\n<header>";
  if (in_student) out += "<span class=\"itemid\">" + E(item.item) + "</span>";
  else out += "<a class=\"student\" href=\"/student?id=" + E(UrlEncode(item.submission)) + "\">" + E(item.submission) + "</a>";
  out += " <span class=\"part\">part " + E(item.part.empty() ? "(whole)" : item.part) + "</span>";
  out += " <span class=\"state\">" + E(StateText(item)) + "</span>";
  out += " <span class=\"score\" data-sub=\"" + E(item.submission) + "\">" + E(ScoreText(d, item.submission)) + "</span>";
  out += "</header>\n";
  if (!item.reason.empty()) out += "<p class=\"why\">why review: " + E(item.reason) + "</p>\n";
  out += "<p class=\"read\">read <code>" + E(item.found.empty() ? "(nothing)" : item.found) + "</code>";
  if (!item.expected.empty()) out += " · key <code>" + E(item.expected) + "</code>";
  out += "</p>\n";
  if (!item.detail.empty()) out += "<p class=\"detail\">" + E(item.detail) + "</p>\n";
  if (!item.candidates.empty()) {
    out += "<p class=\"cands\">candidates:";
    for (const std::string& c : item.candidates) out += " <mark class=\"candidate\">" + E(c) + "</mark>";
    out += "</p>\n";
  }
  if (d.text) {
    if (auto text = d.text(item.submission)) out += SnippetHtml(item, *text);
    else out += "<p class=\"missing\">the response cannot be read again from its source</p>\n";
  }
  if (item.decision && !item.decision->comment.empty())
    out += "<p class=\"comment-shown\">comment: " + E(item.decision->comment) + "</p>\n";
  out += "<div class=\"controls\">" + ChoiceButtons(d.choices ? d.choices(item) : std::vector<CreditChoice>{}, "item") +
         " <input class=\"comment\" maxlength=\"2000\" placeholder=\"comment (optional)\"></div>\n</article>\n";
  return out;
}

// One item as a line of a group's compact list: what a group button needs
// (its data-* attributes) and a link to the student's page, without the
// snippet and the controls (no response is read for it).
std::string CompactItemHtml(const PageData& d, const QueueItem& item) {
  return "<li class=\"item " + std::string(item.pending() ? "pending" : "settled") + "\" data-sub=\"" + E(item.submission) +
         "\" data-item=\"" + E(item.item) + "\" data-credit=\"" + E(item.credit) + "\"><a class=\"student\" href=\"/student?id=" +
         E(UrlEncode(item.submission)) + "\">" + E(item.submission) + "</a> <span class=\"state\">" + E(StateText(item)) +
         "</span> <span class=\"score\" data-sub=\"" + E(item.submission) + "\">" + E(ScoreText(d, item.submission)) +
         "</span></li>\n";
}

void AddMark(std::vector<TextMark>* marks, size_t b, size_t e, const std::string& css, const std::string& title) {
  if (e > b) marks->push_back({b, e, css, title});
}

}  // namespace

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::vector<TextMark> MarksFor(const QueueItem& item, std::string_view text) {
  std::vector<TextMark> marks;
  const std::string css = item.review || item.decision ? "review" : "evidence";
  for (const EvidenceSpan& e : item.evidence) {
    if (e.begin >= 0 && e.end > e.begin && static_cast<size_t>(e.end) <= text.size() &&
        (e.quote.empty() || text.substr(static_cast<size_t>(e.begin), static_cast<size_t>(e.end - e.begin)) == e.quote)) {
      AddMark(&marks, static_cast<size_t>(e.begin), static_cast<size_t>(e.end), css, item.item);
    } else if (!e.quote.empty()) {
      size_t at = text.find(e.quote);
      if (at != std::string_view::npos) AddMark(&marks, at, at + e.quote.size(), css, item.item);
    }
  }
  for (const std::string& c : item.candidates) {
    if (c.size() < 2) continue;
    size_t at = 0;
    for (int n = 0; n < 20; ++n) {
      at = FindNoCase(text, c, at);
      if (at == std::string_view::npos) break;
      AddMark(&marks, at, at + c.size(), "candidate", "candidate: " + c);
      at += c.size();
    }
  }
  return marks;
}

std::string HighlightText(std::string_view text, size_t from, size_t to, std::vector<TextMark> marks) {
  to = std::min(to, text.size());
  from = std::min(from, to);
  std::sort(marks.begin(), marks.end(), [](const TextMark& a, const TextMark& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::string out;
  size_t at = from;
  for (const TextMark& m : marks) {
    size_t b = std::max(m.begin, at), e = std::min(m.end, to);
    if (b >= e) continue;
    out += E(text.substr(at, b - at));
    out += "<mark class=\"" + E(m.css) + "\"" + (m.title.empty() ? "" : " title=\"" + E(m.title) + "\"") + ">";
    out += E(text.substr(b, e - b)) + "</mark>";
    at = e;
  }
  out += E(text.substr(at, to - at));
  return out;
}

std::string SnippetHtml(const QueueItem& item, std::string_view text) {
  std::vector<TextMark> marks = MarksFor(item, text);
  size_t focus = std::string_view::npos;
  for (const TextMark& m : marks)
    if (m.css != "candidate") focus = std::min(focus, m.begin);
  if (focus == std::string_view::npos)
    for (const TextMark& m : marks) focus = std::min(focus, m.begin);
  // Line starts.
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  size_t line = 0;
  if (focus != std::string_view::npos)
    line = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), focus) - starts.begin()) - 1;
  size_t first = line >= 3 ? line - 3 : 0;
  size_t last = focus == std::string_view::npos ? std::min(starts.size() - 1, first + 7) : std::min(starts.size() - 1, line + 3);
  std::string out = "<pre class=\"snippet\">";
  if (focus == std::string_view::npos) out = "<p class=\"nomark\">no evidence in the response; its first lines:</p>\n" + out;
  size_t budget = 4096;
  for (size_t l = first; l <= last && budget > 0; ++l) {
    size_t b = starts[l];
    size_t e = l + 1 < starts.size() ? starts[l + 1] - 1 : text.size();
    if (e - b > budget) e = b + budget;
    budget -= std::min(budget, e - b + 1);
    out += "<span class=\"ln\">" + std::to_string(l + 1) + "</span>" + HighlightText(text, b, e, marks) + "\n";
  }
  return out + "</pre>\n";
}

std::string RenderQueuePage(const PageData& d) {
  const ReviewQueue& q = *d.queue;
  std::string out = Head("Review: " + d.folder) + "<body data-page=\"queue\">\n" + Nav(d, "queue");
  out += "<main>\n<h1>Review queue</h1>\n<p class=\"counts\"><span id=\"pending\">" + std::to_string(q.pending) +
         "</span> of " + std::to_string(q.items.size()) +
         " items pending.</p>\n<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>n</kbd> next pending, <kbd>k</kbd> previous, "
         "<kbd>a</kbd> accept the grader's credit, <kbd>f</kbd> full credit, <kbd>z</kbd> zero, <kbd>c</kbd> comment.</p>\n";
  if (q.items.empty()) out += "<p class=\"empty\">Nothing to review: the grader was sure of every item.</p>\n";
  bool any_compact = false;
  for (const QueueCheck& c : q.checks) {
    size_t n = 0;
    for (const QueueGroup& g : c.groups) n += g.items.size();
    any_compact = any_compact || n > kQueueFullPerCheck;
    for (const QueueGroup& g : c.groups) any_compact = any_compact || g.items.size() > kQueueFullPerGroup;
  }
  if (any_compact)
    out += "<p class=\"compact-note\">Each check shows its first " + std::to_string(kQueueFullPerCheck) + " items (" +
           std::to_string(kQueueFullPerGroup) +
           " of a group) in full; the others are listed under \"more items\", and a group's buttons settle them too.</p>\n";
  size_t group_no = 0;
  for (const QueueCheck& c : q.checks) {
    size_t full = 0;  // items of this check shown in full so far
    size_t n = 0, pending = 0;
    for (const QueueGroup& g : c.groups)
      for (size_t i : g.items) {
        ++n;
        pending += q.items[i].pending();
      }
    out += "<section class=\"check\" data-item=\"" + E(c.item) + "\">\n<h2><code>" + E(c.item) + "</code> " + E(c.title) +
           " <small>" + E(c.kind) + ", part " + E(c.part.empty() ? "(whole)" : c.part) + ", " + std::to_string(pending) +
           " of " + std::to_string(n) + " pending</small></h2>\n";
    for (const QueueGroup& g : c.groups) {
      size_t gp = 0;
      for (size_t i : g.items) gp += q.items[i].pending();
      out += "<section class=\"group\" data-group=\"" + std::to_string(group_no++) + "\">\n<h3>read <code>" +
             E(g.read.empty() ? "(nothing)" : g.read) + "</code> · " + std::to_string(g.items.size()) + " item" +
             (g.items.size() == 1 ? "" : "s") + ", <span class=\"gpending\">" + std::to_string(gp) + "</span> pending</h3>\n";
      if (g.items.size() > 1 && d.choices)
        out += "<div class=\"controls groupctl\">settle every pending item of this group: " +
               ChoiceButtons(d.choices(q.items[g.items.front()]), "group") +
               " <input class=\"comment\" maxlength=\"2000\" placeholder=\"comment (optional)\"></div>\n";
      size_t k = 0;
      for (; k < g.items.size() && k < kQueueFullPerGroup && full < kQueueFullPerCheck; ++k, ++full)
        out += ItemHtml(d, q.items[g.items[k]], false);
      if (k < g.items.size()) {
        out += "<details class=\"rest\"><summary>" + std::to_string(g.items.size() - k) + " more item" +
               (g.items.size() - k == 1 ? "" : "s") + "</summary>\n<ul class=\"rest\">\n";
        for (; k < g.items.size(); ++k) out += CompactItemHtml(d, q.items[g.items[k]]);
        out += "</ul></details>\n";
      }
      out += "</section>\n";
    }
    out += "</section>\n";
  }
  return out + "</main>\n</body></html>\n";
}

std::string RenderStudentPage(const PageData& d, const std::string& id, const std::vector<QueueItem>& items) {
  std::string out = Head("Review: " + id) + "<body data-page=\"student\">\n" + Nav(d, "student");
  out += "<main>\n<h1>" + E(id) + "</h1>\n<p>score <span class=\"score\" data-sub=\"" + E(id) + "\">" + E(ScoreText(d, id)) +
         "</span></p>\n";
  auto sc = d.scores.find(id);
  if (sc != d.scores.end() && !sc->second.graded) out += "<p class=\"error\">not graded: " + E(sc->second.error) + "</p>\n";
  out += "<table class=\"items\"><tr><th>criterion</th><th>item</th><th>status</th><th>credit</th><th>read</th><th>key</th></tr>\n";
  for (const QueueItem& item : items) {
    std::string status = item.decision ? "decided " + item.decision->credit : item.review ? "review" : "";
    out += "<tr" + std::string(item.review || item.decision ? " class=\"flag\"" : "") + "><td>" + E(item.criterion) +
           "</td><td>" + E(item.title.empty() ? item.item : item.title) + "</td><td>" + E(status) + "</td><td>" +
           E(item.credit) + "</td><td>" + E(item.found) + "</td><td>" + E(item.expected) + "</td></tr>\n";
  }
  out += "</table>\n";
  bool any = false;
  for (const QueueItem& item : items) {
    if (!item.review && !item.decision) continue;
    if (!any) out += "<h2>Items to review</h2>\n";
    any = true;
    out += ItemHtml(d, item, true);
  }
  out += "<h2>Response</h2>\n";
  std::optional<std::string> text = d.text ? d.text(id) : std::nullopt;
  if (!text) {
    out += "<p class=\"missing\">the response cannot be read again from its source</p>\n";
  } else {
    std::vector<TextMark> marks;
    for (const QueueItem& item : items) {
      auto m = MarksFor(item, *text);
      for (TextMark& x : m)
        if (x.css != "candidate" || item.review) marks.push_back(std::move(x));
    }
    out += "<pre class=\"response\">" + HighlightText(*text, 0, text->size(), std::move(marks)) + "</pre>\n";
  }
  return out + "</main>\n</body></html>\n";
}

std::string RenderStudentsPage(const PageData& d) {
  std::string out = Head("Review: students") + "<body data-page=\"students\">\n" + Nav(d, "students");
  std::map<std::string, std::pair<int, int>> counts;  // pending, decided
  for (const QueueItem& item : d.queue->items) {
    auto& c = counts[item.submission];
    (item.pending() ? c.first : c.second)++;
  }
  out += "<main>\n<h1>Students</h1>\n<table class=\"students\"><tr><th>id</th><th>score</th><th>review pending</th>"
         "<th>decided</th></tr>\n";
  for (const std::string& id : d.order) {
    auto c = counts[id];
    out += "<tr><td><a href=\"/student?id=" + E(UrlEncode(id)) + "\">" + E(id) + "</a></td><td class=\"score\" data-sub=\"" +
           E(id) + "\">" + E(ScoreText(d, id)) + "</td><td>" + std::to_string(c.first) + "</td><td>" +
           std::to_string(c.second) + "</td></tr>\n";
  }
  return out + "</table>\n</main>\n</body></html>\n";
}

std::string RenderErrorPage(int status, const std::string& message) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + std::to_string(status) +
         "</title></head><body><h1>" + std::to_string(status) + "</h1><p>" + E(message) +
         "</p><p><a href=\"/\">Review queue</a></p></body></html>\n";
}

}  // namespace grader
