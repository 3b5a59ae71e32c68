#include "grader/extract/segment.h"

#include <re2/re2.h>

#include <algorithm>
#include <span>

#include "grader/base/byte_scan.h"
#include "grader/extract/label_match.h"

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

// True when `w` is at s[p...] (p <= s.size()); a byte loop the compiler
// keeps inline (the keywords are short).
inline bool HasWordAt(std::string_view s, size_t p, std::string_view w) {
  if (s.size() - p < w.size()) return false;
  for (size_t k = 0; k < w.size(); ++k)
    if (s[p + k] != w[k]) return false;
  return true;
}

// LabelPattern followed by hand. Each step of the pattern tries its choices
// in RE2's order of preference (a greedy repeat longest first, an optional
// group present first, alternatives left to right) and calls the next step;
// the first choice that reaches the end of the label wins, as in RE2's
// leftmost-first matching. What follows the label ((?:\*\*|__)?[ \t:]*(.?))
// always matches, so the first label found decides.
class LabelMatcher {
 public:
  LabelMatcher(std::string_view s, std::string_view* g) : s_(s), g_(g) {}
  // True with the groups set; false when the pattern does not match or
  // (given_up()) when the regex must answer.
  bool Run() { return Leading(0); }
  bool given_up() const { return given_up_; }

 private:
  static bool Blank(char c) { return c == ' ' || c == '\t'; }
  static bool Roman(char c) { return c == 'i' || c == 'v' || c == 'x'; }
  static bool Letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static bool Digit(char c) { return c >= '0' && c <= '9'; }
  char At(size_t p) const { return p < s_.size() ? s_[p] : '\n'; }  // '\n': no line holds one
  size_t BlankEnd(size_t p) const {
    while (p < s_.size() && Blank(s_[p])) ++p;
    return p;
  }
  size_t RunEnd(size_t p, size_t max, bool (*in)(char)) const {
    size_t q = p;
    while (q < s_.size() && q - p < max && in(s_[q])) ++q;
    return q;
  }
  std::string_view Cut(size_t b, size_t e) const { return s_.substr(b, e - b); }
  bool Spend() {
    if (++steps_ > kMaxSteps) given_up_ = true;
    return !given_up_;
  }

  // ^[ \t]*
  bool Leading(size_t p) {
    for (size_t r = BlankEnd(p) + 1; r-- > p;)
      if (Hashes(r) || given_up_) return !given_up_;
    return false;
  }
  // (?:#{1,6}[ \t]*)?
  bool Hashes(size_t p) {
    if (!Spend()) return false;
    for (size_t k = RunEnd(p, 6, [](char c) { return c == '#'; }); k > p; --k)
      for (size_t r = BlankEnd(k) + 1; r-- > k;)
        if (Bullet(r) || given_up_) return !given_up_;
    return Bullet(p);
  }
  // (?:[-*+][ \t]+)?
  bool Bullet(size_t p) {
    if (!Spend()) return false;
    char c = At(p);
    if (c == '-' || c == '*' || c == '+')
      for (size_t r = BlankEnd(p + 1); r > p + 1; --r)
        if (Bold(r) || given_up_) return !given_up_;
    return Bold(p);
  }
  // (?:\*\*|__)?[ \t]*
  bool Bold(size_t p) {
    if (!Spend()) return false;
    auto blanks = [&](size_t q) {
      for (size_t r = BlankEnd(q) + 1; r-- > q;)
        if (Keyword(r) || given_up_) return !given_up_;
      return false;
    };
    if (At(p) == '*' && At(p + 1) == '*' && (blanks(p + 2) || given_up_)) return !given_up_;
    if (At(p) == '_' && At(p + 1) == '_' && (blanks(p + 2) || given_up_)) return !given_up_;
    return blanks(p);
  }
  // (?:(Part|...|Q)[ \t]*)?
  bool Keyword(size_t p) {
    if (!Spend()) return false;
    static constexpr std::string_view kWords[] = {"Part",    "PART",    "part",     "Question", "QUESTION",
                                                  "question", "Problem", "PROBLEM", "Exercise", "Q"};
    const char c = At(p);
    const bool may = c == 'P' || c == 'p' || c == 'Q' || c == 'q' || c == 'E';  // the keywords' first letters
    for (std::string_view w : may ? std::span<const std::string_view>(kWords) : std::span<const std::string_view>()) {
      if (w[0] != c || !HasWordAt(s_, p, w)) continue;
      g_[1] = Cut(p, p + w.size());
      for (size_t r = BlankEnd(p + w.size()) + 1; r-- > p + w.size();)
        if (Label(r) || given_up_) return !given_up_;
    }
    g_[1] = {};
    return Label(p);
  }
  // The ends of ([a-zA-Z][0-9]?|[ivx]{1,5}|[0-9]{1,2}) from p, in order of
  // preference (roman_first: the bare label's order, [ivx]{1,5} first).
  size_t MainEnds(size_t p, bool roman_first, size_t* ends) const {
    size_t n = 0;
    auto letter = [&] {
      if (!Letter(At(p))) return;
      if (Digit(At(p + 1))) ends[n++] = p + 2;
      ends[n++] = p + 1;
    };
    auto roman = [&] {
      for (size_t e = RunEnd(p, 5, Roman); e > p; --e) ends[n++] = e;
    };
    if (roman_first) {
      roman();
      letter();
    } else {
      letter();
      roman();
    }
    for (size_t e = RunEnd(p, 2, Digit); e > p; --e) ends[n++] = e;
    return n;
  }
  // (?:\(([ivx]{1,5})\))? at p into group `group`; returns the end.
  size_t RomanSub(size_t p, int group) {
    if (At(p) == '(')
      for (size_t e = RunEnd(p + 1, 5, Roman); e > p + 1; --e)
        if (At(e) == ')') {
          g_[group] = Cut(p + 1, e);
          return e + 1;
        }
    g_[group] = {};
    return p;
  }
  bool Label(size_t p) {
    if (!Spend()) return false;
    size_t ends[10];
    if (At(p) == '(') {
      size_t n = MainEnds(p + 1, false, ends);
      for (size_t k = 0; k < n; ++k)
        if (At(ends[k]) == ')') {
          g_[2] = Cut(p + 1, ends[k]);
          g_[4] = g_[5] = g_[6] = {};
          return Tail(RomanSub(ends[k] + 1, 3));
        }
    }
    g_[2] = g_[3] = {};
    size_t n = MainEnds(p, true, ends);
    if (n == 0) return false;
    // The first main always succeeds: the terminator, the sub and the tail
    // all may match nothing.
    const size_t e = ends[0];
    g_[4] = Cut(p, e);
    const char t = At(e);
    const size_t te = (t == '.' || t == ')' || t == ':') ? e + 1 : e;
    g_[5] = Cut(e, te);
    return Tail(RomanSub(te, 6));
  }
  // The length of the well-formed UTF-8 sequence at p (Unicode's table
  // 3-7), or 0.
  size_t WellFormedLength(size_t p) const {
    auto byte = [&](size_t k) { return k < s_.size() ? static_cast<unsigned char>(s_[k]) : 0u; };
    auto cont = [](unsigned c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
    const unsigned c = byte(p), c1 = byte(p + 1), c2 = byte(p + 2), c3 = byte(p + 3);
    if (c >= 0xC2 && c <= 0xDF) return cont(c1, 0x80, 0xBF) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
      return cont(c1, lo, hi) && cont(c2, 0x80, 0xBF) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
      return cont(c1, lo, hi) && cont(c2, 0x80, 0xBF) && cont(c3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
  }
  // (?:\*\*|__)?[ \t:]*(.?)
  bool Tail(size_t p) {
    if ((At(p) == '*' && At(p + 1) == '*') || (At(p) == '_' && At(p + 1) == '_')) p += 2;
    while (p < s_.size() && (Blank(s_[p]) || s_[p] == ':')) ++p;
    size_t e = p < s_.size() && s_[p] != '\n' ? p + 1 : p;
    if (p < s_.size() && static_cast<unsigned char>(s_[p]) >= 0x80) {
      // '.' reads a UTF-8 character: a well-formed one (not overlong, no
      // surrogate, at most U+10FFFF) is one character; anything else (a
      // character cut at the end of the view) the regex decides.
      e = p + WellFormedLength(p);
      if (e == p) {
        given_up_ = true;
        return false;
      }
    }
    g_[7] = Cut(p, e);
    g_[0] = Cut(0, e);
    return true;
  }

  static constexpr int kMaxSteps = 2000;
  std::string_view s_;
  std::string_view* g_;
  int steps_ = 0;
  bool given_up_ = false;
};

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
  static constexpr std::string_view kWords[] = {"Part",    "PART",    "part",     "Question", "QUESTION",
                                                "question", "Problem", "PROBLEM", "Exercise", "Q"};
  if (c != 'P' && c != 'p' && c != 'Q' && c != 'q' && c != 'E') return false;  // the keywords' first letters
  for (std::string_view k : kWords)
    if (k[0] == c && HasWordAt(s, i, k)) return true;
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

bool MatchLabelRegex(std::string_view line, std::string_view g[kLabelGroups]) {
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece m[kLabelGroups];
  if (!LabelPattern().Match(input, 0, line.size(), RE2::ANCHOR_START, m, kLabelGroups)) return false;
  for (int k = 0; k < kLabelGroups; ++k) g[k] = m[k].data() ? std::string_view(m[k].data(), m[k].size()) : std::string_view();
  return true;
}

bool MatchLabel(std::string_view line, std::string_view g[kLabelGroups]) {
  for (int k = 0; k < kLabelGroups; ++k) g[k] = {};
  LabelMatcher matcher(line, g);
  if (matcher.Run()) return true;
  return matcher.given_up() && MatchLabelRegex(line, g);
}

std::vector<Segment> Segments(const Document& doc, const SegmentOptions& options) {
  std::vector<Segment> out;
  out.reserve(16);  // most scopes hold fewer segments: no regrowth moving them
  const std::string& text = doc.text();
  const Range scope = options.scope.value_or(Range{0, text.size()});
  std::string question, letter, roman;
  std::string first_letter;  // of the current run
  int run = 0, run_letters = 0, typst_count = 0;
  // The open segment is out.back(), built in place (not built aside and
  // moved in); first the preamble.
  out.emplace_back().range = {scope.begin, scope.begin};
  bool have_current = false;
  // (Every call is followed by a new open segment, or ends the scan.)
  auto close = [&](size_t end) {
    Segment& current = out.back();
    current.range.end = end;
    if (have_current || current.range.size() > 0) current.span = doc.MakeSpan(current.range);
    else out.pop_back();  // an empty preamble
  };
  const auto& lines = doc.lines();
  auto from = std::lower_bound(lines.begin(), lines.end(), scope.begin,
                               [](const Range& r, size_t o) { return r.begin < o; });
  // doc.InCode for lines in order: a cursor over the code blocks (sorted,
  // apart) instead of a search per line.
  const std::vector<Range>& code = doc.code_blocks();
  size_t next_code = 0;
  for (auto it = from; it != lines.end() && it->begin < scope.end; ++it) {
    const Range line = *it;
    if (line.size() == 0) continue;
    while (next_code < code.size() && code[next_code].end <= line.begin) ++next_code;
    if (next_code < code.size() && code[next_code].begin <= line.begin) continue;  // inside a code block
    // (The view built here, not by an out-of-line call per line.)
    const std::string_view lv(text.data() + line.begin, std::min(line.end, line.begin + 120) - line.begin);
    size_t first = 0;
    while (first < lv.size() && (lv[first] == ' ' || lv[first] == '\t')) ++first;
    if (first == lv.size()) continue;
    if (options.typst_items && first == 0 && lv.size() > 2 && lv[0] == '+' && lv[1] == ' ') {
      // Typst's numbered list: "+ text" is the next question.
      close(line.begin);
      question = std::to_string(++typst_count);
      letter.clear();
      roman.clear();
      Segment& current = out.emplace_back();
      current.question = question;
      current.key = question;
      current.label = "+";
      current.label_range = {line.begin, line.begin + 1};
      current.range = {line.begin, line.end};
      current.run = run;
      have_current = true;
      continue;
    }
    if (!MayBeLabel(std::string_view(lv.data() + first, lv.size() - first))) continue;
    char c0 = lv[first];
    if (!(c0 == '(' || c0 == '#' || c0 == '-' || c0 == '*' || c0 == '+' || c0 == '_' ||
          (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9')))
      continue;
    std::string_view g[kLabelGroups];
    if (!MatchLabel(lv, g)) continue;
    const std::string_view keyword = g[1], pmain = g[2], psub = g[3], bmain = g[4], term = g[5], bsub = g[6],
                           next = g[7];
    size_t tail = g[7].data() ? static_cast<size_t>(g[7].data() - lv.data()) : lv.size();
    bool spaced = next.empty() || tail == 0 || lv[tail - 1] == ' ' || lv[tail - 1] == '\t' || lv[tail - 1] == ':' ||
                  lv[tail - 1] == '*' || lv[tail - 1] == '_';
    bool paren = !pmain.empty();
    std::string main(paren ? pmain : bmain);
    std::string sub(paren ? psub : bsub);
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
    if (is_question && keyword.empty() && (options.numbers_as_items || options.typst_items)) continue;
    if (!keyword.empty() && (keyword == "Question" || keyword == "QUESTION" || keyword == "question" ||
                             keyword == "Problem" || keyword == "PROBLEM" || keyword == "Exercise" || keyword == "Q"))
      is_question = digits;
    bool is_roman = !is_question && IsRoman(main) && (main.size() > 1 || (!letter.empty() && letter != "h") ||
                                                      (!roman.empty()));
    if (main == "i" && letter == "h" && roman.empty()) is_roman = false;
    // The new state is written in place once the label is accepted (after
    // the last `continue` of its branch), not built in copies first.
    if (is_question) {
      if (!question.empty() && std::stoi(main) <= std::stoi(question)) continue;
      question = main;
      letter.clear();
      roman.clear();
    } else if (is_roman) {
      if (!roman.empty() && RomanValue(main) <= RomanValue(roman)) continue;
      roman = main;
    } else if (main == letter && !sub.empty()) {  // (b)(i) then (b)(ii)
      if (!roman.empty() && RomanValue(sub) <= RomanValue(roman)) continue;
      roman = sub;
    } else {
      bool restart = !letter.empty() && main == first_letter && run_letters >= 3 && question.empty();
      if (!restart && !LetterAfter(main, letter)) continue;
      if (restart) {
        ++run;
        run_letters = 0;
      }
      if (letter.empty() || restart) first_letter = main;
      ++run_letters;
      letter = main;
      roman = sub;  // "" when none
    }
    // Accepted: close the open segment and start a new one at this line.
    close(line.begin);
    Segment& current = out.emplace_back();
    current.question = question;
    current.letter = letter;
    current.roman = roman;
    current.key.reserve(question.size() + letter.size() + roman.size());
    current.key.append(question).append(letter).append(roman);
    size_t label_begin = line.begin + first;
    size_t label_end = line.begin + tail;
    while (label_end > label_begin && (text[label_end - 1] == ' ' || text[label_end - 1] == '\t' || text[label_end - 1] == ':'))
      --label_end;
    current.label_range = {label_begin, label_end};
    current.label.assign(text, label_begin, label_end - label_begin);
    current.range = {line.begin, line.end};
    current.run = run;
    have_current = true;
  }
  close(scope.end);
  return out;
}

const FoundPart* PartMap::Find(const std::string& id) const {
  for (const FoundPart& p : parts)
    if (p.id == id) return &p;
  return nullptr;
}

namespace {

// Content words of a text, for aligning a writer's sections with the
// problem's parts: lowercase ASCII words of four letters or more, a plural
// 's' dropped, common words left out.
std::vector<std::string> ContentWords(std::string_view text) {
  static const char* const kStop[] = {"that", "this", "with", "from", "have", "many", "much", "what", "which", "does",
                                      "each", "than", "they", "them", "their", "there", "into", "your", "would", "could",
                                      "should", "about", "when", "will", "also", "only", "same", "more", "most", "take",
                                      "takes", "make", "using", "used", "given", "answer", "part", "question", "compute",
                                      "total", "number"};
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4) {
      if (w.back() == 's' && w.size() > 4) w.pop_back();
      bool stop = false;
      for (const char* k : kStop) stop |= w == k;
      if (!stop) out.push_back(w);
    }
    w.clear();
  };
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') w.push_back(static_cast<char>(c - 'A' + 'a'));
    else if (c >= 'a' && c <= 'z') w.push_back(c);
    else flush();
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

size_t Shared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++n, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return n;
}

// The dimensions of the quantities inside `r` (sorted, unique; bare
// numbers and percentages left out).
std::vector<std::string> DimensionsIn(const std::vector<Quantity>& qs, Range r) {
  std::vector<std::string> out;
  auto it = std::lower_bound(qs.begin(), qs.end(), r.begin, [](const Quantity& q, size_t o) { return q.range.begin < o; });
  for (; it != qs.end() && it->range.end <= r.end; ++it) {
    if (!it->unit) continue;  // a bare number: dimension() is ""
    const std::string& d = it->unit->dimension;
    if (!d.empty() && d != "1") out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// How many quantities `r` holds, those of the part's dimensions counting
// three times.
int QuantityScore(const std::vector<Quantity>& qs, Range r, const std::vector<std::string>& dims) {
  int score = 0;
  auto it = std::lower_bound(qs.begin(), qs.end(), r.begin, [](const Quantity& q, size_t o) { return q.range.begin < o; });
  for (; it != qs.end() && it->range.end <= r.end; ++it) {
    // it->dimension(), read in place ("" for a bare number).
    const std::string_view d = it->unit ? std::string_view(it->unit->dimension) : std::string_view();
    score += std::find(dims.begin(), dims.end(), d) != dims.end() ? 3 : 1;
  }
  return score;
}

// Typst's marks: a heading ("= ", "== ") at the start of a line, "#import"
// or "#let ". One pass over the scope, stopping only at '\n' and '#'.
bool LooksTypst(const Document& doc, Range scope) {
  std::string_view t = doc.View(scope);
  auto heading_at = [&](size_t k) { return t.compare(k, 2, "= ") == 0 || t.compare(k, 3, "== ") == 0; };
  if (heading_at(0)) return true;
  for (size_t k = 0; k < t.size(); ++k) {
#ifdef __SSE2__
    k = SkipUnflagged(t, k, [](__m128i b) {
      return _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(b, _mm_set1_epi8('#')));
    });
    if (k >= t.size()) break;
#endif
    if (k + 1 >= t.size()) break;  // nothing can start after the last byte
    const char next = t[k + 1];
    if (t[k] == '\n' && next == '=' && heading_at(k + 1)) return true;
    if (t[k] == '#' && ((next == 'i' && t.compare(k, 7, "#import") == 0) || (next == 'l' && t.compare(k, 5, "#let ") == 0)))
      return true;
  }
  return false;
}

bool HasDigit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t Substance(std::string_view t) {
  return static_cast<size_t>(std::count_if(t.begin(), t.end(), [](char c) { return c != ' ' && c != '\n' && c != '\t'; }));
}

}  // namespace

PartMap MapParts(const Document& doc, const std::vector<std::string>& part_ids) {
  if (!part_ids.empty()) {
    std::vector<PartSpec> specs;
    for (const std::string& id : part_ids) specs.push_back({id, "", "", {}});
    return MapParts(doc, specs, {}, {});
  }
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
  return m;
}

}  // namespace grader

namespace grader {
namespace {

// A top-level block of the writer: consecutive segments of one letter (or
// one question when there are no letters).
struct Block {
  size_t first, last;  // segment indices
  Range range;
};

FoundPart MakePart(const Document& doc, const std::string& id, Range r, std::string label, std::string how) {
  FoundPart p;
  p.id = id;
  p.range = r;
  p.span = doc.MakeSpan(r);
  p.label = std::move(label);
  p.how = std::move(how);
  return p;
}

}  // namespace

PartMap MapParts(const Document& doc, const std::vector<PartSpec>& specs, const std::vector<std::string>& names,
                 const std::vector<Quantity>& quantities) {
  return MapPartsInSection(doc, specs, FindSection(doc, names), quantities);
}

PartMap MapPartsInSection(const Document& doc, const std::vector<PartSpec>& specs, Section section,
                 const std::vector<Quantity>& quantities) {
  PartMap m;
  m.section = std::move(section);
  const Range sec = m.section.range;
  std::vector<std::string> ids;
  ids.reserve(specs.size());
  for (const PartSpec& p : specs) ids.push_back(p.id);
  // (Finishes m in place; the callers then return m itself, moved out, not
  // a copy.)
  auto finish = [&]() {
    // Parts never overlap: one that runs into the next found part (in text
    // order) ends where that one begins; one left empty is not found.
    std::vector<FoundPart*> by_start;
    by_start.reserve(m.parts.size());
    for (FoundPart& p : m.parts) by_start.push_back(&p);
    // By start, equal starts kept in order: an insertion sort (a few parts;
    // std::stable_sort would allocate a buffer).
    for (size_t i = 1; i < by_start.size(); ++i)
      for (size_t j = i; j > 0 && by_start[j]->range.begin < by_start[j - 1]->range.begin; --j)
        std::swap(by_start[j], by_start[j - 1]);
    for (size_t i = 0; i + 1 < by_start.size(); ++i)
      if (by_start[i]->range.end > by_start[i + 1]->range.begin) {
        by_start[i]->range.end = by_start[i + 1]->range.begin;
        by_start[i]->span = doc.MakeSpan(by_start[i]->range);
      }
    m.parts.erase(std::remove_if(m.parts.begin(), m.parts.end(), [](const FoundPart& p) { return p.range.size() == 0; }),
                  m.parts.end());
    // Parts in the order of the ids.
    // Moved when every id is given once and is not "" (each part then taken
    // once, and a part moved from, its id "", matches no later id), else
    // copied.
    bool distinct = true;
    for (size_t i = 0; i < ids.size() && distinct; ++i) {
      distinct = !ids[i].empty();
      for (size_t j = i + 1; j < ids.size() && distinct; ++j) distinct = ids[i] != ids[j];
    }
    std::vector<FoundPart> ordered;
    ordered.reserve(m.parts.size());
    for (const std::string& id : ids)
      for (FoundPart& p : m.parts)
        if (p.id == id) {
          if (distinct) ordered.push_back(std::move(p));
          else ordered.push_back(p);
        }
    m.parts = std::move(ordered);
    for (const std::string& id : ids)
      if (!m.Find(id)) m.missing.push_back(id);
  };
  if (m.section.how == "none" || ids.empty()) {
    m.strategy = "none";
    finish();
    return m;
  }
  const bool letter_ids = std::none_of(ids.begin(), ids.end(), HasDigit);
  SegmentOptions so;
  so.scope = sec;
  so.typst_items = LooksTypst(doc, sec);
  m.segments = Segments(doc, so);
  auto letters_in_ids = [&](const std::vector<Segment>& segs) {
    int n = 0;
    for (const Segment& s : segs)
      if (!s.letter.empty() && std::find(ids.begin(), ids.end(), s.letter) != ids.end()) ++n;
    return n;
  };
  auto has_numbers = [](const std::vector<Segment>& segs) {
    return std::any_of(segs.begin(), segs.end(), [](const Segment& s) { return !s.question.empty(); });
  };
  if (letter_ids && has_numbers(m.segments) && letters_in_ids(m.segments) >= 2) {
    // Lettered parts with numbered lists inside them: the numbers are items.
    so.numbers_as_items = true;
    so.typst_items = false;
    m.segments = Segments(doc, so);
  }
  const std::vector<Segment>& segs = m.segments;

  // Top-level letters the problem does not have ("(a)" when its parts are
  // b, c, e): the writer's own labels.
  bool own_letters = false;
  for (const Segment& s : segs)
    if (!s.letter.empty() && s.question.empty() &&
        std::none_of(ids.begin(), ids.end(), [&](const std::string& id) { return id.rfind(s.letter, 0) == 0; }))
      own_letters = true;  // no part id starts with it ("c" fits "ci")

  // 1. Labels that name the parts, choosing among restated runs by what
  // they hold.
  {
    for (const PartSpec& spec : specs) {
      std::string want = NormalisePartId(spec.id);
      // The best run so far: its range and its first segment (the part is
      // made once, for the winner).
      std::optional<std::pair<Range, size_t>> best;
      int best_score = -1;
      for (size_t i = 0; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        if (s.key.empty()) continue;
        // The ids and labels are a few bytes: compared by a byte loop kept
        // inline, not by out-of-line string comparisons.
        const std::string_view wv = want;
        auto same = [](std::string_view a, std::string_view b) {
          if (a.size() != b.size()) return false;
          for (size_t k = 0; k < a.size(); ++k)
            if (a[k] != b[k]) return false;
          return true;
        };
        // want == a + b, without building a + b.
        auto is_concat = [&](std::string_view a, std::string_view b) {
          return wv.size() == a.size() + b.size() && same(wv.substr(0, a.size()), a) && same(wv.substr(a.size()), b);
        };
        auto matches = [&](const Segment& t) {
          const std::string_view q = t.question, l = t.letter, r = t.roman;
          return same(wv, t.key) || (!l.empty() && (is_concat(l, r) || is_concat(q, l) || same(wv, l))) ||
                 (l.empty() && !r.empty() && same(wv, r)) || (!q.empty() && same(wv, q)) ||
                 (!q.empty() && is_concat("q", q));
        };
        if (!matches(s)) continue;
        size_t last = i;
        while (last + 1 < segs.size() && segs[last + 1].run == s.run && matches(segs[last + 1])) ++last;
        Range r{s.range.begin, segs[last].range.end};
        int score = QuantityScore(quantities, r, spec.dimensions);
        if (score >= best_score) {  // ties: the later run (questions restated, then answered)
          best_score = score;
          best.emplace(r, i);
        }
        i = last;
      }
      if (best) m.parts.push_back(MakePart(doc, spec.id, best->first, segs[best->second].label, "label"));
    }
    if (!m.parts.empty()) m.strategy = "labels";
  }

  // 2. Restated questions: list items that ask something.
  if (m.parts.empty() && ids.size() > 1) {
    std::vector<size_t> starts;
    size_t indent = std::string::npos;
    std::vector<std::pair<size_t, size_t>> items;  // (indent, begin)
    for (const TextUnit& u : doc.units()) {
      if (u.range.begin < sec.begin || u.range.end > sec.end) continue;
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
    if (starts.size() == ids.size()) {
      m.strategy = "questions";
      for (size_t i = 0; i < starts.size(); ++i)
        m.parts.push_back(MakePart(doc, ids[i], {starts[i], i + 1 < starts.size() ? starts[i + 1] : sec.end}, "", "restated"));
    }
  }

  // 3. Numbered parts for lettered ids: question k is the k-th part.
  if (m.parts.empty() && letter_ids && has_numbers(segs)) {
    for (size_t i = 0; i < segs.size(); ++i) {
      const Segment& s = segs[i];
      if (s.question.empty()) continue;
      size_t k = static_cast<size_t>(std::stoi(s.question));
      size_t last = i;
      while (last + 1 < segs.size() && segs[last + 1].question == s.question) ++last;
      if (k >= 1 && k <= ids.size() && !m.Find(ids[k - 1]))
        m.parts.push_back(MakePart(doc, ids[k - 1], {s.range.begin, segs[last].range.end}, s.label, "number"));
      i = last;
    }
    if (!m.parts.empty()) m.strategy = "numbers";
  }

  // 4. The writer's own labels: align their sections with the parts, in
  // order, by the units they hold and the words of their titles.
  const bool have_content = std::any_of(specs.begin(), specs.end(), [](const PartSpec& p) { return !p.title.empty() || !p.statement.empty(); });
  if (own_letters && have_content) {
    std::vector<Block> blocks;
    for (size_t i = 0; i < segs.size(); ++i) {
      if (segs[i].letter.empty()) continue;
      size_t last = i;
      while (last + 1 < segs.size() && segs[last + 1].letter == segs[i].letter) ++last;
      blocks.push_back({i, last, {segs[i].range.begin, segs[last].range.end}});
      i = last;
    }
    const size_t n = blocks.size(), k = specs.size();
    std::vector<std::vector<int>> sim(n, std::vector<int>(k, 0));
    std::vector<std::vector<int>> content(n, std::vector<int>(k, 0));
    for (size_t i = 0; i < n; ++i) {
      const Segment& s = segs[blocks[i].first];
      std::string_view head = doc.View({s.range.begin, std::min(blocks[i].range.end, s.range.begin + 160)});
      std::vector<std::string> words = ContentWords(head);
      std::vector<std::string> dims = DimensionsIn(quantities, blocks[i].range);
      for (size_t j = 0; j < k; ++j) {
        std::vector<std::string> part_dims = specs[j].dimensions;
        std::sort(part_dims.begin(), part_dims.end());
        part_dims.erase(std::unique(part_dims.begin(), part_dims.end()), part_dims.end());
        int c = 3 * static_cast<int>(Shared(dims, part_dims)) +
                2 * static_cast<int>(Shared(words, ContentWords(specs[j].title + " " + specs[j].statement)));
        content[i][j] = c;
        sim[i][j] = c + (s.letter == specs[j].id ? 2 : 0);
      }
    }
    // Order-preserving alignment of most similarity.
    std::vector<std::vector<int>> dp(n + 1, std::vector<int>(k + 1, 0));
    for (size_t i = 1; i <= n; ++i)
      for (size_t j = 1; j <= k; ++j) {
        dp[i][j] = std::max(dp[i - 1][j], dp[i][j - 1]);
        if (sim[i - 1][j - 1] > 0) dp[i][j] = std::max(dp[i][j], dp[i - 1][j - 1] + sim[i - 1][j - 1]);
      }
    std::vector<FoundPart> aligned;
    int aligned_content = 0;
    for (size_t i = n, j = k; i > 0 && j > 0;) {
      if (dp[i][j] == dp[i - 1][j]) --i;
      else if (dp[i][j] == dp[i][j - 1]) --j;
      else {
        const Block& b = blocks[i - 1];
        FoundPart p = MakePart(doc, specs[j - 1].id, b.range, segs[b.first].label, "content");
        p.unsure = content[i - 1][j - 1] < 5;
        aligned_content += content[i - 1][j - 1];
        aligned.push_back(p);
        --i, --j;
      }
    }
    // The same measure for the parts the labels found.
    int label_content = 0;
    for (const FoundPart& p : m.parts)
      for (size_t i = 0; i < n; ++i)
        if (blocks[i].range.begin == p.range.begin)
          for (size_t j = 0; j < k; ++j)
            if (specs[j].id == p.id) label_content += content[i][j];
    if (aligned_content > label_content + 3) {
      m.parts = std::move(aligned);
      m.strategy = "content";
    }
  }

  // 5. Gaps between labelled parts filled by headings of the same level
  // without a label ("### (b) ..." then "### Which parts need the most
  // FLOPs?" restated as the heading of part c, then "### (e) ..."): when
  // the gap holds as many such headings as parts are missing there, they
  // are those parts, in order.
  if (m.strategy == "labels") {
    auto level_of = [&](size_t begin) {
      std::string_view lv = doc.View({begin, std::min(doc.text().size(), begin + 8)});
      size_t n = 0;
      while (n < lv.size() && lv[n] == '#') ++n;
      return n > 0 && n <= 6 && n < lv.size() && lv[n] == ' ' ? static_cast<int>(n) : 0;
    };
    std::vector<size_t> index;  // found parts' positions in ids
    for (size_t i = 0; i < ids.size(); ++i)
      if (m.Find(ids[i])) index.push_back(i);
    std::vector<FoundPart> added;
    for (size_t g = 0; g < index.size(); ++g) {
      size_t i = index[g], k = g + 1 < index.size() ? index[g + 1] : ids.size();
      if (k <= i + 1) continue;
      FoundPart* before = nullptr;
      for (FoundPart& p : m.parts)
        if (p.id == ids[i]) before = &p;
      const int level = level_of(before->range.begin);
      if (level == 0) continue;
      size_t gap_end = k < ids.size() ? m.Find(ids[k])->range.begin : sec.end;
      if (gap_end <= before->range.begin) continue;
      std::vector<size_t> heads;
      // (Only the lines starting inside the gap: found by a search, not a
      // pass over every line.)
      const std::vector<Range>& all = doc.lines();
      auto it = std::upper_bound(all.begin(), all.end(), before->range.begin,
                                 [](size_t o, const Range& r) { return o < r.begin; });
      for (; it != all.end() && it->begin < gap_end; ++it) {
        const Range& line = *it;
        if (doc.InCode(line.begin) || level_of(line.begin) != level) continue;
        heads.push_back(line.begin);
      }
      if (heads.empty() || heads.size() != k - i - 1) continue;
      before->range.end = std::min(before->range.end, heads[0]);
      before->span = doc.MakeSpan(before->range);
      for (size_t h = 0; h < heads.size(); ++h) {
        size_t end = h + 1 < heads.size() ? heads[h + 1] : std::min(gap_end, sec.end);
        added.push_back(MakePart(doc, ids[i + 1 + h], {heads[h], end}, "", "restated"));
      }
    }
    for (FoundPart& p : added) m.parts.push_back(std::move(p));
  }

  // 6. The text before the second part's label answers the first.
  if (!m.parts.empty() && ids.size() > 1 && !m.Find(ids[0])) {
    const FoundPart* second = m.Find(ids[1]);
    size_t first_begin = sec.end;
    for (const FoundPart& p : m.parts) first_begin = std::min(first_begin, p.range.begin);
    if (second && second->range.begin == first_begin && Substance(doc.View({sec.begin, first_begin})) >= 80) {
      Range r{sec.begin, first_begin};
      // Without the problem heading line itself.
      if (!m.section.heading.empty()) {
        size_t nl = doc.text().find('\n', sec.begin);
        if (nl != std::string::npos && nl < first_begin) r.begin = nl + 1;
      }
      m.parts.push_back(MakePart(doc, ids[0], r, "", "preamble"));
    }
  }

  // 7. One part, or nothing found: the section.
  if (m.parts.empty()) {
    if (ids.size() == 1) {
      m.strategy = "whole";
      m.parts.push_back(MakePart(doc, ids[0], sec, "", "whole"));
    } else {
      m.strategy = "none";
    }
  }
  finish();
  return m;
}

}  // namespace grader
