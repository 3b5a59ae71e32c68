// Answer keys: a problem's answers computed exactly for one set of
// parameter values, with derivations, conventions, known mistakes and the
// official solution's value where one is recorded.
//
//   const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
//   AnswerKey key = BuildKey(p, p.Defaults());
//   key.Find("total_params")->number->exact()   // 2127057600
#ifndef GRADER_REFERENCE_KEY_H_
#define GRADER_REFERENCE_KEY_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reference/problem.h"

namespace grader {

// Returns whether every computation of `problem` solves with `values`
// (no grader::Error), without writing derivations.
bool SolvesCleanly(const Problem& problem, const ParamValues& values);

// Runs one computation of `problem` with parameter `values`, after applying
// `set` (input overrides: literals or parameter names). Throws grader::Error.
SolverResult SolveComputation(const Problem& problem, const Computation& computation, const ParamValues& values,
                              const std::map<std::string, std::string>& set);

// A derivation: the lines a solution sheet shows for one value. A key's
// derivations are written when first read (grading rarely shows them and
// they cost as much as the numbers): reading one from several threads is
// safe, and copies of a key share what was written. A lazily built
// derivation reads the key's Problem, which must outlive the key (the
// built-in problems and a LoadedRubric's do).
class Derivation {
 public:
  Derivation() = default;
  Derivation(std::vector<std::string> steps);  // NOLINT: implicit by design, written already
  static Derivation Lazy(std::function<std::vector<std::string>()> make);

  const std::vector<std::string>& get() const;
  operator const std::vector<std::string>&() const { return get(); }  // NOLINT
  std::vector<std::string>::const_iterator begin() const { return get().begin(); }
  std::vector<std::string>::const_iterator end() const { return get().end(); }
  size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }
  const std::string& front() const { return get().front(); }
  const std::string& back() const { return get().back(); }
  const std::string& operator[](size_t i) const { return get()[i]; }
  // Whether the lines are written yet (for tests of the laziness).
  bool written() const;

  friend bool operator==(const Derivation& a, const std::vector<std::string>& b) { return a.get() == b; }
  friend bool operator==(const Derivation& a, const Derivation& b) { return a.get() == b.get(); }

 private:
  struct Cell {
    std::atomic<bool> done{false};
    std::mutex mutex;
    std::function<std::vector<std::string>()> make;
    std::vector<std::string> steps;
  };
  std::shared_ptr<Cell> cell_;
};

struct KeyAlternative {
  std::string id;
  std::string label;
  std::optional<Value> number;
  std::string text;
  std::string feedback;
  std::optional<Exact> credit;
  Derivation steps;
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
  Derivation steps;                  // derivation
  std::vector<KeyAlternative> conventions;
  std::vector<KeyAlternative> mistakes;
  std::optional<KeyOfficial> official;
};

struct AnswerKey {
  std::string problem_id;
  std::string title;
  std::string statement;
  std::vector<std::string> names;  // the problem's id and other names (Problem::names)
  std::string definition_hash;     // Problem::definition_hash ("" : not loaded from a file)
  std::optional<long> variant;
  std::vector<std::pair<std::string, std::string>> parameters;  // in declaration order
  std::vector<Part> parts;
  std::vector<KeyAnswer> answers;

  const KeyAnswer* Find(const std::string& id) const;
};

// When a key's derivations are written: when first read (kLazy), or while
// the key is built (kEager; the same lines, for tests and comparisons).
enum class DerivationMode { kLazy, kEager };

// Builds the key. Throws grader::Error when the values are inconsistent.
// The numbers are the same in both modes; so are the derivations.
AnswerKey BuildKey(const Problem& problem, const ParamValues& values, std::optional<long> variant = std::nullopt,
                   DerivationMode mode = DerivationMode::kLazy);

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
