// The fixed patterns of claims.cc matched by hand: shared with the "choice"
// check (its clause breaks) and exposed for the tests that hold each against
// its RE2 pattern.
#ifndef GRADER_EXTRACT_CLAIMS_INTERNAL_H_
#define GRADER_EXTRACT_CLAIMS_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grader {

// The end of the clause break that starts at s[p] (p < s.size()), or 0 when
// none does: a match of the case-insensitive RE2 pattern
//   (;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+)
// where Claims cut clauses, found without RE2. With `full_width`, also of
// "；", "。", "！", "？" and "，" (placed after ';' in the alternation; the
// "choice" check's clauses).
size_t ClauseBreakEndAt(std::string_view s, size_t p, bool full_width = false);
// False when no clause break starts with byte `c`: callers skip most bytes
// without the call.
inline bool MayStartClauseBreak(char c, bool full_width = false) {
  const auto u = static_cast<unsigned char>(c);
  return c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
         (full_width && (u == 0xEF || u == 0xE3));
}

// The end of the negation that starts at s[p] (p < s.size()), or 0 when
// none does: a match of the case-insensitive RE2 pattern
//   (\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b)
// with `chinese`, of (\b(?:not|...|without)\b|n't\b|不是|并非|并不|没有)
// (the "choice" check's).
size_t NegationEndAt(std::string_view s, size_t p, bool chinese = false);
// False when no negation starts with byte `c` (not, no, never, none,
// neither, nor, n't: 'n'; cannot: 'c'; without: 'w'; 不 E4, 并 E5, 没 E6).
inline bool MayStartNegation(char c, bool chinese = false) {
  const auto u = static_cast<unsigned char>(c | 0x20);
  return u == 'n' || u == 'c' || u == 'w' ||
         (chinese && (static_cast<unsigned char>(c) >= 0xE4 && static_cast<unsigned char>(c) <= 0xE6));
}

// A byte of RE2's \w (ASCII letters, digits, '_'): what \b tests.
inline bool IsAsciiWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of `lit` read at s[i] as a case-insensitive RE2 pattern reads
// it (its lower-case ASCII letters in either case, 's' also as U+017F and
// 'k' also as U+212A, other bytes as they are), or 0 when it is not there.
size_t CaselessLiteralAt(std::string_view s, size_t i, std::string_view lit);

namespace claims_internal {

// A literal screen of a case-insensitive RE2 pattern: needles (short byte
// strings) such that every match of the pattern holds one of them, read
// case-insensitively for ASCII letters. Each top-level alternative of the
// pattern gives one needle: a run of literal characters it requires (not
// under '?', '*' or {0,..}, outside any group or class). The analysis is
// conservative: a pattern it cannot read (an alternative with no such run,
// \Q...\E, \p, \x, a POSIX class, a cased non-ASCII letter) gets no screen
// (ok() is false). RE2 also folds U+017F to 's' and U+212A to 'k': Find
// reports each of them as a hit, so a stretch holding one always passes.
class LiteralScreen {
 public:
  explicit LiteralScreen(std::string_view pattern);
  bool ok() const { return ok_; }
  const std::vector<std::string>& needles() const { return needles_; }
  // Every occurrence [begin, end) in `s` of a needle, of U+017F and of
  // U+212A, sorted, each once. A match of the pattern inside `s` (with any
  // context) holds one of them.
  std::vector<std::pair<size_t, size_t>> Find(std::string_view s) const;
  // Whether Find(s) would find anything.
  bool Holds(std::string_view s) const;

 private:
  bool ok_ = false;
  std::vector<std::string> needles_;  // ASCII letters in lower case
  std::vector<size_t> key_;           // per needle: the offset of its rarest byte, searched for
  std::vector<unsigned char> keys_;   // the distinct key bytes, | 0x20
  std::vector<uint32_t> by_key_;      // per byte | 0x20: the needles keyed on it (bit k), and bit 31 for U+017F/U+212A
  // Calls hit(begin, end) for every occurrence Find reports, unsorted,
  // until it returns true; returns whether one did.
  template <class Hit>
  bool Scan(std::string_view s, Hit hit) const;
};

// The matches, [begin, end) in order, as RE2 finds them one after another:
// of the break pattern above (without and with `full_width`), of the
// negations (\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b)
// and of the contrasts (\b(?:rather than|instead of|as opposed to|unlike)\b),
// all case-insensitive.
std::vector<std::pair<size_t, size_t>> ClauseBreaks(std::string_view s);
std::vector<std::pair<size_t, size_t>> FullWidthClauseBreaks(std::string_view s);
std::vector<std::pair<size_t, size_t>> Negations(std::string_view s);
std::vector<std::pair<size_t, size_t>> ChineseNegations(std::string_view s);
std::vector<std::pair<size_t, size_t>> Contrasts(std::string_view s);
}  // namespace claims_internal

}  // namespace grader

#endif  // GRADER_EXTRACT_CLAIMS_INTERNAL_H_
