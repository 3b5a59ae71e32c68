// Expressions: arithmetic as responses write it, parsed to an exact tree
// (the tree and its evaluation live in reference/expression_tree.h, shared
// with problem files' formulas).
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

#include "reference/expression_tree.h"

namespace grader {

struct ParseOptions {
  // Read "mk" as m·k (LaTeX math) instead of one name (prose, code).
  bool split_letters = false;
  // Stop at the first token that cannot continue the expression instead of
  // failing; `consumed` says where it stopped.
  bool allow_trailing = false;
};

// Parses `text` as one expression.
ExprTree ParseExpression(std::string_view text, const ParseOptions& options = {});

}  // namespace grader

#endif  // GRADER_EXTRACT_EXPRESSION_H_
