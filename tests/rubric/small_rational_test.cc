#include "grader/rubric/small_rational.h"

#include <catch2/catch.hpp>
#include <random>
#include <vector>

namespace grader::small_rational {
namespace {

// The same rational, part for part (Boost keeps lowest terms and a positive
// denominator; the machine path writes its parts directly and must too).
bool SameParts(const Exact& a, const Exact& b) {
  return numerator(a) == numerator(b) && denominator(a) == denominator(b);
}

// Rationals on both sides of the machine path's bounds: parts below 2^62,
// at 2^62, near 2^64 and beyond; signs; zero; products and sums that fit in
// 64 bits or just do not.
std::vector<Exact> EdgeValues() {
  const Int p62 = Int(1) << 62, p64 = Int(1) << 64, p32 = Int(1) << 32;
  std::vector<Exact> v = {Exact(0), Exact(1), Exact(-1), Exact(1, 2), Exact(-1, 3), Exact(2, 7), Exact(5, 6),
                          Exact(7, 4), Exact(-20, 3), Exact(12), Exact(-2)};
  for (const Int& n : {p62 - 1, p62, p62 + 1, p64 - 1, p64, p32 - 1, p32, p32 + 1}) {
    v.push_back(Exact(n));
    v.push_back(Exact(-n));
    v.push_back(Exact(Int(1), n));
    v.push_back(Exact(Int(-3), Int(n * 2 + 1)));
    v.push_back(Exact(n, Int(3)));
    v.push_back(Exact(Int(n - 2), Int(n - 1)));
  }
  return v;
}

void CheckPair(const Exact& x, const Exact& y) {
  INFO(ExactString(x) << " and " << ExactString(y));
  CHECK(Less(x, y) == (x < y));
  Exact sum = x;
  AddTo(sum, y);
  CHECK(SameParts(sum, x + y));
  CHECK(SameParts(Times(x, y, false), x * y));
  if (y != 0) CHECK(SameParts(Times(x, y, true), x / y));
  CHECK(SameParts(OneMinus(x), 1 - x));
}

TEST_CASE("small rationals: sums, comparisons, products and quotients are Boost's at every bound", "[score]") {
  const std::vector<Exact> v = EdgeValues();
  for (const Exact& x : v)
    for (const Exact& y : v) CheckPair(x, y);
}

TEST_CASE("small rationals: random small parts reduce as Boost reduces them", "[score]") {
  std::mt19937_64 rng(17);
  for (int i = 0; i < 3000; ++i) {
    // Parts sharing factors often (small ranges), and sometimes large.
    const uint64_t range = i % 3 == 0 ? 60 : (i % 3 == 1 ? 100000 : (uint64_t{1} << 61));
    auto part = [&] { return static_cast<long long>(rng() % range); };
    const long long a = part(), b = part() + 1, c = part(), d = part() + 1;
    CheckPair(Exact(Int(i % 2 ? -a : a), Int(b)), Exact(Int(i % 5 ? c : -c), Int(d)));
  }
}

TEST_CASE("small rationals: Ratio is Boost's normalised fraction", "[score]") {
  for (uint64_t num : {uint64_t{0}, uint64_t{1}, uint64_t{6}, uint64_t{1} << 40, ~uint64_t{0}})
    for (uint64_t den : {uint64_t{1}, uint64_t{4}, uint64_t{9}, uint64_t{1} << 41, ~uint64_t{0}}) {
      INFO(num << "/" << den);
      CHECK(SameParts(Ratio(num, den), Exact(Int(num), Int(den))));
    }
}

}  // namespace
}  // namespace grader::small_rational
