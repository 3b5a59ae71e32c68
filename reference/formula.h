// Formulas in problem files: exact arithmetic over named quantities, with
// units carried and checked.
//
// A problem's formula computation ("2*num_layers*d_model*bytes_per_value")
// is parsed here into the same tree responses are parsed into
// (reference/expression_tree.h) and evaluated by the same Evaluate(), so
// problems and responses share one arithmetic. The syntax is the plain ASCII
// core of what responses may write: numbers (`4096`, `1.5e-3`, `1/3`), names
// (`d_model`, another computation `kv_bytes`, a solver output `xl.total_params`),
// `+ - * / ^`, brackets and calls (sqrt, ln, log10, exp, floor, ceil, round,
// min, max). Nothing is implicit: `2d` is an error, write `2*d`.
//
// Every name carries a unit; values are held in base units (80 GB is
// 80000000000 byte) and dimensions are checked: byte - byte is byte,
// byte / (byte/s) is s, byte + FLOP is an error. Counting units (parameter,
// token, GPU, word, ...) are pure numbers here.
//
//   size_t at;
//   ExprTree t = ParseFormula("2*L*d*bytes", &at);
//   FormulaResult r = EvaluateFormula(t, {{"L", {32, {}}}, {"d", {4096, {}}}, {"bytes", {2, ByteDim}}});
//   r.value->exact() == 262144, r.dimension.ToString() == "byte"
#ifndef GRADER_REFERENCE_FORMULA_H_
#define GRADER_REFERENCE_FORMULA_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "reference/expression_tree.h"
#include "reference/units.h"

namespace grader {

// A product of base dimensions with rational exponents; empty is a pure number.
struct Dimension {
  std::map<std::string, Exact> powers;
  bool operator==(const Dimension& o) const { return powers == o.powers; }
  bool operator!=(const Dimension& o) const { return powers != o.powers; }
  // "1", "byte", "FLOP/s", "byte^2", "USD/(byte*s)".
  std::string ToString() const;
};

// The dimension of a unit: "FLOP/s" is FLOP·s^-1, "GPU-hour" is s (GPU is a
// count), "1" and "%" are pure numbers.
Dimension DimensionOf(const Unit& unit);

// A unit by symbol: its scale to base units and its dimension. A symbol
// that is not in the unit table (units.h) is a dimension of its own with
// scale 1. "" and "1" are pure numbers.
struct UnitInfo {
  Exact scale = 1;
  Dimension dimension;
  bool known = true;  // found in the unit table (or "" / "1")
};
UnitInfo LookUpUnit(const std::string& symbol);

// Returns the first unit in the table with this dimension and scale 1
// ("byte" for byte, "FLOP/s"), or the dimension's own spelling.
std::string BaseUnitSymbol(const Dimension& d);

// Parses a formula. On error, returns a tree whose `error` says why and
// sets *error_at to the byte offset in `text` where the problem is.
ExprTree ParseFormula(std::string_view text, size_t* error_at);

// One named quantity a formula may use: its value in base units and its
// dimension.
struct FormulaBinding {
  Value value;
  Dimension dimension;
};

struct FormulaResult {
  std::optional<Value> value;  // in base units
  Dimension dimension;
  std::string error;           // "cannot add byte and FLOP", "unknown name 'x'"
};

// Evaluates `tree` (from ParseFormula) exactly where possible (Evaluate) and
// checks its dimensions.
FormulaResult EvaluateFormula(const ExprTree& tree, const std::map<std::string, FormulaBinding>& bindings);

// Checks dimensions only (no values needed); returns the result's dimension
// or sets *error.
Dimension FormulaDimension(const ExprTree& tree, const std::map<std::string, Dimension>& dimensions,
                           std::string* error);

// Returns `text` with each name of `tree` replaced by shown[name] (names
// missing from `shown` stay): "2*num_layers*d_model" -> "2*32*4096".
std::string SubstituteNames(std::string_view text, const ExprTree& tree, const std::map<std::string, std::string>& shown);

}  // namespace grader

#endif  // GRADER_REFERENCE_FORMULA_H_
