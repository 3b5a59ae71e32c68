// Check kind "coverage": every part of the problem (or the named `parts`)
// answered; credit is the share found.
//
//   {"id": "all_parts", "kind": "coverage", "parts": ["a", "b", "c"]}
#include "grader/check/check_util.h"
#include "reference/problem.h"

namespace grader {
namespace {

class CoverageCheck : public CompiledCheck {
 public:
  std::vector<std::string> parts;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    std::string missing;
    int found = 0;
    for (const std::string& p : parts) {
      if (x.HasPart(p)) {
        ++found;
      } else {
        missing += (missing.empty() ? "" : ", ") + p;
        ++o.failures;
      }
    }
    o.expected = std::to_string(parts.size()) + " parts answered";
    o.found = std::to_string(found) + " found";
    o.credit = parts.empty() ? Exact(1) : Exact(found, static_cast<long long>(parts.size()));
    o.detail = missing.empty() ? "every part is answered" : "missing: " + missing;
    return o;
  }
};

class CoverageKind : public CheckKind {
 public:
  std::string name() const override { return "coverage"; }
  std::vector<std::string> fields() const override { return {"parts"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<CoverageCheck>();
    c->parts = src.Strings("parts");
    if (c->parts.empty() && src.problem)
      for (const Part& p : src.problem->parts) c->parts.push_back(p.id);
    if (c->parts.empty() && src.problem && src.problem->id.empty())
      src.Fail("parts", "a rubric without a problem names the parts to cover: \"parts\": [\"a\", \"b\"]");
    return c;
  }
};

const CheckKindRegistration kCoverage(std::make_unique<CoverageKind>());

}  // namespace
}  // namespace grader
