// Check kinds: the registered ways a rubric item decides credit.
//
// A rubric item names its kind ("numeric", "claim", "arithmetic", ...). At
// load time the kind compiles the item's JSON into a CompiledCheck (and
// reports a wrong field with file:line:col); at grading time the compiled
// check reads the response's extractions and the answer key, never the raw
// text, and returns a CheckOutcome with its evidence.
//
// One file per kind, named after it: grader/check/<name>.cc ("llm" and
// "manual", one class with two names, share judged.cc); helpers shared by
// several kinds live in check_util.h. To add a kind, implement CheckKind in
// its own grader/check/<name>.cc and register it there:
//
//   class RegexKind : public CheckKind {
//    public:
//     std::string name() const override { return "regex"; }
//     std::vector<std::string> fields() const override { return {"pattern", "absent", "case_sensitive"}; }
//     std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override;
//   };
//   const CheckKindRegistration kRegex(std::make_unique<RegexKind>());
#ifndef GRADER_CHECK_CHECK_H_
#define GRADER_CHECK_CHECK_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "grader/base/json_source.h"
#include "grader/extract/span.h"
#include "reference/exact.h"

namespace grader {

class Problem;
struct AnswerKey;
struct Extractions;

// A quoted piece of the response that a decision rests on.
struct Evidence {
  Span span;          // byte offsets and line:col in the original response
  std::string quote;  // the original bytes under the span
};

// What one check decided.
struct CheckOutcome {
  std::optional<Exact> credit;  // 0..1; nullopt: unscored (no judge, manual item)
  int failures = 0;             // failing instances (for repeatable deductions)
  std::string expected;         // what the key wanted, readable
  std::string found;            // what the response gave, readable
  // `found` is only the likeliest reading of an answer that matches
  // nothing (shown to staff as such; students read that no answer matching
  // the question was found).
  bool found_is_guess = false;
  std::vector<std::string> derivation;  // the key's derivation of `expected`, one step a line
  std::optional<Exact> relative_error;
  std::string convention;       // label of the accepted convention matched
  std::string mistake;          // label of the known mistake matched
  std::string feedback;         // feedback specific to the decision (e.g. the mistake's)
  std::string detail;           // one line on how the decision was made
  std::vector<Evidence> evidence;
  // Unsure: why staff should confirm this decision ("" when the check is
  // sure). The credit above stays the check's best reading; the item's
  // status becomes "review" and it is listed in review.csv.
  std::string review;
  std::vector<std::string> candidates;  // competing readings, as written, best first
};

// Everything a check may read while grading one response.
struct CheckContext {
  const Extractions* extractions = nullptr;
  const AnswerKey* key = nullptr;
  std::string part;  // the item's part id, "" for the whole response
};

class CompiledCheck {
 public:
  virtual ~CompiledCheck() = default;
  virtual CheckOutcome Evaluate(const CheckContext& ctx) const = 0;
  // True for kinds that only a judge or a human can score.
  virtual bool NeedsJudgment() const { return false; }
  // For judged kinds: the criterion in words and the reference answer text
  // ("" when the judge should see the key's answers for the part).
  virtual std::string JudgeCriterion() const { return ""; }
  virtual std::string JudgeReference() const { return ""; }
};

// Where a check's JSON stands, for compile-time errors.
struct CheckSource {
  const JsonSource* file = nullptr;
  std::string pointer;           // JSON pointer of the check object
  const nlohmann::json* spec = nullptr;
  const Problem* problem = nullptr;  // the rubric's problem (answer ids are checked against it)

  [[noreturn]] void Fail(const std::string& field, const std::string& message) const;
  // Typed field readers; Fail() on a wrong type. Numbers may be JSON numbers
  // or strings ("0.005"); both are read exactly.
  bool Has(const std::string& field) const;
  std::string String(const std::string& field, const std::string& fallback = "") const;
  std::string RequiredString(const std::string& field) const;
  std::optional<Exact> Number(const std::string& field) const;
  bool Bool(const std::string& field, bool fallback) const;
  std::vector<std::string> Strings(const std::string& field) const;
  // Checks that `answer_id` exists in the problem's key; Fail() otherwise.
  void RequireAnswer(const std::string& field, const std::string& answer_id) const;
};

class CheckKind {
 public:
  virtual ~CheckKind() = default;
  virtual std::string name() const = 0;
  // The kind's own JSON fields (beyond id, kind, title, weight, part,
  // feedback, visibility, ...); any other field is reported as unknown.
  virtual std::vector<std::string> fields() const = 0;
  // Compiles one rubric item; throws grader::Error via src.Fail on a bad field.
  virtual std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const = 0;
};

const CheckKind* FindCheckKind(const std::string& name);
std::vector<const CheckKind*> AllCheckKinds();

struct CheckKindRegistration {
  explicit CheckKindRegistration(std::unique_ptr<CheckKind> kind);
};

// Reads an exact number from a JSON number or string; nullopt if neither.
// For a number-like string ParseExact refuses, *error (when given) says why
// ("exponent out of range (|e| <= 10000)").
std::optional<Exact> JsonExact(const nlohmann::json& v, std::string* error = nullptr);

}  // namespace grader

#endif  // GRADER_CHECK_CHECK_H_
