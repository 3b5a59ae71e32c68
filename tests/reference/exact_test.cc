#include "reference/exact.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace grader {
namespace {

TEST_CASE("ParseExact reads decimal forms exactly", "[exact]") {
  struct Case { const char* in; const char* want; };
  const Case cases[] = {
      {"1406092416", "1406092416"}, {"8.5", "8.5"},          {".5", "0.5"},
      {"-3", "-3"},                 {"1.4e9", "1400000000"}, {"1.4E+09", "1400000000"},
      {"1.98e15", "1980000000000000"}, {"0.00005", "0.00005"}, {"3e-21", "0.000000000000000000003"},
      {"1/40", "0.025"},            {"1/3", "1/3"},           {"  42  ", "42"},
      {"1e30", "1000000000000000000000000000000"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto v = ParseExact(c.in);
    REQUIRE(v.has_value());
    CHECK(ExactString(*v) == c.want);
  }
  CHECK(ExactString(*ParseExact("1e-1000")) == "0." + std::string(999, '0') + "1");  // the limit itself
}

TEST_CASE("ParseExact rejects malformed numbers with a reason", "[exact]") {
  struct Case { std::string in; const char* error; };
  const Case cases[] = {
      {"", "empty number"},
      {"abc", "expected a number"},
      {"1.2.3", "unexpected character '.'"},
      {"1e", "expected digits after the exponent marker"},
      {"1e999999999", "exponent out of range (|e| <= 1000)"},
      {"-1e1001", "exponent out of range (|e| <= 1000)"},
      {"1e-999999", "exponent out of range (|e| <= 1000)"},
      {"0." + std::string(10000, '0') + "1", "number has 10002 digits (limit 10000)"},
      {"1/0", "zero denominator"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    std::string error;
    CHECK_FALSE(ParseExact(c.in, &error).has_value());
    CHECK(error == c.error);
  }
}

TEST_CASE("RoundSig gives the display form", "[exact]") {
  CHECK(RoundSig(Exact(2127057600), 3) == "2.13e9");
  CHECK(RoundSig(*ParseExact("18.181818"), 4) == "18.18");
  CHECK(RoundSig(*ParseExact("9.6e-20"), 3) == "9.6e-20");
  CHECK(RoundSig(*ParseExact("99999"), 3) == "100000");
  CHECK(RoundSig(*ParseExact("999999"), 3) == "1e6");
  CHECK(RoundSig(*ParseExact("0.0001484"), 2) == "0.00015");
  CHECK(RoundSig(Exact(-12345), 2) == "-12000");
  CHECK(RoundSig(Exact(0), 3) == "0");
}

TEST_CASE("GroupDigits and Log10Floor", "[exact]") {
  CHECK(GroupDigits(Int(2127057600)) == "2,127,057,600");
  CHECK(GroupDigits(Int(-1000)) == "-1,000");
  CHECK(GroupDigits(Int(999)) == "999");
  CHECK(Log10Floor(Exact(1000)) == 3);
  CHECK(Log10Floor(Exact(999)) == 2);
  CHECK(Log10Floor(*ParseExact("0.001")) == -3);
  CHECK(Log10Floor(*ParseExact("0.00099")) == -4);
}

TEST_CASE("Value keeps exact and approximate numbers apart", "[exact]") {
  Value exact(Exact(1, 3));
  CHECK(exact.is_exact());
  CHECK(exact.ToString() == "1/3");
  Value approx = Value::Approx(boost::multiprecision::sqrt(Real(2)));
  CHECK_FALSE(approx.is_exact());
  CHECK(approx.ToString() == "1.41421356237309504880168872420969807857");
  CHECK(Value::Approx(Real("1e30")).ToString() == "1000000000000000000000000000000");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("ApproxDouble is within a few ulps of the exact value, inf when too large", "[exact]") {
  CHECK(ApproxDouble(Exact(2127057600)) == 2127057600.0);
  CHECK(ApproxDouble(Exact(-3) / 4) == -0.75);
  CHECK(ApproxDouble(*ParseExact("18.5")) == 18.5);
  CHECK(ApproxDouble(Exact(0)) == 0.0);
  // Beyond one limb it falls back to Boost's conversion.
  Exact big = PowInt(Exact(10), 30) + 1;
  CHECK(ApproxDouble(big) == 1e30);
  CHECK(ApproxDouble(Exact(1) / PowInt(Exact(3), 50)) == Approx(1.3929555690985e-24).epsilon(1e-12));
  CHECK(std::isinf(ApproxDouble(PowInt(Exact(10), 400))));
  Exact third = Exact(1) / 3;
  CHECK(std::fabs(ApproxDouble(third) - 1.0 / 3) <= 2 * std::numeric_limits<double>::epsilon());
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("ToDouble equals Boost's conversion on and off its fast path", "[exact]") {
  std::vector<Exact> xs = {Exact(1) / 3, Exact(-2) / 7, *ParseExact("83.39"), *ParseExact("0.000001"),
                           Exact(2127057600), Exact(1LL << 52) + Exact(1) / 3, Exact((1LL << 53) - 1) / 10,
                           Exact(1LL << 53) / 3, PowInt(Exact(10), 40) / 7, Exact(1) / PowInt(Exact(10), 30)};
  for (const Exact& x : xs) CHECK(ToDouble(x) == static_cast<double>(x));
  uint64_t state = 7;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    long long n = static_cast<long long>(state >> 11) - (1LL << 52);
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    long long d = static_cast<long long>((state >> 40) % 1000000) + 1;
    Exact x = Exact(n) / d;
    CHECK(ToDouble(x) == static_cast<double>(x));
  }
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("CompareOne compares with 1 exactly", "[exact]") {
  CHECK(CompareOne(Exact(1)) == 0);
  CHECK(CompareOne(Exact(0)) == -1);
  CHECK(CompareOne(Exact(-3)) == -1);
  CHECK(CompareOne(Exact(3) / 2) == 1);
  CHECK(CompareOne(*ParseExact("0.99999999999999999999999999")) == -1);
  CHECK(CompareOne(*ParseExact("1.00000000000000000000000001")) == 1);
  CHECK(CompareOne(PowInt(Exact(10), 40) / PowInt(Exact(10), 40)) == 0);
}

}  // namespace
}  // namespace grader
