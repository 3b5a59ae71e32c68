// Rational arithmetic on machine integers for scoring (score.cc): the sums,
// comparisons, products and quotients of points, credits and shares, which
// are small rationals, without Boost's multiprecision gcd and temporaries.
// Each function gives exactly what Boost's operator gives, and falls back to
// it when a part does not fit (tests/rubric/small_rational_test.cc checks
// both sides of every bound).
//
//   AddTo(sum, x);           // sum += x
//   Exact q = Times(x, y, true);  // x / y
#ifndef GRADER_RUBRIC_SMALL_RATIONAL_H_
#define GRADER_RUBRIC_SMALL_RATIONAL_H_

#include <cstdint>
#include <numeric>
#include <utility>

#include "grader/extract/number.h"
#include "reference/exact.h"

namespace grader::small_rational {

// Rational arithmetic on machine integers for the small rationals scoring
// adds up (points, credits, shares), with Boost's as the general path: a
// rational's parts are used as 64-bit integers when both are below 2^62, so
// that every product of two parts fits in 128 bits; a result is written in
// lowest terms only when its parts fit in 64 bits, and computed by Boost
// otherwise. Boost keeps every rational in lowest terms with a positive
// denominator, and so do these.
struct SmallRational {
  uint64_t num = 0;  // |numerator|
  uint64_t den = 1;
  bool negative = false;
  __int128 Signed() const { return negative ? -static_cast<__int128>(num) : static_cast<__int128>(num); }
};
inline constexpr uint64_t kSmallPart = uint64_t{1} << 62;

inline bool SmallParts(const Exact& x, SmallRational* out) {
  const auto& n = x.backend().data().numerator();
  const auto& d = x.backend().data().denominator();
  if (n.backend().size() != 1 || d.backend().size() != 1) return false;
  const uint64_t a = *n.backend().limbs(), b = *d.backend().limbs();
  if (a >= kSmallPart || b >= kSmallPart || b == 0 || d.sign() < 0) return false;
  *out = {a, b, n.sign() < 0};
  return true;
}

// Writes magnitude / den (already in lowest terms) with a sign into *x;
// false, with *x unchanged, when a part does not fit in 64 bits.
inline bool SetSmall(Exact* x, unsigned __int128 magnitude, unsigned __int128 den, bool negative) {
  constexpr unsigned __int128 kMax = ~uint64_t{0};
  if (magnitude > kMax || den > kMax) return false;
  SetLowestTerms(x, static_cast<uint64_t>(magnitude), static_cast<uint64_t>(den), negative);
  return true;
}

// x < y.
inline bool Less(const Exact& x, const Exact& y) {
  SmallRational a, b;
  if (SmallParts(x, &a) && SmallParts(y, &b)) return a.Signed() * b.den < b.Signed() * a.den;
  return x < y;
}

// sum += x (Knuth's addition: the gcd of the denominators, then the gcd of
// the new numerator with it).
inline void AddTo(Exact& sum, const Exact& x) {
  SmallRational a, b;
  if (SmallParts(sum, &a) && SmallParts(x, &b)) {
    const uint64_t g1 = std::gcd(a.den, b.den);
    const __int128 t = a.Signed() * (b.den / g1) + b.Signed() * (a.den / g1);
    if (t == 0) {
      sum = Exact();
      return;
    }
    const unsigned __int128 mag = t < 0 ? static_cast<unsigned __int128>(-t) : static_cast<unsigned __int128>(t);
    const uint64_t g2 = std::gcd(static_cast<uint64_t>(mag % g1), g1);
    if (SetSmall(&sum, mag / g2, static_cast<unsigned __int128>(a.den / g1) * (b.den / g2), t < 0)) return;
  }
  sum += x;
}

// x * y, or x / y when `divide` (y != 0): cross-cancelled, so the result is
// in lowest terms.
inline Exact Times(const Exact& x, const Exact& y, bool divide) {
  SmallRational a, b;
  if (SmallParts(x, &a) && SmallParts(y, &b) && b.num != 0) {
    if (divide) std::swap(b.num, b.den);
    if (a.num == 0) return Exact();
    const uint64_t g1 = std::gcd(a.num, b.den), g2 = std::gcd(b.num, a.den);
    Exact out;
    if (SetSmall(&out, static_cast<unsigned __int128>(a.num / g1) * (b.num / g2),
                 static_cast<unsigned __int128>(a.den / g2) * (b.den / g1), a.negative != b.negative))
      return out;
    if (divide) std::swap(b.num, b.den);
  }
  return divide ? x / y : x * y;
}

// 1 - x: for x = p/q with 0 <= p <= q, (q - p)/q, in lowest terms as p/q is.
inline Exact OneMinus(const Exact& x) {
  SmallRational a;
  if (SmallParts(x, &a) && !a.negative && a.num <= a.den) {
    Exact out;
    if (a.num == a.den) return out;  // 0/1
    SetLowestTerms(&out, a.den - a.num, a.den);
    return out;
  }
  return 1 - x;
}

// num / den in lowest terms (den > 0): a machine gcd and the parts written
// as Boost keeps them (its constructor normalises with a multiprecision gcd).
inline Exact Ratio(uint64_t num, uint64_t den) {
  Exact x;
  const uint64_t g = std::gcd(num, den);  // den when num is 0: 0/1
  SetLowestTerms(&x, num / g, den / g);
  return x;
}

}  // namespace grader::small_rational

#endif  // GRADER_RUBRIC_SMALL_RATIONAL_H_
