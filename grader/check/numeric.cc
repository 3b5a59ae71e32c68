// Check kind "numeric": a number from the answer key (or a literal) in a
// part, preferring the response's final answers.
//
//   {"id": "total", "kind": "numeric", "part": "a", "answer": "total_params",
//    "tolerance": {"rel": "0.005"},
//    "partial": [{"tolerance": {"rel": "0.05"}, "credit": "0.5"}]}
//   {"id": "gpus", "kind": "numeric", "value": "2000", "unit": "GPU", "tolerance": {"factor": "2"},
//    "partial": [{"tolerance": {"factor": "10"}, "credit": "0.5"}]}
//
// Units are converted first (8.5 GB and 7.92 GiB both read as bytes). The
// key's conventions are accepted with full credit and named; its known
// mistakes are recognised and carry their own feedback and credit.
#include <algorithm>
#include <functional>
#include <initializer_list>
#include <string_view>

#include "grader/check/check_util.h"

namespace grader {
namespace {

using detail::Conversion;
using detail::ConversionTo;
using detail::EvidenceOf;
using detail::InUnit;
using detail::Readable;
using detail::RelativeError;
using detail::ScopeName;
using detail::Tolerance;
using detail::Within;

// The pieces joined in one allocation (a chain of operator+ allocates and
// copies at every step).
std::string Cat(std::initializer_list<std::string_view> pieces) {
  size_t n = 0;
  for (std::string_view p : pieces) n += p.size();
  std::string s;
  s.reserve(n);
  for (std::string_view p : pieces) s.append(p.data(), p.size());
  return s;
}

// Readable(value, unit) + " (" + described + ")", remembered per thread:
// every submission graded against the same key formats the same expected
// values (a few thousand instructions each, for every numeric check of
// every submission).
const std::string& ExpectedText(const Exact& value, const std::string& unit, const std::string& described) {
  struct Entry {
    Exact value;
    std::string unit, described, text;
  };
  thread_local std::vector<Entry> cache;
  // Numerators and denominators compared as integers (the rational's own
  // equality costs as much as the formatting).
  const auto& v = value.backend().data();
  for (const Entry& e : cache) {
    // The value first: it tells the entries of one key apart soonest.
    const auto& d = e.value.backend().data();
    if (d.numerator() == v.numerator() && d.denominator() == v.denominator() && e.unit == unit &&
        e.described == described)
      return e.text;
  }
  if (cache.size() >= 256) cache.clear();  // bounded: variant keys differ per student
  cache.push_back({value, unit, described, Readable(value, unit) + " (" + described + ")"});
  return cache.back().text;
}

struct Tier {
  Tolerance tolerance;
  Exact credit;
  std::string described;  // tolerance.Describe(), computed once
};

class NumericCheck : public CompiledCheck {
 public:
  std::string answer;           // key answer id, or "" for a literal
  std::optional<Exact> literal;
  std::string literal_unit;
  Tolerance tolerance;
  std::vector<Tier> partial;
  bool conventions = true;
  bool mistakes = true;
  bool final_only = false;
  std::string described;  // tolerance.Describe(), computed once

  // True when `value` (in `unit`) matches, within this check's tolerance,
  // an answer of the key other than this check's.
  // A bare number (no unit written) is compared with answers of any unit.
  bool IsOtherAnswer(const AnswerKey& key, const Exact& value, int sig, const std::string& unit, bool bare) const {
    for (const KeyAnswer& a : key.answers) {
      if (a.id == answer || !a.number || (a.unit != unit && !bare)) continue;
      if (Within(value, sig, a.number->exact(), tolerance)) return true;
    }
    return false;
  }

  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    const Extractions& x = *ctx.extractions;
    // A part that was not found is looked for in the whole of the problem's
    // section, for the key's value only, and the item goes to review.
    // The part, looked up once (Decide reads its range).
    const FoundPart* part = x.parts.Find(ctx.part);
    const bool lost = !ctx.part.empty() && !part;
    const Quantity* matched = nullptr;
    CheckOutcome o = Decide(ctx, lost ? "" : ctx.part, lost ? nullptr : part, lost, matched);
    if (!o.credit) return o;  // unscored: the key lacks the answer
    if (lost && x.parts.section.how == "none") {
      o.review = "the answer has no section for this problem: its problem headings name other problems";
      return o;
    }
    if (lost) {
      o.review = ScopeName(ctx.part) + " was not found; " +
                 (matched ? "this number was found elsewhere in the answer" : "no number in the rest of the answer matches the key");
      return o;
    }
    if (part && part->unsure) {
      o.review = Cat({ScopeName(ctx.part), " was matched to the writer's section '", part->label, "' by its content only"});
      return o;
    }
    // The answer the author marks as final disagrees with the number that
    // earned the credit.
    if (matched) {
      const auto& finals = x.FinalAnswers(ctx.part);
      if (!finals.empty()) {
        const Quantity& top = x.quantities[finals.front().quantity];
        const std::string& key_unit_symbol = KeyUnit(ctx);
        const Unit* key_unit = FindUnit(key_unit_symbol.empty() ? std::string_view("1") : std::string_view(key_unit_symbol));
        if (&top != matched && finals.front().weight >= 3 && top.unit && ConversionTo(top, key_unit) != Conversion::kNone &&
            !AnotherReading(ctx, top, *matched, key_unit)) {
          o.review = Cat({"the answer marked as final (", top.text, ") is not the number that earned the credit (", matched->text, ")"});
          o.candidates = {top.text, matched->text};
        }
      }
    }
    return o;
  }

  // True when the part's top final answer `top` is accounted for without
  // competing with `matched`: it is another answer of the key (or one of
  // its conventions or mistakes), or `matched` rounded (2.1B for
  // 2127057600).
  bool AnotherReading(const CheckContext& ctx, const Quantity& top, const Quantity& matched, const Unit* key_unit) const {
    std::optional<Exact> t = InUnit(top, key_unit), m = InUnit(matched, key_unit);
    if (!t || !m) return true;
    Tolerance near;
    near.rel = Exact(5) / 100;
    if (Within(*t, top.sig_figs, *m, near)) return true;
    if (!ctx.key) return false;
    const std::string& unit = KeyUnit(ctx);
    for (const KeyAnswer& a : ctx.key->answers) {
      if (a.id == answer || a.unit != unit) continue;
      if (a.number && Within(*t, top.sig_figs, a.number->exact(), near)) return true;
      for (const auto* alts : {&a.conventions, &a.mistakes})
        for (const KeyAlternative& k : *alts)
          if (k.number && Within(*t, top.sig_figs, k.number->exact(), near)) return true;
    }
    return false;
  }

  const std::string& KeyUnit(const CheckContext& ctx) const {
    static const std::string kNone;
    if (literal) return literal_unit;
    const KeyAnswer* key = ctx.key ? ctx.key->Find(answer) : nullptr;
    return key ? key->unit : kNone;
  }

  // Decides on the numbers of part `where` ("" for the section; `part`: its
  // FoundPart, which Evaluate found); `matched` is the quantity that earned
  // credit, if one did.
  CheckOutcome Decide(const CheckContext& ctx, const std::string& where, const FoundPart* part, bool lost,
                      const Quantity*& matched) const {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    const KeyAnswer* key = nullptr;
    if (!literal) {
      key = ctx.key ? ctx.key->Find(answer) : nullptr;
      if (!key || !key->number) {
        o.detail = "the key has no numeric answer '" + answer + "'";
        return o;  // unscored: a rubric/key mismatch is not the student's fault
      }
      o.derivation = key->steps;
    }
    // Read in place (the key outlives the decision): no rational copied.
    const Exact& expected = literal ? *literal : key->number->exact();
    const std::string& unit = literal ? literal_unit : key->unit;
    o.expected = ExpectedText(expected, unit, described);

    // Candidates: final answers first (heaviest first), then every number
    // of the scope from the last to the first. Each is tried as it comes
    // (no list of them is built).
    const std::vector<FinalAnswer>& finals = x.FinalAnswers(where);
    // The quantities of the scope (as QuantitiesIn, without building the
    // list): [first, last) in reading order, those ending past the scope
    // left out.
    size_t first = 0, last = 0;
    Range scope;
    // (`where` is "" or a part that was found.)
    if (!final_only) {
      scope = where.empty() ? x.PartRange(where) : part->range;
      const auto begins_before = [](const Quantity& q, size_t o) { return q.range.begin < o; };
      auto lo = std::lower_bound(x.quantities.begin(), x.quantities.end(), scope.begin, begins_before);
      auto hi = std::lower_bound(lo, x.quantities.end(), scope.end, begins_before);
      first = static_cast<size_t>(lo - x.quantities.begin());
      last = static_cast<size_t>(hi - x.quantities.begin());
    }

    // What every candidate is compared with, worked out at the first one.
    bool prepared = false;
    double expected_d = 0, key_scale_d = 1;
    const Unit* key_unit = nullptr;
    std::vector<double> convention_d, mistake_d;
    // Whether a value (as a double) could match the key, a convention, a
    // partial-credit band or a known mistake: most candidates cannot, and
    // are passed over without exact arithmetic.
    // The screens, built once per decision (in the order they are tried).
    std::vector<detail::OutsideScreen> screens;
    auto prepare = [&] {
      prepared = true;
      // Doubles of every value a candidate is compared with, computed once.
      expected_d = ApproxDouble(expected);
      key_unit = FindUnit(unit.empty() ? std::string_view("1") : std::string_view(unit));
      key_scale_d = key_unit ? ApproxDouble(key_unit->scale) : 1;
      if (key && conventions)
        for (const KeyAlternative& c : key->conventions) convention_d.push_back(c.number ? ApproxDouble(c.number->exact()) : 0);
      if (key && mistakes)
        for (const KeyAlternative& m : key->mistakes) mistake_d.push_back(m.number ? ApproxDouble(m.number->exact()) : 0);
      screens.reserve(1 + partial.size() + convention_d.size() + mistake_d.size());
      screens.emplace_back(expected_d, tolerance);
      for (const Tier& t : partial) screens.emplace_back(expected_d, t.tolerance);
      if (key && conventions)
        for (size_t k = 0; k < key->conventions.size(); ++k)
          if (key->conventions[k].number) screens.emplace_back(convention_d[k], tolerance);
      if (key && mistakes)
        for (size_t k = 0; k < key->mistakes.size(); ++k)
          if (key->mistakes[k].number) screens.emplace_back(mistake_d[k], tolerance);
    };
    auto might_match = [&](double value_d, int sig) {
      for (const detail::OutsideScreen& clearly_outside : screens)
        if (!clearly_outside(value_d, sig)) return true;
      return false;
    };
    const Quantity* shown = nullptr;  // what to report when nothing matches
    // Tries candidate q: true when it decides `o`.
    auto consider = [&](const Quantity* q) -> bool {
      if (!prepared) prepare();
      // A bare number converts as its base value (ConversionTo's first case).
      const Conversion conversion = q->unit ? ConversionTo(*q, key_unit) : Conversion::kBase;
      if (conversion == Conversion::kNone) return false;
      // Outside the part, a number must carry the key's unit: a bare 7707
      // elsewhere is no reading of this item.
      if (lost && !q->unit && !unit.empty() && unit != "1") return false;
      if (!shown) shown = q;
      // The value in the key's unit as a double, without exact arithmetic.
      const double screen_d = conversion == Conversion::kDivide ? q->base_double / key_scale_d : q->base_double;
      if (!q->is_range() && !might_match(screen_d, q->sig_figs)) return false;
      const std::optional<Exact> v = InUnit(*q, key_unit);
      bool range_holds = false;
      if (q->is_range()) {
        // A range matches when the expected value lies inside it: the upper
        // end converts like the lower one (same unit, same scale).
        Exact hi = *v * *q->upper / (q->value == 0 ? Exact(1) : q->value);
        if (q->value != 0 && *v <= expected && expected <= hi) range_holds = true;
      }
      {
        const Exact& value = range_holds ? expected : *v;
        const double value_d = range_holds ? expected_d : screen_d;
        auto report = [&](const Exact& credit, std::string detail) {
          o.credit = credit;
          if (credit.sign() > 0) matched = q;  // no rational 0 built to compare with
          o.found = q->text;
          o.relative_error = RelativeError(value, expected);
          o.evidence.push_back(EvidenceOf(x, q->span));
          o.detail = std::move(detail);
        };
        if (Within(value, value_d, q->sig_figs, expected, expected_d, tolerance)) {
          report(Exact(1), Cat({"matches the key ", described}));
          return true;
        }
        if (key && conventions) {
          for (size_t k = 0; k < key->conventions.size(); ++k) {
            const KeyAlternative& c = key->conventions[k];
            if (c.number && Within(value, value_d, q->sig_figs, c.number->exact(), convention_d[k], tolerance)) {
              report(Exact(1), Cat({"matches the accepted convention: ", c.label}));
              o.convention = c.label;
              return true;
            }
          }
        }
        // Not full credit: a value that is another answer of the key (a
        // number from another part) is that answer, not a near miss of this
        // one; a known mistake still names itself.
        if (lost) return false;  // elsewhere in the answer, only the key's value counts
        const bool other = key && IsOtherAnswer(*ctx.key, value, q->sig_figs, unit, q->unit == nullptr);
        for (const Tier& t : partial) {
          if (other) break;
          if (Within(value, value_d, q->sig_figs, expected, expected_d, t.tolerance)) {
            report(t.credit, Cat({"within the partial-credit band (", t.described, ")"}));
            return true;
          }
        }
        if (key && mistakes) {
          for (size_t k = 0; k < key->mistakes.size(); ++k) {
            const KeyAlternative& m = key->mistakes[k];
            if (m.number && Within(value, value_d, q->sig_figs, m.number->exact(), mistake_d[k], tolerance)) {
              report(m.credit.value_or(Exact(0)), Cat({"matches the known mistake: ", m.label}));
              o.mistake = m.label;
              o.feedback = m.feedback;
              return true;
            }
          }
        }
      }
      return false;
    };

    size_t tried = 0;  // candidates
    for (const FinalAnswer& f : finals) {
      ++tried;
      if (consider(&x.quantities[f.quantity])) return o;
    }
    if (last > first) {
      // The final answers inside [first, last), from the last: passed over
      // below (tried already), the walk keeping pace with k.
      std::vector<size_t> final_in_scope;
      for (const FinalAnswer& f : finals)
        if (f.quantity >= first && f.quantity < last) final_in_scope.push_back(f.quantity);
      std::sort(final_in_scope.begin(), final_in_scope.end(), std::greater<>());
      size_t next_final = 0;
      // Operands of a calculation ("3640 × 8.64e19 ≈ 3.14e23": the 8.64e19)
      // are intermediates, not answers, unless marked as final.
      const std::vector<bool>& operands = x.Operands();
      for (size_t k = last; k-- > first;) {
        const Quantity& q = x.quantities[k];
        if (q.range.end > scope.end) continue;
        while (next_final < final_in_scope.size() && final_in_scope[next_final] > k) ++next_final;
        if (next_final < final_in_scope.size() && final_in_scope[next_final] == k) continue;
        if (operands[k]) continue;
        ++tried;
        if (consider(&q)) return o;
      }
    }
    if (tried == 0) {
      o.credit = Exact(0);
      o.detail = lost ? Cat({ScopeName(ctx.part), " was not found"}) : Cat({"no number in ", ScopeName(ctx.part)});
      return o;
    }
    o.credit = Exact(0);
    if (shown && !lost) {
      auto v = InUnit(*shown, key_unit);
      o.found = shown->text;
      o.relative_error = RelativeError(*v, expected);
      o.evidence.push_back(EvidenceOf(x, shown->span));
      o.found_is_guess = true;
      o.detail = Cat({"no number in ", ScopeName(ctx.part), " matches the key; the likeliest answer is shown"});
    } else {
      o.detail = Cat({"no number in ", ScopeName(ctx.part), " has the key's unit (", unit, ")"});
    }
    return o;
  }
};

class NumericKind : public CheckKind {
 public:
  std::string name() const override { return "numeric"; }
  std::vector<std::string> fields() const override {
    return {"answer", "value", "unit", "tolerance", "partial", "conventions", "mistakes", "final_only"};
  }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<NumericCheck>();
    c->answer = src.String("answer");
    c->literal = src.Number("value");
    c->literal_unit = src.String("unit");
    if (c->answer.empty() == !c->literal.has_value()) src.Fail("", "give either 'answer' (a key answer id) or 'value'");
    if (!c->answer.empty()) src.RequireAnswer("answer", c->answer);
    if (!c->literal_unit.empty() && !FindUnit(c->literal_unit)) src.Fail("unit", "unknown unit '" + c->literal_unit + "'");
    c->tolerance = detail::ReadTolerance(src, *src.spec, "tolerance");
    c->described = c->tolerance.Describe();
    if (src.Has("partial")) {
      const nlohmann::json& list = src.spec->at("partial");
      if (!list.is_array()) src.Fail("partial", "expected a list of {\"tolerance\": {...}, \"credit\": ...}");
      for (size_t i = 0; i < list.size(); ++i) {
        std::string field = "partial/" + std::to_string(i);
        if (!list[i].is_object() || !list[i].contains("credit")) src.Fail(field, "expected {\"tolerance\": {...}, \"credit\": ...}");
        auto credit = JsonExact(list[i]["credit"]);
        if (!credit || *credit < 0 || *credit > 1) src.Fail(field + "/credit", "expected a number from 0 to 1");
        CheckSource sub{src.file, src.pointer + "/partial/" + std::to_string(i), &list[i], src.problem};
        Tolerance tol = detail::ReadTolerance(sub, list[i], "tolerance");
        std::string described = tol.Describe();
        c->partial.push_back({std::move(tol), *credit, std::move(described)});
      }
    }
    c->conventions = src.Bool("conventions", true);
    c->mistakes = src.Bool("mistakes", true);
    c->final_only = src.Bool("final_only", false);
    return c;
  }
};

const CheckKindRegistration kRegister(std::make_unique<NumericKind>());

}  // namespace
}  // namespace grader
