// Tolerances: with both rel and abs, PrairieLearn's rule |a - b| <= atol + rtol·|b|.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "grader/check/check_util.h"
#include "reference/units.h"

namespace grader {
namespace {

TEST_CASE("tolerance: rel and abs together follow PrairieLearn", "[tolerance]") {
  detail::Tolerance both;
  both.rel = Exact(1, 100);  // 1% of 1000 is 10
  both.abs = Exact(5);       // plus 5: a band of 15
  const Exact expected = 1000;
  CHECK(detail::Within(Exact(1015), 0, expected, both));
  CHECK(detail::Within(Exact(985), 0, expected, both));
  CHECK_FALSE(detail::Within(Exact(10151, 10), 0, expected, both));
  CHECK_FALSE(detail::Within(Exact(9849, 10), 0, expected, both));
  CHECK(both.Describe() == "within ±(5 + 1%)");
  detail::Tolerance rel_only;
  rel_only.rel = Exact(1, 100);
  CHECK(detail::Within(Exact(1010), 0, expected, rel_only));
  CHECK_FALSE(detail::Within(Exact(1011), 0, expected, rel_only));
  detail::Tolerance abs_only;
  abs_only.abs = Exact(5);
  CHECK(detail::Within(Exact(1005), 0, expected, abs_only));
  CHECK_FALSE(detail::Within(Exact(1006), 0, expected, abs_only));
  // Near zero the absolute part carries it.
  CHECK(detail::Within(Exact(4), 0, Exact(0), both));
  CHECK_FALSE(detail::Within(Exact(6), 0, Exact(0), both));
}

TEST_CASE("tolerance: Prepare() screens exactly as the unprepared bounds", "[tolerance]") {
  // Every kind of bound, prepared and not: ClearlyOutside must agree on a
  // grid of values around the edges (the prepared doubles stand in for
  // ApproxDouble of the rationals, nothing else).
  std::vector<detail::Tolerance> kinds(6);
  kinds[0].rel = Exact(5, 1000);
  kinds[1].abs = Exact(3, 2);
  kinds[2].rel = Exact(1, 100), kinds[2].abs = Exact(5);
  kinds[3].sig = 3;
  kinds[4].decimals = 2;
  kinds[5].factor = Exact(2), kinds[5].written = true;
  for (const detail::Tolerance& raw : kinds) {
    detail::Tolerance prepared = raw;
    prepared.Prepare();
    REQUIRE(prepared.doubles.ready);
    REQUIRE_FALSE(raw.doubles.ready);
    for (double e : {1000.0, 0.25, -42.0, 0.0})
      for (double f : {e, e * 1.004, e * 1.006, e + 1.4, e + 1.6, e * 2.0, e * 2.1, e / 2.1, -e, 7.0})
        for (int sig : {0, 2, 4}) CHECK(detail::ClearlyOutside(f, sig, e, raw) == detail::ClearlyOutside(f, sig, e, prepared));
  }
  // ReadTolerance prepares what it reads: a 0.5% band screens 1006 out
  // around 1000 and keeps 1004.
  nlohmann::json spec = {{"tolerance", {{"rel", "0.005"}}}};
  CheckSource src;
  src.spec = &spec;
  detail::Tolerance read = detail::ReadTolerance(src, spec, "tolerance");
  CHECK(read.doubles.ready);
  CHECK(read.doubles.rel == 0.005);
  CHECK(detail::ClearlyOutside(1006, 0, 1000, read));
  CHECK_FALSE(detail::ClearlyOutside(1004, 0, 1000, read));
}

TEST_CASE("tolerance: RelativeError is (found - expected) / expected, normalised", "[tolerance]") {
  CHECK(*detail::RelativeError(Exact(1015), Exact(1000)) == Exact(3, 200));
  CHECK(*detail::RelativeError(Exact(985), Exact(1000)) == Exact(-3, 200));
  CHECK(*detail::RelativeError(Exact(1, 3), Exact(1, 2)) == Exact(-1, 3));
  CHECK(*detail::RelativeError(Exact(5), Exact(-4)) == Exact(-9, 4));
  CHECK(*detail::RelativeError(Exact(-6), Exact(-4)) == Exact(1, 2));
  CHECK(*detail::RelativeError(Exact(7, 3), Exact(7, 3)) == Exact(0));
  CHECK(*detail::RelativeError(Exact(0), Exact(9)) == Exact(-1));
  CHECK_FALSE(detail::RelativeError(Exact(3), Exact(0)).has_value());
  // The denominator comes out positive and reduced, as an Exact is kept.
  Exact r = *detail::RelativeError(Exact(2), Exact(-6));
  CHECK(r == Exact(-4, 3));
  CHECK(denominator(r) == 3);
  CHECK(numerator(r) == -4);
}

// RelativeError's 128-bit shortcut against the formula in rationals, at the
// edges it handles: parts of one limb up to 2^64 - 1, both signs, zero,
// products past 2^64 and 2^127, and a sum of two products past 2^128 (where
// it must step aside).
TEST_CASE("tolerance: RelativeError's shortcut equals the rational formula", "[tolerance]") {
  const Int max64 = Int(std::numeric_limits<uint64_t>::max());
  const std::vector<Exact> values = {
      Exact(0), Exact(1), Exact(-1), Exact(7, 3), Exact(-7, 3), Exact(2127057600), Exact(21, 10) * 1000000000,
      Exact(max64), Exact(-max64), Exact(1, max64), Exact(max64 - 1, max64), Exact(-(max64 - 2), max64),
      Exact(Int(1) << 63, 3), Exact(Int(1) << 32), Exact(-(Int(1) << 40), 7), Exact(max64, 2)};
  size_t fast = 0;
  for (const Exact& f : values) {
    for (const Exact& e : values) {
      if (e == 0) {
        CHECK_FALSE(detail::RelativeError(f, e).has_value());
        continue;
      }
      const Exact formula = (f - e) / e;
      const std::optional<Exact> r = detail::RelativeError(f, e);
      REQUIRE(r.has_value());
      CHECK(*r == formula);
      CHECK(numerator(*r) == numerator(formula));
      CHECK(denominator(*r) == denominator(formula));
      if (f == e) continue;
      if (std::optional<Exact> s = detail::RelativeErrorFast(f, e)) {
        ++fast;
        CHECK(numerator(*s) == numerator(formula));
        CHECK(denominator(*s) == denominator(formula));
      }
    }
  }
  // Past one limb the shortcut steps aside, and also when a·d + c·b
  // passes 2^128.
  CHECK_FALSE(detail::RelativeErrorFast(Exact(max64 + 1), Exact(3)).has_value());
  CHECK_FALSE(detail::RelativeErrorFast(Exact(3), Exact(1, max64 + 1)).has_value());
  const Exact f(max64, 4), e(-(max64 - 1), max64);  // a·d + c·b = 2^128 + 2^65 - 7
  CHECK_FALSE(detail::RelativeErrorFast(f, e).has_value());
  CHECK(*detail::RelativeError(f, e) == (f - e) / e);
  // Every pair of different values above took the shortcut but two:
  // (max64-1)/max64 against -(max64-2)/max64 and back, whose a·d + c·b is
  // about 2^129.
  CHECK(fast == 15 * 16 - 15 - 2);
}

// ConversionTo's shortcut for a quantity in the key's own unit against the
// general path (the same unit at another address), for every unit, written
// both as its symbol and as "FLOPS" (the rate read as a count).
TEST_CASE("tolerance: ConversionTo of the key's own unit equals the general path", "[tolerance]") {
  size_t base = 0, divide = 0;
  for (const Unit& u : AllUnits()) {
    const Unit copy = u;
    for (const char* written : {"", "FLOPS"}) {
      Quantity q;
      q.unit = &u;
      q.unit_text = *written ? written : u.symbol;
      const detail::Conversion same = detail::ConversionTo(q, &u);
      CHECK(same == detail::ConversionTo(q, &copy));
      CHECK(same != detail::Conversion::kNone);
      (same == detail::Conversion::kBase ? base : divide) += 1;
    }
  }
  CHECK(base > 0);
  CHECK(divide > 0);
}

// Within's relative and absolute terms, as rationals (before they were
// compared in integers).
bool WithinRational(const Exact& found, const Exact& expected, const detail::Tolerance& tol) {
  Exact diff = found - expected;
  if (diff < 0) diff = -diff;
  Exact mag = expected < 0 ? Exact(-expected) : expected;
  if (tol.rel && tol.abs) return diff <= *tol.abs + *tol.rel * mag;
  return (tol.rel && diff <= *tol.rel * mag) || (tol.abs && diff <= *tol.abs);
}

TEST_CASE("tolerance: Within compares rel and abs in integers as the rationals do", "[tolerance]") {
  std::vector<detail::Tolerance> kinds(6);
  kinds[0].rel = Exact(5, 1000);
  kinds[1].abs = Exact(3, 2);
  kinds[2].rel = Exact(1, 100), kinds[2].abs = Exact(5, 7);
  kinds[3].rel = Exact(7, 3);
  kinds[4].abs = Exact(0);
  kinds[5].rel = Exact(1, 3), kinds[5].abs = Exact(1, 1000000);
  std::vector<Exact> values;
  for (long n : {-2000L, -7L, -1L, 0L, 1L, 3L, 995L, 1000L, 1005L, 1006L})
    for (long d : {1L, 2L, 3L, 7L, 1000L}) values.push_back(Exact(n, d));
  const Exact big = Exact(Int("1000000000000000000000000000000"), Int(3));  // 1e30 / 3: several limbs
  values.push_back(big);
  values.push_back(-big);
  values.push_back(big * Exact(1001, 1000));
  size_t inside = 0, outside = 0;
  for (const detail::Tolerance& tol : kinds) {
    for (const Exact& e : values) {
      // The values above, and each bound of the tolerance hit exactly and
      // missed by a hair on either side.
      std::vector<Exact> founds = values;
      for (const Exact& width : {tol.rel ? *tol.rel * (e < 0 ? Exact(-e) : e) : Exact(0), tol.abs ? *tol.abs : Exact(0),
                                 (tol.rel && tol.abs) ? *tol.abs + *tol.rel * (e < 0 ? Exact(-e) : e) : Exact(0)})
        for (const Exact& hair : {Exact(0), Exact(1, 1000000000), Exact(-1, 1000000000)}) {
          founds.push_back(e + width + hair);
          founds.push_back(e - width - hair);
        }
      for (const Exact& f : founds) {
        const bool want = WithinRational(f, e, tol);
        INFO(f << " against " << e);
        REQUIRE(detail::Within(f, 0, e, tol) == want);
        (want ? inside : outside) += 1;
      }
    }
  }
  CHECK(inside > 500);
  CHECK(outside > 500);
}

TEST_CASE("tolerance: OutsideScreen answers as ClearlyOutside", "[tolerance]") {
  // The screen works out the bound once per expected value; on every
  // kind of tolerance, prepared or not, and on non-finite values it must
  // give ClearlyOutside's answer.
  std::vector<detail::Tolerance> kinds(8);
  kinds[0].rel = Exact(5, 1000);
  kinds[1].abs = Exact(3, 2);
  kinds[2].rel = Exact(1, 100), kinds[2].abs = Exact(5);
  kinds[3].sig = 3;
  kinds[4].decimals = 2;
  kinds[5].factor = Exact(2);
  kinds[6].written = true, kinds[6].rel = Exact(1, 100);
  // kinds[7]: exact only.
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  for (bool prepare : {false, true})
    for (detail::Tolerance tol : kinds) {
      if (prepare) tol.Prepare();
      for (double e : {1000.0, 0.25, -42.0, 0.0, 3.14e23, inf})
        {
        const detail::OutsideScreen screen(e, tol);
        for (double f : {e, e * 1.004, e * 1.006, e + 1.4, e + 1.6, e * 2.0, e * 2.1, e / 2.1, -e, 7.0, 0.0, inf, nan,
                         e * (1 + 1e-13), 1000.005, 1000.0049})
          for (int sig : {0, 2, 4}) {
            INFO("e " << e << " f " << f << " sig " << sig << " prepared " << prepare);
            CHECK(screen(f, sig) == detail::ClearlyOutside(f, sig, e, tol));
          }
        }
    }
}

}  // namespace
}  // namespace grader
