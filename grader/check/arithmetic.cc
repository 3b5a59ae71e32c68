// Check kind "arithmetic": every equation in the scope is true, evaluated
// exactly (with rounded equations accepted unless `rounded_ok` is false).
// Usually a deduction, applied once per false equation when repeatable.
//
//   {"id": "arith", "kind": "arithmetic", "points": -1}          (a deduction)
#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

class ArithmeticCheck : public CompiledCheck {
 public:
  bool require = false;
  bool rounded_ok = true;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    int checked = 0;
    std::string wrong;
    for (const Equation* e : x.EquationsIn(ctx.part)) {
      if (e->truth == Truth::kUnknown) continue;
      ++checked;
      bool ok = e->truth == Truth::kTrue || (rounded_ok && e->truth == Truth::kRounded);
      if (ok) continue;
      ++o.failures;
      o.evidence.push_back(EvidenceOf(x, e->span));
      // The correct value: the first side that is a computation.
      const EquationSide* calc = nullptr;
      for (const EquationSide& s : e->sides)
        if (s.value && !s.literal) {
          calc = &s;
          break;
        }
      std::string line = "\"" + e->text + "\" is false";
      if (calc) line += "; " + calc->text + " = " + Show(calc->value->exact());
      wrong += (wrong.empty() ? "" : "\n") + line;
    }
    o.expected = "every equation in " + ScopeName(ctx.part) + " true";
    o.found = std::to_string(checked) + " checked, " + std::to_string(o.failures) + " false";
    if (o.failures > 0) {
      o.credit = Exact(0);
      o.detail = wrong;
    } else if (checked == 0) {
      o.credit = Exact(require ? 0 : 1);
      o.detail = "no equation to check in " + ScopeName(ctx.part);
    } else {
      o.credit = Exact(1);
      o.detail = "all " + std::to_string(checked) + " equations are true";
    }
    return o;
  }
};

class ArithmeticKind : public CheckKind {
 public:
  std::string name() const override { return "arithmetic"; }
  std::vector<std::string> fields() const override { return {"require", "rounded_ok"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<ArithmeticCheck>();
    c->require = src.Bool("require", false);
    c->rounded_ok = src.Bool("rounded_ok", true);
    return c;
  }
};

const CheckKindRegistration kArithmetic(std::make_unique<ArithmeticKind>());

}  // namespace
}  // namespace grader
