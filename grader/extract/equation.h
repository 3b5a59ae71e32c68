// Equations: "a = b = c" chains found in prose and LaTeX, checked exactly.
//
// FindEquations looks at every line holding '=' (or ≈, \approx), cuts the
// chain into sides that are arithmetic (numbers with units, operators,
// brackets, variables, LaTeX) and stops at prose, separators (", ", ";",
// ": ", "\\", "&", "->") and unbalanced brackets:
//
//   So we have 80,411,200 + 1,474,713,600 = 1,555,124,800 parameters total
//              ^^^^^^^^^^^^^^^^^^^^^^^^^^   ^^^^^^^^^^^^^^^^^^^^^^^^
//   total = 2 * 1600 * 1024 * 6400 * 2 + 2 * 6400 * 1024 * 1600 = 62914560000
//   \begin{cases} N_{opt}(C) = 0.6 C^{0.45} \\ D_{opt}(C) = 0.3 C^{0.55} ...
//
// Each side is parsed (expression.h) and evaluated when it has no unbound
// variables. Truth compares consecutive evaluable sides:
//   kTrue     exactly equal (rationals; 50 digits for fractional powers)
//   kRounded  equal to the precision the written number shows (2122.05 for
//             2122.0497..., "~0.15 million" for 145833)
//   kFalse    not equal even after rounding
//   kUnknown  fewer than two sides could be evaluated (symbolic equations)
#ifndef GRADER_EXTRACT_EQUATION_H_
#define GRADER_EXTRACT_EQUATION_H_

#include <optional>
#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "grader/extract/expression.h"
#include "reference/units.h"

namespace grader {

enum class Truth { kTrue, kRounded, kFalse, kUnknown };

// Returns "true", "rounded", "false" or "unknown".
const char* TruthName(Truth t);

struct EquationSide {
  Range range;
  Span span;
  std::string text;             // verbatim
  ExprTree expr;
  std::optional<Value> value;   // when evaluable
  bool literal = false;         // a single written number ("40,960,000")
  int sig_figs = 0;             // of the literal
  bool approx = false;          // written with ~ or after ≈
  const Unit* unit = nullptr;   // of the literal ("GB" in "8 GB")
  std::optional<Exact> written; // the literal without scale word and unit
};

struct Equation {
  std::vector<EquationSide> sides;  // in reading order, at least two
  Truth truth = Truth::kUnknown;
  Range range;
  Span span;
  std::string text;                 // the whole chain, verbatim
  // Returns the last side that has a value (the chain's result), or null.
  const EquationSide* Result() const;
};

// Most equations read from one response (a hostile one of 50,000 lines
// "2 * 3 = 6" would take ~3 KB each).
inline constexpr size_t kMaxEquations = 5000;

// Finds the equations in `scope` (the whole document by default). Only
// chains with at least one number are reported, at most kMaxEquations.
std::vector<Equation> FindEquations(const Document& doc, std::optional<Range> scope = std::nullopt);

// FindEquations without its shortcuts (every window is tokenised to its
// end, every side parsed and evaluated anew): for tests, which check that
// both give the same equations.
std::vector<Equation> FindEquationsWithoutShortcuts(const Document& doc, std::optional<Range> scope = std::nullopt);

// Compares two evaluated sides as described above. Literals of different
// dimensions (5e14 H200-seconds = 2.1e11 USD) are not compared (kUnknown);
// "2*4 = 8 billion" is read as 2*4 = 8 with the scale applying to the
// statement.
Truth CompareSides(const EquationSide& a, const EquationSide& b);

}  // namespace grader

#endif  // GRADER_EXTRACT_EQUATION_H_
