// Small helpers shared by the solver implementations (internal).
#ifndef GRADER_REFERENCE_SOLVER_UTIL_H_
#define GRADER_REFERENCE_SOLVER_UTIL_H_

#include <string>
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

// Adds a numeric output and returns it for further steps.
Output& AddNumber(SolverResult& result, std::string id, std::string description, const Value& value,
                  std::string unit, std::string formula, std::vector<std::string> steps);

// Adds a text output choosing among `options`.
Output& AddText(SolverResult& result, std::string id, std::string description, std::string text,
                std::vector<std::string> options, std::vector<std::string> steps);

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
