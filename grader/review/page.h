// The review pages as HTML, rendered on the server: the queue (`/`), one
// student (`/student?id=`) and the students table (`/students`). Every
// string that comes from a submission or a rubric passes through HtmlEscape
// (reports/html.h); the response is shown as escaped text with <mark>s
// around the evidence and the candidates. The pages load /review.css and
// /review.js and nothing else (no inline script: the server's
// Content-Security-Policy forbids it).
//
//   PageData data{...};
//   std::string html = RenderQueuePage(data);
#ifndef GRADER_REVIEW_PAGE_H_
#define GRADER_REVIEW_PAGE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/review/queue.h"

namespace grader {

// A highlighted range of the response: [begin, end) in bytes, a CSS class.
struct TextMark {
  size_t begin = 0, end = 0;
  std::string css;    // "evidence", "candidate", "review"
  std::string title;  // tooltip ("" none)
};

// The marks for one item in `text`: its evidence spans (when the bytes at
// the recorded offsets are still the quote; else the quote's first
// occurrence) and each candidate's occurrences (ASCII case-insensitive, at
// most 20 each).
std::vector<TextMark> MarksFor(const QueueItem& item, std::string_view text);

// `text[from, to)` escaped, with <mark class=...> around the parts of
// `marks` inside the range (overlaps are cut to the earlier mark).
std::string HighlightText(std::string_view text, size_t from, size_t to, std::vector<TextMark> marks);

// The lines around the item's first mark (three on each side, at most 4 KB),
// numbered, as a <pre>; the response's first lines when nothing is marked.
std::string SnippetHtml(const QueueItem& item, std::string_view text);

struct StudentScore {
  double score = 0, max = 0;
  int review = 0;
  bool graded = false;
  std::string error;
};

struct RegradeState {
  unsigned long long requested = 0, completed = 0;
  bool running = false;
  std::string error;  // the last regrade's failure ("" none)
};

struct PageData {
  std::string folder;
  std::string who;  // the default name for decisions
  const ReviewQueue* queue = nullptr;
  std::vector<std::string> order;                  // submission ids, input order
  std::map<std::string, StudentScore> scores;      // by submission id
  RegradeState regrade;
  std::function<std::vector<CreditChoice>(const QueueItem&)> choices;
  std::function<std::optional<std::string>(const std::string& id)> text;  // the response, when readable
};

// The queue page. A check shows its first kQueueFullPerCheck items in full
// (at most kQueueFullPerGroup of one group), each with its snippet and
// buttons; the rest of a group is a compact list (id, state, score, link)
// inside <details>, which the group's buttons settle too. Ten thousand
// review items make a page of about a megabyte, not twenty.
inline constexpr size_t kQueueFullPerCheck = 40;
inline constexpr size_t kQueueFullPerGroup = 10;
std::string RenderQueuePage(const PageData& data);
// All items of one student. `items` is RecordItems(record) with decisions set.
std::string RenderStudentPage(const PageData& data, const std::string& id, const std::vector<QueueItem>& items);
std::string RenderStudentsPage(const PageData& data);
std::string RenderErrorPage(int status, const std::string& message);

// Percent-encodes `s` for a query value (RFC 3986 unreserved bytes kept).
std::string UrlEncode(std::string_view s);

}  // namespace grader

#endif  // GRADER_REVIEW_PAGE_H_
