// SplitMix64 (Steele, Lea and Flood 2014; Vigna's splitmix64.c): a small
// PRNG whose sequence is the same on every platform and compiler
// (std::uniform_int_distribution's is not). Problem variants
// (reference/problem.cc), retry jitter (grader/llm/client.cc) and bootstrap
// intervals (reports/stats.cc) draw from it: a change here changes every
// published variant and interval.
//
//   SplitMix64 rng(1234567);
//   rng.Next();               // 6457827717110365317, then 3203168211198807973, ...
//   rng.Below(6);             // uniform in [0, 6)
//   SplitMix64Hash(1234567);  // 6457827717110365317: the first Next() for that seed
#ifndef GRADER_BASE_RANDOM_H_
#define GRADER_BASE_RANDOM_H_

#include <cstdint>

namespace grader {

class SplitMix64 {
 public:
  explicit constexpr SplitMix64(uint64_t seed) : state_(seed) {}

  constexpr uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), n > 0 (rejection sampling, no modulo bias).
  constexpr uint64_t Below(uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // accept [0, limit)
    for (;;) {
      uint64_t x = Next();
      if (x < limit) return x % n;
    }
  }

 private:
  uint64_t state_;
};

// The first output of SplitMix64(x): a stateless 64-bit mixer.
constexpr uint64_t SplitMix64Hash(uint64_t x) { return SplitMix64(x).Next(); }

}  // namespace grader

#endif  // GRADER_BASE_RANDOM_H_
