#include "reference/formula.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

Dimension Dim(const std::string& unit) { return LookUpUnit(unit).dimension; }

FormulaResult Eval(const std::string& text, const std::map<std::string, FormulaBinding>& b = {}) {
  size_t at = 0;
  ExprTree t = ParseFormula(text, &at);
  REQUIRE(t.ok());
  return EvaluateFormula(t, b);
}

TEST_CASE("formula: exact arithmetic over named values", "[formula]") {
  std::map<std::string, FormulaBinding> b = {
      {"num_layers", {Value(Exact(32)), {}}}, {"d_model", {Value(Exact(4096)), {}}},
      {"bytes_per_value", {Value(Exact(2)), Dim("byte")}}, {"batch", {Value(Exact(8)), {}}},
      {"seq_len", {Value(Exact(4096)), Dim("token")}}};
  FormulaResult r = Eval("2*num_layers*d_model*bytes_per_value*batch*seq_len", b);
  REQUIRE(r.value);
  CHECK(r.value->is_exact());
  CHECK(r.value->ToString() == "17179869184");
  CHECK(r.dimension.ToString() == "byte");
  CHECK(Eval("(1/3 + 1/6)^2 * 8").value->ToString() == "2");
  CHECK(Eval("2^-3").value->ToString() == "0.125");
  CHECK(Eval("-2^2").value->ToString() == "-4");
  CHECK(Eval("2^3^2").value->ToString() == "512");
  CHECK(Eval("1.5e3 - 0.5e3").value->ToString() == "1000");
  CHECK(Eval("7/3").value->ToString() == "7/3");
}

TEST_CASE("formula: floor, ceil, round, min and max stay exact", "[formula]") {
  CHECK(Eval("floor(66500000000/524288)").value->ToString() == "126838");
  CHECK(Eval("ceil(66500000000/524288)").value->ToString() == "126839");
  CHECK(Eval("floor(-7/2)").value->ToString() == "-4");
  CHECK(Eval("ceil(-7/2)").value->ToString() == "-3");
  CHECK(Eval("round(5/2)").value->ToString() == "3");
  CHECK(Eval("round(-5/2)").value->ToString() == "-3");
  CHECK(Eval("round(12/5)").value->ToString() == "2");
  CHECK(Eval("min(3, 1/2) + max(4, 9)").value->ToString() == "9.5");
  CHECK(Eval("min(3, 1/2)").value->is_exact());
}

TEST_CASE("formula: fractional powers, roots and logarithms are 50-digit and inexact", "[formula]") {
  FormulaResult r = Eval("sqrt(2)");
  REQUIRE(r.value);
  CHECK_FALSE(r.value->is_exact());
  CHECK(r.value->ToString().substr(0, 22) == "1.41421356237309504880");
  CHECK_FALSE(Eval("2^(1/2)").value->is_exact());
  CHECK(Eval("ln(exp(1))").value->ToString().substr(0, 3) == "1");
  CHECK(Eval("log10(1000)").value->ToString().substr(0, 1) == "3");
}

TEST_CASE("formula: units are carried and checked", "[formula]") {
  std::map<std::string, FormulaBinding> b = {{"mem", {Value(Exact(80)), Dim("byte")}},
                                             {"weights", {Value(Exact(13)), Dim("byte")}},
                                             {"flops", {Value(Exact(5)), Dim("FLOP")}},
                                             {"rate", {Value(Exact(2)), Dim("FLOP/s")}}};
  CHECK(Eval("mem - weights", b).dimension.ToString() == "byte");
  CHECK(Eval("flops / rate", b).dimension.ToString() == "s");
  CHECK(Eval("mem / weights", b).dimension.ToString() == "1");
  CHECK(Eval("mem*mem", b).dimension.ToString() == "byte^2");
  CHECK(Eval("sqrt(mem*mem)", b).dimension.ToString() == "byte");
  CHECK(Eval("mem / (flops*rate)", b).dimension.ToString() == "byte*s/FLOP^2");
  CHECK(Eval("mem + flops", b).error == "cannot add byte and FLOP");
  CHECK(Eval("mem - flops", b).error == "cannot subtract FLOP from byte");
  CHECK(Eval("ln(mem)", b).error == "ln of byte (needs a pure number)");
  CHECK(Eval("min(mem, flops)", b).error == "min of byte and FLOP");
  CHECK(Eval("2^mem", b).error == "an exponent must be a pure number, not byte");
  CHECK(Eval("x + 1", b).error == "unknown name 'x'");
  CHECK(DimensionOf(*FindUnit("GPU-hour")).ToString() == "s");
  CHECK(LookUpUnit("GB").scale == Exact(1000000000));
}

TEST_CASE("formula: syntax errors say where", "[formula]") {
  auto error = [](const std::string& text) {
    size_t at = 99;
    ExprTree t = ParseFormula(text, &at);
    return t.error + " @" + std::to_string(at);
  };
  CHECK(error("2d") == "expected an operator after the number (write 2*d, not 2d) @1");
  CHECK(error("(a + b") == "missing ')' @6");
  CHECK(error("a + b)") == "unbalanced ')' @5");
  CHECK(error("a +") == "unexpected end of formula @3");
  CHECK(error("sqr(a)") == "unknown function 'sqr' (sqrt, ln, log10, exp, floor, ceil, round, min, max) @0");
  CHECK(error("min(a)") == "min takes two arguments @5");
  CHECK(error("a # b") == "expected an operator before '#' @2");
}

TEST_CASE("formula: substitution keeps the author's text", "[formula]") {
  size_t at = 0;
  ExprTree t = ParseFormula("2*num_layers*d_model + xl.total_params", &at);
  CHECK(SubstituteNames("2*num_layers*d_model + xl.total_params", t,
                        {{"num_layers", "32"}, {"d_model", "4096"}, {"xl.total_params", "(7)"}}) == "2*32*4096 + (7)");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

// The size guard (kMaxResultDigits) estimates the digits of numerator and
// denominator from their bit lengths: 10^4999 counts 5000 digits, 10^5000
// 5001, so a product of the two passes and the next one does not, whatever
// the signs and on either side of the fraction bar.
TEST_CASE("formula: the size guard's digit estimate at its boundary", "[formula]") {
  auto error = [](const std::string& text) {
    size_t at = 0;
    ExprTree t = ParseFormula(text, &at);
    REQUIRE(t.ok());
    EvalResult r = Evaluate(t);
    return r.value ? std::string("ok") : r.error;
  };
  const std::string too_large = "number too large (more than 10000 digits)";
  CHECK(error("10^4999 * 10^4999") == "ok");
  CHECK(error("10^5000 * 10^4999") == too_large);
  CHECK(error("-(10^4999) * 10^4999") == "ok");
  CHECK(error("-(10^5000) * 10^4999") == too_large);
  CHECK(error("10^-4999 * 10^-4999") == "ok");
  CHECK(error("10^-5000 * 10^-4999") == too_large);
  CHECK(error("(7/10^4999) + 10^-4998") == "ok");
  CHECK(error("(7/10^5000) + 10^-4999") == too_large);
  CHECK(error("0 * 10^5000") == "ok");
}

}  // namespace
}  // namespace grader
