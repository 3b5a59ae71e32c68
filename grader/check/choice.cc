// Check kind "choice": which one of a list of options the response picks.
//
//   {"id": "component", "kind": "choice", "part": "a", "answer": "largest_component",
//    "options": {"input embeddings": "input embedding|token embedding",
//                "feed-forward blocks": "feed.?forward|FFN|MLP",
//                "attention blocks": "attention", ...},
//    "predicate": "most|largest|majority|dominat|bottleneck"}
//   {"id": "tf_i", "kind": "choice", "part": "c", "expected": "True", "options": ["True", "False"]}
//
// The pick is the option named most strongly as the largest (with
// `"direction": "smallest"`, the smallest): each mention is scored by its
// role in its clause (see "Roles" below: the subject of "most/dominant/最多",
// the larger side of a comparison, the largest share, or set aside by a
// negation), not by where it comes first; mentions with no role (a
// derivation, code) count for nothing. Without any role, the first option
// mentioned is the pick (and, when several are mentioned, the outcome is
// marked for review). With a `predicate` (an RE2 pattern), it joins the
// dominance cues and an option counts only with a positive role. When two
// options score within one point of each other, the better one is taken and
// the outcome is marked for review with both as candidates. `any`: full
// credit when some option is picked (for "not one of the options").
#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <re2/re2.h>

#include "grader/check/check_util.h"
#include "grader/check/choice_screen.h"
#include "grader/extract/claims_internal.h"
#include "reference/problem.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

std::string DefaultPattern(const std::string& option) {
  // "feed-forward blocks" -> feed[\s-]*forward[\s-]*blocks, word-bounded.
  std::string out = "\\b";
  for (char c : option) {
    if (c == ' ' || c == '-') {
      if (out.size() < 6 || out.substr(out.size() - 6) != "[\\s-]*") out += "[\\s-]*";
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else {
      out.push_back('\\');
      out.push_back(c);
    }
  }
  return out + "\\b";
}

struct Option {
  std::string label;
  std::unique_ptr<RE2> pattern;
};

// ---- Roles: how strongly a mention of an option is named as the pick ----
//
// Every mention of every option in the scope is read in its clause (a
// sentence, list item, table row or code line, cut at ";", "。", " but ",
// " whereas ", ...) and given roles:
//   superlative  the nearest dominance cue of the clause ("most", "largest",
//                "dominant", "the bulk", "over half", "最多", "最大", "主要",
//                and the rubric's `predicate`) names it: +3 ("main",
//                "primary": +2); a "second/next most" cue gives nothing;
//                a negation between mention and cue, or right before the
//                mention ("not the X", "rather than X"), makes it -3
//   comparison   the larger side of "X more/larger ... than Y", "X exceeds
//                Y", "X is N times (of) Y", "2x", "X 比 Y 多": +2, the
//                smaller side -1
//   share        the largest percentage attached to (nearest to, in the
//                same clause) a mention: +2, +3 when over 50%
//   contrast     "X does not dominate; the Y does": Y inherits the denied
//                cue, +3
// With `direction: "smallest"` the signs flip (least/fewest/cheapest cues,
// "less than", the smallest share win). An option's score sums the best
// role of each kind; with no positive role, its worst (negative) role.
struct Mention {
  size_t b, e;
  int opt;
};

struct Role {
  double weight = 0;
  std::string why;  // "named with 'most' in '...'"
  Range where;      // the mention
};

struct Tally {
  Role sup, cmp, share;
  Role neg;  // the worst negative
  double max_share = -1;
  size_t first = std::string::npos;
  Range first_where;
  bool mentioned = false;
  double Score() const {
    double pos = std::max(0.0, sup.weight) + std::max(0.0, cmp.weight) + std::max(0.0, share.weight);
    return pos > 0 ? pos : neg.weight;
  }
  const Role& Best() const {
    const Role* b = &sup;
    if (cmp.weight > b->weight) b = &cmp;
    if (share.weight > b->weight) b = &share;
    return *b;
  }
};

RE2::Options Ci() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  return o;
}

// ClauseBreakEndAt(..., true) (claims_internal.h) matches this pattern by hand; the
// pattern stays for ChoiceCueMatches (the screens' tests).
const RE2& ClauseBreakRe() {
  static const RE2 re(R"((;|；|。|！|？|，|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+))", Ci());
  return re;
}
// Dominance cues: group 1 "second/next" (a runner-up), group 2 the cue.
const RE2& LargestRe() {
  static const RE2 re(
      R"((?:\b(second|next|third|2nd|3rd)[\s-]+)?(\bmost\b|\blargest\b|\bbiggest\b|\bgreatest\b|\bhighest\b|\bheaviest\b|\bdominant\b|\bdominat\w*|\bdominance\b|\bmajority\b|\bbulk\b|\blion'?s share\b|\bover half\b|\bmore than half\b|\babove half\b|\bat least half\b|\bmain\b|\bprimary\b|\bprincipal\b|最多|最大|占据最多|占比最高|最高|大部分|大多数|一半以上|超过一半|主导|主要|其次))",
      Ci());
  return re;
}
const RE2& SmallestRe() {
  static const RE2 re(
      R"((?:\b(second|next|third|2nd|3rd)[\s-]+)?(\bleast\b|\bsmallest\b|\bfewest\b|\bcheapest\b|\blowest\b|\bminimal\b|\bminimum\b|\bless than half\b|最少|最小|最低|较小|更小|较少|很小))",
      Ci());
  return re;
}
// NegationEndAt(..., true) (claims_internal.h) matches this pattern by hand;
// the pattern stays for ChoiceCueMatches (the screens' tests).
const RE2& NegationRe() {
  static const RE2 re(R"((\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b|不是|并非|并不|没有))", Ci());
  return re;
}
// Cues after which the next mention is set aside (not the subject).
const RE2& ContrastRe() {
  static const RE2 re(
      R"((\b(?:rather than|instead of|as opposed to|unlike|besides|apart from|aside from|other than|except(?: for)?)\b)|(\b(?:compared (?:to|with)|relative to|vs\.?|versus)\b|\bfollowed by\b))",
      Ci());
  return re;
}
const RE2& ComparativeRe() {
  // group 1: larger words, group 2: smaller words; then "than" later.
  static const RE2 re(
      R"(\b(?:(more|larger|greater|bigger|higher|heavier|costlier|expensive)|(less|fewer|smaller|lower|cheaper|lighter))\b)",
      Ci());
  return re;
}
const RE2& ThanRe() {
  static const RE2 re(R"(\bthan\b)", Ci());
  return re;
}
const RE2& ExceedsRe() {
  static const RE2 re(R"(\b(exceeds?|outweighs?|dwarfs?|surpass(?:es)?)\b)", Ci());
  return re;
}
// "2 times", "2x", "2×", "2 倍" not followed by a variable (a product).
const RE2& TimesRe() {
  static const RE2 re(R"(((\d+(?:\.\d+)?)\s*(?:times\b|x\b|×|倍)))", Ci());
  return re;
}
const RE2& TimesFollowRe() {
  static const RE2 re(R"(^\s*(?:$|[.,;!)]|倍|of\b|as\b|that\b|the\b|more\b|larger\b|bigger\b|greater\b|higher\b|less\b|fewer\b|smaller\b|compared\b|than\b|what\b))", Ci());
  return re;
}
const RE2& ChineseCompareRe() {
  static const RE2 re(R"(比)", Ci());
  return re;
}
const RE2& ChineseMoreRe() {
  static const RE2 re(R"((多|大|高|贵)|(少|小|低))", Ci());
  return re;
}
const RE2& PercentRe() {
  static const RE2 re(R"(((\d+(?:\.\d+)?)\s*(?:%|％|percent\b)))", Ci());
  return re;
}
const RE2& PercentNotShareRe() {
  static const RE2 re(R"(^\s*(?:more|less|fewer|larger|smaller|higher|lower|faster|slower|increase|decrease)\b)", Ci());
  return re;
}

// Cheap tests that tell a regex above cannot match a clause, so that its
// search (about 2,000 instructions per call on a short clause, most of it
// RE2's set-up) is skipped. Each names what every match must hold as
// plain bytes: ASCII letters in either case (RE2 also folds U+017F to 's'
// and U+212A to 'k': text holding either is always searched), digits (RE2's
// \d is ASCII only) or a CJK character (no case).
// The cues read for every clause with a mention (negations, contrasts,
// dominance cues, "than", "exceeds"; the clause breaks are screened only in
// the tests): every match holds one of the needles below.
enum CueBit : unsigned { kNegBit = 1, kContrastBit = 2, kLargestBit = 4, kSmallestBit = 8, kBreakBit = 16, kThanBit = 32, kExceedsBit = 64 };

struct CueNeedles {
  unsigned bit;
  std::initializer_list<std::string_view> needles;
};
// Needles of at least two bytes, ASCII letters in lower case. Each list also
// holds U+017F and U+212A (which RE2 folds to 's' and 'k'): text with them
// is always searched, so the 's' and 'k' of the needles stay exact.
const CueNeedles kCueNeedles[] = {
    // NegationRe: not no none nor cannot | never neither | without | n't |
    // 不是 并非 并不 没有.
    {kNegBit, {"no", "ne", "without", "n't", "不是", "并", "没有"}},
    // ContrastRe: each alternative's leading word.
    {kContrastBit,
     {"rather", "instead", "opposed", "unlike", "besides", "apart", "aside", "other", "except", "compared", "relative",
      "vs", "versus", "followed"}},
    // LargestRe: group 2 is in every match. 最 covers 最多 最大 占据最多
    // 占比最高 最高; 大 covers 大部分 大多数; 一半 covers 一半以上 超过一半;
    // 主 covers 主导 主要.
    {kLargestBit,
     {"most", "largest", "biggest", "greatest", "highest", "heaviest", "dominan", "dominat", "majority", "bulk", "lion",
      "half", "main", "primary", "principal", "最", "大", "一半", "主", "其次"}},
    // SmallestRe: group 2; 最 covers 最少 最小 最低, 较 较小 较少.
    {kSmallestBit,
     {"least", "smallest", "fewest", "cheapest", "lowest", "minimal", "minimum", "less than half", "最", "较", "更小",
      "很小"}},
    // ClauseBreakRe: ; ； 。 ！ ？ ， but whereas while however although (";"
    // is tested on its own: one byte).
    // ThanRe: "than". ExceedsRe: "exceed", "outweigh", "dwarf", "surpass".
    {kThanBit, {"than"}},
    {kExceedsBit, {"exceed", "outweigh", "dwarf", "surpass"}},
    {kBreakBit, {"；", "。", "！", "？", "，", "but", "whereas", "while", "however", "although"}},
};

inline unsigned char Lower(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}

// For every pair of leading bytes, the cues with a needle that starts so.
const std::vector<unsigned char>& CueBigrams() {
  static const std::vector<unsigned char> table = [] {
    std::vector<unsigned char> t(65536, 0);
    for (const CueNeedles& cn : kCueNeedles) {
      for (std::string_view n : cn.needles)
        t[static_cast<size_t>(static_cast<unsigned char>(n[0])) << 8 | static_cast<unsigned char>(n[1])] |= cn.bit;
      t[0xC5BF] |= cn.bit;  // U+017F
      t[0xE284] |= cn.bit;  // U+212A, E2 84 AA: taken as a whole below
    }
    return t;
  }();
  return table;
}

bool NeedleAt(std::string_view s, size_t i, std::string_view n) {
  if (s.size() - i < n.size()) return false;
  for (size_t k = 0; k < n.size(); ++k)
    if (Lower(s[i + k]) != static_cast<unsigned char>(n[k])) return false;
  return true;
}

// The cues (CueBit) whose patterns may match in `s`: one pass over it.
unsigned MayHoldCues(std::string_view s) {
  const std::vector<unsigned char>& t = CueBigrams();
  unsigned found = 0;
  size_t pair = s.empty() ? 0 : Lower(s[0]);
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    pair = (pair << 8 | Lower(s[i + 1])) & 0xFFFF;  // the bytes at i and i + 1
    unsigned m = t[pair] & ~found;
    if (m == 0) continue;
    if (static_cast<unsigned char>(s[i]) == 0xC5 || static_cast<unsigned char>(s[i]) == 0xE2) {
      if (NeedleAt(s, i, "\xC5\xBF") || NeedleAt(s, i, "\xE2\x84\xAA")) {
        found |= m;
        continue;
      }
    }
    for (const CueNeedles& cn : kCueNeedles) {
      if (!(m & cn.bit)) continue;
      for (std::string_view n : cn.needles)
        if (NeedleAt(s, i, n)) {
          found |= cn.bit;
          break;
        }
    }
  }
  if (s.find(';') != std::string_view::npos) found |= kBreakBit;
  return found;
}

// ChineseCompareRe: 比.
bool MayHoldChineseCompare(std::string_view c) { return c.find("\xE6\xAF\x94") != std::string_view::npos; }
// TimesRe: every match holds a digit followed, after \s* (ASCII spaces), by
// 't' ("times"), 'x', '×' (C3 97) or '倍' (E5 80 8D); no character folds to
// 't' or 'x'.
bool MayHoldTimes(std::string_view c) {
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] < '0' || c[i] > '9') continue;
    size_t j = i + 1;
    while (j < c.size() && (c[j] == ' ' || c[j] == '\t' || c[j] == '\n' || c[j] == '\f' || c[j] == '\r')) ++j;
    if (j == c.size()) return false;
    const auto u = static_cast<unsigned char>(c[j]);
    if ((u | 0x20) == 't' || (u | 0x20) == 'x' || u == 0xC3 || u == 0xE5) return true;
  }
  return false;
}
// PercentRe: every match ends with '%', '％' (EF BC 85) or "percent" (no
// character folds to its letters).
bool MayHoldPercent(std::string_view c) {
  if (c.find('%') != std::string_view::npos || c.find("\xEF\xBC\x85") != std::string_view::npos) return true;
  for (char first : {'p', 'P'})
    for (size_t p = c.find(first); p != std::string_view::npos; p = c.find(first, p + 1))
      if (NeedleAt(c, p, "percent")) return true;
  return false;
}

struct Hit {
  size_t b, e;  // relative to the clause
  std::string g1, g2;
};

std::vector<Hit> AllHits(const RE2& re, std::string_view s) {
  std::vector<Hit> out;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece m[3];
  int n = std::min(3, re.NumberOfCapturingGroups() + 1);
  size_t pos = 0;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m, n)) {
    size_t b = static_cast<size_t>(m[0].data() - s.data());
    Hit h{b, b + m[0].size(), "", ""};
    if (n > 1 && m[1].data()) h.g1 = std::string(m[1].data(), m[1].size());
    if (n > 2 && m[2].data()) h.g2 = std::string(m[2].data(), m[2].size());
    out.push_back(std::move(h));
    pos = m[0].empty() ? b + 1 : b + m[0].size();
  }
  return out;
}

// AllHits(NegationRe(), s), found without RE2 (NegationEndAt, claims_internal.h).
std::vector<Hit> NegationHits(std::string_view s) {
  std::vector<Hit> out;
  for (size_t p = 0; p < s.size();) {
    const size_t e = MayStartNegation(s[p], /*chinese=*/true) ? NegationEndAt(s, p, /*chinese=*/true) : 0;
    if (e == 0) {
      ++p;
      continue;
    }
    out.push_back({p, e, std::string(s.substr(p, e - p)), ""});
    p = e;
  }
  return out;
}

// ---- Cue patterns matched by hand ----
//
// ContrastRe, ThanRe, ComparativeRe, ExceedsRe, LargestRe and SmallestRe are
// alternations of fixed phrases, so their matches are found without RE2
// (whose set-up costs a few thousand instructions a call): the same matches,
// leftmost first, with the same groups. RE2's semantics kept: matching is
// case-insensitive for ASCII letters, 's' also matches U+017F and 'k'
// U+212A (WordAt, claims.cc's rule), and so does \w; \b is a boundary
// between an ASCII word byte and any other byte (or an end), so "exceedſ"
// followed by a letter ends at a boundary; \s is [\t\n\f\r ]. The tests hold each against its
// pattern on random text and the corpus.

bool BoundaryAt(std::string_view s, size_t i) {
  const bool before = i > 0 && IsAsciiWordByte(s[i - 1]);
  const bool after = i < s.size() && IsAsciiWordByte(s[i]);
  return before != after;
}

// One alternative: a phrase, read at a \b (unless `bare`, the CJK ones) and
// followed by a \b (unless `bare`; `word_tail`: \w* instead), in group
// `group` (1 or 2; 0: none).
struct Phrase {
  std::string_view text;
  int group;
  bool bare = false;
  bool word_tail = false;
};

// A list of alternatives, in order, with the alternatives that may start
// with each byte (bit k: alternative k): its first letter in either case,
// U+017F's lead byte for 's', U+212A's for 'k'.
struct PhraseSet {
  std::vector<Phrase> alts;
  std::array<uint64_t, 256> first{};
  explicit PhraseSet(std::vector<Phrase> a) : alts(std::move(a)) {
    for (size_t k = 0; k < alts.size() && k < 64; ++k) {
      const auto c = static_cast<unsigned char>(alts[k].text[0]);
      first[c] |= uint64_t{1} << k;
      if (c >= 'a' && c <= 'z') first[c - ('a' - 'A')] |= uint64_t{1} << k;
      if (c == 's') first[0xC5] |= uint64_t{1} << k;
      if (c == 'k') first[0xE2] |= uint64_t{1} << k;
    }
  }
};

// The end of the first alternative of `set` that matches at s[p], or 0;
// *which is its index.
size_t PhraseEndAt(std::string_view s, size_t p, const PhraseSet& set, size_t* which) {
  uint64_t m = set.first[static_cast<unsigned char>(s[p])];
  if (m == 0) return 0;
  const bool at_boundary = BoundaryAt(s, p);
  for (; m != 0; m &= m - 1) {
    const auto k = static_cast<size_t>(__builtin_ctzll(m));
    const Phrase& a = set.alts[k];
    if (!a.bare && !at_boundary) continue;
    const size_t n = CaselessLiteralAt(s, p, a.text);
    if (n == 0) continue;
    size_t e = p + n;
    if (a.word_tail) {
      // \w*: under case folding RE2's \w also holds U+017F and U+212A.
      for (;;) {
        if (e < s.size() && IsAsciiWordByte(s[e])) ++e;
        else if (s.substr(e, 2) == "\xC5\xBF") e += 2;
        else if (s.substr(e, 3) == "\xE2\x84\xAA") e += 3;
        else break;
      }
    } else if (!a.bare && !BoundaryAt(s, e)) {
      continue;
    }
    *which = k;
    return e;
  }
  return 0;
}

std::vector<Phrase> PhraseList(std::initializer_list<std::string_view> words, int group) {
  std::vector<Phrase> out;
  for (std::string_view w : words) {
    Phrase ph;
    ph.text = w;
    ph.group = group;
    out.push_back(ph);
  }
  return out;
}

// ContrastRe: group 1 the phrases that set a mention aside alone, group 2
// the comparisons. Optional tails ("except( for)?", "vs\.?",
// "compared (to|with)") are spelt out, the longer first (greedy).
const PhraseSet& ContrastPhrases() {
  static const PhraseSet alts = [] {
    std::vector<Phrase> a = PhraseList({"rather than", "instead of", "as opposed to", "unlike", "besides", "apart from",
                                        "aside from", "other than", "except for", "except"},
                                       1);
    for (const Phrase& ph : PhraseList({"compared to", "compared with", "relative to", "vs.", "vs", "versus", "followed by"}, 2))
      a.push_back(ph);
    return PhraseSet(std::move(a));
  }();
  return alts;
}
const PhraseSet& ThanPhrases() {
  static const PhraseSet alts = PhraseSet(PhraseList({"than"}, 0));  // no group
  return alts;
}
const PhraseSet& ExceedsPhrases() {
  static const PhraseSet alts =
      PhraseSet(PhraseList({"exceeds", "exceed", "outweighs", "outweigh", "dwarfs", "dwarf", "surpasses", "surpass"}, 1));
  return alts;
}
const PhraseSet& ComparativePhrases() {
  static const PhraseSet alts = [] {
    std::vector<Phrase> a =
        PhraseList({"more", "larger", "greater", "bigger", "higher", "heavier", "costlier", "expensive"}, 1);
    for (const Phrase& ph : PhraseList({"less", "fewer", "smaller", "lower", "cheaper", "lighter"}, 2)) a.push_back(ph);
    return PhraseSet(std::move(a));
  }();
  return alts;
}
std::vector<Phrase> WithBare(std::vector<Phrase> a, std::initializer_list<std::string_view> cjk) {
  for (std::string_view w : cjk) {
    Phrase ph;
    ph.text = w;
    ph.group = 2;
    ph.bare = true;
    a.push_back(ph);
  }
  return a;
}
// LargestRe's group 2.
const PhraseSet& LargestPhrases() {
  static const PhraseSet alts = [] {
    std::vector<Phrase> a = PhraseList({"most", "largest", "biggest", "greatest", "highest", "heaviest", "dominant"}, 2);
    Phrase dominat;
    dominat.text = "dominat";
    dominat.group = 2;
    dominat.word_tail = true;
    a.push_back(dominat);
    for (const Phrase& ph : PhraseList({"dominance", "majority", "bulk", "lion's share", "lions share", "over half",
                                        "more than half", "above half", "at least half", "main", "primary", "principal"},
                                       2))
      a.push_back(ph);
    return PhraseSet(WithBare(std::move(a), {"最多", "最大", "占据最多", "占比最高", "最高", "大部分", "大多数",
                                             "一半以上", "超过一半", "主导", "主要", "其次"}));
  }();
  return alts;
}
const PhraseSet& SmallestPhrases() {
  static const PhraseSet alts = PhraseSet(
      WithBare(PhraseList({"least", "smallest", "fewest", "cheapest", "lowest", "minimal", "minimum", "less than half"}, 2),
               {"最少", "最小", "最低", "较小", "更小", "较少", "很小"}));
  return alts;
}
// The runner-up words of LargestRe and SmallestRe, (second|next|third|2nd|3rd)
// after a \b, then [\s-]+.
const PhraseSet& RunnerUpWords() {
  static const PhraseSet alts = PhraseSet(PhraseList({"second", "next", "third", "2nd", "3rd"}, 1));
  return alts;
}

// Every match of a phrase list, as AllHits finds them. With `runner_up`,
// each phrase may follow a runner-up word and [\s-]+ (group 1; group 2 is
// then the phrase), taken when it is there (the optional group is greedy).
std::vector<Hit> PhraseHits(std::string_view s, const PhraseSet& alts, bool runner_up) {
  std::vector<Hit> out;
  size_t which = 0;
  const PhraseSet& words = RunnerUpWords();
  for (size_t p = 0; p < s.size();) {
    const auto c = static_cast<unsigned char>(s[p]);
    const uint64_t ru = runner_up ? words.first[c] : 0;
    if (alts.first[c] == 0 && ru == 0) {
      ++p;
      continue;
    }
    size_t e = 0;
    Hit h{p, 0, "", ""};
    if (ru != 0 && BoundaryAt(s, p)) {
      // (second|next|third|2nd|3rd) needs no \b after it: [\s-]+ follows.
      for (const Phrase& w : words.alts) {
        const size_t n = CaselessLiteralAt(s, p, w.text);
        if (n == 0) continue;
        size_t q = p + n;
        while (q < s.size() && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\f' || s[q] == '\r' || s[q] == '-')) ++q;
        if (q == p + n) continue;
        const size_t ce = q < s.size() ? PhraseEndAt(s, q, alts, &which) : 0;
        if (ce == 0) continue;
        h.g1 = std::string(s.substr(p, n));
        h.g2 = std::string(s.substr(q, ce - q));
        e = ce;
        break;
      }
    }
    if (e == 0) {
      e = PhraseEndAt(s, p, alts, &which);
      if (e != 0 && alts.alts[which].group == 1) h.g1 = std::string(s.substr(p, e - p));
      if (e != 0 && alts.alts[which].group == 2) h.g2 = std::string(s.substr(p, e - p));
    }
    if (e == 0) {
      ++p;
      continue;
    }
    h.e = e;
    out.push_back(std::move(h));
    p = e;
  }
  return out;
}

std::string Short(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '|' || s.front() == '-')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '|')) s.remove_suffix(1);
  if (s.size() <= 90) return std::string(s);
  size_t cut = 87;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return std::string(s.substr(0, cut)) + "...";
}

// `why()` writes the role's reason, only when the role is taken.
template <class Why>
void Offer(Role& slot, double w, const Why& why, Range where) {
  if (w > slot.weight) slot = {w, why(), where};
}
template <class Why>
void OfferNeg(Role& slot, double w, const Why& why, Range where) {
  if (w < slot.weight) slot = {w, why(), where};
}

class ChoiceCheck : public CompiledCheck {
 public:
  std::string answer;
  std::string expected;
  bool any = false;
  bool smallest = false;  // direction "smallest": the least/fewest/cheapest option is the pick
  std::vector<Option> options;
  std::unique_ptr<RE2> predicate;  // the rubric's cue, when given: an option must have a positive role
  // All options as one alternation "(o1)|(o2)|...": one scan of the scope
  // finds every mention (at equal starts the first option wins). group_of[k]
  // is the capturing group of option k. Null when it does not compile (too
  // large): then each option is searched on its own.
  std::unique_ptr<RE2> combined;
  std::vector<int> group_of;

  std::vector<Mention> Mentions(std::string_view text, size_t base) const {
    std::vector<Mention> out;
    re2::StringPiece input(text.data(), text.size());
    if (combined) {
      std::vector<re2::StringPiece> groups(static_cast<size_t>(combined->NumberOfCapturingGroups()) + 1);
      size_t pos = 0;
      while (pos < text.size() && combined->Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(),
                                                   static_cast<int>(groups.size()))) {
        size_t b = static_cast<size_t>(groups[0].data() - text.data());
        size_t e = b + groups[0].size();
        for (size_t k = 0; k < options.size(); ++k) {
          if (groups[static_cast<size_t>(group_of[k])].data() == nullptr) continue;
          if (e > b) out.push_back({base + b, base + e, static_cast<int>(k)});
          break;
        }
        pos = e > b ? e : b + 1;
      }
    } else {
      for (size_t k = 0; k < options.size(); ++k) {
        re2::StringPiece m;
        size_t pos = 0;
        while (pos < text.size() && options[k].pattern->Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
          size_t b = static_cast<size_t>(m.data() - text.data());
          if (!m.empty()) out.push_back({base + b, base + b + m.size(), static_cast<int>(k)});
          pos = m.empty() ? b + 1 : b + m.size();
        }
      }
      std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.b < b.b; });
      std::vector<Mention> kept;  // drop overlaps: the longer match stays
      for (const Mention& m : out) {
        if (!kept.empty() && m.b < kept.back().e) {
          if (m.e - m.b > kept.back().e - kept.back().b) kept.back() = m;
          continue;
        }
        kept.push_back(m);
      }
      out = std::move(kept);
    }
    // A compound of two options ("attention projections"): its last word,
    // the head noun, names it.
    std::vector<Mention> merged;
    for (const Mention& m : out) {
      if (!merged.empty() && merged.back().opt != m.opt && m.b >= merged.back().e && m.b - merged.back().e <= 2) {
        std::string_view gap = text.substr(merged.back().e - base, m.b - merged.back().e);
        if (gap.find_first_not_of(" -") == std::string_view::npos) {
          merged.back() = {merged.back().b, m.e, m.opt};
          continue;
        }
      }
      merged.push_back(m);
    }
    return merged;
  }

  // Gives roles to the mentions of one clause [cb, ce).
  void ReadClause(const std::string& t, size_t cb, size_t ce, const std::vector<Mention>& all, size_t& mi,
                  std::vector<Tally>& tally, bool& prev_denied, std::string& prev_cue) const {
    std::vector<Mention> ms;
    while (mi < all.size() && all[mi].b < ce) {
      if (all[mi].b >= cb) ms.push_back(all[mi]);
      ++mi;
    }
    if (ms.empty()) {
      prev_denied = false;
      return;
    }
    std::string_view c(t.data() + cb, ce - cb);
    // The clause as quoted in the reasons, written at the first one.
    std::string quote_text;
    auto quote = [&]() -> const std::string& {
      if (quote_text.empty()) quote_text = Short(c);
      return quote_text;
    };
    const double dir = smallest ? -1 : 1;
    const size_t n = ms.size();
    std::vector<bool> aside(n, false), denied_alone(n, false);
    const unsigned may = MayHoldCues(c);
    std::vector<Hit> negs = (may & kNegBit) ? NegationHits(c) : std::vector<Hit>{};
    std::vector<bool> neg_attached(negs.size(), false);
    // "not (the) X": the negation belongs to X alone.
    for (size_t k = 0; k < negs.size(); ++k) {
      for (size_t i = 0; i < n; ++i) {
        size_t mb = ms[i].b - cb;
        if (mb < negs[k].e) continue;
        std::string_view gap = c.substr(negs[k].e, mb - negs[k].e);
        if (gap.size() <= 6 && (gap.find_first_not_of(" ") == std::string_view::npos || gap == " the " || gap == " a " ||
                                gap == " an " || gap == " the")) {
          neg_attached[k] = true;
          denied_alone[i] = true;
        }
        break;
      }
    }
    for (const Hit& h : (may & kContrastBit) ? PhraseHits(c, ContrastPhrases(), false) : std::vector<Hit>{}) {
      for (size_t i = 0; i < n; ++i) {
        if (ms[i].b - cb < h.e) continue;
        aside[i] = true;
        if (!h.g1.empty()) denied_alone[i] = true;
        break;
      }
    }
    std::vector<int> side(n, 0);  // +1 larger, -1 smaller in a comparison
    // "X more ... than Y", "Y less ... than X".
    std::vector<Hit> thans = (may & kThanBit) ? PhraseHits(c, ThanPhrases(), false) : std::vector<Hit>{};
    if (!thans.empty()) {
      size_t th = thans[0].b;
      Hit cmp{0, 0, "", ""};
      bool have = false;
      for (const Hit& h : PhraseHits(c, ComparativePhrases(), false))
        if (h.e <= th) cmp = h, have = true;
      std::string_view after = c.substr(thans[0].e);
      bool half = after.find_first_not_of(" ") != std::string_view::npos &&
                  (after.substr(after.find_first_not_of(" "), 4) == "half");
      if (have && !half) {
        int left = cmp.g1.empty() ? -1 : 1;
        bool right_seen = false;
        for (size_t i = 0; i < n; ++i) {
          size_t mb = ms[i].b - cb;
          if (mb < cmp.b) side[i] = left;
          else if (mb >= thans[0].e && !right_seen) side[i] = -left, right_seen = true;
        }
        if (!right_seen)
          for (int& s : side) s = 0;  // "X takes more than 60%": no other side
      }
    }
    for (const Hit& h : (may & kExceedsBit) ? PhraseHits(c, ExceedsPhrases(), false) : std::vector<Hit>{}) {
      bool right_seen = false;
      for (size_t i = 0; i < n; ++i) {
        size_t mb = ms[i].b - cb;
        if (mb < h.b) side[i] = 1;
        else if (!right_seen) side[i] = -1, right_seen = true;
      }
      break;
    }
    if (thans.empty()) {
      for (const Hit& h : MayHoldTimes(c) ? AllHits(TimesRe(), c) : std::vector<Hit>{}) {
        double f = std::atof(h.g2.c_str());
        std::string_view after = c.substr(h.e);
        re2::StringPiece a(after.data(), after.size());
        if (f == 1 || !RE2::PartialMatch(a, TimesFollowRe())) continue;
        int first = f > 1 ? 1 : -1;
        for (size_t i = 0; i < n; ++i) side[i] = ms[i].opt == ms[0].opt ? first : -first;
        break;
      }
      for (const Hit& h : MayHoldChineseCompare(c) ? AllHits(ChineseCompareRe(), c) : std::vector<Hit>{}) {
        std::vector<Hit> more = AllHits(ChineseMoreRe(), c.substr(h.e));
        if (more.empty()) break;
        int left = more[0].g1.empty() ? -1 : 1;
        bool right_seen = false;
        for (size_t i = 0; i < n; ++i) {
          size_t mb = ms[i].b - cb;
          if (mb < h.b) side[i] = left;
          else if (!right_seen) side[i] = -left, right_seen = true;
        }
        break;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (side[i] == 0) continue;
      Tally& tl = tally[static_cast<size_t>(ms[i].opt)];
      Range r{ms[i].b, ms[i].e};
      if (side[i] * dir > 0 && !denied_alone[i])
        Offer(tl.cmp, 2, [&] { return "the larger side of a comparison in '" + quote() + "'"; }, r);
      else
        OfferNeg(tl.neg, -1, [&] { return "the smaller side of a comparison in '" + quote() + "'"; }, r);
    }
    // Dominance cues: each mention reads its nearest one.
    struct Cue {
      size_t b, e;
      double w;  // signed by direction; 0 for a runner-up
      std::string word;
      bool passive;
    };
    std::vector<Cue> cues;
    auto add_cues = [&](const PhraseSet& phrases, double sign, bool may) {
      if (!may) return;
      for (const Hit& h : PhraseHits(c, phrases, /*runner_up=*/true)) {
        std::string word(c.substr(h.b, h.e - h.b));
        if (h.b >= 3 && c.substr(h.b - 3, 3) == "at " && h.g2 == "most") continue;  // "at most"
        bool runner_up = !h.g1.empty() || h.g2 == "其次";  // "second most", "其次是 X": X comes second
        double w = !runner_up ? (h.g2 == "main" || h.g2 == "primary" || h.g2 == "principal" || h.g2 == "主要" ? 2 : 3) : 0;
        bool passive = c.substr(h.e, 3) == " by";  // "dominated by X"
        cues.push_back({h.b, h.e, w * sign, word, passive});
      }
    };
    add_cues(LargestPhrases(), dir, (may & kLargestBit) != 0);
    add_cues(SmallestPhrases(), -dir, (may & kSmallestBit) != 0);
    if (predicate) {
      for (const Hit& h : AllHits(*predicate, c)) {
        bool dup = false;
        for (const Cue& q : cues) dup = dup || (h.b < q.e && q.b < h.e);
        if (!dup && h.e > h.b) cues.push_back({h.b, h.e, 3, std::string(c.substr(h.b, h.e - h.b)), c.substr(h.e, 3) == " by"});
      }
    }
    bool any_denied = false, any_affirmed = false;
    std::string denied_cue;
    for (size_t i = 0; i < n; ++i) {
      size_t mb = ms[i].b - cb, me = ms[i].e - cb;
      const Cue* best = nullptr;
      size_t dist = std::string::npos;
      for (const Cue& q : cues) {
        if (q.passive && q.b > mb) continue;  // "X dominated by ...": not X
        size_t d = q.b >= me ? q.b - me : (mb >= q.e ? mb - q.e : 0);
        if (d < dist) dist = d, best = &q;
      }
      Tally& tl = tally[static_cast<size_t>(ms[i].opt)];
      Range r{ms[i].b, ms[i].e};
      if (!best || best->w == 0) continue;
      if (aside[i] && !denied_alone[i]) continue;
      if (side[i] * dir < 0) continue;
      int negations = denied_alone[i] ? 1 : 0;
      size_t lo = std::min(me, best->e), hi = std::max(mb, best->b);
      for (size_t k = 0; k < negs.size(); ++k)
        if (!neg_attached[k] && negs[k].b >= lo && negs[k].e <= hi) ++negations;
      if ((negations % 2 == 1) != (best->w < 0)) {
        OfferNeg(tl.neg, -3, [&] { return "denied as '" + best->word + "' in '" + quote() + "'"; }, r);
        any_denied = true;
        denied_cue = best->word;
      } else {
        Offer(tl.sup, std::abs(best->w), [&] { return "named with '" + best->word + "' in '" + quote() + "'"; }, r);
        any_affirmed = true;
      }
    }
    // "attention does not dominate; the FFN does".
    if (cues.empty() && prev_denied) {
      for (size_t i = 0; i < n; ++i) {
        if (denied_alone[i] || aside[i]) continue;
        Offer(
            tally[static_cast<size_t>(ms[i].opt)].sup, 3,
            [&] { return "named in contrast to a denied '" + prev_cue + "' in '" + quote() + "'"; }, {ms[i].b, ms[i].e});
      }
    }
    prev_denied = any_denied && !any_affirmed;
    prev_cue = denied_cue;
    // Shares: each percentage goes to the nearest mention of the clause.
    for (const Hit& h : MayHoldPercent(c) ? AllHits(PercentRe(), c) : std::vector<Hit>{}) {
      double v = std::atof(h.g2.c_str());
      if (v > 100) continue;
      std::string_view after = c.substr(h.e);
      if (RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), PercentNotShareRe())) continue;
      size_t best = n, dist = std::string::npos;
      for (size_t i = 0; i < n; ++i) {
        size_t mb = ms[i].b - cb, me = ms[i].e - cb;
        size_t d = h.b >= me ? h.b - me : (mb >= h.e ? mb - h.e : 0);
        if (d < dist) dist = d, best = i;
      }
      if (best == n || denied_alone[best]) continue;
      Tally& tl = tally[static_cast<size_t>(ms[best].opt)];
      double key = smallest ? -v : v;
      if (tl.max_share < 0 || key > (smallest ? -tl.max_share : tl.max_share)) {
        tl.max_share = v;
        tl.share = {0, "with the " + std::string(smallest ? "smallest" : "largest") + " share, " +
                           std::string(c.substr(h.b, h.e - h.b)) + ", in '" + quote() + "'",
                    {ms[best].b, ms[best].e}};
      }
    }
  }

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    std::string want = expected;
    if (!answer.empty()) {
      const KeyAnswer* a = ctx.key ? ctx.key->Find(answer) : nullptr;
      if (!a || a->text.empty()) {
        o.detail = "the key has no text answer '" + answer + "'";
        return o;
      }
      want = a->text;
    }
    o.expected = any ? "one of the options" : want;
    if (!ctx.part.empty() && !x.HasPart(ctx.part)) {
      o.credit = Exact(0);
      o.detail = ScopeName(ctx.part) + " was not found";
      return o;
    }
    Range scope = x.PartRange(ctx.part);
    const std::string& t = x.doc.text();
    std::vector<Mention> ms = Mentions(x.doc.View(scope), scope.begin);
    std::vector<Tally> tally(options.size());
    for (const Mention& m : ms) {
      Tally& tl = tally[static_cast<size_t>(m.opt)];
      if (!tl.mentioned) tl.mentioned = true, tl.first = m.b, tl.first_where = {m.b, m.e};
    }
    if (!ms.empty()) {
      const auto& units = x.doc.units();
      auto it = std::lower_bound(units.begin(), units.end(), scope.begin,
                                 [](const TextUnit& u, size_t b) { return u.range.end <= b; });
      size_t mi = 0;
      for (; it != units.end() && it->range.begin < scope.end && mi < ms.size(); ++it) {
        size_t ub = std::max(it->range.begin, scope.begin), ue = std::min(it->range.end, scope.end);
        while (mi < ms.size() && ms[mi].b < ub) ++mi;
        if (mi == ms.size() || ms[mi].b >= ue) continue;
        std::string_view v(t.data() + ub, ue - ub);
        bool prev_denied = false;
        std::string prev_cue;
        size_t start = 0;
        // The matches of ClauseBreakRe, found without RE2 (claims_internal.h).
        for (size_t p = 0; p < v.size();) {
          const size_t e = MayStartClauseBreak(v[p], /*full_width=*/true) ? ClauseBreakEndAt(v, p, /*full_width=*/true) : 0;
          if (e == 0) {
            ++p;
            continue;
          }
          if (p > start) ReadClause(t, ub + start, ub + p, ms, mi, tally, prev_denied, prev_cue);
          start = p = e;
        }
        if (start < v.size()) ReadClause(t, ub + start, ue, ms, mi, tally, prev_denied, prev_cue);
      }
      // The largest (smallest) share earns its role.
      double top = -1;
      for (const Tally& tl : tally)
        if (tl.max_share >= 0 && (top < 0 || (smallest ? tl.max_share < top : tl.max_share > top))) top = tl.max_share;
      for (Tally& tl : tally)
        if (tl.max_share >= 0 && std::abs(tl.max_share - top) <= 0.5)
          tl.share.weight = 2 + (!smallest && top > 50 ? 1 : 0);
    }
    // Best first: score, then the earliest mention.
    std::vector<size_t> order;
    for (size_t k = 0; k < options.size(); ++k)
      if (tally[k].mentioned) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      double sa = tally[a].Score(), sb = tally[b].Score();
      if (sa != sb) return sa > sb;
      return tally[a].first < tally[b].first;
    });
    if (order.empty() || tally[order[0]].Score() < 0 || (predicate && tally[order[0]].Score() <= 0)) {
      o.credit = Exact(0);
      o.detail = order.empty() ? "none of the options is picked in " + ScopeName(ctx.part)
                 : predicate   ? "no option is named as the pick in " + ScopeName(ctx.part)
                               : "every option named in " + ScopeName(ctx.part) + " is denied (" + tally[order[0]].neg.why + ")";
      return o;
    }
    const size_t pick = order[0];
    const Option* picked = &options[pick];
    const Tally& pt = tally[pick];
    double best = pt.Score();
    Range where = best > 0 ? pt.Best().where : pt.first_where;
    o.found = picked->label;
    o.evidence.push_back(EvidenceOf(x, x.doc.MakeSpan(where)));
    bool right = any || picked->label == want;
    o.credit = Exact(right ? 1 : 0);
    o.failures = right ? 0 : 1;
    if (best > 0) {
      o.detail = picked->label + ": " + pt.Best().why;
      std::vector<size_t> close;
      for (size_t j = 1; j < order.size(); ++j) {
        double s = tally[order[j]].Score();
        if (s > 0 && s >= best - 1) close.push_back(order[j]);
      }
      if (!close.empty()) {
        bool all_sup = pt.sup.weight > 0;
        for (size_t k : close) all_sup = all_sup && tally[k].sup.weight > 0;
        std::string names = picked->label;
        o.candidates.push_back(picked->label);
        for (size_t k : close) {
          names += ", " + options[k].label;
          o.candidates.push_back(options[k].label);
        }
        o.review = all_sup ? std::string("two options are named as the ") + (smallest ? "smallest" : "largest") + ": " + names
                           : "options compete with similar strength: " + names;
        for (size_t k : close) o.detail += "; " + options[k].label + ": " + tally[k].Best().why;
      }
    } else {
      o.detail = "the response picks '" + picked->label + "' (its first mention; no option is named with a role)";
      size_t others = 0;
      for (size_t j = 1; j < order.size(); ++j) others += tally[order[j]].Score() == 0;
      if (others > 0) {
        o.review = "no option is named as the pick; the first mentioned is taken";
        for (size_t k : order)
          if (tally[k].Score() == 0) o.candidates.push_back(options[k].label);
      }
    }
    return o;
  }
};

class ChoiceKind : public CheckKind {
 public:
  std::string name() const override { return "choice"; }
  std::vector<std::string> fields() const override {
    return {"answer", "expected", "options", "predicate", "any", "direction"};
  }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    // The cue patterns are compiled once per process: here, with the
    // rubric, rather than in the first submission graded.
    static const bool warm = [] {
      for (const RE2* re : {&ClauseBreakRe(), &LargestRe(), &SmallestRe(), &NegationRe(), &ContrastRe(), &ComparativeRe(),
                            &ThanRe(), &ExceedsRe(), &TimesRe(), &TimesFollowRe(), &ChineseCompareRe(), &ChineseMoreRe(),
                            &PercentRe(), &PercentNotShareRe()})
        (void)re;
      return !CueBigrams().empty();
    }();
    (void)warm;
    auto c = std::make_unique<ChoiceCheck>();
    c->answer = src.String("answer");
    c->expected = src.String("expected");
    c->any = src.Bool("any", false);
    if (!c->any && c->answer.empty() == c->expected.empty()) src.Fail("", "give either 'answer' (a key answer id) or 'expected'");
    if (!c->answer.empty()) src.RequireAnswer("answer", c->answer);
    std::string predicate = src.String("predicate");
    std::string direction = src.String("direction", "largest");
    if (direction != "largest" && direction != "smallest") src.Fail("direction", "expected \"largest\" or \"smallest\"");
    c->smallest = direction == "smallest";
    RE2::Options opts;
    opts.set_case_sensitive(false);
    opts.set_log_errors(false);
    auto add = [&](const std::string& label, const std::string& pattern, const std::string& field) {
      Option opt;
      opt.label = label;
      opt.pattern = std::make_unique<RE2>(pattern, opts);
      if (!opt.pattern->ok())
        src.Fail(field, "pattern of item '" + src.String("id") + "' does not compile: " + opt.pattern->error() + " (at '" +
                            opt.pattern->error_arg() + "')");
      c->options.push_back(std::move(opt));
    };
    if (!src.Has("options")) {
      // Take the options from the key's answer.
      const AnswerSpec* spec = src.problem && !c->answer.empty() ? src.problem->FindAnswer(c->answer) : nullptr;
      std::vector<std::string> labels = spec ? spec->options : std::vector<std::string>{};
      if (labels.empty() && src.problem && spec && spec->source) {
        AnswerKey key = BuildKey(*src.problem, src.problem->Defaults());
        labels = key.Find(c->answer)->options;
      }
      if (labels.empty()) src.Fail("", "give 'options' (the key answer lists none)");
      for (const std::string& l : labels) add(l, DefaultPattern(l), "answer");
    } else {
      const nlohmann::json& opts_json = src.spec->at("options");
      if (opts_json.is_array()) {
        for (size_t i = 0; i < opts_json.size(); ++i) {
          if (!opts_json[i].is_string()) src.Fail("options/" + std::to_string(i), "expected a string");
          std::string l = opts_json[i].get<std::string>();
          add(l, DefaultPattern(l), "options/" + std::to_string(i));
        }
      } else if (opts_json.is_object()) {
        for (auto it = opts_json.begin(); it != opts_json.end(); ++it) {
          if (!it.value().is_string()) src.Fail("options/" + it.key(), "expected a pattern string");
          add(it.key(), it.value().get<std::string>(), "options/" + it.key());
        }
      } else {
        src.Fail("options", "expected a list of options or an object option -> pattern");
      }
    }
    if (!predicate.empty()) {
      c->predicate = std::make_unique<RE2>(predicate, opts);
      if (!c->predicate->ok())
        src.Fail("predicate", "invalid pattern '" + predicate + "': " + c->predicate->error() + " at '" +
                                  c->predicate->error_arg() + "'");
    }
    if (!c->options.empty()) {
      std::string alternation;
      int group = 1;
      for (const Option& o : c->options) {
        if (!alternation.empty()) alternation += "|";
        alternation += "(" + o.pattern->pattern() + ")";
        c->group_of.push_back(group);
        group += 1 + o.pattern->NumberOfCapturingGroups();
      }
      c->combined = std::make_unique<RE2>(alternation, opts);
      if (!c->combined->ok()) c->combined.reset();
    }
    if (!c->expected.empty()) {
      bool known = false;
      for (const Option& o : c->options) known = known || o.label == c->expected;
      if (!known) src.Fail("expected", "'" + c->expected + "' is not one of the options");
    }
    return c;
  }
};

const CheckKindRegistration kRegister(std::make_unique<ChoiceKind>());

const RE2& CueRe(ChoiceCue cue) {
  switch (cue) {
    case ChoiceCue::kNegation: return NegationRe();
    case ChoiceCue::kContrast: return ContrastRe();
    case ChoiceCue::kLargest: return LargestRe();
    case ChoiceCue::kSmallest: return SmallestRe();
    case ChoiceCue::kThan: return ThanRe();
    case ChoiceCue::kExceeds: return ExceedsRe();
    case ChoiceCue::kTimes: return TimesRe();
    case ChoiceCue::kPercent: return PercentRe();
    case ChoiceCue::kComparative: return ComparativeRe();
    case ChoiceCue::kClauseBreak: break;
  }
  return ClauseBreakRe();
}

}  // namespace

bool ChoiceCueMayMatch(ChoiceCue cue, std::string_view text) {
  const unsigned may = MayHoldCues(text);
  switch (cue) {
    case ChoiceCue::kNegation: return may & kNegBit;
    case ChoiceCue::kContrast: return may & kContrastBit;
    case ChoiceCue::kLargest: return may & kLargestBit;
    case ChoiceCue::kSmallest: return may & kSmallestBit;
    case ChoiceCue::kThan: return may & kThanBit;
    case ChoiceCue::kExceeds: return may & kExceedsBit;
    case ChoiceCue::kTimes: return MayHoldTimes(text);
    case ChoiceCue::kPercent: return MayHoldPercent(text);
    case ChoiceCue::kComparative: return true;  // no screen
    case ChoiceCue::kClauseBreak: break;
  }
  return may & kBreakBit;
}

std::vector<ChoiceCueHit> ChoiceCueHitsByHand(ChoiceCue cue, std::string_view text) {
  std::vector<Hit> hits;
  switch (cue) {
    case ChoiceCue::kContrast: hits = PhraseHits(text, ContrastPhrases(), false); break;
    case ChoiceCue::kThan: hits = PhraseHits(text, ThanPhrases(), false); break;
    case ChoiceCue::kExceeds: hits = PhraseHits(text, ExceedsPhrases(), false); break;
    case ChoiceCue::kComparative: hits = PhraseHits(text, ComparativePhrases(), false); break;
    case ChoiceCue::kLargest: hits = PhraseHits(text, LargestPhrases(), true); break;
    case ChoiceCue::kSmallest: hits = PhraseHits(text, SmallestPhrases(), true); break;
    default: hits = AllHits(CueRe(cue), text);
  }
  std::vector<ChoiceCueHit> out;
  for (Hit& h : hits) out.push_back({h.b, h.e, std::move(h.g1), std::move(h.g2)});
  return out;
}

std::vector<ChoiceCueHit> ChoiceCueHitsRe2(ChoiceCue cue, std::string_view text) {
  std::vector<ChoiceCueHit> out;
  for (Hit& h : AllHits(CueRe(cue), text)) out.push_back({h.b, h.e, std::move(h.g1), std::move(h.g2)});
  return out;
}

bool ChoiceCueMatches(ChoiceCue cue, std::string_view text) {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), CueRe(cue));
}
}  // namespace grader
