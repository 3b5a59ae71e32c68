#include "grader/extract/section.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "grader/extract/section_identifier.h"

namespace grader {
namespace {

// A line longer than this is prose, not a heading.
constexpr size_t kMaxHeading = 200;

struct HeadingLine {
  bool heading = false;   // Markdown/Typst heading
  int level = 0;          // 1 for "#"/"=", 0 for a plain line
  bool keyword = false;   // "Problem ...", "#problem(...)"
  bool identifier = false;
  bool bare = false;      // neither, but short enough to be a bare name (key left empty)
};

// NameKey into a reused string.
void NameKeyInto(std::string_view text, std::string* out) {
  // Written through a pointer into a string of the largest size, then cut
  // (push_back checks the capacity at every byte).
  // Each byte's key byte (0: left out), written always and kept by moving
  // the pointer: no branch per byte.
  static constexpr auto kKey = [] {
    std::array<char, 256> k{};
    for (int c = 'a'; c <= 'z'; ++c) k[c] = static_cast<char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) k[c] = static_cast<char>(c - 'A' + 'a');
    for (int c = '0'; c <= '9'; ++c) k[c] = static_cast<char>(c);
    return k;
  }();
  out->resize(text.size());
  char* w = out->data();
  for (char c : text) {
    const char k = kKey[static_cast<unsigned char>(c)];
    *w = k;
    w += k != 0;
  }
  out->resize(static_cast<size_t>(w - out->data()));
}

bool StartsWithWord(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  if (s.size() == word.size()) return true;
  char n = s[word.size()];
  return !((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z'));
}

// Identifiers as problem names are written: snake_case, camelCase, or
// anything in backticks or brackets.
const RE2& IdentifierPattern() {
  static const RE2 kRe(R"([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[a-z]{2,}[A-Z][a-z]+[A-Za-z0-9]*|`[^`]{3,}`|\([^()\s]{3,}\))");
  return kRe;
}

// std::count(s, ' ') <= 1, stopping at the second space.
bool AtMostOneSpace(std::string_view s) {
  const void* first = std::memchr(s.data(), ' ', s.size());
  if (first == nullptr) return true;
  const size_t after = static_cast<size_t>(static_cast<const char*>(first) - s.data()) + 1;
  return std::memchr(s.data() + after, ' ', s.size() - after) == nullptr;
}

// True when `s` (a line from its first byte that is not a blank, that
// byte not '#' or '=') starts with a problem keyword after the decoration
// Classify passes over: what Classify(s).keyword answers for such a line.
bool KeywordFirst(std::string_view s) {
  while (s.size() >= 2 && ((s[0] == '*' && s[1] == '*') || (s[0] == '_' && s[1] == '_'))) s = s.substr(2);
  size_t d = 0;
  while (d < s.size() && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.')) ++d;
  if (d > 0 && d < s.size() && s[d] == ' ') s = s.substr(d + 1);
  using namespace std::string_view_literals;
  return StartsWithWord(s, "problem"sv) || StartsWithWord(s, "exercise"sv) || StartsWithWord(s, "task"sv);
}

// *key: the NameKey of the line when needed (see below), else empty.
[[gnu::always_inline]] inline HeadingLine Classify(std::string_view line, std::string* key) {
  HeadingLine h;
  key->clear();
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == line.size()) return h;
  std::string_view s = line.substr(i);
  if (s.size() > kMaxHeading) return h;
  size_t marks = 0;
  if (s[0] == '#' || s[0] == '=') {
    while (marks < s.size() && s[marks] == s[0]) ++marks;
    if (marks <= 6 && marks < s.size() && (s[marks] == ' ' || s[marks] == '\t')) {
      h.heading = true;
      h.level = static_cast<int>(marks);
      s = s.substr(marks);
      s = s.substr(std::min(s.size(), s.find_first_not_of(" \t")));
    }
  }
  using namespace std::string_view_literals;  // the words' sizes known when compiling (no strlen per line)
  if (!h.heading && StartsWithWord(s, "#problem"sv)) h.keyword = true;
  while (s.size() >= 2 && (s.substr(0, 2) == "**" || s.substr(0, 2) == "__")) s = s.substr(2);
  // Section numbers before the words: "3.6 Problem (...)".
  size_t d = 0;
  while (d < s.size() && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.')) ++d;
  if (d > 0 && d < s.size() && s[d] == ' ') s = s.substr(d + 1);
  // (Each word tried only when the line starts with its first letter.)
  switch (s.empty() ? '\0' : static_cast<char>(s[0] | 0x20)) {
    case 'p': h.keyword |= StartsWithWord(s, "problem"sv); break;
    case 'e': h.keyword |= StartsWithWord(s, "exercise"sv); break;
    case 't': h.keyword |= StartsWithWord(s, "task"sv); break;
    default: break;
  }
  if (h.heading || h.keyword) h.identifier = HoldsIdentifier(s);
  // The name key is needed for headings; a short line may be a bare name
  // ("transformer_accounting:"), at most one space in it: its key matters
  // only when it is exactly one of ours (KeyIsOneOf, without building it).
  if (h.heading || h.keyword) NameKeyInto(line, key);
  else h.bare = s.size() <= 64 && AtMostOneSpace(s);
  return h;
}

}  // namespace

// True when NameKey(line) is one of `keys`, compared key by key as the
// line's letters and digits come (most lines differ at their first one).
bool KeyIsOneOf(std::string_view line, const std::vector<std::string>& keys) {
  // The key's first byte: the line's first letter or digit, folded.
  char first = 0;
  for (char c : line) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      first = c;
      break;
    }
  }
  for (const std::string& k : keys) {
    if (k.empty() ? first != 0 : k[0] != first) continue;
    size_t j = 0;
    bool same = true;
    for (char c : line) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
      if (j == k.size() || k[j] != c) {
        same = false;
        break;
      }
      ++j;
    }
    if (same && j == k.size()) return true;
  }
  return false;
}

namespace {

bool Ours(const std::string& key, const std::vector<std::string>& keys) {
  for (const std::string& k : keys)
    if (!k.empty() && key.find(k) != std::string::npos) return true;
  return false;
}

}  // namespace

bool HoldsIdentifierRegex(std::string_view s) {
  re2::StringPiece in(s.data(), s.size());
  return RE2::PartialMatch(in, IdentifierPattern());
}

bool HoldsIdentifier(std::string_view s) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\r'; };  // \s but for '\n'
  const size_t n = s.size();
  bool run_letter = false;  // the [A-Za-z0-9] run ending here holds a letter
  size_t tick = std::string_view::npos, paren = std::string_view::npos;  // last '`'; last '(' with a clean stretch after it
  for (size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (lower(c)) {  // most bytes: a lowercase letter starts nothing and ends nothing
      run_letter = true;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\n') return HoldsIdentifierRegex(s);
    // [A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+
    if (c == '_' && run_letter && i + 1 < n) {
      const char d = s[i + 1];
      if (lower(d) || upper(d) || digit(d) || d == '_') return true;
    }
    // [a-z]{2,}[A-Z][a-z]+
    if (upper(c) && i >= 2 && i + 1 < n && lower(s[i - 2]) && lower(s[i - 1]) && lower(s[i + 1])) return true;
    // `[^`]{3,}`
    if (c == '`') {
      if (tick != std::string_view::npos && i - tick > 3) return true;
      tick = i;
    }
    // \([^()\s]{3,}\)
    if (c == ')' && paren != std::string_view::npos && i - paren > 3) return true;
    if (c == '(') paren = i;
    else if (c == ')' || space(c)) paren = std::string_view::npos;
    if (lower(c) || upper(c)) run_letter = true;
    else if (!digit(c)) run_letter = false;
  }
  return false;
}

std::string NameKey(std::string_view text) {
  std::string out;
  NameKeyInto(text, &out);
  return out;
}

namespace {

SectionLine Marked(const HeadingLine& h, bool ours, bool problem) {
  SectionLine m;
  m.mark = true;
  m.heading = h.heading;
  m.level = h.level;
  m.keyword = h.keyword;
  m.ours = ours;
  m.problem = problem;
  return m;
}

// ReadSectionLine, kept inline in FindSection's loop.
template <bool screen>
[[gnu::always_inline]] inline SectionLine ReadLine(std::string_view lv, const std::vector<std::string>& keys, std::string* key) {
  const SectionLine none;
  size_t first = 0;
  while (first < lv.size() && (lv[first] == ' ' || lv[first] == '\t')) ++first;
  if (first == lv.size()) return none;
  char c = lv[first];
  // Cheap screen: headings, keyword lines, and short lines (a bare name).
  // Classify finds a heading or a keyword only after one of these first
  // bytes (a short line starting with '.' too: ". Problem (a_b)"); on any
  // other line at most a bare name.
  const std::string_view rest = lv.substr(first);
  const bool headed = c == '#' || c == '=' || c == '*' || c == '_' || (c >= '0' && c <= '9') || c == 'P' ||
                      c == 'p' || c == 'E' || c == 'e' || c == 'T' || c == 't' || (c == '.' && rest.size() <= 64);
  if (!screen) {
    // The general path: every line FindSection reads (one starting with a
    // heading's or keyword's first byte, or a short one: a long line
    // starting with '.' never counted) classified in full.
    const bool read = c == '#' || c == '=' || c == '*' || c == '_' || (c >= '0' && c <= '9') || c == 'P' ||
                      c == 'p' || c == 'E' || c == 'e' || c == 'T' || c == 't' || rest.size() <= 64;
    if (!read) return none;
  } else if (!headed) {
    // What Classify(...).bare and then KeyIsOneOf answer. A line that
    // starts with a letter or digit no key starts with is none of them
    // (KeyIsOneOf's first test, without the call).
    if (rest.size() > 64) return none;
    const char f = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (((f >= 'a' && f <= 'z') || (f >= '0' && f <= '9')) &&
        std::none_of(keys.begin(), keys.end(), [&](const std::string& k) { return k[0] == f; }))
      return none;
    if (KeyIsOneOf(lv, keys) && AtMostOneSpace(rest)) return Marked(HeadingLine{false, 0, false, false, true}, true, true);
    return none;
  }
  // Prose ("The total is ...", "1. Each layer ...", "**Answer:** ..."): a
  // line that is not a heading and is too long to be a bare name names a
  // problem only with a keyword first; Classify would find nothing else
  // in it.
  if (screen && c != '#' && c != '=' && rest.size() > 64 && !KeywordFirst(rest)) return none;
  // (From its first byte that is not a blank: Classify would pass over
  // them again, and the name key holds none.)
  HeadingLine h = Classify(lv.substr(first), key);
  if (h.bare) {
    // A short line that is exactly one of our names ("transformer_accounting："):
    // what Ours() then the exact look-up below would answer.
    if (lv.size() - first <= 64 && KeyIsOneOf(lv, keys)) return Marked(h, true, true);
    return none;
  }
  bool ours = Ours(*key, keys);
  bool problem = h.keyword || (h.heading && h.identifier);
  // A short line that is exactly one of our names ("transformer_accounting：").
  if (!problem && !h.heading && ours) {
    problem = rest.size() <= 64 && std::find(keys.begin(), keys.end(), *key) != keys.end();
    if (!problem) ours = false;
  }
  if (!problem && !h.heading) return none;
  // (Not a problem's nor ours: a plain heading, which may end a section
  // above it in level.)
  if (!problem && !ours) return Marked(h, false, false);
  return Marked(h, ours && problem, problem);
}

}  // namespace

SectionLine ReadSectionLine(std::string_view line, const std::vector<std::string>& keys, bool screen,
                            std::string* key) {
  return screen ? ReadLine<true>(line, keys, key) : ReadLine<false>(line, keys, key);
}

Section FindSection(const Document& doc, const std::vector<std::string>& names) {
  const size_t total = doc.text().size();
  Section whole{{0, total}, "", "whole"};
  std::vector<std::string> keys;
  for (const std::string& n : names) {
    std::string k = NameKey(n);
    if (k.size() >= 4) keys.push_back(std::move(k));
  }
  if (keys.empty()) return whole;
  struct Mark {
    size_t line;
    SectionLine h;
  };
  std::vector<Mark> marks;
  const auto& lines = doc.lines();
  // doc.InCode for lines in order: a cursor over the code blocks (sorted,
  // apart) instead of a search per line.
  const std::vector<Range>& code = doc.code_blocks();
  size_t next_code = 0;
  std::string key;  // the line's NameKey (one buffer for every line)
  for (size_t li = 0; li < lines.size(); ++li) {
    const Range& line = lines[li];
    if (line.size() == 0 || line.size() > kMaxHeading + 16) continue;
    while (next_code < code.size() && code[next_code].end <= line.begin) ++next_code;
    if (next_code < code.size() && code[next_code].begin <= line.begin) continue;  // inside a code block
    const SectionLine m = ReadLine<true>(doc.View(line), keys, &key);
    if (m.mark) marks.push_back({li, m});
  }
  bool any_problem = false, any_ours = false;
  for (const Mark& m : marks) {
    any_problem |= m.h.problem && (m.h.ours || m.h.keyword);
    any_ours |= m.h.ours;
  }
  if (!any_problem) return whole;
  if (!any_ours) {
    // Only "Problem ..." lines count here: a heading with an identifier
    // in it may be a part of ours.
    for (const Mark& m : marks) {
      if (!m.h.problem || !m.h.keyword) continue;
      Range r{0, lines[m.line].begin};
      // Only other problems' sections, nothing of substance before them.
      std::string_view before = doc.View(r);
      // (Counted only up to 40: the answer is the same.)
      size_t substance = 0;
      for (size_t i = 0; i < before.size() && substance < 40; ++i)
        substance += before[i] != ' ' && before[i] != '\n' && before[i] != '\t';
      if (substance < 40) return Section{{r.end, r.end}, "", "none"};
      return Section{r, "", "before others"};
    }
  }
  Section best{{0, 0}, "", "none"};
  for (size_t k = 0; k < marks.size(); ++k) {
    if (!marks[k].h.ours) continue;
    const Mark& start = marks[k];
    size_t end = total;
    for (size_t j = k + 1; j < marks.size(); ++j) {
      const Mark& m = marks[j];
      if (m.h.ours) continue;
      bool above = start.h.level > 0 && m.h.heading && m.h.level < start.h.level;
      bool other = m.h.problem && (m.h.keyword || start.h.level == 0 || !m.h.heading || m.h.level <= start.h.level);
      if (above || other) {
        end = lines[m.line].begin;
        break;
      }
    }
    Range r{lines[start.line].begin, end};
    if (best.how == "none" || r.size() > best.range.size())
      best = Section{r, std::string(doc.View(lines[start.line])), "heading"};
  }
  return best;
}

}  // namespace grader
