// Expression trees and their exact evaluation: the arithmetic shared by
// responses (grader/extract/expression.h parses what students write) and
// problem files (reference/formula.h parses a computation's formula).
//
// A tree holds numbers, variables, operators and calls in one vector,
// children before their parent. Evaluate() computes exactly with rationals
// (integer powers included) and falls back to 50-digit Reals, marked
// inexact, only for fractional powers, roots, logarithms and exp.
//
// Calls of one argument: sqrt, ln, log, log2, log10, exp, floor, ceil,
// round (half away from zero); of two (lhs, rhs): min, max. floor, ceil,
// round, min and max stay exact on exact arguments.
//
//   ExprTree e = ParseExpression("2 * 2 * 1600 * 6400 * 1");   // extract
//   Evaluate(e).value->ToString();     // "40960000"
//
// Exact results (of powers, products, quotients, sums) that could exceed
// kMaxResultDigits are refused, so hostile input cannot exhaust time or
// memory.
#ifndef GRADER_REFERENCE_EXPRESSION_TREE_H_
#define GRADER_REFERENCE_EXPRESSION_TREE_H_

#include <map>
#include <optional>
#include <string>
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
  int lhs = -1, rhs = -1;  // children (indices into ExprTree::nodes); a call's second argument is rhs
  Exact number;            // kNumber, in base units
  std::string name;        // kVariable ("C", "N_opt", "\\alpha") or kCall ("sqrt", "min")
  size_t begin = 0, end = 0;  // kVariable: its bytes in the parsed text (set by ParseFormula)
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

#endif  // GRADER_REFERENCE_EXPRESSION_TREE_H_
