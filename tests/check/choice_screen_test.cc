// The literal screens of the choice check against the cue patterns they
// stand in front of: wherever a pattern matches, its screen must let the
// text through (else a cue, a negation or a clause break would be lost).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "grader/check/choice_screen.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

constexpr ChoiceCue kCues[] = {ChoiceCue::kNegation, ChoiceCue::kContrast, ChoiceCue::kLargest, ChoiceCue::kSmallest,
                               ChoiceCue::kClauseBreak, ChoiceCue::kThan, ChoiceCue::kExceeds, ChoiceCue::kTimes,
                               ChoiceCue::kPercent};

struct Count {
  int pieces = 0, matched = 0, screened = 0, wrong = 0;
};

void Hold(std::string_view piece, Count& n) {
  for (ChoiceCue cue : kCues) {
    ++n.pieces;
    bool matches = ChoiceCueMatches(cue, piece);
    bool may = ChoiceCueMayMatch(cue, piece);
    n.matched += matches;
    n.screened += !may;
    if (matches && !may) {
      ++n.wrong;
      UNSCOPED_INFO("cue " << static_cast<int>(cue) << " screened out a match in: " << piece);
    }
  }
}

TEST_CASE("Choice cue screens pass every line of the corpus and the seeds that the patterns match", "[choice][screen]") {
  Count n;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    for (std::string_view line : testing::Lines(file.text)) {
      Hold(line, n);
      // And every piece of it between ". " cuts (clause-sized text).
      size_t pb = 0;
      while (pb < line.size()) {
        size_t pe = line.find(". ", pb);
        if (pe == std::string_view::npos) pe = line.size();
        if (pb > 0 || pe < line.size()) Hold(line.substr(pb, pe - pb), n);
        pb = pe + 2;
      }
    }
  }
  CHECK(n.wrong == 0);
  CHECK(n.matched > 400);  // (484 when this was written)
  CHECK(n.screened > n.pieces / 2);  // the screens do skip most searches
}

TEST_CASE("Choice cue screens on hostile text", "[choice][screen]") {
  // Each of these matches its pattern; the screen must not rule it out.
  const std::pair<ChoiceCue, const char*> must[] = {
      {ChoiceCue::kNegation, "it is NOT the attention"},
      {ChoiceCue::kNegation, "NEITHER of them"},
      {ChoiceCue::kNegation, "WITHOUT the FFN"},
      {ChoiceCue::kNegation, "it DON'T matter"},
      {ChoiceCue::kNegation, "注意力不是主要"},
      {ChoiceCue::kNegation, "并非如此"},
      {ChoiceCue::kNegation, "没有"},
      {ChoiceCue::kNegation, "CanNot"},
      {ChoiceCue::kContrast, "RATHER THAN attention"},
      {ChoiceCue::kContrast, "attention VS. FFN"},
      {ChoiceCue::kContrast, "be\xC5\xBFides the FFN"},  // U+017F folds to 's'
      {ChoiceCue::kContrast, "UNLI\xE2\x84\xAA" "E the FFN"},  // U+212A folds to 'k'
      {ChoiceCue::kContrast, "Followed By"},
      {ChoiceCue::kLargest, "the MOST"},
      {ChoiceCue::kLargest, "the large\xC5\xBFt"},
      {ChoiceCue::kLargest, "Lion's Share"},
      {ChoiceCue::kLargest, "DOMINATES"},
      {ChoiceCue::kLargest, "FFN最多"},
      {ChoiceCue::kLargest, "占比最高"},
      {ChoiceCue::kLargest, "大多数"},
      {ChoiceCue::kLargest, "超过一半"},
      {ChoiceCue::kLargest, "主导"},
      {ChoiceCue::kLargest, "其次是"},
      {ChoiceCue::kLargest, "second-most"},
      {ChoiceCue::kSmallest, "LEAST"},
      {ChoiceCue::kSmallest, "lea\xC5\xBFt"},
      {ChoiceCue::kSmallest, "Less Than Half"},
      {ChoiceCue::kSmallest, "较小"},
      {ChoiceCue::kSmallest, "更小"},
      {ChoiceCue::kSmallest, "很小"},
      {ChoiceCue::kSmallest, "最低"},
      {ChoiceCue::kClauseBreak, "a；b"},
      {ChoiceCue::kClauseBreak, "a。b"},
      {ChoiceCue::kClauseBreak, "a！b"},
      {ChoiceCue::kClauseBreak, "a？b"},
      {ChoiceCue::kClauseBreak, "a，b"},
      {ChoiceCue::kClauseBreak, "a BUT b"},
      {ChoiceCue::kClauseBreak, "a\tWhereas b"},
      {ChoiceCue::kClauseBreak, "a, HOWEVER, b"},
      {ChoiceCue::kThan, "MORE THAN"},
      {ChoiceCue::kExceeds, "it Surpasses"},
      {ChoiceCue::kExceeds, "it surpa\xC5\xBF\xC5\xBF" "es"},
      {ChoiceCue::kExceeds, "DWARFS"},
      {ChoiceCue::kTimes, "2\tTIMES"},
      {ChoiceCue::kTimes, "3.5×"},
      {ChoiceCue::kTimes, "4 倍"},
      {ChoiceCue::kTimes, "10X"},
      {ChoiceCue::kPercent, "60 PerCent"},
      {ChoiceCue::kPercent, "60％"},
      {ChoiceCue::kClauseBreak, "a whi\xC5\xBF" "e b"},  // no match: 'ſ' is not 'l'; screened as odd text
  };
  for (const auto& [cue, text] : must) {
    INFO(text);
    if (ChoiceCueMatches(cue, text)) CHECK(ChoiceCueMayMatch(cue, text));
  }
  int matched = 0;
  for (const auto& [cue, text] : must) matched += ChoiceCueMatches(cue, text);
  CHECK(matched == 49);  // all but the last
  // Text the screens rule out, as they should.
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kNegation, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kContrast, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kLargest, "the FFN costs 2/3 of it"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kSmallest, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kClauseBreak, "the FFN is large, and attention is too"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kTimes, "2 of the 12 layers"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kPercent, "2 of the 12 layers"));
}


TEST_CASE("Choice times and percent screens pass every match on random text", "[choice][screen]") {
  // Digits, the spaces of RE2's \s and one it lacks (\v), the words and signs
  // of the two patterns in several cases, near misses, and the characters
  // RE2 folds to ASCII letters (U+017F, U+212A).
  const std::vector<std::string> pieces = {
      "2", "10", "3.5", ".", " ", "  ", "\t", "\n", "\f", "\r", "\v", "times", "TIMES", "Time\xC5\xBF", "x", "X", "×",
      "倍", "%", "％", "percent", "PERCENT", "per cent", "P", "e", "t", "T", "of", "the", "a", "\xE2\x84\xAA", "\xC5\xBF",
      "\xC3\x89", "\xE5\x80", ",", "比", "more"};
  std::mt19937 rng(21);
  int matched[2] = {0, 0}, screened[2] = {0, 0};
  for (int round = 0; round < 40000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 10);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    INFO(text);
    int k = 0;
    for (ChoiceCue cue : {ChoiceCue::kTimes, ChoiceCue::kPercent}) {
      const bool matches = ChoiceCueMatches(cue, text);
      const bool may = ChoiceCueMayMatch(cue, text);
      if (matches) REQUIRE(may);
      matched[k] += matches;
      screened[k] += !may;
      ++k;
    }
  }
  for (int k = 0; k < 2; ++k) {
    CHECK(matched[k] > 1000);
    CHECK(screened[k] > 4000);
  }
}


TEST_CASE("Choice cues matched by hand agree with RE2 on random text and the corpus", "[choice][screen]") {
  const ChoiceCue by_hand[] = {ChoiceCue::kContrast, ChoiceCue::kThan,    ChoiceCue::kExceeds,
                               ChoiceCue::kComparative, ChoiceCue::kLargest, ChoiceCue::kSmallest};
  // Every phrase of the patterns in several cases, near misses, the optional
  // tails, runner-up words with spaces and hyphens, word bytes that stick to
  // a word, the characters RE2 folds to ASCII letters (U+017F, U+212A) and
  // some it does not (U+0130, U+0131).
  const std::vector<std::string> pieces = {
      "rather than", "instead of", "as opposed to", "unlike", "UNLI\xE2\x84\xAA" "E", "besides", "be\xC5\xBFides",
      "apart from", "aside from", "other than", "except", " for", "compared", " to", " with", "relative to", "vs", ".",
      "versus", "followed by", "than", "THAN", "exceed", "s", "\xC5\xBF", "\xE2\x84\xAA", "outweigh", "dwarf", "surpass",
      "es", "more", "larger", "greater", "bigger", "higher", "heavier", "costlier", "expensive", "less", "fewer",
      "smaller", "lower", "cheaper", "lighter", "most", "MOST", "at ", "largest", "biggest", "dominant", "dominat",
      "dominates", "dominance", "majority", "bulk", "lion", "'", "share", " share", "over half", "more than half",
      "above half", "at least half", "main", "Main", "primary", "principal", "最多", "最大", "占据最多", "占比最高",
      "最高", "大部分", "大多数", "一半以上", "超过一半", "主导", "主要", "其次", "least", "smallest", "fewest",
      "cheapest", "lowest", "minimal", "minimum", "less than half", "最少", "最小", "最低", "较小", "更小", "较少",
      "很小", "second", "next", "third", "2nd", "3rd", "Second", " ", "  ", "-", "\t", "\n", "\v", "_", "0", "x", "a",
      "\xC4\xB0", "\xC4\xB1", ",", "\xE6\x9C\x80"};
  std::mt19937 rng(22);
  std::vector<size_t> found(std::size(by_hand), 0);
  for (int round = 0; round < 30000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 10);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    INFO(text);
    for (size_t k = 0; k < std::size(by_hand); ++k) {
      INFO("cue " << static_cast<int>(by_hand[k]));
      const std::vector<ChoiceCueHit> want = ChoiceCueHitsRe2(by_hand[k], text);
      REQUIRE(ChoiceCueHitsByHand(by_hand[k], text) == want);
      found[k] += want.size();
    }
  }
  for (size_t k = 0; k < std::size(by_hand); ++k) CHECK(found[k] > 500);
  size_t corpus = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    for (std::string_view line : testing::Lines(file.text)) {
      for (ChoiceCue cue : by_hand) {
        const std::vector<ChoiceCueHit> want = ChoiceCueHitsRe2(cue, line);
        CHECK(ChoiceCueHitsByHand(cue, line) == want);
        corpus += want.size();
      }
    }
  }
  CHECK(corpus > 150);  // (211 when this was written)
}

}  // namespace
}  // namespace grader
