#include "grader/extract/final_answer.h"

#include "grader/extract/answer_marker.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace grader {
namespace {

RE2::Options Insensitive() {
  RE2::Options o;
  o.set_case_sensitive(false);
  return o;
}

// The sentence markers of a final answer, in the order of MarkerSet().
constexpr const char* kAnswerPattern =
    R"((final answer|\banswer\s*:|\b(the|my|our) (answer|result) is\b|\banswer\s*=|答案|结果(是|为)))";
constexpr const char* kTotalPattern = R"(\btotal|in all\b|总)";
constexpr const char* kConclusionPattern =
    R"(^[\s>*+-]*(so|therefore|thus|hence|overall|in total|in summary|this gives|which gives|giving us)\b|\b(which gives|giving us|that gives|so the|so we have|so that is)\b)";
enum Marker { kAnswer = 0, kTotal = 1, kConclusion = 2 };

const RE2& AnswerMarker() {
  static const RE2 kMarker(kAnswerPattern, Insensitive());
  return kMarker;
}
const RE2& Conclusion() {
  static const RE2 kRe(kConclusionPattern, Insensitive());
  return kRe;
}
// All three markers in one automaton: one pass tells which a sentence holds
// (most hold none), and only those are searched again for their position.
const RE2::Set& MarkerSet() {
  static const RE2::Set* set = [] {
    auto* s = new RE2::Set(Insensitive(), RE2::UNANCHORED);
    for (const char* p : {kAnswerPattern, kTotalPattern, kConclusionPattern}) s->Add(p, nullptr);
    s->Compile();
    return s;
  }();
  return *set;
}

// True when a marker word starts at byte i of `s`; MayHoldMarker: when `s`
// may hold one of the three markers: a cheap superset of
// MarkerSet() (most sentences hold none, and a set match costs a few
// thousand instructions however short the sentence). Every alternative of the
// patterns holds one of these words (ASCII case folded) or Chinese
// characters; "so" only after a byte that is not a word byte, as its \b and
// ^ require. RE2 also folds U+017F (long s) to 's': text holding it goes to
// the set. Every word is at least two bytes long.
bool MayHoldMarkerAt(std::string_view s, size_t i) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; };
  auto word_byte = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  const size_t n = s.size();
  auto at = [&](size_t j, std::string_view w) {
    if (n - j < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k)
      if (lower(s[j + k]) != w[k]) return false;
    return true;
  };
  switch (lower(s[i])) {
    case 'a': if (at(i, "answer")) return true; break;
    case 'r': if (at(i, "result")) return true; break;
    case 't': if (at(i, "total") || at(i, "therefore") || at(i, "thus")) return true; break;
    case 'i': if (at(i, "in all") || at(i, "in summary")) return true; break;
    case 'h': if (at(i, "hence")) return true; break;
    case 'o': if (at(i, "overall")) return true; break;
    case 'g': if (at(i, "gives") || at(i, "giving")) return true; break;
    case 's': if (at(i, "so") && (i == 0 || !word_byte(s[i - 1]))) return true; break;
    // The Chinese markers (答案, 结果, 总) and U+017F, looked for in the same pass.
    case '\xE7': if (at(i, "\xE7\xAD\x94\xE6\xA1\x88") || at(i, "\xE7\xBB\x93\xE6\x9E\x9C")) return true; break;
    case '\xE6': if (at(i, "\xE6\x80\xBB")) return true; break;
    case '\xC5': if (at(i, "\xC5\xBF")) return true; break;
    default: break;
  }
  return false;
}

// The line and the sentence holding an offset, for offsets that only grow
// (the quantities of a scope in reading order): each search resumes where the
// last one stopped instead of bisecting the lines and sentences for every
// quantity.
class Locator {
 public:
  // `from`: no offset asked for lies before it (the lines and units starting
  // at or before it are passed over at once).
  Locator(const Document& doc, size_t from) : lines_(doc.lines()), units_(doc.units()) {
    line_ = static_cast<size_t>(std::upper_bound(lines_.begin(), lines_.end(), from,
                                                 [](size_t o, const Range& r) { return o < r.begin; }) -
                                lines_.begin());
    unit_ = static_cast<size_t>(std::upper_bound(units_.begin(), units_.end(), from,
                                                 [](size_t o, const TextUnit& u) { return o < u.range.begin; }) -
                                units_.begin());
  }
  // The line holding `offset` (as LineOf).
  Range Line(size_t offset) {
    while (line_ < lines_.size() && lines_[line_].begin <= offset) ++line_;
    return line_ == 0 ? Range{0, 0} : lines_[line_ - 1];
  }
  // The sentence or list item holding `offset`, its line if none (as UnitOf).
  Range Unit(size_t offset) {
    while (unit_ < units_.size() && units_[unit_].range.begin <= offset) ++unit_;
    if (unit_ != 0 && units_[unit_ - 1].range.Contains(offset)) return units_[unit_ - 1].range;
    return Line(offset);
  }

 private:
  const std::vector<Range>& lines_;
  const std::vector<TextUnit>& units_;
  size_t line_ = 0, unit_ = 0;  // the first line / unit starting after the last offset
};

// How far (in bytes) from a quantity Enclosed looks for its markers, so
// that a line of a million numbers costs linear time, not quadratic.
constexpr size_t kEnclosingWindow = 256;

// Returns the last start of `needle` at or before `pos` in `hay`, or npos.
// By hand: std::string_view::rfind compares the needle at every position
// with memcmp, and this runs for every quantity of a line holding '*'.
size_t RFindShort(std::string_view hay, std::string_view needle, size_t pos) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  size_t k = std::min(pos, hay.size() - needle.size()) + 1;
  const char first = needle[0];
  while (k-- > 0) {
    if (hay[k] != first) continue;
    size_t j = 1;
    while (j < needle.size() && hay[k + j] == needle[j]) ++j;
    if (j == needle.size()) return k;
  }
  return std::string_view::npos;
}

// Returns the first start of `needle` at or after `pos`, or npos.
size_t FindShort(std::string_view hay, std::string_view needle, size_t pos) {
  const char first = needle[0];
  for (size_t k = pos; k + needle.size() <= hay.size(); ++k) {
    if (hay[k] != first) continue;
    size_t j = 1;
    while (j < needle.size() && hay[k + j] == needle[j]) ++j;
    if (j == needle.size()) return k;
  }
  return std::string_view::npos;
}

// True when `r` lies inside \boxed{...} or **...** on its line (within
// kEnclosingWindow bytes of it).
bool Enclosed(std::string_view line, size_t b, size_t e, std::string_view open, std::string_view close) {
  size_t from = b > kEnclosingWindow ? b - kEnclosingWindow : 0;
  line = line.substr(0, std::min(line.size(), e + kEnclosingWindow)).substr(from);
  b -= from;
  e -= from;
  size_t o = RFindShort(line, open, b);
  if (o == std::string_view::npos) return false;
  size_t c = FindShort(line, close, std::max(e, o + open.size()));
  if (c == std::string_view::npos) return false;
  // No closing marker between the opening one and the quantity.
  size_t mid = FindShort(line, close, o + open.size());
  return mid >= b || open == "\\boxed{";
}

}  // namespace

bool MayHoldMarkerBytewise(std::string_view s, size_t from) {
  // The first bytes of the words above, in either case: most bytes are
  // passed over with one look-up.
  static const auto kFirst = [] {
    std::array<bool, 256> k{};
    for (unsigned char c : std::string_view("artihogsARTIHOGS\xE7\xE6\xC5")) k[c] = true;
    return k;
  }();
  for (size_t i = from; i < s.size(); ++i)
    if (kFirst[static_cast<unsigned char>(s[i])] && MayHoldMarkerAt(s, i)) return true;
  return false;
}

#ifdef __SSE2__
namespace {
// Flags the bytes of `b` equal to one of `C`.
template <char... C>
__m128i AnyOf(__m128i b) {
  return (... | _mm_cmpeq_epi8(b, _mm_set1_epi8(C)));
}
}  // namespace
#endif

// A word starting at i has s[i] | 0x20 and s[i + 1] | 0x20 among the pairs
// below ('a' 'n' for "answer", 't' 'h' for "thus", ...) or both with the top
// bit set (0xE6 0xA0 for 总 = E6 80 BB, 0xE5 0xBF for U+017F = C5 BF, ...):
// | 0x20 folds ASCII case and can only flag more. A block of 16 positions with no position flagged
// in both holds no word start; flagged positions are checked one by one.
bool MayHoldMarker(std::string_view s) {
  size_t i = 0;
#ifdef __SSE2__
  const char* p = s.data();
  const __m128i fold = _mm_set1_epi8(0x20);
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i b0 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), fold);
    const __m128i b1 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1)), fold);
    // The words' first two bytes as pairs (an, in; re, he; to, so; th; ov;
    // gi), not any first byte with any second: English text is full of
    // the other pairings (te, on, se, ...), each a call to MayHoldMarkerAt.
    const auto is = [](__m128i b, char c) { return _mm_cmpeq_epi8(b, _mm_set1_epi8(c)); };
    const __m128i pairs = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(AnyOf<'a', 'i'>(b0), is(b1, 'n')), _mm_and_si128(AnyOf<'r', 'h'>(b0), is(b1, 'e'))),
        _mm_or_si128(_mm_or_si128(_mm_and_si128(AnyOf<'t', 's'>(b0), is(b1, 'o')), _mm_and_si128(is(b0, 't'), is(b1, 'h'))),
                     _mm_or_si128(_mm_and_si128(is(b0, 'o'), is(b1, 'v')), _mm_and_si128(is(b0, 'g'), is(b1, 'i')))));
    // The non-ASCII words (答案, 结果, 总, U+017F) start with two bytes of
    // 0x80 or more: flagged by the bytes' top bits, with no comparison.
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(pairs)) |
                    (static_cast<unsigned>(_mm_movemask_epi8(b0)) & static_cast<unsigned>(_mm_movemask_epi8(b1)));
    while (mask != 0) {
      if (MayHoldMarkerAt(s, i + static_cast<size_t>(__builtin_ctz(mask)))) return true;
      mask &= mask - 1;
    }
  }
#endif
  return MayHoldMarkerBytewise(s, i);
}

Markers FindMarkersRe2(std::string_view s) {
  Markers m;
  re2::StringPiece whole(s.data(), s.size());
  std::vector<int> found;
  MarkerSet().Match(whole, &found);
  auto has = [&](Marker k) { return std::find(found.begin(), found.end(), k) != found.end(); };
  auto first_end = [&](const RE2& re) -> size_t {
    re2::StringPiece match;
    if (!re.Match(whole, 0, whole.size(), RE2::UNANCHORED, &match, 1)) return std::string_view::npos;
    return static_cast<size_t>(match.data() - whole.data()) + match.size();
  };
  if (has(kAnswer)) m.answer_end = first_end(AnswerMarker());
  if (has(kConclusion)) m.conclusion_end = first_end(Conclusion());
  m.total = has(kTotal);
  return m;
}

namespace {

// The patterns above read by hand. RE2 matches them case-insensitively:
// ASCII letters fold, and of the other characters only U+017F (long s)
// folds onto a letter they hold ('s'); text holding it is left to RE2.
// \b is an ASCII word boundary, \s is [\t\n\f\r ], ^ the start of `s`,
// and the first match is the leftmost one, the earlier alternative winning
// at one position (the alternatives that could both match at one position
// are only the two branches of kConclusion at 0).
class MarkerReader {
 public:
  explicit MarkerReader(std::string_view s) : s_(s) {}

  Markers Read() const {
    Markers m;
    const size_t n = s_.size();
    // kConclusion's first branch, anchored at the start.
    size_t q = 0;
    while (q < n && (Space(s_[q]) || s_[q] == '>' || s_[q] == '*' || s_[q] == '+' || s_[q] == '-')) ++q;
    for (std::string_view w : {"so", "therefore", "thus", "hence", "overall", "in total", "in summary", "this gives",
                               "which gives", "giving us"}) {
      if (At(q, w) && Boundary(q + w.size())) {
        m.conclusion_end = q + w.size();
        break;
      }
    }
    // Only positions where a marker may start are looked at further: with
    // SSE2, 16 at a time on their first two bytes (| 0x20 folds ASCII case
    // and can only flag more), then byte by byte on the first byte.
    size_t p = 0;
#ifdef __SSE2__
    const char* d = s_.data();
    const __m128i fold = _mm_set1_epi8(0x20);
    for (; p + 17 <= n; p += 16) {
      const __m128i b0 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p)), fold);
      const __m128i b1 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p + 1)), fold);
      const __m128i first = AnyOf<'f', 'a', 't', 'm', 'o', 'i', 'w', 'g', 's', '\xE7', '\xE6', '\xE5'>(b0);
      const __m128i second = AnyOf<'i', 'n', 'h', 'y', 'u', 'o', '\xAD', '\xBB', '\xA0', '\xBF'>(b1);
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(first, second)));
      while (mask != 0) {
        if (!Visit(p + static_cast<size_t>(__builtin_ctz(mask)), m)) return FindMarkersRe2(s_);
        mask &= mask - 1;
      }
    }
#endif
    static const auto kFirst = [] {
      std::array<bool, 256> k{};
      for (unsigned char c : std::string_view("faAFtTmMoOiIwWgGsS\xE7\xE6\xC5")) k[c] = true;
      return k;
    }();
    for (; p < n; ++p)
      if (kFirst[static_cast<unsigned char>(s_[p])] && !Visit(p, m)) return FindMarkersRe2(s_);
    return m;
  }

 private:
  // Looks for the markers starting at p; false when p holds U+017F (left to RE2).
  bool Visit(size_t p, Markers& m) const {
    if (s_[p] == '\xC5' && p + 1 < s_.size() && s_[p + 1] == '\xBF') return false;
    if (m.answer_end == std::string_view::npos) m.answer_end = AnswerAt(p);
    if (!m.total) m.total = TotalAt(p);
    if (m.conclusion_end == std::string_view::npos) m.conclusion_end = ConclusionAt(p);
    return true;
  }
  static char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }
  static bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
  static bool WordByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  // True when the lower-case (or non-ASCII) `w` is at byte p, ASCII case folded.
  bool At(size_t p, std::string_view w) const {
    if (p > s_.size() || s_.size() - p < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      char c = s_[p + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      if (c != w[k]) return false;
    }
    return true;
  }
  // \b at byte p.
  bool Boundary(size_t p) const {
    const bool before = p > 0 && WordByte(s_[p - 1]);
    const bool after = p < s_.size() && WordByte(s_[p]);
    return before != after;
  }

  // The end of a kAnswer match starting at p, or npos.
  size_t AnswerAt(size_t p) const {
    const char c = Lower(s_[p]);
    if (c == 'f') return At(p, "final answer") ? p + 12 : std::string_view::npos;
    if ((c == 'a' || c == 't' || c == 'm' || c == 'o') && Boundary(p)) {
      if (At(p, "answer")) {
        size_t q = p + 6;
        while (q < s_.size() && Space(s_[q])) ++q;
        if (q < s_.size() && (s_[q] == ':' || s_[q] == '=')) return q + 1;
      }
      size_t w = At(p, "the") ? 3 : At(p, "my") ? 2 : At(p, "our") ? 3 : 0;
      if (w != 0 && At(p + w, " ") && (At(p + w + 1, "answer") || At(p + w + 1, "result")) && At(p + w + 7, " is") &&
          Boundary(p + w + 10))
        return p + w + 10;
    }
    if (c != '\xE7') return std::string_view::npos;
    if (At(p, "\xE7\xAD\x94\xE6\xA1\x88")) return p + 6;  // 答案
    if (At(p, "\xE7\xBB\x93\xE6\x9E\x9C") && (At(p + 6, "\xE6\x98\xAF") || At(p + 6, "\xE4\xB8\xBA")))
      return p + 9;  // 结果是, 结果为
    return std::string_view::npos;
  }

  bool TotalAt(size_t p) const {
    switch (Lower(s_[p])) {
      case 't': return At(p, "total") && Boundary(p);
      case 'i': return At(p, "in all") && Boundary(p + 6);
      case '\xE6': return At(p, "\xE6\x80\xBB");
      default: return false;
    }
  }

  // The end of a match of kConclusion's second branch starting at p, or npos.
  size_t ConclusionAt(size_t p) const {
    const char c = Lower(s_[p]);
    if ((c != 'w' && c != 'g' && c != 't' && c != 's') || !Boundary(p)) return std::string_view::npos;
    for (std::string_view w : {"which gives", "giving us", "that gives", "so the", "so we have", "so that is"})
      if (At(p, w) && Boundary(p + w.size())) return p + w.size();
    return std::string_view::npos;
  }

  std::string_view s_;
};

}  // namespace

Markers FindMarkers(std::string_view s) { return MarkerReader(s).Read(); }

std::vector<FinalAnswer> RankAnswers(const Document& doc, const std::vector<Quantity>& quantities,
                                     const std::vector<Equation>& equations, Range scope) {
  std::vector<FinalAnswer> out;
  // The markers of a sentence, matched once for all of its quantities (a
  // sentence of many numbers would otherwise be scanned once per number).
  // A marker holds no digit, so no match straddles a quantity: "a match
  // before the quantity" is "the first match ends before it".
  size_t cached_ub = std::string::npos, cached_ue = 0;
  size_t answer_end = std::string::npos, conclusion_end = std::string::npos;
  bool total = false;
  size_t cached_line = std::string::npos;
  bool has_boxed = false, has_bold = false;
  // Quantities are in reading order: start at the first inside the scope.
  auto from = std::lower_bound(quantities.begin(), quantities.end(), scope.begin,
                               [](const Quantity& q, size_t o) { return q.range.begin < o; });
  Locator locate(doc, scope.begin);
  // The first equation that does not end before the quantity (none of the
  // scope's quantities begins before the scope).
  auto first = std::lower_bound(equations.begin(), equations.end(), scope.begin,
                                [](const Equation& eq, size_t o) { return eq.range.end < o; });
  for (size_t i = static_cast<size_t>(from - quantities.begin()); i < quantities.size(); ++i) {
    const Quantity& q = quantities[i];
    if (q.range.begin >= scope.end) break;
    if (q.range.begin < scope.begin || q.range.end > scope.end) continue;
    Range line = locate.Line(q.range.begin);
    std::string_view lv = doc.View(line);
    size_t b = q.range.begin - line.begin, e = std::min(q.range.end, line.end) - line.begin;
    int weight = 0;
    std::string reasons;
    auto add = [&](int w, const char* why) {
      weight += w;
      if (!reasons.empty()) reasons += ", ";
      reasons += why;
    };
    // Markers count within the quantity's sentence (PDF text puts whole
    // paragraphs on one line).
    Range unit = locate.Unit(q.range.begin);
    size_t ub = std::max(unit.begin, line.begin), ue = std::min(unit.end, line.end);
    if (ub != cached_ub || ue != cached_ue) {
      cached_ub = ub;
      cached_ue = ue;
      const std::string_view whole(doc.text().data() + ub, ue > ub ? ue - ub : 0);
      Markers m;
      if (MayHoldMarker(whole)) m = FindMarkers(whole);
      answer_end = m.answer_end == std::string_view::npos ? std::string::npos : ub + m.answer_end;
      conclusion_end = m.conclusion_end == std::string_view::npos ? std::string::npos : ub + m.conclusion_end;
      total = m.total;
    }
    // Enclosed() can only hold when the line has the opening marker at all:
    // looked for once per line, not once per quantity (a LaTeX line holds a
    // '\\' and many numbers).
    if (line.begin != cached_line) {
      cached_line = line.begin;
      has_boxed = lv.find("\\boxed{") != std::string_view::npos;
      has_bold = lv.find("**") != std::string_view::npos;
    }
    if (has_boxed && Enclosed(lv, b, e, "\\boxed{", "}")) add(3, "boxed");
    else if (answer_end <= q.range.begin) add(3, "answer marker");
    if (has_bold && Enclosed(lv, b, e, "**", "**")) add(2, "bold");
    if (total) add(2, "total");
    if (conclusion_end <= q.range.begin) add(1, "conclusion");
    if (b >= 5 && lv.substr(b - 5, 5) == "from ") add(-1, "previous value");
    (void)e;
    // Equations come in reading order and do not overlap: start at the
    // first one that does not end before the quantity.
    while (first != equations.end() && first->range.end < q.range.begin) ++first;
    for (auto it = first; it != equations.end(); ++it) {
      const Equation& eq = *it;
      if (eq.range.begin > q.range.end) break;
      const EquationSide& last = eq.sides.back();
      if (last.range.begin <= q.range.begin && q.range.end <= last.range.end + 1) {
        if (eq.truth == Truth::kTrue || eq.truth == Truth::kRounded) add(1, "equation result");
        if (eq.truth == Truth::kFalse) add(-1, "false equation");
      }
    }
    if (weight > 0) out.push_back({i, weight, std::move(reasons)});
  }
  // Heaviest first, the later first among equals: `out` is in reading
  // order, so each weight's answers are placed from the last (a counting
  // sort, each answer moved once).
  if (out.size() < 2) return out;
  int heaviest = 0;
  for (const FinalAnswer& a : out) heaviest = std::max(heaviest, a.weight);
  std::vector<size_t> slot(static_cast<size_t>(heaviest) + 2, 0);  // slot[w]: where weight w's answers end
  for (const FinalAnswer& a : out) ++slot[static_cast<size_t>(a.weight)];
  for (int w = heaviest - 1; w >= 1; --w) slot[static_cast<size_t>(w)] += slot[static_cast<size_t>(w) + 1];
  std::vector<FinalAnswer> ranked(out.size());
  for (FinalAnswer& a : out) ranked[--slot[static_cast<size_t>(a.weight)]] = std::move(a);
  return ranked;
}

}  // namespace grader
