// Check kind "power_law": a fitted law y = k · x^e written as an equation;
// the coefficient and the exponent are compared with two key answers, half
// the credit each. `lhs` (an RE2 pattern) picks the equations by their left
// side.
//
//   {"id": "n_law", "kind": "power_law", "coefficient": "n_opt_coeff", "exponent": "n_opt_exponent",
//    "variable": "C", "lhs": "N", "tolerance": {"rel": "0.1"}, "exponent_tolerance": {"abs": "0.006"}}
#include <re2/re2.h>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

class PowerLawCheck : public CompiledCheck {
 public:
  std::string coefficient, exponent, variable;
  std::unique_ptr<RE2> lhs;
  detail::Tolerance coeff_tol, exp_tol;

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    const KeyAnswer* kc = ctx.key ? ctx.key->Find(coefficient) : nullptr;
    const KeyAnswer* ke = ctx.key ? ctx.key->Find(exponent) : nullptr;
    if (!kc || !ke || !kc->number || !ke->number) {
      o.detail = "the key lacks the numeric answers '" + coefficient + "' and '" + exponent + "'";
      return o;
    }
    Exact want_c = kc->number->exact(), want_e = ke->number->exact();
    o.expected = RoundSig(want_c, 4) + " · " + variable + "^" + RoundSig(want_e, 4) + " (coefficient " +
                 coeff_tol.Describe() + ", exponent " + exp_tol.Describe() + ")";
    std::optional<Exact> best;
    for (const Equation* e : x.EquationsIn(ctx.part)) {
      if (e->sides.size() < 2) continue;
      re2::StringPiece head(e->sides[0].text);
      if (lhs && !RE2::PartialMatch(head, *lhs)) continue;
      for (size_t i = 1; i < e->sides.size(); ++i) {
        auto m = AsMonomial(e->sides[i].expr);
        if (!m || m->powers.size() != 1 || m->powers.begin()->first != variable) continue;
        const Exact& got_e = m->powers.begin()->second;
        Exact credit = 0;
        if (detail::Within(m->coefficient, 0, want_c, coeff_tol)) credit += Exact(1, 2);
        if (detail::Within(got_e, 0, want_e, exp_tol)) credit += Exact(1, 2);
        if (!best || credit > *best) {
          best = credit;
          o.found = e->sides[0].text + " = " + e->sides[i].text;
          o.evidence = {EvidenceOf(x, e->span)};
          o.detail = "coefficient " + Show(m->coefficient) + ", exponent " + Show(got_e);
        }
      }
    }
    o.credit = best.value_or(Exact(0));
    if (!best) o.detail = "no law of the form k · " + variable + "^e in " + ScopeName(ctx.part);
    return o;
  }
};

class PowerLawKind : public CheckKind {
 public:
  std::string name() const override { return "power_law"; }
  std::vector<std::string> fields() const override {
    return {"coefficient", "exponent", "variable", "lhs", "tolerance", "exponent_tolerance"};
  }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<PowerLawCheck>();
    c->coefficient = src.RequiredString("coefficient");
    c->exponent = src.RequiredString("exponent");
    src.RequireAnswer("coefficient", c->coefficient);
    src.RequireAnswer("exponent", c->exponent);
    c->variable = src.RequiredString("variable");
    std::string lhs = src.String("lhs");
    if (!lhs.empty()) {
      RE2::Options quiet;
      quiet.set_log_errors(false);
      c->lhs = std::make_unique<RE2>(lhs, quiet);
      if (!c->lhs->ok()) src.Fail("lhs", "pattern of item '" + src.String("id") + "' does not compile: " + c->lhs->error());
    }
    c->coeff_tol = detail::ReadTolerance(src, *src.spec, "tolerance");
    c->exp_tol = detail::ReadTolerance(src, *src.spec, "exponent_tolerance");
    return c;
  }
};

const CheckKindRegistration kPowerLaw(std::make_unique<PowerLawKind>());

}  // namespace
}  // namespace grader
