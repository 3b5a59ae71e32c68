// Small helpers shared by the solver implementations (internal).
#ifndef GRADER_REFERENCE_SOLVER_UTIL_H_
#define GRADER_REFERENCE_SOLVER_UTIL_H_

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "reference/solver.h"

namespace grader::detail {

// Builds input specs tersely.
InputSpec IntInput(std::string name, std::string default_value, std::string description,
                   std::string unit = "", std::string min = "1");
InputSpec DecInput(std::string name, std::string default_value, std::string description,
                   std::string unit = "", std::string min = "0");
InputSpec ChoiceInput(std::string name, std::string default_value, std::vector<std::string> choices,
                      std::string description);
InputSpec BoolInput(std::string name, std::string default_value, std::string description);

using Steps = std::vector<std::string>;

// Adds a numeric output, when the result wants it (SolverResult::Wants);
// its description only when the result wants steps (a key's numbers).
// `value` is moved into the output.
void AddNumber(SolverResult& result, std::string_view id, std::string_view description, Value value,
               std::string_view unit, std::string_view formula, Steps steps);

// Adds a text output choosing among `options`, when the result wants it.
void AddText(SolverResult& result, std::string_view id, std::string_view description, std::string_view text,
             const std::vector<std::string>& options, Steps steps);

// AddNumber for an output the result wants (the caller asked Wants).
void AddWantedNumber(SolverResult& result, std::string_view id, std::string_view description, Value value,
                     std::string_view unit, std::string_view formula, Steps steps);

// A number as a Value: exact for Exact and Int.
inline const Value& AsValue(const Value& v) { return v; }
inline Value AsValue(const Exact& x) { return Value(x); }
inline Value AsValue(const Int& x) { return Value(Exact(x)); }

// The same with the steps written by `make_steps` (`[&] { return Steps{...}; }`),
// called only when the result wants steps (SolverResult::steps_wanted): a
// key's numbers are built without formatting a derivation nobody reads. The
// value (a Value, Exact or Int) becomes a Value only when the output is wanted.
template <typename Number, typename MakeSteps,
          typename = std::enable_if_t<std::is_invocable_r_v<Steps, MakeSteps&>>>
void AddNumber(SolverResult& result, std::string_view id, std::string_view description, const Number& value,
               std::string_view unit, std::string_view formula, MakeSteps&& make_steps) {
  if (!result.Wants(id)) return;
  AddWantedNumber(result, id, description, AsValue(value), unit, formula,
                  result.steps_wanted() ? Steps(make_steps()) : Steps());
}
template <typename MakeSteps, typename = std::enable_if_t<std::is_invocable_r_v<Steps, MakeSteps&>>>
void AddText(SolverResult& result, std::string_view id, std::string_view description, std::string_view text,
             const std::vector<std::string>& options, MakeSteps&& make_steps) {
  if (!result.Wants(id)) return;
  AddText(result, id, description, text, options, result.steps_wanted() ? Steps(make_steps()) : Steps());
}

// "name = formula = 1,600 · 50,257 = 80,411,200": a derivation line.
std::string Step(const std::string& name, const std::string& formula, const std::string& numbers,
                 const Value& result);

// Joins numbers with " · " after Show().
std::string Times(std::initializer_list<Exact> factors);

// Returns x as a percentage with 4 significant digits: "66.9%".
std::string Percent(const Exact& share);

// Square root and natural log at 50 digits.
Real Sqrt(const Real& x);
Real Ln(const Real& x);
Real Pow(const Real& x, const Real& y);

}  // namespace grader::detail

#endif  // GRADER_REFERENCE_SOLVER_UTIL_H_
