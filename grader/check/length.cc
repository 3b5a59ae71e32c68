// Check kind "length": word-count bounds (`min_words`, `max_words`, or
// both) for the scope; words are runs of non-space characters.
//
//   {"id": "concise", "kind": "length", "max_words": 400}
#include <cctype>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::ScopeName;

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char ch : text) {
    bool w = !std::isspace(static_cast<unsigned char>(ch));
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

class LengthCheck : public CompiledCheck {
 public:
  std::optional<Exact> min_words, max_words;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    size_t words = (!ctx.part.empty() && !x.HasPart(ctx.part)) ? 0 : CountWords(x.doc.View(x.PartRange(ctx.part)));
    std::string bounds;
    if (min_words) bounds += "at least " + ExactString(*min_words);
    if (max_words) bounds += std::string(bounds.empty() ? "" : " and ") + "at most " + ExactString(*max_words);
    o.expected = bounds + " words";
    o.found = std::to_string(words) + " words";
    bool ok = (!min_words || Exact(static_cast<long long>(words)) >= *min_words) &&
              (!max_words || Exact(static_cast<long long>(words)) <= *max_words);
    o.credit = Exact(ok ? 1 : 0);
    o.failures = ok ? 0 : 1;
    o.detail = ScopeName(ctx.part) + " has " + std::to_string(words) + " words";
    return o;
  }
};

class LengthKind : public CheckKind {
 public:
  std::string name() const override { return "length"; }
  std::vector<std::string> fields() const override { return {"min_words", "max_words"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<LengthCheck>();
    c->min_words = src.Number("min_words");
    c->max_words = src.Number("max_words");
    if (!c->min_words && !c->max_words) src.Fail("", "give min_words, max_words or both");
    if (c->min_words && c->max_words && *c->min_words > *c->max_words) src.Fail("min_words", "is above max_words");
    return c;
  }
};

const CheckKindRegistration kLength(std::make_unique<LengthKind>());

}  // namespace
}  // namespace grader
