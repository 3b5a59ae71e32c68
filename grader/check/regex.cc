// Check kind "regex": an RE2 pattern present (or, with "absent": true,
// absent) in the scope; case-insensitive unless "case_sensitive": true.
//
//   {"id": "shows_work", "kind": "regex", "pattern": "\\d\\s*[*×x·]\\s*\\d"}
//   {"id": "no_heads", "kind": "regex", "pattern": "439\\s*heads?\\s*[*×]", "absent": true}
#include <re2/re2.h>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::CompileOrFail;
using detail::EvidenceOf;
using detail::ScopeName;

class RegexCheck : public CompiledCheck {
 public:
  std::unique_ptr<RE2> re;
  bool absent = false;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    Range scope = x.PartRange(ctx.part);
    std::string_view text = x.doc.View(scope);
    o.expected = std::string(absent ? "absent: /" : "present: /") + re->pattern() + "/";
    re2::StringPiece input(text.data(), text.size()), m;
    bool found = re->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1);
    if (found) {
      size_t begin = scope.begin + static_cast<size_t>(m.data() - text.data());
      o.evidence.push_back(EvidenceOf(x, x.doc.MakeSpan(begin, begin + m.size())));
      o.found = std::string(m.data(), m.size());
    }
    o.credit = Exact(found != absent ? 1 : 0);
    o.failures = found == absent ? 1 : 0;
    o.detail = found ? "the pattern occurs in " + ScopeName(ctx.part) : "the pattern does not occur in " + ScopeName(ctx.part);
    return o;
  }
};

class RegexKind : public CheckKind {
 public:
  std::string name() const override { return "regex"; }
  std::vector<std::string> fields() const override { return {"pattern", "absent", "case_sensitive"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<RegexCheck>();
    c->re = CompileOrFail(src, "pattern", src.RequiredString("pattern"), !src.Bool("case_sensitive", false));
    c->absent = src.Bool("absent", false);
    return c;
  }
};

const CheckKindRegistration kRegex(std::make_unique<RegexKind>());

}  // namespace
}  // namespace grader
