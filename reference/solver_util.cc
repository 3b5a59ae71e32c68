#include "reference/solver_util.h"

namespace grader::detail {

InputSpec IntInput(std::string name, std::string default_value, std::string description, std::string unit,
                   std::string min) {
  InputSpec s{std::move(name), InputType::kInteger, std::move(default_value), std::move(unit),
              std::move(description), {}, std::nullopt, std::nullopt};
  if (!min.empty()) s.min = *ParseExact(min);
  return s;
}

InputSpec DecInput(std::string name, std::string default_value, std::string description, std::string unit,
                   std::string min) {
  InputSpec s{std::move(name), InputType::kDecimal, std::move(default_value), std::move(unit),
              std::move(description), {}, std::nullopt, std::nullopt};
  if (!min.empty()) s.min = *ParseExact(min);
  return s;
}

InputSpec ChoiceInput(std::string name, std::string default_value, std::vector<std::string> choices,
                      std::string description) {
  return InputSpec{std::move(name), InputType::kChoice, std::move(default_value), "", std::move(description),
                   std::move(choices), std::nullopt, std::nullopt};
}

InputSpec BoolInput(std::string name, std::string default_value, std::string description) {
  return InputSpec{std::move(name), InputType::kBoolean, std::move(default_value), "", std::move(description),
                   {}, std::nullopt, std::nullopt};
}

void AddNumber(SolverResult& result, std::string_view id, std::string_view description, Value value,
               std::string_view unit, std::string_view formula, std::vector<std::string> steps) {
  if (!result.Wants(id)) return;
  AddWantedNumber(result, id, description, std::move(value), unit, formula, std::move(steps));
}

void AddWantedNumber(SolverResult& result, std::string_view id, std::string_view description, Value value,
                     std::string_view unit, std::string_view formula, std::vector<std::string> steps) {
  // Added with its id alone (Add checks it), then filled in place: the
  // number is moved in, not moved through two Outputs.
  Output added;
  added.id = id;
  Output& o = result.Add(std::move(added));
  if (result.steps_wanted()) o.description = description;  // a key's numbers read no description
  o.number.emplace(std::move(value));
  o.unit = unit;
  o.formula = formula;
  o.steps = std::move(steps);
}

void AddText(SolverResult& result, std::string_view id, std::string_view description, std::string_view text,
             const std::vector<std::string>& options, std::vector<std::string> steps) {
  if (!result.Wants(id)) return;
  Output o;
  o.id = id;
  if (result.steps_wanted()) o.description = description;
  o.text = text;
  o.options = options;
  o.unit = "";
  o.steps = std::move(steps);
  result.Add(std::move(o));
}

std::string Step(const std::string& name, const std::string& formula, const std::string& numbers,
                 const Value& result) {
  std::string line = name + " = " + formula;
  if (!numbers.empty() && numbers != formula) line += " = " + numbers;
  line += (result.is_exact() ? " = " : " ≈ ") + Show(result);
  return line;
}

std::string Times(std::initializer_list<Exact> factors) {
  std::string out;
  for (const Exact& f : factors) out += (out.empty() ? "" : " · ") + Show(f);
  return out;
}

std::string Percent(const Exact& share) { return RoundSig(share * 100, 4) + "%"; }

Real Sqrt(const Real& x) { return boost::multiprecision::sqrt(x); }
Real Ln(const Real& x) { return boost::multiprecision::log(x); }
Real Pow(const Real& x, const Real& y) { return boost::multiprecision::pow(x, y); }

}  // namespace grader::detail
