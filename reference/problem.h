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
#include <optional>
#include <string>
#include <vector>

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

// A named solver call; input values are literals or parameter names.
struct Computation {
  std::string id;
  std::string solver;
  std::map<std::string, std::string> inputs;
};

// Where an answer's value comes from: an output of a computation, with
// some inputs overridden.
struct Source {
  std::string computation;
  std::string output;
  std::map<std::string, std::string> set;
};

struct Alternative {
  std::string id;
  std::string label;
  Source source;
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
  // grader::Error with "file:line:col: message" for malformed JSON and
  // "file: path.to.field: message" for a wrong field.
  void Add(const std::string& file, const std::string& text);
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
