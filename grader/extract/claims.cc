#include "grader/extract/claims.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "grader/extract/claims_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace grader {
namespace {

using std::string_view_literals::operator""sv;

RE2::Options CaseInsensitive() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(8 << 20);
  return o;
}

// ---- The fixed patterns, matched by hand ----
//
// The clause breaks, negations and contrasts:
//   break     (;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+)
//   negation  (\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b)
//   contrast  (\b(?:rather than|instead of|as opposed to|unlike)\b)
// all case-insensitive. Each function below finds exactly the matches
// (leftmost first, in order) that RE2 finds with the pattern it names,
// without RE2's set-up (a few thousand instructions per call, most of the
// cost on a clause).
// RE2 semantics kept: \s is [\t\n\f\r ], \b an ASCII word boundary, and a
// case-insensitive 's' also matches U+017F and 'k' also U+212A (no other
// character folds to an ASCII letter). The tests hold each against its
// pattern on random text and the corpus.

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

size_t SpacesAt(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsSpace(s[j])) ++j;
  return j - i;
}

}  // namespace

size_t CaselessLiteralAt(std::string_view s, size_t i, std::string_view word) {
  const size_t start = i;
  for (char w : word) {
    if (i >= s.size()) return 0;
    const char c = s[i];
    if (c == w || (w >= 'a' && w <= 'z' && c == w - ('a' - 'A'))) {
      ++i;
      continue;
    }
    if (w == 's' && s.substr(i, 2) == "\xC5\xBF") {
      i += 2;
      continue;
    }
    if (w == 'k' && s.substr(i, 3) == "\xE2\x84\xAA") {
      i += 3;
      continue;
    }
    return 0;
  }
  return i - start;
}

// (;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+)
// matched at s[p]: the end of the match, or 0 when none starts there.
size_t ClauseBreakEndAt(std::string_view s, size_t p, bool full_width) {
  const char c = s[p];
  if (c == ';') return p + 1;
  if (full_width && (static_cast<unsigned char>(c) == 0xEF || static_cast<unsigned char>(c) == 0xE3)) {
    for (std::string_view mark :
         {"\xEF\xBC\x9B"sv, "\xE3\x80\x82"sv, "\xEF\xBC\x81"sv, "\xEF\xBC\x9F"sv, "\xEF\xBC\x8C"sv})
      if (s.substr(p, 3) == mark) return p + 3;
    return 0;
  }
  const bool comma = c == ',';
  if (!comma && !IsSpace(c)) return 0;
  size_t q = p + (comma ? 1 : 0);
  const size_t lead = SpacesAt(s, q);
  if (lead == 0) return 0;
  q += lead;
  // The words start with b, w, h or a (in either case; no folded character).
  if (q == s.size()) return 0;
  const char l = static_cast<char>(s[q] | 0x20);
  if (l != 'b' && l != 'w' && l != 'h' && l != 'a') return 0;
  // Only one word can follow the spaces; "however" and "although" may follow
  // a comma.
  size_t w = 0;
  bool however = false;
  if (!comma) {
    for (std::string_view word : {"but"sv, "whereas"sv, "while"sv})
      if ((w = CaselessLiteralAt(s, q, word)) != 0) break;
  }
  if (w == 0 && (w = CaselessLiteralAt(s, q, "however"sv)) != 0) however = true;
  if (w == 0) w = CaselessLiteralAt(s, q, "although"sv);
  if (w == 0) return 0;
  q += w;
  if (however && q < s.size() && s[q] == ',') {
    // ",?" greedy: taken, then spaces must follow (without it, "\s+" fails
    // on the comma).
    ++q;
  }
  const size_t trail = SpacesAt(s, q);
  return trail == 0 ? 0 : q + trail;
}

namespace {

size_t BreakEndAt(std::string_view s, size_t p) { return ClauseBreakEndAt(s, p, false); }
size_t EnglishNegationEndAt(std::string_view s, size_t p) { return NegationEndAt(s, p, false); }

}  // namespace

// (\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b) at s[p];
// with `chinese`, also 不是, 并非, 并不 and 没有 (after n't in the
// alternation).
size_t NegationEndAt(std::string_view s, size_t p, bool chinese) {
  const bool boundary_before = p == 0 || !IsAsciiWordByte(s[p - 1]);
  if (boundary_before && IsAsciiWordByte(s[p])) {
    size_t r = p;
    while (r < s.size() && IsAsciiWordByte(s[r])) ++r;  // a word ends only at a non-word byte
    const size_t n = r - p;
    if (n >= 2 && n <= 7) {
      for (std::string_view word :
           {"not"sv, "no"sv, "never"sv, "none"sv, "neither"sv, "nor"sv, "cannot"sv, "without"sv})
        if (word.size() == n && CaselessLiteralAt(s, p, word) == n) return r;
    }
  }
  if (CaselessLiteralAt(s, p, "n't"sv) == 3 && (p + 3 == s.size() || !IsAsciiWordByte(s[p + 3]))) return p + 3;
  if (chinese && static_cast<unsigned char>(s[p]) >= 0xE4) {
    for (std::string_view word : {"不是"sv, "并非"sv, "并不"sv, "没有"sv})
      if (s.substr(p, word.size()) == word) return p + word.size();
  }
  return 0;
}

namespace {

// Whether a contrast may start with byte c: 'r', 'i', 'a' or 'u' in either
// case.
bool MayStartContrast(char c) {
  const char l = static_cast<char>(c | 0x20);
  return l == 'r' || l == 'i' || l == 'a' || l == 'u';
}

// (\b(?:rather than|instead of|as opposed to|unlike)\b) at s[p].
size_t ContrastEndAt(std::string_view s, size_t p) {
  if (!(p == 0 || !IsAsciiWordByte(s[p - 1]))) return 0;
  for (std::string_view phrase : {"rather than"sv, "instead of"sv, "as opposed to"sv, "unlike"sv}) {
    const size_t n = CaselessLiteralAt(s, p, phrase);
    if (n != 0) return (p + n == s.size() || !IsAsciiWordByte(s[p + n])) ? p + n : 0;
  }
  return 0;
}

// Every match, in order, of the pattern `end_at` stands for (its matches are
// never empty); `may_start(c)` is false for bytes no match starts with.
template <class MayStart, class EndAt>
std::vector<std::pair<size_t, size_t>> AllByHand(std::string_view s, MayStart may_start, EndAt end_at) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t p = 0; p < s.size();) {
    const size_t e = may_start(s[p]) ? end_at(s, p) : 0;
    if (e == 0) {
      ++p;
      continue;
    }
    out.push_back({p, e});
    p = e;
  }
  return out;
}

// True when `s` may hold a clause break: a ';' or, in any case, "but",
// "wherea(s)", "while", "however" or "although" (a superset of what the
// regex matches, so it still decides). Most sentences have none and skip the
// regex. The scan keys on the rarer letters b, w and g.
bool MayBreakClause(std::string_view s) {
  static const auto kKey = [] {
    std::array<bool, 256> k{};
    for (unsigned char c : std::string_view(";bBwWgG")) k[c] = true;
    return k;
  }();
  auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  const size_t n = s.size();
  auto at = [&](size_t i, std::string_view w) {
    if (n - i < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k)
      if (lower(s[i + k]) != w[k]) return false;
    return true;
  };
  auto breaks_at = [&](size_t i) {
    char c = s[i];
    if (!kKey[static_cast<unsigned char>(c)]) return false;
    if (c == ';') return true;
    char l = lower(c);
    if (l == 'b' && at(i, "but")) return true;
    if (l == 'w' && (at(i, "wherea") || at(i, "while") || (i >= 2 && at(i - 2, "however")))) return true;
    if (l == 'g' && i >= 6 && at(i - 6, "although")) return true;
    return false;
  };
  size_t i = 0;
#ifdef __SSE2__
  // 16 bytes at a time: a key byte, folded with | 0x20, is one of ';' 'b' 'w'
  // 'g' (the fold may flag a few more bytes; breaks_at looks at each).
  const __m128i fold = _mm_set1_epi8(0x20);
  for (; i + 16 <= n; i += 16) {
    const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)), fold);
    const __m128i key = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(';')), _mm_cmpeq_epi8(b, _mm_set1_epi8('b'))),
                                     _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('w')), _mm_cmpeq_epi8(b, _mm_set1_epi8('g'))));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(key));
    while (mask != 0) {
      if (breaks_at(i + static_cast<size_t>(__builtin_ctz(mask)))) return true;
      mask &= mask - 1;
    }
  }
  // Fewer than 16 bytes left: the 16 bytes ending at the end of `s`, those
  // before i shifted out.
  if (n >= 16 && i < n) {
    const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + n - 16)), fold);
    const __m128i key = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(';')), _mm_cmpeq_epi8(b, _mm_set1_epi8('b'))),
                                     _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('w')), _mm_cmpeq_epi8(b, _mm_set1_epi8('g'))));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(key)) >> (i - (n - 16));
    while (mask != 0) {
      if (breaks_at(i + static_cast<size_t>(__builtin_ctz(mask)))) return true;
      mask &= mask - 1;
    }
    return false;
  }
#endif
  for (; i < n; ++i)
    if (breaks_at(i)) return true;
  return false;
}

// True when whether `re` matches a stretch of text depends on the matched
// bytes alone, never on the bytes around them: the pattern has no '^' or '$'
// and no escape \b, \B, \A, \z or \Z. Conservative: a '^' negating a class
// also counts, and so does any \Q...\E quote (only speed is lost). Then a
// match inside a clause is also a match inside any text holding the clause.
bool ContextFree(const RE2& re) {
  const std::string& p = re.pattern();
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '^' || p[i] == '$') return false;
    if (p[i] != '\\') continue;
    if (i + 1 == p.size() || std::string_view("bBAzZQ").find(p[i + 1]) != std::string_view::npos) return false;
    ++i;  // an escaped byte: "\\^" is a literal '^'
  }
  return true;
}

}  // namespace

namespace claims_internal {
std::vector<std::pair<size_t, size_t>> ClauseBreaks(std::string_view s) {
  return AllByHand(
      s, [](char c) { return MayStartClauseBreak(c); }, BreakEndAt);
}
std::vector<std::pair<size_t, size_t>> FullWidthClauseBreaks(std::string_view s) {
  return AllByHand(
      s, [](char c) { return MayStartClauseBreak(c, true); },
      [](std::string_view v, size_t p) { return ClauseBreakEndAt(v, p, true); });
}
std::vector<std::pair<size_t, size_t>> Negations(std::string_view s) {
  return AllByHand(
      s, [](char c) { return MayStartNegation(c); }, EnglishNegationEndAt);
}
std::vector<std::pair<size_t, size_t>> ChineseNegations(std::string_view s) {
  return AllByHand(
      s, [](char c) { return MayStartNegation(c, true); },
      [](std::string_view v, size_t p) { return NegationEndAt(v, p, true); });
}
std::vector<std::pair<size_t, size_t>> Contrasts(std::string_view s) {
  return AllByHand(s, MayStartContrast, ContrastEndAt);
}
}  // namespace claims_internal

namespace {

constexpr size_t kNpos = std::string_view::npos;

// The end of the class that opens at p[i] == '[', or kNpos when it holds
// what LiteralScreen does not read (a POSIX class, \Q, \p, \x, a leading
// ']').
size_t ClassEnd(std::string_view p, size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') return kNpos;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size() || std::string_view("QpPx").find(p[i + 1]) != kNpos) return kNpos;
      i += 2;
      continue;
    }
    if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') return kNpos;
    if (c == ']') return i + 1;
    ++i;
  }
  return kNpos;
}

// The end of the group that opens at p[i] == '(', or kNpos.
size_t GroupEnd(std::string_view p, size_t i) {
  int depth = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size() || p[i + 1] == 'Q') return kNpos;
      i += 2;
      continue;
    }
    if (c == '[') {
      i = ClassEnd(p, i);
      if (i == kNpos) return kNpos;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i + 1;
    ++i;
  }
  return kNpos;
}

// Code points with no case (RE2 folds nothing to or from them) that a needle
// may hold: x, ÷, punctuation, arrows, mathematical operators, CJK.
bool Caseless(uint32_t cp) {
  return cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x20FF) || (cp >= 0x2190 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x9FFF);
}

// How rare a byte is in English text: higher is rarer.
int Rarity(unsigned char c) {
  static constexpr std::string_view kByFrequency = "etaoinshrdlcumwfgypbvkjxqz";
  if (c >= 'a' && c <= 'z') return static_cast<int>(kByFrequency.find(static_cast<char>(c)));
  if (c >= '0' && c <= '9') return 8;
  if (c == ' ') return -1;
  return c < 0x80 ? 20 : 14;
}

}  // namespace

namespace claims_internal {

LiteralScreen::LiteralScreen(std::string_view p) {
  std::string run, best;
  bool bad = false;
  auto better = [](const std::string& a, const std::string& b) {  // a is the better needle
    int ra = -2, rb = -2;
    for (char c : a) ra = std::max(ra, Rarity(static_cast<unsigned char>(c)));
    for (char c : b) rb = std::max(rb, Rarity(static_cast<unsigned char>(c)));
    return ra != rb ? ra > rb : a.size() > b.size();
  };
  auto close = [&] {
    if (!run.empty() && (best.empty() || better(run, best))) best = run;
    run.clear();
  };
  auto end_branch = [&] {
    close();
    if (best.empty()) bad = true;
    needles_.push_back(best);
    best.clear();
  };
  size_t i = 0;
  while (i < p.size() && !bad) {
    const char c = p[i];
    const auto u = static_cast<unsigned char>(c);
    size_t next = kNpos;
    std::string lit;  // the literal the atom stands for, when it is one
    if (c == '|') {
      end_branch();
      ++i;
      continue;
    }
    if (c == '(') {
      next = GroupEnd(p, i);
    } else if (c == '[') {
      next = ClassEnd(p, i);
    } else if (c == '\\') {
      if (i + 1 < p.size()) {
        const auto n = static_cast<unsigned char>(p[i + 1]);
        if (n < 0x80 && !std::isalnum(n)) {
          lit = std::string(1, static_cast<char>(n));
          next = i + 2;
        } else if (n < 0x80 && std::string_view("dDsSwWbBAzntrfv").find(static_cast<char>(n)) != kNpos) {
          next = i + 2;  // a class, an assertion or a control byte: not kept
        }
      }
    } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
      // not an atom
    } else if (c == '.' || c == '^' || c == '$') {
      next = i + 1;
    } else if (u >= 0x80) {
      const size_t len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 0;
      if (len != 0 && i + len <= p.size()) {
        uint32_t cp = u & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        bool valid = true;
        for (size_t k = 1; k < len; ++k) {
          const auto b = static_cast<unsigned char>(p[i + k]);
          valid = valid && (b & 0xC0) == 0x80;
          cp = cp << 6 | (b & 0x3F);
        }
        if (valid) {
          next = i + len;
          if (Caseless(cp)) lit = std::string(p.substr(i, len));
        }
      }
    } else {
      lit = std::string(1, static_cast<char>(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u));
      next = i + 1;
    }
    if (next == kNpos) {
      bad = true;
      break;
    }
    // A repetition after the atom.
    size_t q = next;
    size_t min = 1;
    bool repeated = false;
    if (q < p.size() && (p[q] == '*' || p[q] == '?' || p[q] == '+')) {
      min = p[q] == '+' ? 1 : 0;
      repeated = true;
      ++q;
    } else if (q < p.size() && p[q] == '{') {
      size_t r = q + 1, n = 0, digits = 0;
      while (r < p.size() && p[r] >= '0' && p[r] <= '9' && digits < 6) n = n * 10 + static_cast<size_t>(p[r++] - '0'), ++digits;
      if (digits == 0) {
        bad = true;  // a literal '{': not read
        break;
      }
      if (r < p.size() && p[r] == ',') {
        ++r;
        while (r < p.size() && p[r] >= '0' && p[r] <= '9') ++r;
      }
      if (r >= p.size() || p[r] != '}') {
        bad = true;
        break;
      }
      min = n;
      repeated = true;
      q = r + 1;
    }
    if (repeated && q < p.size() && p[q] == '?') ++q;  // non-greedy
    if (repeated && q < p.size() && std::string_view("*+?{").find(p[q]) != kNpos) {
      bad = true;
      break;
    }
    if (!lit.empty() && min >= 1) {
      run += lit;
      if (repeated) close();  // "ab+c" holds "ab", not "abc"
    } else {
      close();
    }
    i = q;
  }
  if (!bad) end_branch();
  if (bad || needles_.size() > 31) {
    needles_.clear();
    return;
  }
  by_key_.assign(256, 0);
  for (const std::string& n : needles_) {
    size_t key = 0;
    for (size_t k = 1; k < n.size(); ++k)
      if (Rarity(static_cast<unsigned char>(n[k])) > Rarity(static_cast<unsigned char>(n[key]))) key = k;
    key_.push_back(key);
    const auto folded = static_cast<unsigned char>(n[key] | 0x20);
    by_key_[folded] |= 1u << (key_.size() - 1);
    if (std::find(keys_.begin(), keys_.end(), folded) == keys_.end()) keys_.push_back(folded);
  }
  // U+017F (C5 BF) and U+212A (E2 84 AA), found by their last bytes.
  for (unsigned char k : {static_cast<unsigned char>(0xBF), static_cast<unsigned char>(0xAA)}) {
    if (std::find(keys_.begin(), keys_.end(), k) == keys_.end()) keys_.push_back(k);
    by_key_[k] |= 1u << 31;
  }
  ok_ = true;
}

template <class Hit>
bool LiteralScreen::Scan(std::string_view s, Hit hit) const {
  if (!ok_) return false;
  const size_t n = s.size();
  // s[i], | 0x20, is a key byte.
  auto verify = [&](size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    uint32_t which = by_key_[b | 0x20];
    if (which >> 31) {
      if (b == 0xBF && i >= 1 && static_cast<unsigned char>(s[i - 1]) == 0xC5 && hit(i - 1, i + 1)) return true;
      if (b == 0xAA && i >= 2 && static_cast<unsigned char>(s[i - 2]) == 0xE2 && static_cast<unsigned char>(s[i - 1]) == 0x84 &&
          hit(i - 2, i + 1))
        return true;
      which &= ~(1u << 31);
    }
    for (; which != 0; which &= which - 1) {
      const auto k = static_cast<size_t>(__builtin_ctz(which));
      const std::string& w = needles_[k];
      const size_t off = key_[k];
      if (i < off || i - off + w.size() > n) continue;
      const size_t st = i - off;
      bool same = true;
      for (size_t j = 0; j < w.size() && same; ++j) {
        const auto t = static_cast<unsigned char>(s[st + j]);
        same = static_cast<char>(t >= 'A' && t <= 'Z' ? t + ('a' - 'A') : t) == w[j];
      }
      if (same && hit(st, st + w.size())) return true;
    }
    return false;
  };
  size_t i = 0;
#ifdef __SSE2__
  const size_t nk = std::min<size_t>(keys_.size(), 16);
  if (nk == keys_.size() && n >= 16) {
    __m128i kv[16];
    for (size_t k = 0; k < nk; ++k) kv[k] = _mm_set1_epi8(static_cast<char>(keys_[k]));
    const __m128i fold = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
      const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)), fold);
      __m128i m = _mm_cmpeq_epi8(b, kv[0]);
      for (size_t k = 1; k < nk; ++k) m = _mm_or_si128(m, _mm_cmpeq_epi8(b, kv[k]));
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
      for (; mask != 0; mask &= mask - 1)
        if (verify(i + static_cast<size_t>(__builtin_ctz(mask)))) return true;
    }
  }
#endif
  for (; i < n; ++i)
    if (by_key_[static_cast<unsigned char>(s[i] | 0x20)] != 0 && verify(i)) return true;
  return false;
}

std::vector<std::pair<size_t, size_t>> LiteralScreen::Find(std::string_view s) const {
  std::vector<std::pair<size_t, size_t>> out;
  bool sorted = true;
  Scan(s, [&](size_t b, size_t e) {
    if (!out.empty() && !(out.back() < std::pair<size_t, size_t>(b, e))) sorted = false;
    out.push_back({b, e});
    return false;
  });
  if (!sorted) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

bool LiteralScreen::Holds(std::string_view s) const {
  return Scan(s, [](size_t, size_t) { return true; });
}

}  // namespace claims_internal

ClaimQuery::ClaimQuery(std::string_view subject_pattern, std::string_view predicate_pattern)
    : subject_(std::make_shared<RE2>(re2::StringPiece(subject_pattern.data(), subject_pattern.size()), CaseInsensitive())),
      predicate_(std::make_shared<RE2>(re2::StringPiece(predicate_pattern.data(), predicate_pattern.size()),
                                       CaseInsensitive())) {
  for (auto [re, screen] : {std::pair{subject_.get(), &subject_screen_}, std::pair{predicate_.get(), &predicate_screen_}}) {
    if (!re->ok()) continue;
    auto made = std::make_shared<claims_internal::LiteralScreen>(re->pattern());
    if (made->ok()) *screen = std::move(made);
  }
}

std::string ClaimQuery::error() const {
  for (const RE2* re : {subject_.get(), predicate_.get()})
    if (!re->ok()) return "invalid pattern '" + re->pattern() + "': " + re->error() + " at '" + re->error_arg() + "'";
  return "";
}

Claims::Claims(const Document& doc) : Claims(doc, Range{0, doc.text().size()}) {}

Claims::Claims(const Document& doc, Range read) {
  const std::string& t = doc.text();
  clauses_.reserve(doc.units().size() + 8);  // about one clause a unit: one allocation
  for (const TextUnit& u : doc.units()) {
    if (u.in_code) continue;
    if (u.range.end <= read.begin && u.range.size() > 0) continue;
    if (u.range.begin >= read.end) break;
    std::string_view v(t.data() + u.range.begin, u.range.size());
    size_t start = 0;
    if (!MayBreakClause(v)) {
      if (!v.empty()) clauses_.push_back(u.range);
      continue;
    }
    for (const auto& [b, e] : AllByHand(v, [](char c) { return MayStartClauseBreak(c); }, BreakEndAt)) {
      if (b > start) clauses_.push_back({u.range.begin + start, u.range.begin + b});
      start = e;
      while (start < v.size() && v[start] == ' ') ++start;
    }
    if (start < v.size()) clauses_.push_back({u.range.begin + start, u.range.end});
  }
}

std::vector<ClaimMatch> Claims::Asserts(const Document& doc, Range scope, const ClaimQuery& query) const {
  std::vector<ClaimMatch> out;
  if (!query.ok()) return out;
  const std::string& t = doc.text();
  auto it = std::lower_bound(clauses_.begin(), clauses_.end(), scope.begin,
                             [](const Range& r, size_t b) { return r.end <= b; });
  auto last = it;
  while (last != clauses_.end() && last->begin < scope.end) ++last;
  // The screen: most clauses do not hold the subject, and a match per clause
  // costs RE2's per-call overhead. For a context-free subject, one search of
  // the text from a clause on finds the first start of a subject match at or
  // after it; a clause ending at or before that start holds no match (a match
  // inside it would start earlier), and the search is reused until a clause
  // begins after that start. Clauses the screen passes are matched as before.
  const size_t text_end = it != last ? std::prev(last)->end : 0;
  // The literal screens: a clause that holds no needle of a screened pattern
  // (from its own bytes) cannot match it. The subject's needles are found
  // once over the clauses' stretch.
  const claims_internal::LiteralScreen* subject_screen = query.subject_screen();
  const claims_internal::LiteralScreen* predicate_screen = query.predicate_screen();
  using Hits = std::vector<std::pair<size_t, size_t>>;
  Hits subject_hits;
  size_t subject_k = 0;
  const size_t text_begin = it != last ? it->begin : 0;
  if (it != last && subject_screen)
    subject_hits = subject_screen->Find(std::string_view(t.data() + text_begin, text_end - text_begin));
  // Whether a hit lies inside [b, e) (relative to the stretch); clauses come
  // in order, so `k` only moves on.
  auto holds = [](const Hits& hits, size_t& k, size_t b, size_t e) {
    while (k < hits.size() && hits[k].first < b) ++k;
    for (size_t j = k; j < hits.size() && hits[j].first < e; ++j)
      if (hits[j].second <= e) return true;
    return false;
  };
  const bool screen = !subject_screen && query.subject().ok() && ContextFree(query.subject()) && it != last;
  constexpr size_t kNone = std::string::npos;
  size_t searched_from = kNone, next_start = kNone;  // next_start: first match start >= searched_from
  re2::StringPiece next_match;                         // the match at next_start
  re2::StringPiece whole(t.data(), t.size());
  for (; it != last; ++it) {
    std::string_view c(t.data() + it->begin, it->size());
    if (subject_screen && !holds(subject_hits, subject_k, it->begin - text_begin, it->end - text_begin)) continue;
    // The predicate's needles are looked for in the clauses the subject
    // screen lets through (a search of the stretch costs more).
    if (predicate_screen && !predicate_screen->Holds(c)) continue;
    if (screen && !c.empty()) {
      if (searched_from == kNone || (next_start != kNone && next_start < it->begin)) {
        searched_from = it->begin;
        next_start = query.subject().Match(whole, it->begin, text_end, RE2::UNANCHORED, &next_match, 1)
                         ? static_cast<size_t>(next_match.data() - t.data())
                         : kNone;
      }
      if (next_start == kNone) break;
      if (next_start >= it->end) continue;
    }
    re2::StringPiece input(c.data(), c.size());
    re2::StringPiece subj, pred;
    // A screened match that ends inside the clause is the clause's own first
    // match: no match of the clause starts earlier, and among the matches at
    // that start the clause allows a subset of the text's, holding the one
    // the text preferred.
    if (screen && !c.empty() && next_start >= it->begin && next_start + next_match.size() <= it->end) {
      subj = next_match;
    } else if (!query.subject().Match(input, 0, c.size(), RE2::UNANCHORED, &subj, 1)) {
      continue;
    }
    if (!query.predicate().Match(input, 0, c.size(), RE2::UNANCHORED, &pred, 1)) continue;
    size_t sb = static_cast<size_t>(subj.data() - c.data());
    size_t pe = static_cast<size_t>(pred.data() - c.data()) + pred.size();
    size_t se = sb + subj.size();
    size_t pb = static_cast<size_t>(pred.data() - c.data());
    int negations = 0;
    for (const auto& [b, e] : AllByHand(c, [](char ch) { return MayStartNegation(ch); }, EnglishNegationEndAt)) {
      bool inside = (b >= sb && e <= se) || (b >= pb && e <= pe);
      // "No, ..." answers a question; it does not negate the clause.
      bool interjection = e < c.size() && c[e] == ',' && e - b == 2;
      // "attention does not.": the cue right after the predicate.
      bool elliptic = b >= pe && b <= pe + 1 && c.find_first_not_of(" .!", e) == std::string_view::npos;
      if ((b < pe || elliptic) && !inside && !interjection) ++negations;
    }
    for (const auto& [b, e] : AllByHand(c, MayStartContrast, ContrastEndAt))
      if (e <= sb) ++negations;
    ClaimMatch m;
    m.polarity = negations % 2 ? Polarity::kNegated : Polarity::kAffirmed;
    m.range = *it;
    m.span = doc.MakeSpan(m.range);
    m.text = std::string(doc.Quote(m.span));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace grader
