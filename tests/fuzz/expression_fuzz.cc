// Fuzz target: parsing expressions and evaluating them exactly
// (expression.h), and the equations built on them (equation.h).
//
// The first byte picks the parse options (bit 0: split_letters, bit 1:
// allow_trailing); the rest is the expression.
//
// Invariants, for any input:
// - a parse either succeeds (a root, no error, `consumed` within the input)
//   or fails with an error and no tree;
// - the tree is well formed: children precede their parent (Evaluate relies
//   on it), each kind has its number of children;
// - parsing again gives the same tree; evaluating the same tree twice (with
//   and without bindings for its variables) gives identical results, and so
//   does reading it as a monomial, whose variables are the tree's;
// - the canonical form (ToString) parses again, to a tree with the same
//   variables whose value (with the same bindings) is the same (to 30
//   digits when approximate), when each variable name reads back as itself,
//   the printed brackets stay within the parser's nesting limit and each
//   literal prints within the number reader's limits (and then reads back
//   to itself);
// - FindEquations over the input as a document: sides inside the chain, in
//   order, spans inside the response; the truth is kUnknown unless two sides
//   were evaluated.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "grader/extract/document.h"
#include "grader/extract/equation.h"
#include "grader/extract/expression.h"
#include "grader/extract/number.h"
#include "tests/fuzz/fuzz_check.h"

namespace grader {
namespace {

using fuzz::Show;

std::string Describe(const EvalResult& r) {
  if (!r.value) return "error '" + r.error + "'";
  return std::string(r.value->is_exact() ? "exact " : "approx ") + r.value->ToString();
}

bool SameResult(const EvalResult& a, const EvalResult& b) {
  if (a.value.has_value() != b.value.has_value() || a.error != b.error) return false;
  if (!a.value) return true;
  return a.value->is_exact() == b.value->is_exact() && a.value->exact() == b.value->exact() &&
         a.value->real() == b.value->real();
}

void CheckTree(const ExprTree& t, std::string_view text, const std::string& what) {
  if (!t.ok()) {
    FUZZ_CHECK(!t.error.empty() && t.nodes.empty() && t.root < 0, what + ": failed parse without an error or with a tree");
    return;
  }
  FUZZ_CHECK(t.root >= 0 && static_cast<size_t>(t.root) < t.nodes.size(), what + ": root outside the tree");
  FUZZ_CHECK(t.consumed <= text.size(), what + ": consumed " + std::to_string(t.consumed) + " of " +
                                            std::to_string(text.size()) + " bytes");
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const ExprNode& n = t.nodes[i];
    bool leaf = n.kind == ExprKind::kNumber || n.kind == ExprKind::kVariable;
    bool unary = n.kind == ExprKind::kNeg || n.kind == ExprKind::kCall;
    int want_lhs = leaf ? -1 : 0, want_rhs = leaf || unary ? -1 : 0;
    std::string node = what + ": node " + std::to_string(i);
    FUZZ_CHECK((want_lhs < 0) == (n.lhs < 0) && (want_rhs < 0) == (n.rhs < 0), node + ": wrong number of children");
    FUZZ_CHECK(n.lhs < static_cast<int>(i) && n.rhs < static_cast<int>(i), node + ": a child after its parent");
  }
}

// Binds every variable to a distinct small rational.
std::map<std::string, Value> Bind(const std::vector<std::string>& names) {
  std::map<std::string, Value> b;
  long k = 2;
  for (const std::string& n : names) {
    b[n] = Value(Exact(k * 3 + 1, k));
    ++k;
  }
  return b;
}

// The tree's height (children precede their parent, so one pass does).
int Height(const ExprTree& t) {
  std::vector<int> h(t.nodes.size(), 1);
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const ExprNode& n = t.nodes[i];
    if (n.lhs >= 0) h[i] = std::max(h[i], h[n.lhs] + 1);
    if (n.rhs >= 0) h[i] = std::max(h[i], h[n.rhs] + 1);
  }
  return t.root >= 0 ? h[t.root] : 0;
}

// Whether a variable name prints as itself: read alone, it is that one
// variable. (Names can hold anything \mathrm{...} or a braced subscript
// held, e.g. "a b" or "N_0017C05", which print ambiguously.)
bool PrintsAsItself(const std::string& name) {
  ExprTree t = ParseExpression(name);
  return t.ok() && t.nodes.size() == 1 && t.nodes[0].kind == ExprKind::kVariable && t.nodes[0].name == name &&
         t.consumed == name.size();
}

void CheckExpression(std::string_view text, const ParseOptions& options) {
  std::string what = "expression " + Show(text);
  ExprTree tree = ParseExpression(text, options);
  CheckTree(tree, text, what);
  ExprTree again = ParseExpression(text, options);
  FUZZ_CHECK(again.error == tree.error && again.ToString() == tree.ToString() && again.consumed == tree.consumed &&
                 again.has_units == tree.has_units,
             what + ": parsing twice differs");
  if (!tree.ok()) return;

  std::vector<std::string> vars = tree.Variables();
  std::map<std::string, Value> bindings = Bind(vars);
  EvalResult unbound = Evaluate(tree);
  FUZZ_CHECK(SameResult(unbound, Evaluate(tree)), what + ": evaluating twice differs");
  FUZZ_CHECK(vars.empty() || !unbound.value, what + ": evaluated with unbound variables");
  EvalResult bound = Evaluate(tree, bindings);
  EvalResult bound2 = Evaluate(tree, bindings);
  FUZZ_CHECK(SameResult(bound, bound2), what + ": evaluating twice with bindings differs: " + Describe(bound) +
                                           " vs " + Describe(bound2));
  FUZZ_CHECK(bound.value || !bound.error.empty(), what + ": no value and no error");

  // As a monomial (the power_law check reads laws this way): deterministic,
  // and its variables are the expression's.
  std::optional<Monomial> m = AsMonomial(tree), m2 = AsMonomial(tree);
  FUZZ_CHECK(m.has_value() == m2.has_value() && (!m || (m->coefficient == m2->coefficient && m->powers == m2->powers)),
             what + ": AsMonomial differs on the same tree");
  if (m)
    for (const auto& [name, e] : m->powers)
      FUZZ_CHECK(std::binary_search(vars.begin(), vars.end(), name) && e != 0,
                 what + ": monomial power of '" + name + "' is not one of its variables or is zero");

  // The canonical form reads back, when its brackets stay within the
  // parser's nesting limit (two levels per bracket): a long chain such as
  // a*b*c*... parses without nesting, but prints as ((a * b) * c) ...
  if (Height(tree) > kMaxDepth / 2 - 10) return;
  for (const std::string& v : vars)
    if (!PrintsAsItself(v)) return;
  // ... and when every literal prints within the number reader's limits (a
  // literal's scale word can take it past them: "1e999 billion"); a literal
  // that prints within them reads back to itself.
  for (const ExprNode& n : tree.nodes) {
    if (n.kind != ExprKind::kNumber) continue;
    std::string literal = NumberLiteral(n.number);
    if (literal.find('/') != std::string::npos) continue;  // p/q reads as a quotient
    size_t from = literal[0] == '-' ? 1 : 0;
    NumberToken t;
    if (!ReadNumber(literal, from, &t) || !t.ok) return;
    FUZZ_CHECK(t.end == literal.size() && (from ? Exact(-t.value) : t.value) == n.number,
               what + ": literal " + ExactString(n.number) + " prints as " + Show(literal) + ", which reads back otherwise");
  }
  std::string canonical = tree.ToString();
  ExprTree reparsed = ParseExpression(canonical);
  FUZZ_CHECK(reparsed.ok(), what + ": its canonical form " + Show(canonical) + " does not parse: " + reparsed.error);
  CheckTree(reparsed, canonical, what + " reparsed");
  FUZZ_CHECK(reparsed.Variables() == vars, what + ": canonical form " + Show(canonical) + " has other variables");
  EvalResult back = Evaluate(reparsed, bindings);
  if (bound.value && back.value) {
    // Exact values agree exactly; 50-digit approximations to 30 digits (the
    // canonical form may group the same operations differently).
    const Exact& x = bound.value->exact();
    const Exact& y = back.value->exact();
    bool same = bound.value->is_exact() && back.value->is_exact()
                    ? x == y
                    : abs(Exact(x - y)) <= std::max(abs(x), abs(y)) * Exact(Int(1), Int("1000000000000000000000000000000"));
    FUZZ_CHECK(same, what + " = " + Describe(bound) + ", but its canonical form " + Show(canonical) + " = " + Describe(back));
  }
}

void CheckEquations(const std::string& text) {
  Document doc(text);
  fuzz::SpanChecker spans(doc);
  std::vector<Equation> eqs = FindEquations(doc);
  size_t previous = 0;
  for (const Equation& e : eqs) {
    std::string what = "equation " + Show(e.text);
    spans.RangeSpan(e.range, e.span, what, &e.text);
    FUZZ_CHECK(e.range.begin >= previous, what + ": overlaps the equation before it");
    previous = e.range.end;
    FUZZ_CHECK(e.sides.size() >= 2, what + ": fewer than two sides");
    size_t side_end = e.range.begin, evaluated = 0;
    for (const EquationSide& s : e.sides) {
      std::string side = what + ", side " + Show(s.text);
      spans.RangeSpan(s.range, s.span, side, &s.text);
      FUZZ_CHECK(s.range.begin >= side_end && s.range.end <= e.range.end, side + ": outside the chain or out of order");
      side_end = s.range.end;
      evaluated += s.value.has_value();
    }
    if (evaluated < 2) FUZZ_CHECK(e.truth == Truth::kUnknown, what + ": truth without two evaluated sides");
    const EquationSide* r = e.Result();
    FUZZ_CHECK(r == nullptr || r->value.has_value(), what + ": result side has no value");
  }
}

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  grader::ParseOptions options;
  options.split_letters = data[0] & 1;
  options.allow_trailing = data[0] & 2;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  grader::CheckExpression(text, options);
  grader::CheckEquations(text);
  return 0;
}
