// Check kind "choice": which one of a list of options the response picks.
//
//   {"id": "component", "kind": "choice", "part": "a", "answer": "largest_component",
//    "options": {"input embeddings": "input embedding|token embedding",
//                "feed-forward blocks": "feed.?forward|FFN|MLP",
//                "attention blocks": "attention", ...},
//    "predicate": "most|largest|majority|dominat|bottleneck"}
//   {"id": "tf_i", "kind": "choice", "part": "c", "expected": "True", "options": ["True", "False"]}
//
// With a `predicate`, an option counts as picked when a clause affirms it
// with that predicate ("the feed-forward blocks hold the most parameters");
// otherwise the first option mentioned in the scope is the pick. `any`: full
// credit when some option is picked (for "not one of the options").
#include <re2/re2.h>

#include "grader/check/check_util.h"
#include "reference/problem.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

std::string DefaultPattern(const std::string& option) {
  // "feed-forward blocks" -> feed[\s-]*forward[\s-]*blocks, word-bounded.
  std::string out = "\\b";
  for (char c : option) {
    if (c == ' ' || c == '-') {
      if (out.size() < 6 || out.substr(out.size() - 6) != "[\\s-]*") out += "[\\s-]*";
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else {
      out.push_back('\\');
      out.push_back(c);
    }
  }
  return out + "\\b";
}

struct Option {
  std::string label;
  std::unique_ptr<RE2> pattern;
  std::unique_ptr<ClaimQuery> claim;  // with a predicate
};

class ChoiceCheck : public CompiledCheck {
 public:
  std::string answer;
  std::string expected;
  bool any = false;
  std::vector<Option> options;
  // Without a predicate, all options as one alternation "(o1)|(o2)|...":
  // one scan of the scope finds the earliest pick (at equal starts the
  // first option wins, as it does option by option). group_of[k] is the
  // capturing group of option k. Null when it does not compile (too large):
  // then each option is searched on its own.
  std::unique_ptr<RE2> combined;
  std::vector<int> group_of;

  // The earliest option mentioned in `text` (at `scope_begin`), by pattern.
  const Option* FirstMention(const Extractions& x, std::string_view text, size_t scope_begin, Span* where) const {
    re2::StringPiece input(text.data(), text.size());
    if (combined) {
      std::vector<re2::StringPiece> groups(static_cast<size_t>(combined->NumberOfCapturingGroups()) + 1);
      if (!combined->Match(input, 0, input.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())))
        return nullptr;
      for (size_t k = 0; k < options.size(); ++k) {
        const re2::StringPiece& g = groups[static_cast<size_t>(group_of[k])];
        if (g.data() == nullptr) continue;
        size_t at = scope_begin + static_cast<size_t>(g.data() - text.data());
        *where = x.doc.MakeSpan(at, at + g.size());
        return &options[k];
      }
      return nullptr;
    }
    const Option* picked = nullptr;
    size_t best = std::string::npos;
    for (const Option& opt : options) {
      re2::StringPiece m;
      if (opt.pattern->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
        size_t at = scope_begin + static_cast<size_t>(m.data() - text.data());
        if (at < best) {
          best = at;
          picked = &opt;
          *where = x.doc.MakeSpan(at, at + m.size());
        }
      }
    }
    return picked;
  }

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    std::string want = expected;
    if (!answer.empty()) {
      const KeyAnswer* a = ctx.key ? ctx.key->Find(answer) : nullptr;
      if (!a || a->text.empty()) {
        o.detail = "the key has no text answer '" + answer + "'";
        return o;
      }
      want = a->text;
    }
    o.expected = any ? "one of the options" : want;
    if (!ctx.part.empty() && !x.HasPart(ctx.part)) {
      o.credit = Exact(0);
      o.detail = ScopeName(ctx.part) + " was not found";
      return o;
    }
    // The earliest pick wins.
    const Option* picked = nullptr;
    Span where;
    size_t best = std::string::npos;
    Range scope = x.PartRange(ctx.part);
    if (!options.empty() && !options.front().claim) {
      picked = FirstMention(x, x.doc.View(scope), scope.begin, &where);
    } else {
      for (const Option& opt : options) {
        for (const ClaimMatch& m : x.Asserts(ctx.part, *opt.claim)) {
          if (m.polarity != Polarity::kAffirmed) continue;
          if (m.range.begin < best) {
            best = m.range.begin;
            picked = &opt;
            where = m.span;
          }
          break;
        }
      }
    }
    if (!picked) {
      o.credit = Exact(0);
      o.detail = "none of the options is picked in " + ScopeName(ctx.part);
      return o;
    }
    o.found = picked->label;
    o.evidence.push_back(EvidenceOf(x, where));
    bool right = any || picked->label == want;
    o.credit = Exact(right ? 1 : 0);
    o.failures = right ? 0 : 1;
    o.detail = "the response picks '" + picked->label + "'";
    return o;
  }
};

class ChoiceKind : public CheckKind {
 public:
  std::string name() const override { return "choice"; }
  std::vector<std::string> fields() const override { return {"answer", "expected", "options", "predicate", "any"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<ChoiceCheck>();
    c->answer = src.String("answer");
    c->expected = src.String("expected");
    c->any = src.Bool("any", false);
    if (!c->any && c->answer.empty() == c->expected.empty()) src.Fail("", "give either 'answer' (a key answer id) or 'expected'");
    if (!c->answer.empty()) src.RequireAnswer("answer", c->answer);
    std::string predicate = src.String("predicate");
    RE2::Options opts;
    opts.set_case_sensitive(false);
    opts.set_log_errors(false);
    auto add = [&](const std::string& label, const std::string& pattern, const std::string& field) {
      Option opt;
      opt.label = label;
      opt.pattern = std::make_unique<RE2>(pattern, opts);
      if (!opt.pattern->ok())
        src.Fail(field, "pattern of item '" + src.String("id") + "' does not compile: " + opt.pattern->error() + " (at '" +
                            opt.pattern->error_arg() + "')");
      if (!predicate.empty()) {
        opt.claim = std::make_unique<ClaimQuery>(pattern, predicate);
        if (!opt.claim->ok()) src.Fail("predicate", opt.claim->error());
      }
      c->options.push_back(std::move(opt));
    };
    if (!src.Has("options")) {
      // Take the options from the key's answer.
      const AnswerSpec* spec = src.problem && !c->answer.empty() ? src.problem->FindAnswer(c->answer) : nullptr;
      std::vector<std::string> labels = spec ? spec->options : std::vector<std::string>{};
      if (labels.empty() && src.problem && spec && spec->source) {
        AnswerKey key = BuildKey(*src.problem, src.problem->Defaults());
        labels = key.Find(c->answer)->options;
      }
      if (labels.empty()) src.Fail("", "give 'options' (the key answer lists none)");
      for (const std::string& l : labels) add(l, DefaultPattern(l), "answer");
    } else {
      const nlohmann::json& opts_json = src.spec->at("options");
      if (opts_json.is_array()) {
        for (size_t i = 0; i < opts_json.size(); ++i) {
          if (!opts_json[i].is_string()) src.Fail("options/" + std::to_string(i), "expected a string");
          std::string l = opts_json[i].get<std::string>();
          add(l, DefaultPattern(l), "options/" + std::to_string(i));
        }
      } else if (opts_json.is_object()) {
        for (auto it = opts_json.begin(); it != opts_json.end(); ++it) {
          if (!it.value().is_string()) src.Fail("options/" + it.key(), "expected a pattern string");
          add(it.key(), it.value().get<std::string>(), "options/" + it.key());
        }
      } else {
        src.Fail("options", "expected a list of options or an object option -> pattern");
      }
    }
    if (predicate.empty() && !c->options.empty()) {
      std::string alternation;
      int group = 1;
      for (const Option& o : c->options) {
        if (!alternation.empty()) alternation += "|";
        alternation += "(" + o.pattern->pattern() + ")";
        c->group_of.push_back(group);
        group += 1 + o.pattern->NumberOfCapturingGroups();
      }
      c->combined = std::make_unique<RE2>(alternation, opts);
      if (!c->combined->ok()) c->combined.reset();
    }
    if (!c->expected.empty()) {
      bool known = false;
      for (const Option& o : c->options) known = known || o.label == c->expected;
      if (!known) src.Fail("expected", "'" + c->expected + "' is not one of the options");
    }
    return c;
  }
};

const CheckKindRegistration kRegister(std::make_unique<ChoiceKind>());

}  // namespace
}  // namespace grader
