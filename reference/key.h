// Answer keys: a problem's answers computed exactly for one set of
// parameter values, with derivations, conventions, known mistakes and the
// official solution's value where one is recorded.
//
//   const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
//   AnswerKey key = BuildKey(p, p.Defaults());
//   key.Find("total_params")->number->exact()   // 2127057600
#ifndef GRADER_REFERENCE_KEY_H_
#define GRADER_REFERENCE_KEY_H_

#include <optional>
#include <string>
#include <vector>

#include "reference/problem.h"

namespace grader {

// Runs one computation of `problem` with parameter `values`, after applying
// `set` (input overrides: literals or parameter names). Throws grader::Error.
SolverResult SolveComputation(const Problem& problem, const Computation& computation, const ParamValues& values,
                              const std::map<std::string, std::string>& set);

struct KeyAlternative {
  std::string id;
  std::string label;
  std::optional<Value> number;
  std::string text;
  std::string feedback;
  std::optional<Exact> credit;
  std::vector<std::string> steps;
};

struct KeyOfficial {
  std::string written;               // as the official solution wrote it
  Exact value;
  std::string source;
  std::string note;
  bool agrees = true;                // within one unit of its last written digit
  std::optional<Exact> relative_error;  // (official - exact) / exact
};

struct KeyAnswer {
  std::string id;
  std::string part;
  std::string description;
  std::optional<Value> number;       // numeric answers
  std::string unit;                  // unit symbol of a numeric answer
  std::string text;                  // text answers
  std::vector<std::string> options;
  std::string formula;               // symbolic form, parameters substituted
  std::vector<std::string> steps;    // derivation
  std::vector<KeyAlternative> conventions;
  std::vector<KeyAlternative> mistakes;
  std::optional<KeyOfficial> official;
};

struct AnswerKey {
  std::string problem_id;
  std::string title;
  std::string statement;
  std::vector<std::string> names;  // the problem's id and other names (Problem::names)
  std::optional<long> variant;
  std::vector<std::pair<std::string, std::string>> parameters;  // in declaration order
  std::vector<Part> parts;
  std::vector<KeyAnswer> answers;

  const KeyAnswer* Find(const std::string& id) const;
};

// Builds the key. Throws grader::Error when the values are inconsistent.
AnswerKey BuildKey(const Problem& problem, const ParamValues& values, std::optional<long> variant = std::nullopt);

// Which key to build, as every command states it: a variant (or the
// defaults), then NAME=VALUE assignments applied in order, later ones
// winning (--set for everyone, then a roster's or a JSONL line's own).
struct KeyRequest {
  long variant = -1;              // < 0: the problem's defaults
  std::vector<std::string> sets;  // NAME=VALUE
};

// Returns the parameter values `request` names. Throws grader::Error on an
// unknown parameter or a bad value.
ParamValues ResolveParams(const Problem& problem, const KeyRequest& request);

// Builds the key `request` names (ResolveParams, then BuildKey).
AnswerKey BuildKey(const Problem& problem, const KeyRequest& request);

// Counts the significant digits of a written number: "8.5" -> 2, "66175.20"
// -> 7, "700" -> 1, "1.40e11" -> 3. Trailing zeros of an integer without a
// point are not significant.
int SignificantDigits(const std::string& written);

// Returns whether `written` agrees with `exact` to its own precision: the
// difference is less than one unit in its last significant digit.
bool AgreesToWrittenPrecision(const std::string& written, const Exact& exact);

}  // namespace grader

#endif  // GRADER_REFERENCE_KEY_H_
