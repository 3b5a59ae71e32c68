// Reference solvers: named, documented computations that produce exact
// answers with their derivations.
//
// A solver declares its inputs (name, type, default, description) and
// returns named outputs, each a number (exact, or a 50-digit approximation
// where an exponent is fractional) or a text choice, with a unit, a symbolic
// formula where one exists, and derivation steps a solution sheet would show.
//
// To add a solver, implement this interface in its own file and register it:
//
//   class MySolver : public Solver { ... };
//   const SolverRegistration kMySolver(std::make_unique<MySolver>());
//
// The registry rejects duplicate names.
#ifndef GRADER_REFERENCE_SOLVER_H_
#define GRADER_REFERENCE_SOLVER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/exact.h"

namespace grader {

enum class InputType { kInteger, kDecimal, kChoice, kBoolean };

// Returns "integer", "decimal", "choice" or "boolean".
const char* InputTypeName(InputType type);

struct InputSpec {
  std::string name;
  InputType type = InputType::kInteger;
  std::string default_value;          // as text: "50257", "1.98e15", "swiglu", "true"
  std::string unit;                   // unit symbol for numbers, "" if none
  std::string description;
  std::vector<std::string> choices;   // allowed values for kChoice
  std::optional<Exact> min;           // inclusive bounds for numbers
  std::optional<Exact> max;
};

// One input's value: numbers are exact; choices and booleans are text.
struct InputValue {
  Exact number;
  std::string text;
};

// Validated inputs of one solver call; every declared input is present.
class SolverInputs {
 public:
  // Sets input `name`; the name's text must outlive these inputs (BindInputs
  // passes the solver's declared names, kept for the process).
  void Set(std::string_view name, InputValue value);
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // Set() for a name not set yet (BindInputs: each declared name once).
  void Append(std::string_view name, InputValue value) {
    Append(name, std::make_shared<const InputValue>(std::move(value)));
  }
  // The same sharing a value kept elsewhere (BindInputs: a declared default
  // or a value parsed before) instead of copying it.
  void Append(std::string_view name, std::shared_ptr<const InputValue> value) {
    names_.push_back(name);
    values_.push_back(std::move(value));
  }
  void Reserve(size_t n) {
    names_.reserve(n);
    values_.reserve(n);
  }
  // Whether the caller reads the outputs' derivation steps (a key being
  // built reads only the numbers; its derivations are written when read).
  // Solvers may then leave Output::steps and Output::description empty
  // (detail::AddNumber and AddText do); everything else stays.
  void set_steps_wanted(bool wanted) { steps_wanted_ = wanted; }
  bool steps_wanted() const { return steps_wanted_; }
  // The ids of the outputs the caller reads, or null for every output (the
  // default). A key reads a few of a solver's outputs: solvers may then
  // leave the others out, and skip work only they need (SolverResult::Wants).
  // Errors stay the same: a solver still checks every constraint. The list
  // must outlive the Solve call.
  void set_wanted(const std::vector<std::string>* ids) { wanted_ = ids; }
  const std::vector<std::string>* wanted() const { return wanted_; }
  // Accessors throw grader::Error for an undeclared name (a solver bug).
  const Exact& Number(std::string_view name) const;
  const std::string& Choice(std::string_view name) const;
  bool Flag(std::string_view name) const;

 private:
  const InputValue* Find(std::string_view name) const;
  const InputValue& Get(std::string_view name) const;
  // In the order set (a solver's declaration order): a solver reads a few
  // dozen inputs at most, so a scan is cheaper than a map's allocations.
  // Values are shared and never changed: binding one costs a reference
  // count, not a copy of its number and text.
  std::vector<std::string_view> names_;
  std::vector<std::shared_ptr<const InputValue>> values_;
  bool steps_wanted_ = true;
  const std::vector<std::string>* wanted_ = nullptr;
};

// One output of a solver.
struct Output {
  std::string id;
  std::string description;
  std::optional<Value> number;    // set for numeric outputs
  std::string text;               // set for text outputs (a choice)
  std::vector<std::string> options;  // the options a text output picks from
  std::string unit;               // unit symbol (see units.h); "1" for ratios
  std::string formula;            // symbolic form in the solver's input names
  std::vector<std::string> steps; // derivation, one line each
};

class SolverResult {
 public:
  SolverResult() = default;
  // A result whose outputs carry their steps only when `steps_wanted`
  // (SolverInputs::steps_wanted; detail::AddNumber reads it).
  explicit SolverResult(bool steps_wanted) : steps_wanted_(steps_wanted) {}
  // The same holding only the outputs of SolverInputs::wanted (null: all).
  explicit SolverResult(const SolverInputs& in) : steps_wanted_(in.steps_wanted()), wanted_(in.wanted()) {}
  bool steps_wanted() const { return steps_wanted_; }
  // Whether output `id` is wanted (detail::AddNumber and AddText skip the
  // others); read while solving, when the wanted list is alive.
  bool Wants(std::string_view id) const;
  // Whether every output is here (no wanted list was given).
  bool complete() const { return wanted_ == nullptr; }
  // Adds an output; ids must be unique within a result.
  Output& Add(Output output);
  const Output* Find(const std::string& id) const;
  const std::vector<Output>& outputs() const { return outputs_; }

 private:
  std::vector<Output> outputs_;
  bool steps_wanted_ = true;
  const std::vector<std::string>* wanted_ = nullptr;
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<InputSpec> inputs() const = 0;
  // Solves for validated inputs. Throws grader::Error when the inputs are
  // individually valid but inconsistent (e.g. d_model not divisible by
  // num_heads).
  virtual SolverResult Solve(const SolverInputs& in) const = 0;
};

// Returns the solver with this name, or nullptr.
const Solver* FindSolver(const std::string& name);

// Returns every registered solver, sorted by name.
std::vector<const Solver*> AllSolvers();

struct SolverRegistration {
  explicit SolverRegistration(std::unique_ptr<Solver> solver);
};

// Parses `text` as a value of `spec`, checking type, choices and bounds.
// Returns nullopt and sets *error ("num_layers: expected an integer, got
// 'x'") on failure.
std::optional<InputValue> ParseInput(const InputSpec& spec, const std::string& text,
                                     std::string* error);

// The inputs `solver` declares (solver.inputs(), computed once per solver).
const std::vector<InputSpec>& InputsOf(const Solver& solver);

// Fills every input of `solver` from `given` (name -> text) and defaults.
// Throws grader::Error naming an unknown input or a bad value.
SolverInputs BindInputs(const Solver& solver, const std::map<std::string, std::string>& given);

// Formats a number for a derivation line: grouped digits for integers
// ("2,127,057,600"), the exact decimal when short, else 6 significant digits.
std::string Show(const Exact& x);
std::string Show(const Value& v);

}  // namespace grader

#endif  // GRADER_REFERENCE_SOLVER_H_
