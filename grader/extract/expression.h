// Expressions: arithmetic as responses write it, parsed to an exact tree.
//
// ParseExpression reads ASCII, Unicode and LaTeX arithmetic into a tree of
// numbers, variables and operators:
//
//   2*4*1756^2*57          2 \times 4 \times 1756^2 \times 57     3 · 10⁹
//   4k(m + l)              \frac{C}{C_0 D}     (10N)^2     \left( x \right)
//   0.6 C^{0.45}           \sqrt{2}            1 \text{ trillion} * 2
//
// Adjacent operands multiply (4k(m + l) is 4·k·(m + l)). Numbers carry their
// scale words and units into base units (1.98 petaFLOP/s -> 1.98e15), so an
// equation in mixed units still checks. Evaluate() computes exactly with
// rationals and falls back to 50-digit Reals only for fractional powers,
// roots and logarithms.
//
// The tree lives in one vector (no pointer chains), nesting is limited to
// kMaxDepth, and exact results (of powers, products, quotients, sums) that
// could exceed kMaxResultDigits are refused, so hostile input cannot exhaust
// the stack, time or memory.
//
//   ExprTree e = ParseExpression("2 * 2 * 1600 * 6400 * 1");
//   Evaluate(e).value->ToString();     // "40960000"
//   ExprTree p = ParseExpression("0.6 C^{0.45}");
//   AsMonomial(p)->coefficient         // 0.6; powers: {"C", 0.45}
#ifndef GRADER_EXTRACT_EXPRESSION_H_
#define GRADER_EXTRACT_EXPRESSION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/exact.h"

namespace grader {

inline constexpr int kMaxDepth = 200;
// Largest exact result computed, in decimal digits (numerator and denominator
// together). cpp_int multiplication is quadratic: 10^4 digits take
// milliseconds, 10^6 a minute.
inline constexpr long kMaxResultDigits = 10000;

enum class ExprKind { kNumber, kVariable, kNeg, kAdd, kSub, kMul, kDiv, kPow, kCall };

struct ExprNode {
  ExprKind kind = ExprKind::kNumber;
  int lhs = -1, rhs = -1;  // children (indices into ExprTree::nodes)
  Exact number;            // kNumber, in base units
  std::string name;        // kVariable ("C", "N_opt", "\\alpha") or kCall ("sqrt")
};

struct ExprTree {
  std::vector<ExprNode> nodes;
  int root = -1;
  bool ok() const { return root >= 0 && error.empty(); }
  std::string error;    // why parsing failed ("unbalanced parentheses")
  size_t consumed = 0;  // bytes of the input the expression covers
  bool has_units = false;  // some number carried a unit

  // Returns a canonical, fully parenthesised form: "((2 * k) * (m + l))".
  std::string ToString() const;
  // Returns the distinct variable names, sorted.
  std::vector<std::string> Variables() const;
};

// A number as ToString() prints it: a plain decimal while short, with an
// exponent when zeros would make it long ("61e999", "25e-1000"), p/q when
// it has no finite decimal form.
std::string NumberLiteral(const Exact& x);

struct ParseOptions {
  // Read "mk" as m·k (LaTeX math) instead of one name (prose, code).
  bool split_letters = false;
  // Stop at the first token that cannot continue the expression instead of
  // failing; `consumed` says where it stopped.
  bool allow_trailing = false;
};

// Parses `text` as one expression.
ExprTree ParseExpression(std::string_view text, const ParseOptions& options = {});

struct EvalResult {
  std::optional<Value> value;
  std::string error;  // "unknown variable 'C'", "division by zero", ...
};

// Evaluates exactly where possible; variables come from `bindings`.
EvalResult Evaluate(const ExprTree& tree, const std::map<std::string, Value>& bindings = {});

// A product coefficient · Π var^exponent, e.g. 0.6 C^{0.45}.
struct Monomial {
  Exact coefficient;
  std::map<std::string, Exact> powers;
};

// Returns the expression as a monomial when it is one (numbers, variables,
// products, quotients and powers with numeric exponents), else nullopt; also
// nullopt when its coefficient would exceed kMaxResultDigits.
std::optional<Monomial> AsMonomial(const ExprTree& tree);

}  // namespace grader

#endif  // GRADER_EXTRACT_EXPRESSION_H_
