// Check kinds that read the response's clauses and text: "claim", "regex",
// "length" and "coverage".
//
//   {"id": "ffn_most", "kind": "claim", "part": "a",
//    "subject": "feed.?forward|FFN|MLP", "predicate": "most|largest|majority|dominat|bottleneck"}
//   {"id": "no_bias", "kind": "claim", "subject": "bias", "predicate": "count|includ|add", "polarity": "denied"}
//   {"id": "shows_work", "kind": "regex", "pattern": "\\d\\s*[*×x·]\\s*\\d"}
//   {"id": "no_heads", "kind": "regex", "pattern": "439\\s*heads?\\s*[*×]", "absent": true}
//   {"id": "concise", "kind": "length", "max_words": 400}
//   {"id": "all_parts", "kind": "coverage", "parts": ["a", "b", "c"]}
#include <re2/re2.h>

#include <cctype>

#include "grader/check/check_util.h"
#include "reference/problem.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

std::string CompileError(const CheckSource& src, const RE2& re) {
  return "pattern of item '" + src.String("id") + "' does not compile: " + re.error() +
         (re.error_arg().empty() ? "" : " (at '" + re.error_arg() + "')");
}

std::unique_ptr<RE2> CompileOrFail(const CheckSource& src, const std::string& field, const std::string& pattern,
                                   bool case_insensitive) {
  RE2::Options opts;
  opts.set_case_sensitive(!case_insensitive);
  opts.set_log_errors(false);
  opts.set_max_mem(8 << 20);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) src.Fail(field, CompileError(src, *re));
  return re;
}

// ---- claim ----
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

// ---- regex ----
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

// ---- length ----
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

// ---- coverage ----
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
    return c;
  }
};

const CheckKindRegistration kClaim(std::make_unique<ClaimKind>());
const CheckKindRegistration kRegex(std::make_unique<RegexKind>());
const CheckKindRegistration kLength(std::make_unique<LengthKind>());
const CheckKindRegistration kCoverage(std::make_unique<CoverageKind>());

}  // namespace
}  // namespace grader
