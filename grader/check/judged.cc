// Check kinds "llm" and "manual": criteria in plain language that only a
// judge model or a human can decide. Without a verdict they are unscored:
// reported as such and (by default) left out of the denominator, never
// silently failed.
//
//   {"id": "clear", "kind": "llm", "criterion": "The explanation is clear and easy to follow."}
//   {"id": "style", "kind": "manual", "criterion": "Uses consistent notation."}
#include "grader/check/check.h"

namespace grader {
namespace {

class JudgedCheck : public CompiledCheck {
 public:
  JudgedCheck(std::string criterion, std::string reference, bool manual)
      : criterion_(std::move(criterion)), reference_(std::move(reference)), manual_(manual) {}
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    o.expected = criterion_;
    o.detail = manual_ ? "manual item: waiting for a human decision (use --overrides)"
                       : "llm item: no judge configured (--judge-endpoint), left unscored";
    return o;  // credit stays unset: unscored
  }
  bool NeedsJudgment() const override { return true; }
  std::string JudgeCriterion() const override { return criterion_; }
  std::string JudgeReference() const override { return reference_; }

 private:
  std::string criterion_;
  std::string reference_;
  bool manual_;
};

class JudgedKind : public CheckKind {
 public:
  explicit JudgedKind(bool manual) : manual_(manual) {}
  std::string name() const override { return manual_ ? "manual" : "llm"; }
  std::vector<std::string> fields() const override { return {"criterion", "reference"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    std::string criterion = src.String("criterion");
    if (criterion.empty()) criterion = src.String("title");
    if (criterion.empty()) criterion = src.String("description");
    if (criterion.empty()) src.Fail("", "an " + name() + " item needs 'criterion' (or 'title')");
    return std::make_unique<JudgedCheck>(criterion, src.String("reference"), manual_);
  }

 private:
  bool manual_;
};

const CheckKindRegistration kLlm(std::make_unique<JudgedKind>(false));
const CheckKindRegistration kManual(std::make_unique<JudgedKind>(true));

}  // namespace
}  // namespace grader
