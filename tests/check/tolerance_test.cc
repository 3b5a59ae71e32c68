// Tolerances: with both rel and abs, PrairieLearn's rule |a - b| <= atol + rtol·|b|.
#include <catch2/catch.hpp>

#include "grader/check/check_util.h"

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

}  // namespace
}  // namespace grader
