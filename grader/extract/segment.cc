#include "grader/extract/segment.h"

#include <re2/re2.h>

#include <algorithm>

namespace grader {
namespace {

// One pattern for every label form; groups: 1 keyword, 2 parenthesised main,
// 3 parenthesised sub, 4 bare main, 5 bare terminator, 6 bare sub, 7 the
// rest of the line's first character.
const RE2& LabelPattern() {
  static const RE2 kLabel(
      R"(^[ \t]*(?:#{1,6}[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*|__)?[ \t]*)"
      R"((?:(Part|PART|part|Question|QUESTION|question|Problem|PROBLEM|Exercise|Q)[ \t]*)?)"
      R"((?:\(([a-zA-Z][0-9]?|[ivx]{1,5}|[0-9]{1,2})\)(?:\(([ivx]{1,5})\))?)"
      R"(|([ivx]{1,5}|[a-zA-Z][0-9]?|[0-9]{1,2})([.):]?)(?:\(([ivx]{1,5})\))?))"
      R"((?:\*\*|__)?[ \t:]*(.?))");
  return kLabel;
}

bool IsRoman(const std::string& s) { return !s.empty() && s.find_first_not_of("ivx") == std::string::npos; }

int RomanValue(const std::string& s) {
  int total = 0, prev = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    int v = *it == 'i' ? 1 : *it == 'v' ? 5 : 10;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "h4" sorts after "h3" and "h"; "b" after "a".
bool LetterAfter(const std::string& next, const std::string& current) {
  if (current.empty()) return true;
  if (next[0] != current[0]) return next[0] > current[0];
  int a = next.size() > 1 ? std::stoi(next.substr(1)) : 0;
  int b = current.size() > 1 ? std::stoi(current.substr(1)) : 0;
  return a > b;
}

// A cheap test that rules out most prose lines before the regex runs.
bool MayBeLabel(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == '#' || s[i] == '-' || s[i] == '*' || s[i] == '+' || s[i] == '_' || s[i] == ' '))
    ++i;
  if (i >= s.size()) return false;
  char c = s[i];
  if (c == '(') return true;
  size_t j = i;
  while (j < s.size() && j - i < 5 && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'z'))) ++j;
  if (j > i && j < s.size() && (s[j] == '.' || s[j] == ')' || s[j] == '(')) return true;
  for (std::string_view k : {"Part", "PART", "part", "Question", "QUESTION", "question", "Problem", "PROBLEM", "Exercise", "Q"})
    if (s.substr(i, k.size()) == k) return true;
  return false;
}

}  // namespace

std::string NormalisePartId(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

std::vector<Segment> Segments(const Document& doc) {
  std::vector<Segment> out;
  const std::string& text = doc.text();
  std::string question, letter, roman;
  Segment current;  // the preamble
  current.range = {0, 0};
  bool have_current = false;
  auto close = [&](size_t end) {
    current.range.end = end;
    if (have_current || current.range.size() > 0) {
      current.span = doc.MakeSpan(current.range);
      out.push_back(current);
    }
  };
  for (const Range& line : doc.lines()) {
    if (line.size() == 0 || doc.InCode(line.begin)) continue;
    std::string_view lv = doc.View({line.begin, std::min(line.end, line.begin + 120)});
    size_t first = lv.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    if (!MayBeLabel(lv.substr(first))) continue;
    char c0 = lv[first];
    if (!(c0 == '(' || c0 == '#' || c0 == '-' || c0 == '*' || c0 == '+' || c0 == '_' ||
          (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9')))
      continue;
    re2::StringPiece input(lv.data(), lv.size());
    re2::StringPiece g[8];
    if (!LabelPattern().Match(input, 0, lv.size(), RE2::ANCHOR_START, g, 8)) continue;
    auto str = [](const re2::StringPiece& p) { return std::string(p.data() ? p.data() : "", p.size()); };
    std::string keyword = str(g[1]), pmain = str(g[2]), psub = str(g[3]), bmain = str(g[4]), term = str(g[5]),
                bsub = str(g[6]), next = str(g[7]);
    size_t tail = g[7].data() ? static_cast<size_t>(g[7].data() - lv.data()) : lv.size();
    bool spaced = next.empty() || tail == 0 || lv[tail - 1] == ' ' || lv[tail - 1] == '\t' || lv[tail - 1] == ':' ||
                  lv[tail - 1] == '*' || lv[tail - 1] == '_';
    bool paren = !pmain.empty();
    std::string main = paren ? pmain : bmain;
    std::string sub = paren ? psub : bsub;
    if (main.empty()) continue;
    // A bare label needs a terminator ("a.", "5)") unless a keyword names it;
    // and something sensible after it.
    if (!paren && keyword.empty() && term.empty()) continue;
    if (!paren && term == ":" && keyword.empty()) continue;
    bool digits = IsDigits(main);
    bool upper = main[0] >= 'A' && main[0] <= 'Z';
    if (upper && !paren && keyword.empty()) continue;  // "A. Smith"
    if (keyword == "Q" && !digits) continue;            // "QK circuit"
    if (!keyword.empty() && !paren && !digits && main.size() > 1) continue;
    if (!spaced && !(digits && !paren && IsAsciiLetter(next[0]))) continue;  // "1.4e9", "e.g."
    if (upper) main[0] = static_cast<char>(main[0] - 'A' + 'a');
    bool is_question = digits && !paren;
    if (digits && paren) continue;  // (1): an item, not a question
    if (!keyword.empty() && (keyword == "Question" || keyword == "QUESTION" || keyword == "question" ||
                             keyword == "Problem" || keyword == "PROBLEM" || keyword == "Exercise" || keyword == "Q"))
      is_question = digits;
    bool is_roman = !is_question && IsRoman(main) && (main.size() > 1 || (!letter.empty() && letter != "h") ||
                                                      (!roman.empty()));
    if (main == "i" && letter == "h" && roman.empty()) is_roman = false;
    std::string nq = question, nl = letter, nr = roman;
    if (is_question) {
      if (!question.empty() && std::stoi(main) <= std::stoi(question)) continue;
      nq = main;
      nl.clear();
      nr.clear();
    } else if (is_roman) {
      if (!roman.empty() && RomanValue(main) <= RomanValue(roman)) continue;
      nr = main;
    } else if (main == letter && !sub.empty()) {  // (b)(i) then (b)(ii)
      if (!roman.empty() && RomanValue(sub) <= RomanValue(roman)) continue;
      nr = sub;
    } else {
      if (!LetterAfter(main, letter)) continue;
      nl = main;
      nr.clear();
      if (!sub.empty()) nr = sub;
    }
    // Accepted: close the open segment and start a new one at this line.
    close(line.begin);
    question = nq;
    letter = nl;
    roman = nr;
    current = Segment();
    current.question = question;
    current.letter = letter;
    current.roman = roman;
    current.key = question + letter + roman;
    size_t label_begin = line.begin + first;
    size_t label_end = line.begin + tail;
    while (label_end > label_begin && (text[label_end - 1] == ' ' || text[label_end - 1] == '\t' || text[label_end - 1] == ':'))
      --label_end;
    current.label_range = {label_begin, label_end};
    current.label = std::string(doc.View(current.label_range));
    current.range = {line.begin, line.end};
    have_current = true;
  }
  close(text.size());
  return out;
}

const FoundPart* PartMap::Find(const std::string& id) const {
  for (const FoundPart& p : parts)
    if (p.id == id) return &p;
  return nullptr;
}

PartMap MapParts(const Document& doc, const std::vector<std::string>& part_ids) {
  PartMap m;
  m.segments = Segments(doc);
  size_t total = doc.text().size();
  bool labelled = std::any_of(m.segments.begin(), m.segments.end(), [](const Segment& s) { return !s.key.empty(); });
  auto make = [&](const std::string& id, Range r, std::string label) {
    FoundPart p;
    p.id = id;
    p.range = r;
    p.span = doc.MakeSpan(r);
    p.label = std::move(label);
    return p;
  };
  if (part_ids.empty()) {
    m.strategy = labelled ? "labels" : "whole";
    if (!labelled) {
      m.parts.push_back(make("", {0, total}, ""));
      return m;
    }
    for (const Segment& s : m.segments)
      if (!s.key.empty()) m.parts.push_back(make(s.key, s.range, s.label));
    return m;
  }
  // Labels.
  for (const std::string& id : part_ids) {
    std::string want = NormalisePartId(id);
    int first = -1, last = -1;
    for (size_t i = 0; i < m.segments.size(); ++i) {
      const Segment& s = m.segments[i];
      if (s.key.empty()) continue;
      const std::string& q = s.question;
      const std::string& l = s.letter;
      const std::string& r = s.roman;
      bool match = want == s.key || (!l.empty() && (want == l + r || want == q + l || want == l)) ||
                   (l.empty() && !r.empty() && want == r) || (!q.empty() && want == q) ||
                   (!q.empty() && want == "q" + q);
      if (match) {
        if (first < 0) first = last = static_cast<int>(i);
        else if (last == static_cast<int>(i) - 1) last = static_cast<int>(i);
      }
    }
    if (first >= 0) {
      m.parts.push_back(make(id, {m.segments[first].range.begin, m.segments[last].range.end}, m.segments[first].label));
    }
  }
  if (!m.parts.empty()) {
    m.strategy = "labels";
  } else if (part_ids.size() == 1) {
    m.strategy = "whole";
    m.parts.push_back(make(part_ids[0], {0, total}, ""));
  } else {
    // Restated questions: list items that ask something.
    std::vector<size_t> starts;
    size_t indent = std::string::npos;
    std::vector<std::pair<size_t, size_t>> items;  // (indent, begin)
    for (const TextUnit& u : doc.units()) {
      if (!u.list_item || u.in_code) continue;
      if (doc.View(u.range).find('?') == std::string_view::npos) continue;
      size_t line_start = doc.text().rfind('\n', u.block);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      if (!items.empty() && items.back().second == line_start) continue;
      items.push_back({u.block - line_start, line_start});
      indent = std::min(indent, u.block - line_start);
    }
    for (const auto& [ind, begin] : items)
      if (ind == indent) starts.push_back(begin);
    if (starts.size() == part_ids.size()) {
      m.strategy = "questions";
      for (size_t i = 0; i < starts.size(); ++i)
        m.parts.push_back(make(part_ids[i], {starts[i], i + 1 < starts.size() ? starts[i + 1] : total}, ""));
    } else {
      m.strategy = "none";
    }
  }
  for (const std::string& id : part_ids)
    if (!m.Find(id)) m.missing.push_back(id);
  return m;
}

}  // namespace grader
