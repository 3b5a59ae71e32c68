// Check kinds about the response's mathematics: "arithmetic", "formula"
// and "carried".
//
//   {"id": "arith", "kind": "arithmetic", "points": -1}          (a deduction)
//   {"id": "ffn_formula", "kind": "formula", "answer": "ffn_params",
//    "aliases": {"L": ["N", "n_layers", "num_layers"], "D": ["d", "d_model"]}}
//   {"id": "mem_carried", "kind": "carried", "answer": "fp32_bytes", "from": "total_params", "credit": "1"}
#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::InUnit;
using detail::Readable;
using detail::ScopeName;

// ---- arithmetic ----
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

// ---- formula ----
// Deterministic sample points: small rationals, distinct per variable.
Exact SamplePoint(size_t variable, int round) {
  static const long long nums[] = {3, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43};
  static const long long dens[] = {2, 5, 3, 7, 4, 9, 11, 8};
  return Exact(nums[(variable * 5 + round * 3) % 12] + static_cast<long long>(variable) * 2 + round,
               dens[(variable + round) % 8]);
}

// Pieces of the scope that may hold a formula: the inside of $...$, $$...$$,
// \(...\) and `...`, and runs of formula characters in prose that hold an
// operator and a letter ("2*4*L*D^2", "4k(m+l)").
std::vector<Range> FormulaCandidates(const Document& doc, Range scope) {
  std::vector<Range> out;
  std::string_view t = doc.View(scope);
  constexpr size_t kMaxCandidates = 2000;
  for (size_t i = 0; i < t.size() && out.size() < kMaxCandidates; ++i) {
    if (t[i] == '$' || t[i] == '`') {
      char close = t[i];
      size_t start = i + 1;
      if (close == '$' && start < t.size() && t[start] == '$') ++start;
      size_t end = t.find(close, start);
      if (end == std::string_view::npos || end - start > 400) continue;
      out.push_back({scope.begin + start, scope.begin + end});
      i = end + (close == '$' && end + 1 < t.size() && t[end + 1] == '$' ? 1 : 0);
    }
  }
  auto formula_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '*' || c == '^' || c == '(' || c == ')' || c == '+' ||
           c == '/' || c == '_' || c == '{' || c == '}' || c == '.';
  };
  size_t i = 0;
  while (i < t.size() && out.size() < kMaxCandidates) {
    if (!formula_char(t[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool op = false, letter = false;
    while (j < t.size() && formula_char(t[j])) {
      op = op || t[j] == '*' || t[j] == '^' || t[j] == '(' || t[j] == '+' || t[j] == '/';
      letter = letter || std::isalpha(static_cast<unsigned char>(t[j]));
      ++j;
    }
    if (op && letter && j - i <= 200) out.push_back({scope.begin + i, scope.begin + j});
    i = j;
  }
  return out;
}

class FormulaCheck : public CompiledCheck {
 public:
  std::string answer;
  std::string literal;
  std::map<std::string, std::vector<std::string>> aliases;

  // Maps a response variable to a key variable, or "" when none fits.
  std::string MapVariable(const std::string& v, const std::vector<std::string>& key_vars) const {
    std::string name = v;
    if (name == "\\ell" || name == "ℓ") name = "l";
    for (const std::string& k : key_vars) {
      if (k == name) return k;
      auto it = aliases.find(k);
      if (it != aliases.end() && std::find(it->second.begin(), it->second.end(), name) != it->second.end()) return k;
    }
    // Case-insensitive when that is unambiguous.
    std::string hit;
    for (const std::string& k : key_vars) {
      if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        if (!hit.empty()) return "";
        hit = k;
      }
    }
    return hit;
  }

  bool Equivalent(const ExprTree& key, const ExprTree& candidate) const {
    std::vector<std::string> key_vars = key.Variables();
    std::map<std::string, std::string> mapping;
    std::set<std::string> used;
    for (const std::string& v : candidate.Variables()) {
      std::string k = MapVariable(v, key_vars);
      if (k.empty()) return false;
      mapping[v] = k;
      used.insert(k);
    }
    if (used.size() != key_vars.size()) return false;  // must use every key variable
    for (int round = 0; round < 5; ++round) {
      std::map<std::string, Value> kb, cb;
      for (size_t i = 0; i < key_vars.size(); ++i) kb[key_vars[i]] = Value(SamplePoint(i, round));
      for (const auto& [v, k] : mapping) cb[v] = kb[k];
      EvalResult a = grader::Evaluate(key, kb), b = grader::Evaluate(candidate, cb);
      if (!a.value || !b.value) return false;
      if (a.value->is_exact() && b.value->is_exact()) {
        if (a.value->exact() != b.value->exact()) return false;
      } else {
        Real diff = abs(a.value->real() - b.value->real());
        if (diff > abs(a.value->real()) * Real("1e-40")) return false;
      }
    }
    return true;
  }

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    std::string formula = literal;
    if (formula.empty()) {
      const KeyAnswer* a = ctx.key ? ctx.key->Find(answer) : nullptr;
      if (!a || a->formula.empty()) {
        o.detail = "the key has no formula for '" + answer + "'";
        return o;  // unscored
      }
      formula = a->formula;
    }
    o.expected = formula + " (or an equivalent form)";
    ExprTree key = ParseExpression(formula);
    if (!key.ok()) {
      o.detail = "the key's formula does not parse: " + key.error;
      return o;
    }
    auto match = [&](const ExprTree& expr, const Span& span, const std::string& text) {
      if (!expr.ok() || expr.Variables().empty() || !Equivalent(key, expr)) return false;
      o.credit = Exact(1);
      o.found = text;
      o.evidence.push_back(EvidenceOf(x, span));
      o.detail = "equivalent to " + formula + " at 5 exact sample points";
      return true;
    };
    for (const Equation* e : x.EquationsIn(ctx.part))
      for (const EquationSide& side : e->sides)
        if (match(side.expr, side.span, side.text)) return o;
    // Formulas outside equations: $...$ math and formula-like runs of prose.
    if (ctx.part.empty() || x.HasPart(ctx.part)) {
      for (const Range& r : FormulaCandidates(x.doc, x.PartRange(ctx.part))) {
        std::string_view text = x.doc.View(r);
        ParseOptions po;
        po.split_letters = true;
        if (match(ParseExpression(text, po), x.doc.MakeSpan(r), std::string(text))) return o;
      }
    }
    o.credit = Exact(0);
    o.detail = "no expression in " + ScopeName(ctx.part) + " is equivalent to " + formula;
    return o;
  }
};

class FormulaKind : public CheckKind {
 public:
  std::string name() const override { return "formula"; }
  std::vector<std::string> fields() const override { return {"answer", "formula", "aliases"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<FormulaCheck>();
    c->answer = src.String("answer");
    c->literal = src.String("formula");
    if (c->answer.empty() == c->literal.empty()) src.Fail("", "give either 'answer' (a key answer id) or 'formula'");
    if (!c->answer.empty()) src.RequireAnswer("answer", c->answer);
    if (!c->literal.empty() && !ParseExpression(c->literal).ok())
      src.Fail("formula", "does not parse: " + ParseExpression(c->literal).error);
    if (src.Has("aliases")) {
      const nlohmann::json& a = src.spec->at("aliases");
      if (!a.is_object()) src.Fail("aliases", "expected {\"L\": [\"N\", \"num_layers\"], ...}");
      for (auto it = a.begin(); it != a.end(); ++it) {
        CheckSource sub{src.file, src.pointer + "/aliases", &a, src.problem};
        c->aliases[it.key()] = sub.Strings(it.key());
      }
    }
    return c;
  }
};

// ---- carried ----
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

// ---- power_law ----
// A fitted law y = k · x^e written as an equation: the coefficient and the
// exponent are compared with two key answers, half the credit each.
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
const CheckKindRegistration kArithmetic(std::make_unique<ArithmeticKind>());
const CheckKindRegistration kFormula(std::make_unique<FormulaKind>());
const CheckKindRegistration kCarried(std::make_unique<CarriedKind>());

}  // namespace
}  // namespace grader
