// The literal screens of the choice check against the cue patterns they
// stand in front of: wherever a pattern matches, its screen must let the
// text through (else a cue, a negation or a clause break would be lost).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "grader/check/choice_screen.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

constexpr ChoiceCue kCues[] = {ChoiceCue::kNegation, ChoiceCue::kContrast, ChoiceCue::kLargest, ChoiceCue::kSmallest,
                               ChoiceCue::kClauseBreak, ChoiceCue::kThan, ChoiceCue::kExceeds};

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
      {ChoiceCue::kClauseBreak, "a whi\xC5\xBF" "e b"},  // no match: 'ſ' is not 'l'; screened as odd text
  };
  for (const auto& [cue, text] : must) {
    INFO(text);
    if (ChoiceCueMatches(cue, text)) CHECK(ChoiceCueMayMatch(cue, text));
  }
  int matched = 0;
  for (const auto& [cue, text] : must) matched += ChoiceCueMatches(cue, text);
  CHECK(matched == 43);  // all but the last
  // Text the screens rule out, as they should.
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kNegation, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kContrast, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kLargest, "the FFN costs 2/3 of it"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kSmallest, "the FFN is large"));
  CHECK_FALSE(ChoiceCueMayMatch(ChoiceCue::kClauseBreak, "the FFN is large, and attention is too"));
}

}  // namespace
}  // namespace grader
