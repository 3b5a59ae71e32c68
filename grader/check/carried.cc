// Check kind "carried": error carried forward. A later answer is checked
// against the value the response itself gave for an earlier one; `credit`
// is what a right step from a wrong earlier value earns.
//
//   {"id": "mem_carried", "kind": "carried", "answer": "fp32_bytes", "from": "total_params", "credit": "1"}
#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::InUnit;
using detail::Readable;

class CarriedCheck : public CompiledCheck {
 public:
  std::string answer, from;
  Exact credit = 1;
  detail::Tolerance tolerance;

  std::optional<std::pair<Exact, const Quantity*>> StudentValue(const Extractions& x, const std::string& part,
                                                                const std::string& unit) const {
    // Prefer answers written with a unit of the key's dimension ("8 GB" for
    // bytes) over bare numbers, which may be a different quantity.
    auto answers = x.FinalAnswers(part);
    for (bool need_unit : {true, false}) {
      for (const FinalAnswer& f : answers) {
        const Quantity& q = x.quantities[f.quantity];
        if (need_unit && !q.unit) continue;
        if (auto v = InUnit(q, unit)) return std::make_pair(*v, &q);
      }
    }
    return std::nullopt;
  }

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    const KeyAnswer* later = ctx.key ? ctx.key->Find(answer) : nullptr;
    const KeyAnswer* earlier = ctx.key ? ctx.key->Find(from) : nullptr;
    if (!later || !earlier || !later->number || !earlier->number || earlier->number->exact() == 0) {
      o.detail = "the key lacks the numeric answers '" + answer + "' and '" + from + "'";
      return o;
    }
    auto e = StudentValue(x, earlier->part, earlier->unit);
    auto l = StudentValue(x, later->part, later->unit);
    if (!e || !l) {
      o.credit = Exact(0);
      o.detail = !e ? "no earlier answer (" + from + ") to carry forward" : "no answer for " + answer;
      return o;
    }
    Exact e_key = earlier->number->exact(), l_key = later->number->exact();
    Exact recomputed = l_key * e->first / e_key;
    o.expected = Readable(recomputed, later->unit) + " (from the response's " + from + " = " + Show(e->first) + ")";
    o.found = l->second->text;
    o.evidence.push_back(EvidenceOf(x, e->second->span));
    o.evidence.push_back(EvidenceOf(x, l->second->span));
    bool earlier_right = detail::Within(e->first, e->second->sig_figs, e_key, tolerance);
    bool trivial = e->first == 0 || e->first == 1 || e->first == l->first;
    if (trivial) {
      o.credit = Exact(0);
      o.detail = "the earlier value is trivial; nothing to carry forward";
    } else if (detail::Within(l->first, l->second->sig_figs, recomputed, tolerance)) {
      o.credit = earlier_right ? Exact(1) : credit;
      o.detail = earlier_right ? "both steps are right" : "the later step is right for the response's own earlier value";
      o.relative_error = detail::RelativeError(l->first, recomputed);
    } else {
      o.credit = Exact(0);
      o.detail = "the later step does not follow from the earlier value";
      o.relative_error = detail::RelativeError(l->first, recomputed);
    }
    return o;
  }
};

class CarriedKind : public CheckKind {
 public:
  std::string name() const override { return "carried"; }
  std::vector<std::string> fields() const override { return {"answer", "from", "credit", "tolerance"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<CarriedCheck>();
    c->answer = src.RequiredString("answer");
    c->from = src.RequiredString("from");
    src.RequireAnswer("answer", c->answer);
    src.RequireAnswer("from", c->from);
    if (auto v = src.Number("credit")) {
      if (*v < 0 || *v > 1) src.Fail("credit", "expected a number from 0 to 1");
      c->credit = *v;
    }
    c->tolerance = detail::ReadTolerance(src, *src.spec, "tolerance");
    if (c->tolerance.exact_only()) c->tolerance.rel = Exact(1, 100);
    return c;
  }
};

const CheckKindRegistration kCarried(std::make_unique<CarriedKind>());

}  // namespace
}  // namespace grader
