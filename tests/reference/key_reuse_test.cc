// BuildKey takes over the solves of this thread's last SolvesCleanly
// (Problem::Variant checks a draw, then the key of that draw is built):
// whole results only when the values are the same, the memo of solver
// results by their inputs otherwise. A key built right after a check of
// other values must be the key those values give on their own.
#include <catch2/catch.hpp>

#include <string>

#include "reference/key.h"
#include "reference/key_render.h"

namespace grader {
namespace {

TEST_CASE("key: a check of other values leaves nothing stale in the next key", "[key][reuse]") {
  size_t compared = 0;
  for (const Problem& p : BuiltinProblems().problems()) {
    const ParamValues defaults = p.Defaults();
    const std::string alone = KeyToJson(BuildKey(p, defaults, std::nullopt, DerivationMode::kEager)).dump();
    for (long n : {3L, 17L}) {
      const ParamValues drawn = p.Variant(n);
      if (drawn == defaults) continue;
      const std::string drawn_alone = KeyToJson(BuildKey(p, drawn, n, DerivationMode::kEager)).dump();
      REQUIRE(drawn_alone != alone);  // the draw changes some answer
      INFO(p.id << " variant " << n);
      // The defaults' key after the draw's check, and the draw's key after the defaults' check.
      REQUIRE(SolvesCleanly(p, drawn));
      CHECK(KeyToJson(BuildKey(p, defaults)).dump() == alone);
      REQUIRE(SolvesCleanly(p, defaults));
      CHECK(KeyToJson(BuildKey(p, drawn, n)).dump() == drawn_alone);
      // And the same values: what the check found is taken over whole.
      REQUIRE(SolvesCleanly(p, drawn));
      CHECK(KeyToJson(BuildKey(p, drawn, n)).dump() == drawn_alone);
      ++compared;
    }
  }
  CHECK(compared >= 12);
}

}  // namespace
}  // namespace grader
