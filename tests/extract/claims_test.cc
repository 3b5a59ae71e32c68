#include "grader/extract/claims.h"
#include "grader/extract/claims_internal.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "tests/test_seeds.h"

namespace grader {
namespace {

TEST_CASE("Claims read subject, predicate and polarity", "[extract][claims]") {
  struct Case { const char* text; const char* subject; const char* predicate; std::vector<std::string> found; };
  const std::vector<Case> cases = {
      {"The FFN dominates the FLOPs.", "FFN|feed-?forward", "dominat", {"+The FFN dominates the FLOPs."}},
      {"Attention is not the largest part.", "attention", "largest", {"-Attention is not the largest part."}},
      {"Attention isn't the largest part.", "attention", "largest", {"-Attention isn't the largest part."}},
      {"Attention doesn't dominate.", "attention", "dominat", {"-Attention doesn't dominate."}},
      {"Attention never dominates.", "attention", "dominat", {"-Attention never dominates."}},
      {"No, the FFN dominates.", "FFN", "dominat", {"+No, the FFN dominates."}},
      {"It is not true that attention dominates.", "attention", "dominat", {"-It is not true that attention dominates."}},
      {"The FFN rather than attention dominates.", "FFN", "dominat", {"+The FFN rather than attention dominates."}},
      {"The FFN rather than attention dominates.", "attention", "dominat", {"-The FFN rather than attention dominates."}},
      {"The FFN dominates; attention does not.", "attention", "dominat|does", {"-attention does not."}},
      {"The FFN is small but attention dominates.", "attention", "dominat", {"+attention dominates."}},
      {"It is not the case that attention never dominates.", "attention", "dominat", {"+It is not the case that attention never dominates."}},
      {"Nothing about it here.", "attention", "dominat", {}},
  };
  for (const Case& c : cases) {
    INFO(c.text << " / " << c.subject);
    Document doc(c.text);
    Claims claims(doc);
    std::vector<std::string> found;
    for (const ClaimMatch& m : claims.Asserts(doc, {0, doc.text().size()}, ClaimQuery(c.subject, c.predicate)))
      found.push_back((m.polarity == Polarity::kAffirmed ? "+" : "-") + m.text);
    CHECK(found == c.found);
  }
}

TEST_CASE("Claims scope and spans", "[extract][claims]") {
  Document doc("(a) Attention is cheap.\n(b) The FFN dominates.\n");
  Claims claims(doc);
  ClaimQuery q("FFN", "dominat");
  CHECK(claims.Asserts(doc, {0, 24}, q).empty());
  auto m = claims.Asserts(doc, {24, doc.text().size()}, q);
  REQUIRE(m.size() == 1);
  CHECK(m[0].span.Where() == "2:1");
}

TEST_CASE("Claims cut clauses at every break word, in any case", "[extract][claims]") {
  // The clause index skips the break regex on sentences with no break word;
  // these must still be cut.
  Document doc("The FFN is small BUT attention dominates. Attention grows, HOWEVER the FFN dominates. "
               "Attention wins WHEREAS the FFN loses. No break here at all.");
  Claims claims(doc);
  std::vector<std::string> clauses;
  for (const Range& r : claims.clauses()) clauses.push_back(std::string(doc.View(r)));
  CHECK(clauses == std::vector<std::string>{"The FFN is small", "attention dominates.", "Attention grows",
                                            "the FFN dominates.", "Attention wins", "the FFN loses.",
                                            "No break here at all."});
}

TEST_CASE("ClaimQuery reports bad patterns", "[extract][claims]") {
  ClaimQuery q("(unclosed", "x");
  CHECK_FALSE(q.ok());
  CHECK(q.error() == "invalid pattern '(unclosed': missing ): (unclosed at '(unclosed'");
}

// Asserts screens clauses with one search of the subject over the scope when
// the subject pattern cannot see past a clause edge. The reference: the
// subject and predicate matched on each clause alone, as before the screen.
std::vector<size_t> ClauseByClause(const Document& doc, const Claims& claims, Range scope, const ClaimQuery& q) {
  std::vector<size_t> out;
  for (const Range& r : claims.clauses()) {
    if (r.end <= scope.begin || r.begin >= scope.end) continue;
    re2::StringPiece c(doc.text().data() + r.begin, r.size());
    if (RE2::PartialMatch(c, q.subject()) && RE2::PartialMatch(c, q.predicate())) out.push_back(r.begin);
  }
  return out;
}

std::vector<std::string> Described(const std::vector<ClaimMatch>& ms) {
  std::vector<std::string> out;
  for (const ClaimMatch& m : ms)
    out.push_back(std::to_string(m.range.begin) + (m.polarity == Polarity::kAffirmed ? "+" : "-") + m.text);
  return out;
}

void CheckScreen(const Document& doc, const char* subject, const char* predicate, size_t* matched) {
  Claims claims(doc);
  ClaimQuery q(subject, predicate);
  // The same subject and predicate followed by an optional '$': they match
  // the same spans, but the '$' turns the screens off, so they take the
  // clause-by-clause path.
  ClaimQuery unscreened("(?:" + std::string(subject) + ")(?:$)?", "(?:" + std::string(predicate) + ")(?:$)?");
  // Only the predicate screened.
  ClaimQuery predicate_only("(?:" + std::string(subject) + ")(?:$)?", predicate);
  const size_t n = doc.text().size();
  for (Range scope : {Range{0, n}, Range{0, n / 2}, Range{n / 3, n}, Range{n / 4, n / 4 + 200}}) {
    INFO(subject << " in [" << scope.begin << ", " << scope.end << ")");
    std::vector<ClaimMatch> got = claims.Asserts(doc, scope, q);
    std::vector<size_t> begins;
    for (const ClaimMatch& m : got) begins.push_back(m.range.begin);
    CHECK(begins == ClauseByClause(doc, claims, scope, q));
    CHECK(Described(got) == Described(claims.Asserts(doc, scope, unscreened)));
    CHECK(Described(claims.Asserts(doc, scope, predicate_only)) == Described(got));
    *matched += got.size();
  }
}

const char* const kSubjects[] = {"attention", "FFN|feed-?forward|MLP", "Q\\s*K|QK\\^?T|query.*key|scores?",
                                 "the", "[0-9]+", "x*", "d_?model|d_?ff", "flops?.*total", "\\bk\\b", "^the",
                                 "e\\.$", "答案|参数", "feed[\\s-]*forward|FFN|MLP|SwiGLU", "dot.?product|QK\\^?T",
                                 "\\bs\\b|k{2}"};

TEST_CASE("Claims screen agrees with clause-by-clause matching on the corpus", "[extract][claims]") {
  size_t docs = 0, matched = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    Document doc(text);
    ++docs;
    for (const char* subject : kSubjects) {
      CheckScreen(doc, subject, "is|are|dominat|=|\\d", &matched);
      CheckScreen(doc, subject, "dominat|increas|grow|most", &matched);
      CheckScreen(doc, subject, "2|flop|matmul|multipl|@|×|\\*", &matched);
    }
  }
  CHECK(docs >= 17);
  CHECK(matched > 1000);  // the comparison saw real matches
}

// The clause index as if every sentence went through the break regex (the
// constructor screens sentences for break words first, 16 bytes at a time).
std::vector<Range> ClausesUnscreened(const Document& doc) {
  RE2::Options o;
  o.set_case_sensitive(false);
  static const RE2 kBreak(R"((;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+))", o);
  std::vector<Range> out;
  for (const TextUnit& u : doc.units()) {
    if (u.in_code) continue;
    std::string_view v = doc.View(u.range);
    size_t start = 0, pos = 0;
    re2::StringPiece input(v.data(), v.size()), m;
    while (pos <= v.size() && kBreak.Match(input, pos, v.size(), RE2::UNANCHORED, &m, 1)) {
      size_t b = static_cast<size_t>(m.data() - v.data()), e = b + m.size();
      if (b > start) out.push_back({u.range.begin + start, u.range.begin + b});
      start = e;
      while (start < v.size() && v[start] == ' ') ++start;
      pos = m.empty() ? b + 1 : e;
    }
    if (start < v.size()) out.push_back({u.range.begin + start, u.range.end});
  }
  return out;
}

TEST_CASE("Claims clauses agree with the break regex on every sentence of the corpus", "[extract][claims]") {
  size_t clauses = 0, cut = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    Document doc(text);
    std::vector<Range> want = ClausesUnscreened(doc);
    Claims claims(doc);
    const std::vector<Range>& got = claims.clauses();
    REQUIRE(got.size() == want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      CHECK(got[k].begin == want[k].begin);
      CHECK(got[k].end == want[k].end);
    }
    clauses += got.size();
    std::set<size_t> unit_begins;
    for (const TextUnit& u : doc.units()) unit_begins.insert(u.range.begin);
    for (const Range& r : got) cut += unit_begins.count(r.begin) == 0;
  }
  CHECK(clauses > 1000);
  CHECK(cut > 50);  // clauses that start after a break inside a sentence
}

TEST_CASE("Claims clauses agree with the break regex on random text", "[extract][claims]") {
  const std::vector<std::string> pieces = {"but", "BUT", "But", "whereas", "whereaS", "where", "wherea\xC5\xBF",
                                           "while", "While", "however", "However", "although", "ALTHOUGH", "though",
                                           "but,", "however,", " ", "  ", "\t", "\f", "\r", "\v", "\n", ",", ";",
                                           ".", "x", "a", "attribute", "meanwhile", "\xC2\xA0", "\xE2\x80\x83"};
  std::mt19937 rng(18);
  size_t cut = 0;  // texts cut at a break
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 16);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    Document doc(text);
    std::vector<Range> want = ClausesUnscreened(doc);
    Claims claims(doc);
    const std::vector<Range>& got = claims.clauses();
    INFO(text);
    REQUIRE(got.size() == want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      REQUIRE(got[k].begin == want[k].begin);
      REQUIRE(got[k].end == want[k].end);
    }
    cut += got.size() > doc.units().size();
  }
  CHECK(cut > 2000);
}

// The fixed patterns of claims.cc, matched by hand there, against RE2.
std::vector<std::pair<size_t, size_t>> Re2Matches(const RE2& re, std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  re2::StringPiece input(s.data(), s.size()), m;
  size_t pos = 0;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
    size_t b = static_cast<size_t>(m.data() - s.data());
    out.push_back({b, b + m.size()});
    pos = m.empty() ? b + 1 : b + m.size();
  }
  return out;
}

struct FixedPattern {
  const char* name;
  std::unique_ptr<RE2> re;
  std::vector<std::pair<size_t, size_t>> (*by_hand)(std::string_view);
};

std::vector<FixedPattern> FixedPatterns() {
  RE2::Options o;
  o.set_case_sensitive(false);
  std::vector<FixedPattern> out;
  out.push_back({"break",
                 std::make_unique<RE2>(R"((;|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+))", o),
                 claims_internal::ClauseBreaks});
  // The "choice" check's clauses (grader/check/choice.cc, ClauseBreakRe).
  out.push_back({"full-width break",
                 std::make_unique<RE2>(
                     R"((;|；|。|！|？|，|\s+but\s+|\s+whereas\s+|\s+while\s+|,?\s+however,?\s+|,?\s+although\s+))", o),
                 claims_internal::FullWidthClauseBreaks});
  out.push_back({"negation", std::make_unique<RE2>(R"((\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b))", o),
                 claims_internal::Negations});
  // The "choice" check's negations (grader/check/choice.cc, NegationRe).
  out.push_back({"negation with Chinese",
                 std::make_unique<RE2>(R"((\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b|不是|并非|并不|没有))", o),
                 claims_internal::ChineseNegations});
  out.push_back({"contrast", std::make_unique<RE2>(R"((\b(?:rather than|instead of|as opposed to|unlike)\b))", o),
                 claims_internal::Contrasts});
  return out;
}

TEST_CASE("Claims' hand-matched patterns agree with RE2 on random text and the corpus", "[extract][claims]") {
  const std::vector<FixedPattern> patterns = FixedPatterns();
  // Pieces that make and break matches: every word of the patterns in
  // several cases, near misses, the characters RE2 folds to ASCII letters
  // (U+017F, U+212A) and some it does not (U+0130, U+0131), every kind of
  // space (\v is none for RE2's \s), word bytes that stick to a word.
  const std::vector<std::string> pieces = {
      "but", "BUT", "whereas", "whereaS", "wherea\xC5\xBF", "while", "WHILE", "however", "However", "although",
      "not", "NOT", "No", "no", "never", "none", "neither", "nor", "cannot", "without", "n't", "N'T", "don't", "nothing",
      "rather than", "Rather Than", "instead of", "as opposed to", "unlike", "unli\xE2\x84\xAA" "e", "UNLIKE", "rather",
      "n\xC4\xB0", "\xC4\xB1", "wh\xC4\xB1le", "\xC5\xBF", "\xE2\x84\xAA", " ", "  ", "\t", "\n", "\f", "\r", "\v", ",",
      ";", ".", "'", "_", "0", "x", "a", "t", "\xC2\xA0", "\xE4\xB8\x8D", "；", "。", "！", "？", "，", "：", "、", "\xEF\xBC", "不是", "并非", "并不", "没有", "不", "并"};
  std::mt19937 rng(19);
  size_t found[5] = {0, 0, 0, 0, 0};
  for (int round = 0; round < 30000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    INFO(text);
    for (size_t k = 0; k < patterns.size(); ++k) {
      INFO(patterns[k].name);
      std::vector<std::pair<size_t, size_t>> want = Re2Matches(*patterns[k].re, text);
      REQUIRE(patterns[k].by_hand(text) == want);
      found[k] += want.size();
    }
  }
  for (size_t k = 0; k < 5; ++k) CHECK(found[k] > 3000);
  size_t corpus = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    Document doc(file.text);
    for (const TextUnit& u : doc.units()) {
      std::string_view v = doc.View(u.range);
      for (const FixedPattern& p : patterns) {
        std::vector<std::pair<size_t, size_t>> want = Re2Matches(*p.re, v);
        CHECK(p.by_hand(v) == want);
        corpus += want.size();
      }
    }
  }
  CHECK(corpus > 500);
}

TEST_CASE("Claims screen on clauses cut inside a sentence", "[extract][claims]") {
  // A subject match that straddles a clause break is found by the whole-text
  // search but belongs to no clause.
  Document doc("The FFN is small but attention dominates; the attention part is large. "
               "Smallbut dominates. FFN; the FFN dominates.");
  size_t matched = 0;
  for (const char* subject : {"small but attention", "FFN.*dominat", "but", ";", "small|FFN", "the", "s"}) {
    CheckScreen(doc, subject, "dominat|large|is", &matched);
    // Predicates that straddle a break, or hold one.
    CheckScreen(doc, subject, "small but attention|dominates\\.", &matched);
    CheckScreen(doc, subject, "is.*dominat|FFN", &matched);
  }
  CHECK(matched > 0);
}


// ---- The literal screens of ClaimQuery (claims_internal::LiteralScreen) ----

TEST_CASE("Literal screens take one needle from each alternative", "[extract][claims][screen]") {
  struct Case { const char* pattern; std::vector<std::string> needles; };
  const std::vector<Case> cases = {
      {"Q\\s*K|QK\\^?T|query.*key|scores?|dot.?product", {"q", "qk", "query", "score", "product"}},
      {"feed[\\s-]*forward|FFN|MLP|SwiGLU", {"forward", "ffn", "mlp", "swiglu"}},
      {"increas|grow|rise|larger share|more of|dominat", {"increas", "grow", "rise", "larger share", "more of", "dominat"}},
      {"2|flop|matmul|multipl|@|\xC3\x97|\\*", {"2", "flop", "matmul", "multipl", "@", "\xC3\x97", "*"}},
      {"\\bk\\b", {"k"}},
      {"ab+c", {"ab"}},
      {"x{2,}yz{0,3}", {"x"}},  // the rarest letter first, then the longer run
      {"W_?[123]", {"w"}},
      {"答案|参数", {"答案", "参数"}},
      {"e\\.$", {"e."}},
  };
  for (const Case& c : cases) {
    INFO(c.pattern);
    claims_internal::LiteralScreen screen(c.pattern);
    CHECK(screen.ok());
    CHECK(screen.needles() == c.needles);
  }
  // No screen: an alternative without a required literal, or a pattern the
  // screen does not read.
  for (const char* pattern : {"x*", "attention|", "(?:attention)", "[0-9]+", "\\pL", "\\x41", "\\Qa\\E", "[[:alpha:]]",
                              "\xC3\x89", "a{", "\\d+|ffn", "(?:ffn)(?:$)?"}) {
    INFO(pattern);
    CHECK_FALSE(claims_internal::LiteralScreen(pattern).ok());
  }
}

// Every occurrence of a needle, found the slow way, and U+017F, U+212A.
std::vector<std::pair<size_t, size_t>> NeedlesSlowly(const claims_internal::LiteralScreen& screen, std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  for (size_t b = 0; b < s.size(); ++b) {
    if (s.substr(b, 2) == "\xC5\xBF") out.push_back({b, b + 2});
    if (s.substr(b, 3) == "\xE2\x84\xAA") out.push_back({b, b + 3});
    for (const std::string& w : screen.needles()) {
      if (s.size() - b < w.size()) continue;
      bool same = true;
      for (size_t j = 0; j < w.size(); ++j) same = same && lower(s[b + j]) == w[j];
      if (same) out.push_back({b, b + w.size()});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TEST_CASE("Literal screens pass every match RE2 finds in random text", "[extract][claims][screen]") {
  // Patterns made of literals, classes, repetitions, groups and assertions;
  // texts of the same letters in both cases and of the characters that fold
  // (U+017F, U+212A) or look as if they might (U+0130, U+0131, É/é).
  const std::vector<std::string> pattern_pieces = {
      "s", "S", "k", "K", "i", "I", "score", "key", "QK", "e", "a", "b", "ab", "s?", "k*", "a+", "b{2}", "e{0,2}",
      "[sk]", "[^a]", "\\s*", "\\s+", "\\b", ".", ".*", ".?", "\\.", "\\^", "\\*", "(?:s|k)", "(a)", "|", "|", " ",
      "-", "\xC3\x97", "\xC3\x89", "\xC3\xA9", "\xC4\xB0", "\xC4\xB1", "\xE7\xAD\x94", "\\d", "\\w", "2", "x{1,}"};
  const std::vector<std::string> text_pieces = {
      "s", "S", "k", "K", "i", "I", "score", "SCORE", "key", "qk", "e", "a", "b", "ab", "bb", "ee", " ", ".", "^", "*",
      "-", "2", "x", "\xC5\xBF", "\xE2\x84\xAA", "\xC4\xB0", "\xC4\xB1", "\xC3\x89", "\xC3\xA9", "\xC3\x97", "\xE7\xAD\x94",
      "\xE2\x80\x94", "\xC5\x81", "\n", "\t"};
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  std::mt19937 rng(20);
  size_t screened = 0, matches = 0, windows_out = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string pattern;
    const int np = 1 + static_cast<int>(rng() % 5);
    for (int k = 0; k < np; ++k) pattern += pattern_pieces[rng() % pattern_pieces.size()];
    RE2 re(pattern, o);
    if (!re.ok()) continue;
    claims_internal::LiteralScreen screen(pattern);
    if (!screen.ok()) continue;
    ++screened;
    for (int t = 0; t < 20; ++t) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 24);
      for (int k = 0; k < n; ++k) text += text_pieces[rng() % text_pieces.size()];
      INFO("pattern " << pattern << " text " << text);
      const std::vector<std::pair<size_t, size_t>> hits = screen.Find(text);
      REQUIRE(hits == NeedlesSlowly(screen, text));
      REQUIRE(screen.Holds(text) == !hits.empty());
      // A window of the text, matched on its own as a clause is: a match in
      // it holds a hit that lies inside it.
      for (int w = 0; w < 4; ++w) {
        const size_t x = rng() % (text.size() + 1), y = x + rng() % (text.size() - x + 1);
        re2::StringPiece window(text.data() + x, y - x), m;
        const bool matched = re.Match(window, 0, window.size(), RE2::UNANCHORED, &m, 1);
        bool inside = false;
        for (const auto& [b, e] : hits) inside = inside || (b >= x && e <= y);
        if (matched) {
          ++matches;
          const size_t mb = x + static_cast<size_t>(m.data() - window.data()), me = mb + m.size();
          bool held = false;
          for (const auto& [b, e] : hits) held = held || (b >= mb && e <= me);
          REQUIRE(held);
        } else if (!inside) {
          ++windows_out;
        }
      }
    }
  }
  CHECK(screened > 1000);
  CHECK(matches > 5000);  // (6545 when this was written)
  CHECK(windows_out > 10000);  // the screen turns windows away
}

}  // namespace
}  // namespace grader
