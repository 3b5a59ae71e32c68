#include "grader/check/check_util.h"

#include <re2/re2.h>

#include <cmath>
#include <numeric>
#include <type_traits>

#include "reference/key_render.h"
#include "reference/solver.h"
#include "reference/units.h"

namespace grader::detail {
namespace {

// x == y by numerator and denominator (both normalised): the rationals'
// own == costs thousands of instructions.
bool Equal(const Exact& x, const Exact& y) {
  const auto& a = x.backend().data();
  const auto& b = y.backend().data();
  return a.numerator() == b.numerator() && a.denominator() == b.denominator();
}

std::string CompileError(const CheckSource& src, const RE2& re) {
  return "pattern of item '" + src.String("id") + "' does not compile: " + re.error() +
         (re.error_arg().empty() ? "" : " (at '" + re.error_arg() + "')");
}

}  // namespace

Evidence EvidenceOf(const Extractions& x, const Span& span) {
  return Evidence{span, std::string(x.doc.Quote(span))};
}

std::string ScopeName(const std::string& part) {
  if (part.empty()) return "the response";
  std::string s;  // appended in place ("part (a)" fits a short string)
  s.reserve(part.size() + 7);
  s.append("part (", 6).append(part).push_back(')');
  return s;
}

std::string Tolerance::Describe() const {
  std::vector<std::string> parts;
  if (rel && abs) {
    // PrairieLearn's rule: |a - b| <= atol + rtol·|b|.
    parts.push_back("within ±(" + RoundSig(*abs, 4) + " + " + RoundSig(*rel * 100, 3) + "%)");
  } else {
    if (rel) parts.push_back("within " + RoundSig(*rel * 100, 3) + "%");
    if (abs) parts.push_back("within ±" + RoundSig(*abs, 4));
  }
  if (sig) parts.push_back("to " + std::to_string(*sig) + " significant figures");
  if (decimals) parts.push_back("to " + std::to_string(*decimals) + " decimal places");
  if (factor) parts.push_back("within a factor of " + RoundSig(*factor, 3));
  if (written) parts.push_back("to the precision written");
  if (parts.empty()) return "exactly";
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " or " : "") + parts[i];
  return out;
}

std::string DescribeToleranceJson(const nlohmann::json& tolerance) {
  Tolerance t;
  if (!tolerance.is_object()) return t.Describe();
  for (auto it = tolerance.begin(); it != tolerance.end(); ++it) {
    const std::string& k = it.key();
    if (k == "written") {
      t.written = it.value().is_boolean() && it.value().get<bool>();
      continue;
    }
    std::string why;
    auto v = JsonExact(it.value(), &why);
    if (!v || *v < 0) continue;
    if (k == "rel") t.rel = *v;
    else if (k == "abs") t.abs = *v;
    else if (k == "factor") t.factor = *v;
    else if ((k == "sig" || k == "decimals") && IsInteger(*v) && *v <= 100)
      (k == "sig" ? t.sig : t.decimals) = static_cast<int>(numerator(*v));
  }
  return t.Describe();
}

Tolerance ReadTolerance(const CheckSource& src, const nlohmann::json& spec, const std::string& field) {
  Tolerance t;
  if (!spec.contains(field)) return t;
  const nlohmann::json& o = spec.at(field);
  if (!o.is_object()) src.Fail(field, "expected an object such as {\"rel\": \"0.005\"}");
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    auto fail = [&](const std::string& why) { src.Fail(field + "/" + k, why); };
    if (k == "written") {
      if (!it.value().is_boolean()) fail("expected true or false");
      t.written = it.value().get<bool>();
      continue;
    }
    std::string why;
    auto v = JsonExact(it.value(), &why);
    if (!v) fail("expected a number" + (why.empty() ? "" : ": " + why));
    if (*v < 0) fail("must not be negative");
    if (k == "rel") t.rel = *v;
    else if (k == "abs") t.abs = *v;
    else if (k == "factor") {
      if (*v < 1) fail("a factor must be at least 1");
      t.factor = *v;
    } else if (k == "sig" || k == "decimals") {
      if (!IsInteger(*v) || *v > 100 || (k == "sig" && *v < 1)) fail("expected a whole number from " + std::string(k == "sig" ? "1" : "0") + " to 100");
      (k == "sig" ? t.sig : t.decimals) = static_cast<int>(numerator(*v));
    } else {
      fail("unknown tolerance '" + k + "' (rel, abs, sig, decimals, factor, written)");
    }
  }
  t.Prepare();
  return t;
}

void Tolerance::Prepare() {
  doubles.rel = rel ? ApproxDouble(*rel) : 0;
  doubles.abs = abs ? ApproxDouble(*abs) : 0;
  doubles.factor = factor ? ApproxDouble(*factor) : 0;
  doubles.sig_scale = sig ? std::pow(10.0, 1 - *sig) : 0;
  doubles.decimals_bound = decimals ? std::pow(10.0, -*decimals) : 0;
  doubles.ready = true;
}

namespace {

// The widest distance from `e` that the tolerance's relative, absolute,
// significant-figure and decimal terms allow, as doubles (the bound both
// ClearlyOutside and OutsideScreen compare with).
double ExpectedBound(double e, const Tolerance& tol) {
  const Tolerance::Doubles& d = tol.doubles;
  const double rel_d = !tol.rel ? 0 : d.ready ? d.rel : ApproxDouble(*tol.rel);
  const double abs_d = !tol.abs ? 0 : d.ready ? d.abs : ApproxDouble(*tol.abs);
  double bound = 0;
  if (tol.rel) bound = std::max(bound, rel_d * std::fabs(e));
  if (tol.abs) bound = std::max(bound, abs_d);
  if (tol.rel && tol.abs) bound = std::max(bound, abs_d + rel_d * std::fabs(e));
  if (tol.sig) bound = std::max(bound, std::fabs(e) * (d.ready ? d.sig_scale : std::pow(10.0, 1 - *tol.sig)));
  if (tol.decimals) bound = std::max(bound, d.ready ? d.decimals_bound : std::pow(10.0, -*tol.decimals));
  return bound;
}

}  // namespace

bool ClearlyOutside(double f, int found_sig, double e, const Tolerance& tol) {
  if (!std::isfinite(f) || !std::isfinite(e)) return false;
  const Tolerance::Doubles& d = tol.doubles;
  double diff = std::fabs(f - e), mag = std::max(std::fabs(f), std::fabs(e));
  double bound = ExpectedBound(e, tol);
  if (tol.written && found_sig > 0) bound = std::max(bound, std::fabs(f) * std::pow(10.0, 1 - found_sig));
  if (tol.factor) {
    if (f == 0 || e == 0 || (f > 0) != (e > 0)) return !(tol.rel || tol.abs || tol.sig || tol.decimals || tol.written) && f != e;
    double ratio = std::fabs(f / e);
    if (ratio < 1) ratio = 1 / ratio;
    if (ratio <= (d.ready ? d.factor : ApproxDouble(*tol.factor)) * 1.0001) return false;
  }
  return diff > bound * 1.0001 + mag * 1e-12;
}

OutsideScreen::OutsideScreen(double expected, const Tolerance& tol) : e_(expected), tol_(&tol) {
  simple_ = !tol.written && !tol.factor;
  finite_e_ = std::isfinite(expected);
  if (!simple_) return;
  bound_ = ExpectedBound(expected, tol);  // as ClearlyOutside computes it
}

bool Within(const Exact& found, int found_sig, const Exact& expected, const Tolerance& tol) {
  return Within(found, ApproxDouble(found), found_sig, expected, ApproxDouble(expected), tol);
}

bool Within(const Exact& found, double found_d, int found_sig, const Exact& expected, double expected_d,
            const Tolerance& tol) {
  if (ClearlyOutside(found_d, found_sig, expected_d, tol)) return false;
  if (Equal(found, expected)) return true;
  if (tol.rel || tol.abs) {
    // With found = a/b and expected = c/d (b, d > 0), |found - expected| is
    // |a·d - c·b| / (b·d); each bound is compared after multiplying both
    // sides by the positive denominators, in integers (no rational is built
    // and normalised):
    //   rel   |a·d - c·b| / (b·d) <= rn/rd · |c|/d   <=>  |a·d - c·b|·rd <= rn·|c|·b
    //   abs   |a·d - c·b| / (b·d) <= an/ad           <=>  |a·d - c·b|·ad <= an·b·d
    //   both  (PrairieLearn's |f - e| <= atol + rtol·|e|, wider than either)
    //         |a·d - c·b|·ad·rd <= an·rd·b·d + rn·|c|·b·ad
    const auto& f = found.backend().data();
    const auto& e = expected.backend().data();
    using Integer = std::decay_t<decltype(f.numerator())>;  // the rationals' own integers: no conversion
    const Integer& b = f.denominator();
    const Integer& d = e.denominator();
    Integer cross = f.numerator() * d - e.numerator() * b;
    if (cross.sign() < 0) cross = -cross;
    Integer c_abs = e.numerator();
    if (c_abs.sign() < 0) c_abs = -c_abs;
    bool inside = false;
    if (tol.rel && tol.abs) {
      const auto& r = tol.rel->backend().data();
      const auto& a = tol.abs->backend().data();
      const Integer lhs = cross * a.denominator() * r.denominator();
      const Integer rhs = a.numerator() * r.denominator() * b * d + r.numerator() * c_abs * b * a.denominator();
      inside = lhs <= rhs;
    } else if (tol.rel) {
      const auto& r = tol.rel->backend().data();
      const Integer lhs = cross * r.denominator();
      const Integer rhs = r.numerator() * c_abs * b;
      inside = lhs <= rhs;
    } else {
      const auto& a = tol.abs->backend().data();
      const Integer lhs = cross * a.denominator();
      const Integer rhs = a.numerator() * b * d;
      inside = lhs <= rhs;
    }
    if (inside) return true;
  }
  // The other terms read the distance as a rational (signs and zeros are
  // read off the values: comparing with an int builds and normalises a
  // rational each time).
  Exact diff;
  if (tol.sig || tol.decimals || tol.written) {
    diff = found - expected;
    if (diff.sign() < 0) diff = -diff;
  }
  if (tol.sig && !expected.is_zero()) {
    // Half a unit in the sig-th significant digit of the expected value.
    long e = Log10Floor(expected);
    if (diff * 2 <= Pow10(e - *tol.sig + 1)) return true;
  }
  if (tol.decimals && diff * 2 <= Pow10(-*tol.decimals)) return true;
  if (tol.factor && !expected.is_zero() && !found.is_zero() && (found.sign() > 0) == (expected.sign() > 0)) {
    Exact ratio = found / expected;
    if (CompareOne(ratio) < 0) ratio = 1 / ratio;
    if (ratio <= *tol.factor) return true;
  }
  if (tol.written && found_sig > 0 && !found.is_zero()) {
    long e = Log10Floor(found);
    if (diff * 2 <= Pow10(e - found_sig + 1)) return true;
  }
  return false;
}

std::optional<Exact> InUnit(const Quantity& q, const std::string& unit_symbol) {
  return InUnit(q, FindUnit(unit_symbol.empty() ? "1" : unit_symbol));
}

namespace {

// x == 1 without building a rational 1 (comparing with an int does, and
// normalises it: a few thousand instructions for every candidate number).
bool IsOne(const Exact& x) {
  const auto& r = x.backend().data();
  return r.denominator() == 1 && r.numerator() == 1;
}

}  // namespace

Conversion ConversionTo(const Quantity& q, const Unit* key_unit) {
  if (!q.unit) return Conversion::kBase;
  if (!key_unit) return Conversion::kNone;
  // The key's own unit (the usual case): the dimensions agree, as below.
  if (q.unit == key_unit) return IsOne(key_unit->scale) ? Conversion::kBase : Conversion::kDivide;
  // An all-caps "FLOPS"/"TFLOPS"/"PFLOPS" with no slash is read as a rate
  // (hardware specs) but students also write it for a count of FLOPs: it
  // converts to either dimension (TFLOP and TFLOP/s share the scale 1e12).
  if (q.unit->dimension != key_unit->dimension && q.unit_text.size() >= 5 &&
      q.unit_text.compare(q.unit_text.size() - 5, 5, "FLOPS") == 0 && q.unit_text.find('/') == std::string::npos &&
      ((q.unit->dimension == "FLOP/s" && key_unit->dimension == "FLOP") ||
       (q.unit->dimension == "FLOP" && key_unit->dimension == "FLOP/s")))
    return IsOne(key_unit->scale) ? Conversion::kBase : Conversion::kDivide;
  if (q.unit->dimension != key_unit->dimension)
    return key_unit->dimension == "1" && IsOne(q.unit->scale) && q.unit->symbol != "%" ? Conversion::kBase
                                                                                      : Conversion::kNone;
  return IsOne(key_unit->scale) ? Conversion::kBase : Conversion::kDivide;
}

std::optional<Exact> InUnit(const Quantity& q, const Unit* key_unit) {
  switch (ConversionTo(q, key_unit)) {
    case Conversion::kNone: return std::nullopt;
    case Conversion::kBase: return q.base_value;
    case Conversion::kDivide: return q.base_value / key_unit->scale;
  }
  return std::nullopt;
}

namespace {

using U128 = unsigned __int128;

// gcd(a, b) of 128-bit integers (binary: no 128-bit division).
U128 Gcd128(U128 a, U128 b) {
  auto ctz = [](U128 x) {
    const uint64_t lo = static_cast<uint64_t>(x);
    return lo != 0 ? __builtin_ctzll(lo) : 64 + __builtin_ctzll(static_cast<uint64_t>(x >> 64));
  };
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = std::min(ctz(a), ctz(b));
  a >>= ctz(a);
  do {
    b >>= ctz(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

// Writes num/den (negated when `negative`) into *x in place, for num and den
// in lowest terms and den > 0: Boost's rational would normalise them again
// (a multiprecision gcd).
void SetLowestTerms128(Exact* x, U128 num, U128 den, bool negative) {
  auto& r = x->backend().data();
  using Part = std::remove_cvref_t<decltype(r.numerator())>;
  auto set = [](Part& p, U128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    if (hi == 0) {
      p = static_cast<uint64_t>(v);
    } else {
      p = hi;
      p <<= 64;
      p += static_cast<uint64_t>(v);
    }
  };
  Part& n = const_cast<Part&>(r.numerator());
  Part& d = const_cast<Part&>(r.denominator());
  set(n, num);
  if (negative && num != 0) n.backend().negate();
  set(d, den);
}

}  // namespace

std::optional<Exact> RelativeErrorFast(const Exact& found, const Exact& expected) {
  const auto& f = found.backend().data();
  const auto& e = expected.backend().data();
  const auto& a = f.numerator().backend();
  const auto& b = f.denominator().backend();
  const auto& c = e.numerator().backend();
  const auto& d = e.denominator().backend();
  if (a.size() != 1 || b.size() != 1 || c.size() != 1 || d.size() != 1) return std::nullopt;
  // found = ±a/b, expected = ±c/d (magnitudes below 2^64, c != 0): the
  // error (found - expected) / expected, its numerator and denominator
  // multiplied by expected's sign, is (±a·d - c·b) / (c·b), a·d taken
  // negative when the signs differ.
  const U128 ad = static_cast<U128>(*a.limbs()) * *d.limbs();
  const U128 cb = static_cast<U128>(*c.limbs()) * *b.limbs();
  if (cb == 0) return std::nullopt;
  U128 num = 0;
  bool negative = false;
  if (a.sign() != c.sign()) {  // -(a·d + c·b)
    if (__builtin_add_overflow(ad, cb, &num)) return std::nullopt;
    negative = num != 0;
  } else if (ad >= cb) {
    num = ad - cb;
  } else {
    num = cb - ad;
    negative = true;
  }
  Exact out;
  if ((num >> 64) == 0 && (cb >> 64) == 0) {  // the usual case: 64-bit gcd and divisions
    const uint64_t n64 = static_cast<uint64_t>(num), d64 = static_cast<uint64_t>(cb);
    const uint64_t g = std::gcd(n64, d64);
    SetLowestTerms128(&out, n64 / g, d64 / g, negative);
    return out;
  }
  const U128 g = Gcd128(num, cb);
  SetLowestTerms128(&out, num / g, cb / g, negative);
  return out;
}

std::optional<Exact> RelativeError(const Exact& found, const Exact& expected) {
  if (expected.is_zero()) return std::nullopt;  // no rational 0 built to compare with
  if (Equal(found, expected)) return Exact(0);
  if (std::optional<Exact> r = RelativeErrorFast(found, expected)) return r;
  // a/b against c/d: (a·d - c·b) / (c·b), normalised once (a subtraction
  // and a division normalise twice).
  const auto& f = found.backend().data();
  const auto& e = expected.backend().data();
  const Int& b = f.denominator();
  const Int& c = e.numerator();
  Int den = c * b;
  Int num = f.numerator() * e.denominator() - den;
  if (den.sign() < 0) {  // Boost's rational refuses a negative denominator of cpp_int
    num = -num;
    den = -den;
  }
  return Exact(num, den);
}

std::string Readable(const Exact& value, const std::string& unit) {
  return Show(value) + (unit.empty() || unit == "1" ? "" : " " + unit) ;
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

}  // namespace grader::detail
