// Number forms from real student writeups, one row per form.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "grader/check/check_util.h"
#include "grader/extract/quantity.h"

namespace grader {
namespace {

struct Expected {
  const char* text;
  const char* value;  // ExactString of Quantity::value
  const char* unit;   // symbol, "" for none
};
struct Row {
  const char* in;
  std::vector<Expected> out;
};

TEST_CASE("FindQuantities reads the number forms students write", "[extract][quantity]") {
  const Row rows[] = {
      {"8.5G", {{"8.5G", "8500000000", ""}}},
      // Digit groups after the point, LaTeX's ",\!", a decimal comma.
      {"1.495 227 957 \xC3\x97 10^14", {{"1.495 227 957 \xC3\x97 10^14", "149522795700000", ""}}},
      {"1.495\xE2\x80\x89" "227 GB", {{"1.495\xE2\x80\x89" "227 GB", "1.495227", "GB"}}},
      {"1.234 567 apples", {{"1.234", "1.234", ""}, {"567", "567", ""}}},
      {"2,\\!127,\\!057,\\!600", {{"2,\\!127,\\!057,\\!600", "2127057600", ""}}},
      {"3,14 GB", {{"3,14 GB", "3.14", "GB"}}},
      {"9,9U to go", {{"9,9", "9.9", ""}}},
      {"9,9", {{"9,9", "9.9", ""}}},
      {"9,9 and 8", {{"9,9", "9.9", ""}, {"8", "8", ""}}},
      {"9,9,9", {{"9", "9", ""}, {"9", "9", ""}, {"9", "9", ""}}},
      {"1,600 params", {{"1,600 params", "1600", "parameter"}}},
      {"2,4,8 GPUs", {{"2", "2", ""}, {"4", "4", ""}, {"8 GPUs", "8", "GPU"}}},
      {"[2,4] GB", {{"2", "2", ""}, {"4", "4", ""}}},
      {"\\frac13", {{"\\frac13", "1/3", ""}}},
      {"-\\frac13 x", {{"-\\frac13", "-1/3", ""}}},
      {"\\frac{10}{3}", {{"\\frac{10}{3}", "10/3", ""}}},
      {"3 GFLOPS", {{"3 GFLOPS", "3", "GFLOP/s"}}},
      {"8.5G\xE4\xB8\xAD", {{"8.5G", "8500000000", ""}}},
      {"$8.5G$", {{"8.5G", "8500000000", ""}}},
      {"4.513T", {{"4.513T", "4513000000000", ""}}},
      {"2.13B", {{"2.13B", "2130000000", ""}}},
      {"2.12GBi", {{"2.12GBi", "2.12", "GiB"}}},
      {"-\\frac{1}{3}", {{"-\\frac{1}{3}", "-1/3", ""}}},
      {"\\frac{60}{41.7}", {{"\\frac{60}{41.7}", "200/139", ""}}},
      {"\\sqrt{17}", {}},
      {"4\\sqrt{2}", {}},
      {"1.2\xE4\xB8\x87", {{"1.2\xE4\xB8\x87", "12000", ""}}},
      {"3\xE4\xBA\xBF", {{"3\xE4\xBA\xBF", "300000000", ""}}},
      {"2.1\xE4\xB8\x87\xE4\xBA\xBF", {{"2.1\xE4\xB8\x87\xE4\xBA\xBF", "2100000000000", ""}}},
      {"3.51 TFLOPS", {{"3.51 TFLOPS", "3.51", "TFLOP/s"}}},
      {"5TFLOPs", {{"5TFLOPs", "5", "TFLOP"}}},
      {"3.5e14 FLOPs", {{"3.5e14 FLOPs", "350000000000000", "FLOP"}}},
      {"149{,}522{,}795{,}724{,}800", {{"149{,}522{,}795{,}724{,}800", "149522795724800", ""}}},
      {"4.6895071e+12", {{"4.6895071e+12", "4689507100000", ""}}},
      {"~$61,824", {{"$61,824", "61824", "USD"}}},
      {"\\$66,200", {{"\\$66,200", "66200", "USD"}}},
      {"8.64 \\times 10^{19} FLOP", {{"8.64 \\times 10^{19} FLOP", "86400000000000000000", "FLOP"}}},
      {"9.77 \xC3\x97 10^4", {{"9.77 \xC3\x97 10^4", "97700", ""}}},
      {"10^{30} \\text{ FLOP}", {{"10^{30} \\text{ FLOP}", "1000000000000000000000000000000", "FLOP"}}},
      {"1.7 \\times 10^{15} \\text{ tokens}", {{"1.7 \\times 10^{15} \\text{ tokens}", "1700000000000000", "token"}}},
      {"200 \\text{ TB}", {{"200 \\text{ TB}", "200", "TB"}}},
      {"41.67 seconds", {{"41.67 seconds", "41.67", "s"}}},
      {"2{,}127{,}057{,}600", {{"2{,}127{,}057{,}600", "2127057600", ""}}},
      {"6.56GB", {{"6.56GB", "6.56", "GB"}}},
      {"7.92 GiB", {{"7.92 GiB", "7.92", "GiB"}}},
      {"1,635,537,600", {{"1,635,537,600", "1635537600", ""}}},
      {"1,600", {{"1,600", "1600", ""}}},
      {"1.64B", {{"1.64B", "1640000000", ""}}},
      {"~4.5T", {{"4.5T", "4500000000000", ""}}},
      {"~146T", {{"146T", "146000000000000", ""}}},
      {"149.523T", {{"149.523T", "149523000000000", ""}}},
      {"1.33e14", {{"1.33e14", "133000000000000", ""}}},
      {"4.51*10^12", {{"4.51*10^12", "4510000000000", ""}}},
      {"4.51 x 10^12", {{"4.51 x 10^12", "4510000000000", ""}}},
      {"$4.51 \\cdot 10^{12}$", {{"4.51 \\cdot 10^{12}", "4510000000000", ""}}},
      {"4.51 * 1e12", {{"4.51 * 1e12", "4510000000000", ""}}},
      {"4.51 \\times 1e12", {{"4.51 \\times 1e12", "4510000000000", ""}}},
      // At the end of a sentence; "1e12.5" is not a power of ten.
      {"there are 4.51 * 1e12.", {{"4.51 * 1e12", "4510000000000", ""}}},
      {"1.33 times 10^14", {{"1.33 times 10^14", "133000000000000", ""}}},
      {"$3.51 times 10^12$", {{"3.51 times 10^12", "3510000000000", ""}}},
      {"3 timesteps 10", {{"3", "3", ""}, {"10", "10", ""}}},
      {"&approx 6.54\"GB\"", {{"6.54\"GB\"", "6.54", "GB"}}},
      {"6.54 \" GB\"", {{"6.54 \" GB\"", "6.54", "GB"}}},
      {"1 234 567", {{"1 234 567", "1234567", ""}}},
      {"2127057600*4=8,508,230,400 bytes=8.5GB",
       {{"2127057600", "2127057600", ""}, {"4", "4", ""}, {"8,508,230,400 bytes", "8508230400", "byte"},
        {"8.5GB", "8.5", "GB"}}},
      // Must not merge or scale.
      {"8.5 G", {{"8.5", "8.5", ""}}},
      {"48 Blocks", {{"48", "48", ""}}},
      {"1024 1600 6400", {{"1024", "1024", ""}, {"1600", "1600", ""}, {"6400", "6400", ""}}},
      {"layers 12 768", {{"12", "12", ""}, {"768", "768", ""}}},
      {"H200 GPT-2 W_0 x^2", {}},
  };
  for (const Row& row : rows) {
    INFO(row.in);
    Document doc(row.in);
    auto qs = FindQuantities(doc);
    REQUIRE(qs.size() == row.out.size());
    for (size_t k = 0; k < qs.size(); ++k) {
      CHECK(qs[k].text == row.out[k].text);
      CHECK(ExactString(qs[k].value) == row.out[k].value);
      CHECK((qs[k].unit ? qs[k].unit->symbol : std::string()) == row.out[k].unit);
    }
  }
}

TEST_CASE("An all-caps FLOPS converts to a FLOP count key and to a rate key", "[extract][quantity]") {
  auto one = [](const char* s) { return FindQuantities(Document(s)).at(0); };
  CHECK(ExactString(*detail::InUnit(one("3.51 TFLOPS"), "FLOP")) == "3510000000000");
  CHECK(ExactString(*detail::InUnit(one("3.51 TFLOPS"), "FLOP/s")) == "3510000000000");
  CHECK(ExactString(*detail::InUnit(one("2e18 FLOPS"), "FLOP/s")) == "2000000000000000000");
  CHECK_FALSE(detail::InUnit(one("3.51 TFLOP/s"), "FLOP").has_value());
  CHECK_FALSE(detail::InUnit(one("3.51 TFLOPs/s"), "FLOP").has_value());
}

}  // namespace
}  // namespace grader
