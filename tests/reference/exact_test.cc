#include "reference/exact.h"

#include <catch2/catch.hpp>

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
}

TEST_CASE("ParseExact rejects malformed numbers with a reason", "[exact]") {
  struct Case { std::string in; const char* error; };
  const Case cases[] = {
      {"", "empty number"},
      {"abc", "expected a number"},
      {"1.2.3", "unexpected character '.'"},
      {"1e", "expected digits after the exponent marker"},
      {"1e999999999", "exponent out of range (|e| <= 10000)"},
      {"1e10001", "exponent out of range (|e| <= 10000)"},
      {"1e-999999", "exponent out of range (|e| <= 10000)"},
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
