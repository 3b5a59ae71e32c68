// Check kind "claim": a sentence or list item asserting (or, with
// "polarity": "denied", denying) <subject> <predicate>, both RE2 patterns
// matched in the response's clauses; `synonyms` add alternatives to the
// subject.
//
//   {"id": "ffn_most", "kind": "claim", "part": "a",
//    "subject": "feed.?forward|FFN|MLP", "predicate": "most|largest|majority|dominat|bottleneck"}
//   {"id": "no_bias", "kind": "claim", "subject": "bias", "predicate": "count|includ|add", "polarity": "denied"}
#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::CompileOrFail;
using detail::EvidenceOf;
using detail::ScopeName;

class ClaimCheck : public CompiledCheck {
 public:
  std::unique_ptr<ClaimQuery> query;
  bool want_denied = false;
  std::string description;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    o.expected = std::string(want_denied ? "denies: " : "asserts: ") + description;
    if (!ctx.part.empty() && !x.HasPart(ctx.part)) {
      o.credit = Exact(0);
      o.detail = ScopeName(ctx.part) + " was not found";
      return o;
    }
    std::vector<ClaimMatch> matches = x.Asserts(ctx.part, *query);
    const ClaimMatch* same = nullptr;
    const ClaimMatch* opposite = nullptr;
    for (const ClaimMatch& m : matches) {
      bool denied = m.polarity == Polarity::kNegated;
      if (denied == want_denied && !same) same = &m;
      if (denied != want_denied && !opposite) opposite = &m;
    }
    if (same) {
      o.credit = Exact(1);
      o.found = same->text;
      o.evidence.push_back(EvidenceOf(x, same->span));
      o.detail = std::string("the response ") + (want_denied ? "denies" : "states") + " it";
    } else if (opposite) {
      o.credit = Exact(0);
      o.found = opposite->text;
      o.evidence.push_back(EvidenceOf(x, opposite->span));
      o.detail = std::string("the response ") + (want_denied ? "states" : "denies") + " the opposite";
    } else {
      o.credit = Exact(0);
      o.detail = "no sentence in " + ScopeName(ctx.part) + " says it";
    }
    return o;
  }
};

class ClaimKind : public CheckKind {
 public:
  std::string name() const override { return "claim"; }
  std::vector<std::string> fields() const override { return {"subject", "predicate", "polarity", "synonyms"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<ClaimCheck>();
    std::string subject = src.RequiredString("subject");
    for (const std::string& s : src.Strings("synonyms")) subject += "|" + s;
    std::string predicate = src.RequiredString("predicate");
    CompileOrFail(src, "subject", subject, true);
    CompileOrFail(src, "predicate", predicate, true);
    c->query = std::make_unique<ClaimQuery>(subject, predicate);
    if (!c->query->ok()) src.Fail("subject", c->query->error());
    std::string polarity = src.String("polarity", "asserted");
    if (polarity != "asserted" && polarity != "denied") src.Fail("polarity", "expected asserted or denied, got '" + polarity + "'");
    c->want_denied = polarity == "denied";
    c->description = "(" + subject + ") … (" + predicate + ")";
    return c;
  }
};

const CheckKindRegistration kClaim(std::make_unique<ClaimKind>());

}  // namespace
}  // namespace grader
