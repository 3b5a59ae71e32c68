#include "grader/extract/equation.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/test_seeds.h"

namespace grader {
namespace {

TEST_CASE("FindEquations finds chains in prose and LaTeX and checks them exactly", "[extract][equation]") {
  struct Case {
    const char* text;
    std::vector<std::string> sides;
    const char* truth;
  };
  const std::vector<Case> cases = {
      {"Then, for FFN, we do two matmuls for 2 * 2 * 1600 * 6400 * 1 = 40,960,000\n",
       {"2 * 2 * 1600 * 6400 * 1", "40,960,000"}, "true"},
      {"total = 2 * 1600 * 1024 * 6400 * 2 + 2 * 6400 * 1024 * 1600 = 62914560000\n",
       {"total", "2 * 1600 * 1024 * 6400 * 2 + 2 * 6400 * 1024 * 1600", "62914560000"}, "true"},
      {"So we have 80,411,200 + 1,474,713,600 = 1,555,124,800 parameters total\n",
       {"80,411,200 + 1,474,713,600", "1,555,124,800 parameters"}, "true"},
      {"And for the output matrix we have 2 * 1024 * 1600 * 1600 = 5,120,000\n",
       {"2 * 1024 * 1600 * 1600", "5,120,000"}, "false"},
      {"ratio : 4513733017600/2127057600 = 2122.05\n", {"4513733017600/2127057600", "2122.05"}, "rounded"},
      {"$2 \\times 4 \\times 1756^2 \\times 57 = 1406092416$\n",
       {"2 \\times 4 \\times 1756^2 \\times 57", "1406092416"}, "true"},
      {"[1,600, 1,600 / 25 = 64]\n", {"1,600 / 25", "64"}, "true"},
      {"$12000 / (30000 \\times 2000) = 0.02\\%$\n", {"12000 / (30000 \\times 2000)", "0.02\\%"}, "true"},
      {"we need $350 \\text{ GB} / 2.4 \\text{ MB} = 0.15$ million tokens\n",
       {"350 \\text{ GB} / 2.4 \\text{ MB}", "0.15$ million tokens"}, "rounded"},
      {"$1 \\text{ petaFLOP-day} = 1e15 \\text{ FLOP/s} \\times 8.64e4 \\text{ s} = 8.64e19 \\text{ FLOP}$\n",
       {"1 \\text{ petaFLOP-day}", "1e15 \\text{ FLOP/s} \\times 8.64e4 \\text{ s}", "8.64e19 \\text{ FLOP}"}, "true"},
      {"so 2 Billion parameters cost 2*4=8 billion byte\n", {"2*4", "8 billion byte"}, "true"},
      {"train = $5e14$ H200-seconds = 2.1e11 USD\n", {"train", "5e14$ H200-seconds", "2.1e11 USD"}, "unknown"},
      {"$$ \\begin{cases} N_{opt}(C) = 0.6 C^{0.45} \\\\ D_{opt}(C) = 0.3 C^{0.55} \\end{cases} $$\n",
       {"N_{opt}(C)", "0.6 C^{0.45}"}, "unknown"},
      {"For 4 * 1,555,124,800 = 3,110,249,600 = ~4 GB total\n", {"4 * 1,555,124,800", "3,110,249,600", "4 GB"}, "false"},
      {"$\\sqrt{2} = 1.41421$\n", {"\\sqrt{2}", "1.41421"}, "rounded"},
      // A spaced tilde means "about"; it is not a product of the numbers around it.
      {"Memory: 4 * 2046646400 = 8186585600 bytes ~ 8.2 GB\n",
       {"4 * 2046646400", "8186585600 bytes", "8.2 GB"}, "rounded"},
      {"so 2127057600 * 4 -> 8508230400 bytes \xE2\x89\x88 8.5 GB\n", {"8508230400 bytes", "8.5 GB"}, "rounded"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Document doc(c.text);
    std::vector<Equation> eqs = FindEquations(doc);
    REQUIRE(!eqs.empty());
    std::vector<std::string> sides;
    for (const EquationSide& s : eqs[0].sides) sides.push_back(s.text);
    CHECK(sides == c.sides);
    CHECK(std::string(TruthName(eqs[0].truth)) == c.truth);
  }
}

TEST_CASE("Equations skip indices and symbol-only chains", "[extract][equation]") {
  CHECK(FindEquations(Document("$\\sum_{h=1}^H x_h$\n")).empty());
  CHECK(FindEquations(Document("$W = W_0 + AB$\n")).empty());
  CHECK(FindEquations(Document("a == b is code\n")).empty());
}

TEST_CASE("Equation spans point at the chain", "[extract][equation]") {
  Document doc("line one\nx: 2 * 3 = 6 ok\n");
  auto eqs = FindEquations(doc);
  REQUIRE(eqs.size() == 1);
  CHECK(eqs[0].span.Where() == "2:4");
  CHECK(eqs[0].text == "2 * 3 = 6");
  REQUIRE(eqs[0].Result());
  CHECK(eqs[0].Result()->value->ToString() == "6");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

std::string ValueText(const std::optional<Value>& v) {
  return v ? (v->is_exact() ? "exact " : "approx ") + v->ToString() : "none";
}

// FindEquations computes side values itself (small integers in 64 bits,
// plain rationals, Evaluate for the rest); each must be Evaluate's.
void CheckSidesAgreeWithEvaluate(const Document& doc, int* sides) {
  for (const Equation& eq : FindEquations(doc)) {
    for (const EquationSide& s : eq.sides) {
      INFO(s.text);
      CHECK(ValueText(s.value) == ValueText(Evaluate(s.expr).value));
      ++*sides;
    }
  }
}

TEST_CASE("Equation side values are Evaluate's, exactly", "[extract][equation]") {
  struct Case {
    const char* text;
    std::vector<std::string> values;  // of the sides, in order
  };
  const std::vector<Case> cases = {
      {"2 * 1600 * 1024 * 6400 * 2 = 41943040000\n", {"exact 41943040000", "exact 41943040000"}},
      // 64-bit overflow: the product is computed with rationals.
      {"4611686018427387904 * 4 = 1\n", {"exact 18446744073709551616", "exact 1"}},
      {"3037000500 * 3037000500 * 3037000500 = 1\n", {"exact 28011385488055777750125000000", "exact 1"}},
      {"9223372036854775807 + 1 = 1\n", {"exact 9223372036854775808", "exact 1"}},
      {"- 4611686018427387903 - 4611686018427387903 - 10 = 1\n", {"exact -9223372036854775816", "exact 1"}},
      {"2^62 * 2 = 2^63\n", {"exact 9223372036854775808", "exact 9223372036854775808"}},
      {"7 / 2 = 3.5 = 14 / 4\n", {"exact 3.5", "exact 3.5", "exact 3.5"}},
      {"(10^30 + 1) / 10^10 = 1\n", {"exact 100000000000000000000.0000000001", "exact 1"}},
      {"6 / 3 - 2^-1 = 1.5\n", {"exact 1.5", "exact 1.5"}},
      {"5 / 0 = 5\n", {"none", "exact 5"}},
      {"0^0 + 0^2 = 1\n", {"exact 1", "exact 1"}},
      {"(-1)^65 * 3 = -3\n", {"exact -3", "exact -3"}},
      {"1^100000000000 = 1\n", {"exact 1", "exact 1"}},
      {"9^4999 * 9^4999 * 9^4999 = 1\n", {"none", "exact 1"}},
      {"2 \\times 1.5 GB = 3 GB\n", {"exact 3000000000", "exact 3000000000"}},
      {"$\\sqrt{16} = 4$\n", {"approx 4", "exact 4"}},
      {"$2 x + 3 = 7$ \n", {"none", "exact 7"}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<Equation> eqs = FindEquations(Document(c.text));
    REQUIRE(eqs.size() == 1);
    std::vector<std::string> values;
    for (const EquationSide& s : eqs[0].sides) {
      values.push_back(ValueText(s.value));
      CHECK(values.back() == ValueText(Evaluate(s.expr).value));
    }
    CHECK(values == c.values);
  }
}

TEST_CASE("Equation side values agree with Evaluate on the corpus and the seeds", "[extract][equation]") {
  int sides = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    CheckSidesAgreeWithEvaluate(Document(text), &sides);
  }
  CHECK(sides > 1000);  // (about 1,700 sides when this was written)
}

// Everything FindEquations reports of an equation, as text.
std::string Describe(const Equation& eq) {
  std::ostringstream o;
  o << TruthName(eq.truth) << " [" << eq.range.begin << "," << eq.range.end << ") " << eq.span.begin << "-"
    << eq.span.end << " " << eq.span.line << ":" << eq.span.col << "-" << eq.span.end_line << ":" << eq.span.end_col
    << " '" << eq.text << "'\n";
  for (const EquationSide& s : eq.sides) {
    o << "  [" << s.range.begin << "," << s.range.end << ") " << s.span.begin << "-" << s.span.end << " "
      << s.span.line << ":" << s.span.col << " '" << s.text << "' "
      << (s.expr.ok() ? s.expr.ToString() : "error: " + s.expr.error) << " root " << s.expr.root << " consumed "
      << s.expr.consumed << " units " << s.expr.has_units << " nodes " << s.expr.nodes.size() << " value "
      << ValueText(s.value) << " literal " << s.literal << " sig " << s.sig_figs << " approx " << s.approx << " unit "
      << (s.unit ? s.unit->symbol : "-") << " written " << (s.written ? ExactString(*s.written) : "-") << "\n";
  }
  return o.str();
}

// FindEquations' shortcuts (windows tokenised only up to the last chain)
// leave its results as they are without them.
void CheckShortcutsChangeNothing(const Document& doc, int* equations, std::optional<Range> scope = std::nullopt) {
  std::vector<Equation> fast = FindEquations(doc, scope);
  std::vector<Equation> slow = FindEquationsWithoutShortcuts(doc, scope);
  REQUIRE(fast.size() == slow.size());
  for (size_t i = 0; i < fast.size(); ++i) CHECK(Describe(fast[i]) == Describe(slow[i]));
  *equations += static_cast<int>(fast.size());
}

TEST_CASE("FindEquations' shortcuts change nothing on the corpus, the seeds and hostile lines", "[extract][equation]") {
  int equations = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    INFO(file.path.string());
    Document doc(text);
    CheckShortcutsChangeNothing(doc, &equations);
    // Scopes that start and end inside lines (and inside relations).
    size_t n = text.size();
    CheckShortcutsChangeNothing(doc, &equations, Range{n / 3, n - n / 5});
    CheckShortcutsChangeNothing(doc, &equations, Range{n / 7 + 1, n / 2 + 1});
  }
  CHECK(equations > 800);  // (1,141 when this was written)
  // Chains that go on after words and separators: a relation late in the
  // line (~ between spaces, \simeq, \approxeq, ≈, ==), relation bytes inside
  // other tokens, and tokens that run past the last relation.
  const char* hostile[] = {
      "x = 5 then 6 ~ 7 and so 8\n",
      "a = 2 then b \\simeq 3 then c\n",
      "a = 2 then b \\approxeq 3.0 then c 4 = 4\n",
      "total = 4 * 2, so 8 \xE2\x89\x88 8.0 GB, and 9\n",
      "a = 1; b == 2; c => 3; d -> 4 = 4 e\n",
      "y = 3 \\text{a=b} 4 = 5\n",
      "$N_{opt}(C) = 0.6 C^{0.45}$ and $D_{opt}(C) = 0.3 C^{0.55}$ so 7 = 7 text\n",
      "N = 1 406 092 416 parameters, 1,024 x 10^9 tokens = 2 words\n",
      "2 * 3 = 6 \\begin{cases} 1 \\end{cases} more 5\n",
      "7 = 7 ~4 GB ~ 4.0 GB then 5 GB\n",
      "nothing here but 5 words and 6\n",
      "= 5 a\n",
      "5 =\n",
      "\xE2\x89\x88 3 b 3 \xE2\x89\x88\n",
      // Punctuation before the first relation, inside tokens or not.
      "so, 5 = 5. then; 6 = 6\n",
      "x, y. z; 2 * 3 = 6\n",
      "$\\text{a, b} 5 = 5$\n",
      "$N_{i, j} = 3, so 4 = 4$\n",
      "1{,}024, 5 = 5\n",
      "8.5 GB, 6 = 6\n",
      "5 \\, 6, 7 = 7\n",
      "\\begin{x, y} 2 = 2\n",
      "1, 024 = 1024\n",
      "3,14 GB, 3 = 3\n",
      "a. ~ 5 = 5\n",
      "total, = 4\n",
      "total, 4 = 4, then 4 = 4\n",
      "2 \xC3\x97 10^9, 5 = 5, 6 \xE2\x80\x89 7 = 7\n",
      // Lines whose only relation is ≈ or \approx (or a byte of one),
      // between lines without any, and a last line without '\n'.
      "no relation\n\nx \xE2\x89\x88 3.0 GB and 4\nplain 5 words\n\\alpha \\approx 0.5\n\xE2\x80\x9c" "5\xE2\x80\x9d\n= 2\n7 = 7",
      "\xE2\x89\x88 5\n5 \xE2\x89\x88\n\\approx\n6 \\approxeq 6\n\xE2\x89 = 3\n",
      // Normalised text that differs from the original (spans must map).
      "a\r\nb = 2 * 3 = 6\r\n\r\nc \xE2\x89\x88 7.0\r\n",
      // Roundings at and near the bounds of the literal's last digit, and
      // irrational sides against long decimals.
      "0.15 = 0.145 and 0.15 = 0.1449 and 0.15 = 0.1551 and 2.5 \\approx 2.4 and 2.5 \\approx 2.39\n",
      "2122.05 = 2122.0497 and 2122.05 = 2122.055 and 2122.05 = 2122.045 and 8 = 7.5 and 8 = 8.5\n",
      "$\\sqrt{2} = 1.4142135623730950488016887242096980785696718753769$ and $\\sqrt{2} = 1.42$\n",
      "$\\sqrt{2} \\approx 1.415$ and $\\sqrt{2} \\approx 1.4142$ and $\\sqrt{2} = 1.4142135623730951$\n",
      "$\\sqrt{2} = 1.41421356237309504880168872420969807856967187537694807317667973799$\n",
      "$1/3 = 0.333$ and $2/3 = 0.667$ and $2/3 = 0.6665$ and $2/3 \\approx 0.6$ and $10^{-300} = 0$\n",
      "$10^{300} * 10^{300} = 1.0 \\times 10^{600}$ and $3 * 10^{300} = 3.1 \\times 10^{300}$\n",
      "~0.15 million = 145833 and 1.5 billion = 1499999999 and 1.5 billion = 1450000000\n",
      // Chains with one side left (not read: no equation), next to chains
      // with two or more (read, and their sides cached).
      "x = 5\n5 =\n= 5\n8 GB = \\\\ 8 GB = 8e9\n",
      "total = 2 * 3, so 6 = 6 and 2 * 3 =\n= 2 * 3 and (1 + 1) = \\text{two} = 2\n",
      "$\\alpha = $ 3 = 3 = $\\sum_{i=1} = 4$ \xE2\x89\x88 5, 5 \\approx\n",
  };
  for (const char* h : hostile) {
    INFO(h);
    CheckShortcutsChangeNothing(Document(h), &equations);
  }
  // A NUL and a control byte before the chains (normalisation drops or
  // replaces them: spans must map).
  const char nul[] = "\t\x01x = 1\0 + 2 = 3\n4 = 4\n";
  CheckShortcutsChangeNothing(Document(std::string(nul, sizeof(nul) - 1)), &equations);
  // Long lines: windows cut around each relation.
  std::string long_line;
  for (int i = 0; i < 200; ++i) long_line += "so " + std::to_string(i) + " * 2 = " + std::to_string(2 * i) + " and ~ then ";
  long_line += "\n";
  CheckShortcutsChangeNothing(Document(long_line), &equations);
}

}  // namespace
}  // namespace grader
