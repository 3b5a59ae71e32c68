#include "grader/extract/claims.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace grader {
namespace {

RE2::Options CaseInsensitive() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(8 << 20);
  return o;
}

const RE2& ClauseBreak() {
  static const RE2 kBreak(R"((;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+))",
                          CaseInsensitive());
  return kBreak;
}

const RE2& Negation() {
  static const RE2 kNeg(R"((\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b))", CaseInsensitive());
  return kNeg;
}

const RE2& Contrast() {
  static const RE2 kContrast(R"((\b(?:rather than|instead of|as opposed to|unlike)\b))", CaseInsensitive());
  return kContrast;
}

// Returns the [begin, end) offsets (relative to `s`) of each match of `re`.
std::vector<std::pair<size_t, size_t>> AllMatches(const RE2& re, std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
    size_t b = static_cast<size_t>(m.data() - s.data());
    out.push_back({b, b + m.size()});
    pos = m.empty() ? b + 1 : b + m.size();
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

ClaimQuery::ClaimQuery(std::string_view subject_pattern, std::string_view predicate_pattern)
    : subject_(std::make_shared<RE2>(re2::StringPiece(subject_pattern.data(), subject_pattern.size()), CaseInsensitive())),
      predicate_(std::make_shared<RE2>(re2::StringPiece(predicate_pattern.data(), predicate_pattern.size()),
                                       CaseInsensitive())) {}

std::string ClaimQuery::error() const {
  for (const RE2* re : {subject_.get(), predicate_.get()})
    if (!re->ok()) return "invalid pattern '" + re->pattern() + "': " + re->error() + " at '" + re->error_arg() + "'";
  return "";
}

Claims::Claims(const Document& doc) : Claims(doc, Range{0, doc.text().size()}) {}

Claims::Claims(const Document& doc, Range read) {
  const std::string& t = doc.text();
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
    for (const auto& [b, e] : AllMatches(ClauseBreak(), v)) {
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
  const bool screen = query.subject().ok() && ContextFree(query.subject()) && it != last;
  const size_t text_end = it != last ? std::prev(last)->end : 0;
  constexpr size_t kNone = std::string::npos;
  size_t searched_from = kNone, next_start = kNone;  // next_start: first match start >= searched_from
  re2::StringPiece next_match;                         // the match at next_start
  re2::StringPiece whole(t.data(), t.size());
  for (; it != last; ++it) {
    std::string_view c(t.data() + it->begin, it->size());
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
    for (const auto& [b, e] : AllMatches(Negation(), c)) {
      bool inside = (b >= sb && e <= se) || (b >= pb && e <= pe);
      // "No, ..." answers a question; it does not negate the clause.
      bool interjection = e < c.size() && c[e] == ',' && e - b == 2;
      // "attention does not.": the cue right after the predicate.
      bool elliptic = b >= pe && b <= pe + 1 && c.find_first_not_of(" .!", e) == std::string_view::npos;
      if ((b < pe || elliptic) && !inside && !interjection) ++negations;
    }
    for (const auto& [b, e] : AllMatches(Contrast(), c))
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
