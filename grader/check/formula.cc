// Check kind "formula": a symbolic answer (the key's formula for `answer`,
// or a literal `formula`) matched by exact equivalence at sample points, so
// commuted or expanded forms match.
//
//   {"id": "ffn_formula", "kind": "formula", "answer": "ffn_params",
//    "aliases": {"L": ["N", "n_layers", "num_layers"], "D": ["d", "d_model"]}}
#include <algorithm>
#include <map>
#include <set>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::EvidenceOf;
using detail::ScopeName;

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
  // Multiplication signs and superscripts as people type them: · ⋅ × ² ³.
  auto symbol_len = [&](size_t k) -> size_t {
    for (std::string_view sym : {"\xC2\xB7", "\xE2\x8B\x85", "\xC3\x97", "\xC2\xB2", "\xC2\xB3"})
      if (t.substr(k, sym.size()) == sym) return sym.size();
    return 0;
  };
  // A short token of an implicit product ("8", "L", "D^2", "d_model"): a run
  // may go on over one space between two of them ("8 L D^2").
  auto short_token_at = [&](size_t k) {
    size_t e = k;
    while (e < t.size() && (formula_char(t[e]) || symbol_len(e))) e += symbol_len(e) ? symbol_len(e) : 1;
    std::string_view w = t.substr(k, e - k);
    if (w.empty()) return false;
    size_t letters = 0;
    for (char c : w) letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    bool number = std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    return number || (letters == 1 && w.size() <= 8) || w.find('^') != std::string_view::npos;
  };
  size_t i = 0;
  while (i < t.size() && out.size() < kMaxCandidates) {
    if (!formula_char(t[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool op = false, letter = false;
    size_t tokens = 1;
    size_t token_start = i;
    size_t last_symbol = std::string_view::npos;  // where the last × or · ended
    while (j < t.size()) {
      if (size_t len = symbol_len(j)) {
        op = true;
        bool times = t[j] != '\xC2' || t[j + 1] == '\xB7';  // not ² or ³
        j += len;
        if (times) last_symbol = j;
        continue;
      }
      // Spaces around a multiplication sign: "8 × L × D²".
      if (t[j] == ' ' && j + 1 < t.size() && (symbol_len(j + 1) || (j > i && last_symbol == j))) {
        ++j;
        token_start = j;
        continue;
      }
      if (t[j] == ' ' && j + 1 < t.size() && formula_char(t[j + 1]) && short_token_at(token_start) && short_token_at(j + 1)) {
        ++tokens;
        ++j;
        token_start = j;
        continue;
      }
      if (!formula_char(t[j])) break;
      op = op || t[j] == '*' || t[j] == '^' || t[j] == '(' || t[j] == '+' || t[j] == '/';
      letter = letter || std::isalpha(static_cast<unsigned char>(t[j]));
      ++j;
    }
    size_t e = j;
    while (e > i && (t[e - 1] == '.' || t[e - 1] == ' ')) --e;  // the sentence's full stop
    if ((op || tokens >= 2) && letter && e - i <= 200) out.push_back({scope.begin + i, scope.begin + e});
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

const CheckKindRegistration kFormula(std::make_unique<FormulaKind>());

}  // namespace
}  // namespace grader
