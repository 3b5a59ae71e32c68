// SplitMix64 (grader/base/random.h) against Vigna's splitmix64.c: the same
// sequence for a seed on every platform. A change here changes every problem
// variant, retry delay and bootstrap interval.
#include "grader/base/random.h"

#include <catch2/catch.hpp>
#include <vector>

namespace grader {
namespace {

TEST_CASE("SplitMix64 gives the reference sequence for a seed", "[base][random]") {
  struct Case {
    uint64_t seed;
    std::vector<uint64_t> first;  // values from a Python port of splitmix64.c
  };
  const Case cases[] = {
      {0, {16294208416658607535ull, 7960286522194355700ull, 487617019471545679ull, 17909611376780542444ull}},
      {1, {10451216379200822465ull, 13757245211066428519ull, 17911839290282890590ull, 8196980753821780235ull}},
      {1234567, {6457827717110365317ull, 3203168211198807973ull, 9817491932198370423ull, 4593380528125082431ull}},
      {UINT64_MAX, {16490336266968443936ull, 16834447057089888969ull, 4048727598324417001ull, 7862637804313477842ull}},
  };
  for (const Case& c : cases) {
    INFO("seed " << c.seed);
    SplitMix64 rng(c.seed);
    std::vector<uint64_t> got;
    for (size_t i = 0; i < c.first.size(); ++i) got.push_back(rng.Next());
    CHECK(got == c.first);
    CHECK(SplitMix64Hash(c.seed) == c.first[0]);
  }
}

TEST_CASE("SplitMix64 is usable at compile time", "[base][random]") {
  static_assert(SplitMix64Hash(0) == 16294208416658607535ull);
  constexpr uint64_t second = [] {
    SplitMix64 rng(0);
    rng.Next();
    return rng.Next();
  }();
  static_assert(second == 7960286522194355700ull);
  SUCCEED();
}

TEST_CASE("SplitMix64::Below is uniform by rejection and pinned for a seed", "[base][random]") {
  SplitMix64 dice(42);
  std::vector<uint64_t> rolls;
  for (int i = 0; i < 10; ++i) rolls.push_back(dice.Below(6));
  CHECK(rolls == std::vector<uint64_t>{1, 1, 0, 0, 4, 0, 1, 2, 1, 2});
  // n = 2^63 + 1 rejects about half the draws: the values after rejection.
  SplitMix64 big(7);
  std::vector<uint64_t> draws;
  for (int i = 0; i < 3; ++i) draws.push_back(big.Below((1ull << 63) + 1));
  CHECK(draws == std::vector<uint64_t>{7191089600892374487ull, 309689372594955804ull, 8346079845500723674ull});
  SplitMix64 one(5);
  for (int i = 0; i < 5; ++i) CHECK(one.Below(1) == 0);
}

}  // namespace
}  // namespace grader
