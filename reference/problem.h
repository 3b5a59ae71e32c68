// Problem definitions: parameters with defaults and ranges, named solver
// calls, and parts whose answers come from those calls.
//
// A problem lives in problems/<id>.json (format: problems/README.md). The
// answers of a part name a solver output ("xl.total_params"); conventions
// and known mistakes are the same output computed with some inputs changed
// ("set": {"tie_embeddings": "true"}), so they follow every variant.
//
//   ProblemSet set = LoadBuiltinProblems();
//   const Problem& p = set.Get("cs336-transformer-accounting");
//   ParamValues v = p.Defaults();
//   p.Apply({"num_layers=24"}, &v);       // throws grader::Error on bad input
#ifndef GRADER_REFERENCE_PROBLEM_H_
#define GRADER_REFERENCE_PROBLEM_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reference/expression_tree.h"
#include "reference/solver.h"

namespace grader {

// How `--variant N` draws a parameter: uniformly from min..max in steps,
// or from a list of choices.
struct VariantRange {
  std::optional<Exact> min, max, step;
  std::vector<std::string> choices;
};

struct Parameter {
  InputSpec spec;                        // name, type, default, bounds, description
  std::optional<VariantRange> variant;   // absent: variants keep the default
};

// The one output of a formula or literal computation ("kv_bytes.value").
inline constexpr const char* kFormulaOutput = "value";

// A named step of the key: a solver call (`solver`, `inputs`: literals,
// parameter names, other computations' outputs or formulas), a formula over
// parameters and other computations (reference/formula.h), or a literal
// `value`. Formula and literal computations have one output, "value", in
// `unit`.
struct Computation {
  std::string id;
  std::string solver;                          // "" for formula and literal computations
  std::map<std::string, std::string> inputs;
  std::string formula;                         // formula computations
  std::string value;                           // literal computations: an exact number
  std::string unit;                            // the result's unit ("" : pure number or inferred)
  std::string where;                           // "file:line:col" of the formula, for errors
  std::shared_ptr<const ExprTree> tree;        // the parsed formula
  // Solver computations: the outputs the problem reads without changing an
  // input (answers, conventions and mistakes without `set`, formulas and
  // other computations' inputs), so a key solves for those alone
  // (SolverInputs::set_wanted). Null: every output (a problem built in code).
  std::shared_ptr<const std::vector<std::string>> outputs_read;
  bool is_solver() const { return !solver.empty(); }
};

// Where an answer's value comes from: an output of a computation, with
// some inputs overridden.
struct Source {
  std::string computation;
  std::string output;
  std::map<std::string, std::string> set;
  // The outputs of the computation the problem reads with this `set`
  // (Computation::outputs_read when it is empty). Null: every output.
  std::shared_ptr<const std::vector<std::string>> wanted;
};

struct Alternative {
  std::string id;
  std::string label;
  Source source;              // used when `inline_formula` is absent
  // A formula (or literal value) of its own instead of `from`/`set`: the value
  // a mistake produces that no change of inputs gives ("2*kv_bytes").
  std::optional<Computation> inline_formula;
  std::string feedback;       // mistakes: what the student likely did
  std::optional<Exact> credit;  // mistakes: partial credit, if any
};

struct OfficialValue {
  std::string value;   // as written in the official solution: "66175.20", "6.1e9"
  std::string source;  // where: "seed 003, 5(h)"
  std::string note;    // why it differs, when it does
};

struct AnswerSpec {
  std::string id;
  std::string part;
  std::string description;
  std::optional<Source> source;     // computed answers
  std::string text;                 // fixed text answers (True/False, a choice)
  std::string value;                // literal numeric answers: an exact number...
  std::string unit;                 // ...in this unit
  std::vector<std::string> options; // options for text answers
  std::string formula;              // symbolic form; {param} is replaced by its value
  std::string explanation;          // for fixed answers: why
  std::vector<Alternative> conventions;
  std::vector<Alternative> mistakes;
  std::optional<OfficialValue> official;
};

struct Part {
  std::string id;
  std::string title;
  std::string statement;
  std::vector<std::string> answers;  // answer ids, in order
};

// Parameter values by name, as text ("1600", "swiglu", "true").
using ParamValues = std::map<std::string, std::string>;

class Problem {
 public:
  std::string id, title, source, statement, file;
  // Other names writeups give the problem ("transformer_accounting"): a
  // heading holding one starts the problem's section of a multi-problem file.
  std::vector<std::string> names;
  std::vector<Parameter> parameters;
  std::vector<Computation> computations;
  std::vector<Part> parts;
  std::vector<AnswerSpec> answers;
  // A content hash of the definition as loaded (the file's text; set by
  // ProblemSet::Add), "" for a problem built in code. With the parameter
  // values it determines every derivation of a key (grader/rubric/grade.h,
  // KeyVersion).
  std::string definition_hash;

  ParamValues Defaults() const;
  const Parameter* FindParameter(const std::string& name) const;
  const AnswerSpec* FindAnswer(const std::string& id) const;

  // Applies NAME=VALUE assignments to *values. Throws grader::Error naming
  // an unknown parameter ("did you mean"), a value that does not parse, or
  // one out of range.
  void Apply(const std::vector<std::string>& assignments, ParamValues* values) const;

  // Returns the parameters of variant n: 0 is the defaults; n >= 1 draws
  // every parameter that declares a variant range, deterministically from
  // (problem id, n), redrawing until the solvers accept the combination.
  ParamValues Variant(long n) const;
};

class ProblemSet {
 public:
  // Parses one problem file's text; `file` names it in errors. Throws
  // grader::Error "file:line:col: path.to.field: message" for malformed
  // JSON, an unknown field (with "did you mean"), a wrong value, an unknown
  // solver, input or name, and a formula whose units do not agree (found by
  // building the default key, unless `build_default_key` is false: the
  // problems compiled into the binary are checked so by their tests, and
  // every command would otherwise pay for their keys at start-up).
  void Add(const std::string& file, const std::string& text, bool build_default_key = true);
  const Problem* Find(const std::string& id) const;
  // Throws grader::Error "unknown problem 'x'" (with a suggestion).
  const Problem& Get(const std::string& id) const;
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// The problems compiled into the binary (problems/*.json).
const ProblemSet& BuiltinProblems();

// Loads every *.json file in `dir`.
ProblemSet LoadProblemDir(const std::string& dir);

}  // namespace grader

#endif  // GRADER_REFERENCE_PROBLEM_H_
