#include "grader/extract/expression.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "grader/extract/number.h"
#include "tests/test_timing.h"

namespace grader {
namespace {

TEST_CASE("ParseExpression evaluates ASCII, Unicode and LaTeX arithmetic exactly", "[extract][expression]") {
  struct Case {
    const char* in;
    const char* value;
  };
  const Case cases[] = {
      {"2*4*1756^2*57", "1406092416"},
      {"2 \\times 4 \\times 1756^2 \\times 57", "1406092416"},
      {"2 \xC3\x97 4 \xC3\x97 1756\xC2\xB2 \xC3\x97 57", "1406092416"},
      {"2 * 2 * 1600 * 6400 * 1", "40960000"},
      {"2 * 1600 * 1024 * 6400 * 2 + 2 * 6400 * 1024 * 1600", "62914560000"},
      {"25 *3* 102,400", "7680000"},
      {"(62,914,560,000+20,971,520,000+4915200+6,710,886,400+3276800) * 48", "4349047603200"},
      {"\\frac{1}{40}", "0.025"},
      {"\\left( \\frac{3}{4} \\right)^2", "0.5625"},
      {"(10 \\cdot 3)^2", "900"},
      {"2(3 + 4)", "14"},
      {"-2^2", "-4"},
      {"2^-1", "0.5"},
      {"1.4 \\times 10^{9} / 7", "200000000"},
      {"1e15 FLOP/s \\times 8.64e4 s", "86400000000000000000"},
      {"1 \\text{ trillion} * 1 \\text{ million} * 2", "2000000000000000000"},
      {"350 \\text{ GB} / 2.4 \\text{ MB}", "437500/3"},
      {"4 \\div 8", "0.5"},
      {"3 \xE2\x88\x92 5", "-2"},
      {"12000 / (30000 \\times 2000)", "0.0002"},
      {"1000 trillion / 1.4", "5000000000000000/7"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    ExprTree e = ParseExpression(c.in);
    REQUIRE(e.error == "");
    EvalResult r = Evaluate(e);
    REQUIRE(r.error == "");
    REQUIRE(r.value.has_value());
    CHECK(r.value->is_exact());
    CHECK(r.value->ToString() == c.value);
  }
}

TEST_CASE("ParseExpression builds trees with variables", "[extract][expression]") {
  struct Case {
    const char* in;
    bool split;
    const char* tree;
  };
  const Case cases[] = {
      {"4k(m + l)", false, "((4 * k) * (m + l))"},
      {"4k(\\ell + m)", true, "((4 * k) * (\\ell + m))"},
      {"mk + k\\ell", true, "((m * k) + (k * \\ell))"},
      {"\\frac{C}{C_0 D}", false, "(C / (C_0 * D))"},
      {"(10N)^2", false, "((10 * N)^2)"},
      {"0.6 C^{0.45}", false, "(0.6 * (C^0.45))"},
      {"N_{opt}", false, "N_opt"},
      {"d_{\\text{model}} \\cdot n", false, "(d_model * n)"},
      {"\\mathbf{W}_E \\mathbf{T}", false, "(W_E * T)"},
      {"2 * d_model * context_length", false, "((2 * d_model) * context_length)"},
      {"\\sqrt{x}", false, "(x^0.5)"},
      {"\\alpha A", false, "(\\alpha * A)"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    ParseOptions o;
    o.split_letters = c.split;
    ExprTree e = ParseExpression(c.in, o);
    REQUIRE(e.error == "");
    CHECK(e.ToString() == c.tree);
  }
}

TEST_CASE("Evaluate binds variables and falls back to Real for fractional powers", "[extract][expression]") {
  ExprTree e = ParseExpression("0.1 C^{0.5}");
  EvalResult unbound = Evaluate(e);
  CHECK(unbound.error == "unknown variable 'C'");
  EvalResult r = Evaluate(e, {{"C", Value(*ParseExact("1e30"))}});
  REQUIRE(r.value);
  CHECK_FALSE(r.value->is_exact());
  CHECK(r.value->ToString() == "100000000000000");
  EvalResult root = Evaluate(ParseExpression("\\sqrt{2}"));
  REQUIRE(root.value);
  CHECK(root.value->ToString() == "1.41421356237309504880168872420969807857");
}

TEST_CASE("AsMonomial reads coefficient and exponents", "[extract][expression]") {
  auto m = AsMonomial(ParseExpression("0.6 C^{0.45}"));
  REQUIRE(m);
  CHECK(ExactString(m->coefficient) == "0.6");
  REQUIRE(m->powers.size() == 1);
  CHECK(ExactString(m->powers.at("C")) == "0.45");
  auto neg = AsMonomial(ParseExpression("1070 C^{-0.154}"));
  REQUIRE(neg);
  CHECK(ExactString(neg->powers.at("C")) == "-0.154");
  auto q = AsMonomial(ParseExpression("\\frac{3 x^2}{y}"));
  REQUIRE(q);
  CHECK(ExactString(q->coefficient) == "3");
  CHECK(ExactString(q->powers.at("x")) == "2");
  CHECK(ExactString(q->powers.at("y")) == "-1");
  CHECK_FALSE(AsMonomial(ParseExpression("x + 1")));
}

TEST_CASE("Expressions refuse hostile input with a reason", "[extract][expression][hostile]") {
  std::string nested(10000, '(');
  nested += "1";
  nested += std::string(10000, ')');
  CHECK(ParseExpression(nested).error == "expression nested too deeply (limit 200)");
  CHECK(ParseExpression("(1 + 2").error == "unbalanced parentheses: missing closing bracket");
  CHECK(ParseExpression("1 + 2)").error == "unbalanced parentheses: unexpected closing bracket");
  CHECK(ParseExpression("10^{999999}").error == "exponent out of range (|e| <= 1000)");
  CHECK(Evaluate(ParseExpression("7^1000000")).error == "power too large (more than 10000 digits)");
  CHECK(Evaluate(ParseExpression("1/0")).error == "division by zero");
  CHECK(Evaluate(ParseExpression("(-8)^{0.5}")).error == "fractional power of a negative number");
  CHECK(ParseExpression("1e999999999").error == "exponent out of range (|e| <= 1000)");
  CHECK(Evaluate(ParseExpression("1^1000000000")).value->ToString() == "1");
}

// Found by tests/fuzz/expression_fuzz: AsMonomial raised 0 to a negative
// power, and boost threw "Divide by zero" out of grading (a response writing
// N_opt(C) = 0^{-2} C^{0.45} was an internal error under the power_law check).
TEST_CASE("AsMonomial: zero to a negative power is no monomial", "[extract][expression]") {
  CHECK_FALSE(AsMonomial(ParseExpression("0^{-21} J")));
  CHECK_FALSE(AsMonomial(ParseExpression("0^{-2} C^{0.45}")));
  auto m = AsMonomial(ParseExpression("0^{2} C"));
  REQUIRE(m);
  CHECK(m->coefficient == 0);
  CHECK(Evaluate(ParseExpression("0^{-2}")).error == "division by zero");
}

// Found by expression_fuzz's monomial invariant (on a hand-written input): a
// power of 0 left "x^0" in the powers, where a product (x/x) drops it.
TEST_CASE("AsMonomial: a variable to the power 0 drops out", "[extract][expression]") {
  auto m = AsMonomial(ParseExpression("0.6 C^{0.45} x^0"));
  REQUIRE(m);
  CHECK(m->powers.size() == 1);
  CHECK(ExactString(m->powers.at("C")) == "0.45");
  auto one = AsMonomial(ParseExpression("(2 x)^0"));
  REQUIRE(one);
  CHECK(one->coefficient == 1);
  CHECK(one->powers.empty());
}

// Found by tests/fuzz/expression_fuzz: the number reader took "10^0" of
// "10^0.875" as a power of ten, so the canonical form of 10^(7 bit), which
// prints as (10^0.875), read back as 10^0 times .875 = 0.875.
TEST_CASE("A decimal exponent of 10 makes a power, not 10^0 times a decimal", "[extract][expression]") {
  for (const char* text : {"10^0.875", "(10^0.875)", "10^{0.875}", "010^7bit"}) {
    INFO(text);
    EvalResult r = Evaluate(ParseExpression(text));
    REQUIRE(r.value);
    CHECK_FALSE(r.value->is_exact());
    CHECK(r.value->ToString().rfind("7.49894209332455827", 0) == 0);
  }
  NumberToken t;
  REQUIRE(ReadNumber("10^0.875", 0, &t));
  CHECK(t.end == 2);
  CHECK_FALSE(t.power_of_ten);
  REQUIRE(ReadNumber("10^9.", 0, &t));  // a sentence's full stop
  CHECK(t.power_of_ten);
  CHECK(ExactString(t.value) == "1000000000");
}

// Found by tests/fuzz/expression_fuzz: the canonical form printed 61e999 as
// 61 and 999 zeros, more digits than the number reader takes, so
// "((1e999 C)^6 1e999 C)^6" had a canonical form that did not parse.
TEST_CASE("NumberLiteral prints long numbers with an exponent, and they read back", "[extract][expression]") {
  CHECK(NumberLiteral(Exact(1600)) == "1600");
  CHECK(NumberLiteral(Exact(61) * Pow10(999)) == "61e999");
  CHECK(NumberLiteral(-Pow10(30)) == "-1e30");
  CHECK(NumberLiteral(Exact(25) * Pow10(-30)) == "25e-30");
  CHECK(NumberLiteral(Exact(Int("1234567890123456789012345"))) == "1234567890123456789012345");
  CHECK(NumberLiteral(Exact(1, 3)) == "1/3");
  CHECK(NumberLiteral(Exact(Int(123456789), Int(1000))) == "123456.789");
  for (const Exact& x : {Exact(61) * Pow10(999), Exact(-25) * Pow10(-999), Exact(7) * Pow10(40) + 1}) {
    NumberToken t;
    std::string text = NumberLiteral(x);
    INFO(text);
    size_t from = text[0] == '-' ? 1 : 0;  // a sign is the expression's, not the number's
    REQUIRE(ReadNumber(text, from, &t));
    CHECK(t.ok);
    CHECK(t.end == text.size());
    CHECK((from ? Exact(-t.value) : t.value) == x);
  }
  ExprTree tree = ParseExpression("((1e999 C)^6 * 61e999 C)^6");
  REQUIRE(tree.ok());
  CHECK(tree.ToString() == "(((((1e999 * C)^6) * 61e999) * C)^6)");
  CHECK(ParseExpression(tree.ToString()).ok());
}

// Found by tests/fuzz/expression_fuzz: 10^{-21 USD/year} has the exponent
// -21/31536000 (USD per second), which printed as 10^-7/10512000 and read
// back as (10^-7)/10512000.
TEST_CASE("Fractions print bracketed, so a power keeps its exponent", "[extract][expression]") {
  ExprTree tree = ParseExpression("10^{-21USD/year}");
  REQUIRE(tree.ok());
  CHECK(tree.ToString() == "(10^-(7/10512000))");
  EvalResult a = Evaluate(tree), b = Evaluate(ParseExpression(tree.ToString()));
  REQUIRE(a.value);
  REQUIRE(b.value);
  CHECK(a.value->ToString() == b.value->ToString());
  CHECK(ParseExpression("2^(1/3)").ToString() == "(2^(1 / 3))");
  // Found by tests/fuzz/expression_fuzz: a scale word makes the exponent
  // 2e8, and 10^200000000 written out is one number the reader refuses.
  ExprTree scaled = ParseExpression("8186585600 10^.2 GB");
  REQUIRE(scaled.ok());
  CHECK(scaled.ToString() == "(8186585600 * (10^(200000000)))");
  CHECK(ParseExpression(scaled.ToString()).ok());
  CHECK(ParseExpression("10^1000").ToString() == "1e1000");
  CHECK(ParseExpression("x * 0.5").ToString() == "(x * 0.5)");
  // Found by tests/fuzz/expression_fuzz: a long decimal exponent prints in
  // exponent form, and 10^1401234567890123456789012e-28 read back as one
  // number with a 25-digit exponent. Every exponent of 10 that is not an
  // integer the reader takes is bracketed.
  ExprTree decimal = ParseExpression("times 10^140.1234567890123456789012 \\cdot 10^{-3} ms and GB\\,000 FLOPs",
                                     ParseOptions{false, true});
  REQUIRE(decimal.ok());
  CHECK(decimal.ToString() == "((((times * (10^(1401234567890123456789012e-28))) * and) * GB) * 0)");
  ExprTree again = ParseExpression(decimal.ToString());
  REQUIRE(again.ok());
  CHECK(again.ToString() == decimal.ToString());
  CHECK(ParseExpression("10^(2.5)").ToString() == "(10^(2.5))");
  CHECK(ParseExpression("10^(x)").ToString() == "(10^x)");
}

// Found while writing tests/fuzz/expression_fuzz (then run through it): only
// powers were bounded, so products, quotients and sums of big exact numbers
// grew without limit; "x = 9^4999*9^4999*...*1 = 5" with 20 factors took 35 s
// to extract under ASan, and AsMonomial("((1e999 C)^64)^64") built a
// 4-million-digit coefficient.
TEST_CASE("Exact results of every operation are limited in size", "[extract][expression][hostile]") {
  auto start = std::chrono::steady_clock::now();
  CHECK(Evaluate(ParseExpression("9^4999 * 9^4999")).value.has_value());  // 9,542 digits
  CHECK(Evaluate(ParseExpression("9^4999 * 9^4999 * 9^4999")).error == "number too large (more than 10000 digits)");
  CHECK(Evaluate(ParseExpression("1/7^4999 + 1/11^4000")).value.has_value());
  CHECK(Evaluate(ParseExpression("1/7^4999 + 1/11^4000 + 1/13^4000")).error ==
        "number too large (more than 10000 digits)");
  CHECK(Evaluate(ParseExpression("9^4999 / (3/7)^5000")).error == "number too large (more than 10000 digits)");
  std::string chain;
  for (int i = 0; i < 200; ++i) chain += "9^4999*";
  CHECK(Evaluate(ParseExpression(chain + "1")).error == "number too large (more than 10000 digits)");
  CHECK_FALSE(AsMonomial(ParseExpression("((1e999 C)^64)^64")));
  std::string product = "1e999 C";
  for (int i = 0; i < 10; ++i) product += " * 1e999";
  CHECK_FALSE(AsMonomial(ParseExpression(product)));
  auto m = AsMonomial(ParseExpression("(1e999 C)^5"));
  REQUIRE(m);
  CHECK(m->coefficient == PowInt(Exact(10), 4995));
  CHECK(ExactString(m->powers.at("C")) == "5");
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 2.0 * testing::kTimeScale);
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

std::string Describe(const ExprTree& e) {
  EvalResult r = Evaluate(e);
  return e.ToString() + " | " + e.error + " | " + std::to_string(e.consumed) + " | " + (e.has_units ? "units" : "") +
         " | " + (r.value ? r.value->ToString() : r.error);
}

TEST_CASE("ParseExpression gives the same tree whatever was parsed before", "[extract][expression]") {
  // Parses reuse per-thread buffers (tokens, numbers, names): each result
  // must depend on its own text only, also after long inputs and errors.
  std::string long_sum;
  for (int k = 0; k < 3000; ++k) long_sum += (k ? " + " : "") + std::to_string(k) + " GB";
  const std::vector<std::string> inputs = {
      "2 * 2 * 1600 * 6400 * 1",
      "0.6 C^{0.45}",
      long_sum,
      "N_{\\text{opt}} \\cdot d_model + \\alpha_1",
      "3 · 10⁹ + 2⁻³",
      "1e5000 + 1",
      "4k(m + l)",
      "(1 + 2",
      "\\frac{C}{C_0 D} \\sqrt{2}",
      "mk + \\mathbf{W}_{q}",
      "1,406,092,416 \\times 8.5e15 \\text{ FLOP}",
      "2 ) + 3",
      "\\ell \\cdot \xCE\xB1 + log2(8)",
  };
  std::vector<std::string> first;
  for (const std::string& s : inputs) {
    ParseOptions o;
    o.split_letters = true;
    first.push_back(Describe(ParseExpression(s)) + " || " + Describe(ParseExpression(s, o)));
  }
  // Backwards, and each again after the long one.
  for (size_t k = inputs.size(); k-- > 0;) {
    ParseOptions o;
    o.split_letters = true;
    INFO(inputs[k]);
    CHECK(Describe(ParseExpression(inputs[k])) + " || " + Describe(ParseExpression(inputs[k], o)) == first[k]);
    ParseExpression(long_sum);
    CHECK(Describe(ParseExpression(inputs[k])) + " || " + Describe(ParseExpression(inputs[k], o)) == first[k]);
  }
  CHECK(first[0] == "((((2 * 2) * 1600) * 6400) * 1) |  | 23 |  | 40960000 || "
                    "((((2 * 2) * 1600) * 6400) * 1) |  | 23 |  | 40960000");
  CHECK(first[9] == "(mk + W_q) |  | 19 |  | unknown variable 'mk' || ((m * k) + W_q) |  | 19 |  | unknown variable 'm'");
  CHECK(Evaluate(ParseExpression(long_sum)).value->ToString() == "4498500000000000");
}

TEST_CASE("A lone number or name parses to its one node", "[extract][expression]") {
  struct Case {
    const char* text;
    ExprKind kind;
    std::string number, name;
    size_t consumed;
    bool units;
  };
  const std::vector<Case> cases = {
      {"1,024", ExprKind::kNumber, "1024", "", 5, false},
      {" 8.5 GB ", ExprKind::kNumber, "8500000000", "", 8, true},
      {"3 billion", ExprKind::kNumber, "3000000000", "", 9, false},
      {"1.4 \\times 10^{9}", ExprKind::kNumber, "1400000000", "", 17, false},
      {"d_model", ExprKind::kVariable, "0", "d_model", 7, false},
      {"N_{\\text{opt}}", ExprKind::kVariable, "0", "N_opt", 14, false},
      {"\\alpha", ExprKind::kVariable, "0", "\\alpha", 6, false},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    ExprTree e = ParseExpression(c.text);
    REQUIRE(e.ok());
    REQUIRE(e.nodes.size() == 1);
    CHECK(e.root == 0);
    CHECK(e.nodes[0].kind == c.kind);
    CHECK(e.nodes[0].lhs == -1);
    CHECK(e.nodes[0].rhs == -1);
    CHECK(ExactString(e.nodes[0].number) == c.number);
    CHECK(e.nodes[0].name == c.name);
    CHECK(e.consumed == c.consumed);
    CHECK(e.has_units == c.units);
    // The same node as inside a longer expression ("(x)" walks the grammar).
    ExprTree bracketed = ParseExpression(std::string("(") + c.text + ")");
    REQUIRE(bracketed.ok());
    CHECK(bracketed.ToString() == e.ToString());
  }
  // Numbers times their scale word or unit (integers, fractions, a scale
  // of 1, zero, signs): the value Boost's own product gives.
  struct Scaled {
    const char* text;
    const char* mantissa;
    const char* factor;
  };
  const Scaled scaled[] = {
      {"8 GB", "8", "1000000000"},
      {"7 tokens", "7", "1"},
      {"1.5 billion", "1.5", "1000000000"},
      {"250 ms", "250", "0.001"},
      {"2.5 ms", "2.5", "0.001"},
      {"0 GiB", "0", "1073741824"},
      {"12 %", "12", "0.01"},
      {"3 days", "3", "86400"},
      {"1.25 h", "1.25", "3600"},
      {"40 FLOPs", "40", "1"},
      {"6 trillion", "6", "1000000000000"},
      {"0.001 ms", "0.001", "0.001"},
  };
  for (const Scaled& c : scaled) {
    INFO(c.text);
    ExprTree e = ParseExpression(c.text);
    REQUIRE(e.ok());
    REQUIRE(e.nodes.size() == 1);
    Exact want = *ParseExact(c.mantissa) * *ParseExact(c.factor);
    CHECK(e.nodes[0].number == want);
    CHECK(ExactString(e.nodes[0].number) == ExactString(want));
    // Inside a product, as the parser (not the lone-number path) takes it.
    ExprTree twice = ParseExpression(std::string("2 * ") + c.text);
    REQUIRE(twice.ok());
    EvalResult r = Evaluate(twice);
    REQUIRE(r.value.has_value());
    CHECK(ExactString(r.value->exact()) == ExactString(want * 2));
  }
  // "mk" in LaTeX is m·k: two tokens, not one name.
  ParseOptions latex;
  latex.split_letters = true;
  CHECK(ParseExpression("mk", latex).ToString() == "(m * k)");
  CHECK(ParseExpression("mk").ToString() == "mk");
}

}  // namespace
}  // namespace grader
