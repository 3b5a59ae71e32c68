#include "reference/exact.h"

#include <algorithm>
#include <cctype>

#include "grader/base/text.h"

namespace grader {
namespace {

bool SetError(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

// Parses [sign] digits [. digits] [e [sign] digits] (no fraction form).
bool ParseDecimal(std::string_view s, Exact* out, std::string* error) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  long frac_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
      digits.push_back(c);
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return SetError(error, "expected a number");
  if (digits.size() > kMaxParseDigits)
    return SetError(error, "number has " + std::to_string(digits.size()) + " digits (limit " +
                               std::to_string(kMaxParseDigits) + ")");
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i])))
      return SetError(error, "expected digits after the exponent marker");
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > kMaxExponent)
        return SetError(error, "exponent out of range (|e| <= " + std::to_string(kMaxExponent) + ")");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return SetError(error, "unexpected character '" + std::string(1, s[i]) + "'");
  // Strip leading zeros so that huge zero-padded inputs stay cheap.
  size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  Int mantissa(digits);
  // The digit count and the exponent are bounded, so the scale is too.
  long scale = exponent - frac_digits;
  Exact value = Exact(mantissa) * Pow10(scale);
  *out = negative ? Exact(-value) : value;
  return true;
}

}  // namespace

std::optional<Exact> ParseExact(std::string_view text, std::string* error) {
  std::string s = Trim(text);
  if (s.empty()) {
    SetError(error, "empty number");
    return std::nullopt;
  }
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    Exact p, q;
    if (!ParseDecimal(std::string_view(s).substr(0, slash), &p, error)) return std::nullopt;
    if (!ParseDecimal(std::string_view(s).substr(slash + 1), &q, error)) return std::nullopt;
    if (q == 0) {
      SetError(error, "zero denominator");
      return std::nullopt;
    }
    return p / q;
  }
  Exact x;
  if (!ParseDecimal(s, &x, error)) return std::nullopt;
  return x;
}

// The denominator read in place (denominator() returns a copy).
bool IsInteger(const Exact& x) { return x.backend().data().denominator() == 1; }

int CompareOne(const Exact& x) {
  const auto& n = x.backend().data().numerator();
  const auto& d = x.backend().data().denominator();
  return n < d ? -1 : (n == d ? 0 : 1);
}

double ToDouble(const Exact& x) {
  const auto& n = x.backend().data().numerator();
  const auto& d = x.backend().data().denominator();
  constexpr unsigned long long kExact = 1ULL << 53;
  if (n.backend().size() == 1 && d.backend().size() == 1 && *n.backend().limbs() < kExact &&
      *d.backend().limbs() < kExact) {
    double num = static_cast<double>(*n.backend().limbs());
    double den = static_cast<double>(*d.backend().limbs());
    return (n.sign() < 0 ? -num : num) / den;
  }
  return static_cast<double>(x);
}

double ApproxDouble(const Exact& x) {
  // Numerator and denominator of at most one 64-bit limb each (nearly every
  // number a response writes): two conversions and a division, instead of
  // Boost's exact long division.
  const auto& n = x.backend().data().numerator();
  const auto& d = x.backend().data().denominator();
  if (n.backend().size() == 1 && d.backend().size() == 1) {
    double num = static_cast<double>(*n.backend().limbs());
    double den = static_cast<double>(*d.backend().limbs());
    return (n.sign() < 0 ? -num : num) / den;
  }
  return static_cast<double>(x);
}

Exact Pow10(long e) {
  Int p = boost::multiprecision::pow(Int(10), static_cast<unsigned>(e < 0 ? -e : e));
  return e < 0 ? Exact(Int(1), p) : Exact(p);
}

Exact PowInt(const Exact& x, long n) {
  unsigned k = static_cast<unsigned>(n < 0 ? -n : n);
  Exact r(Int(boost::multiprecision::pow(numerator(x), k)), Int(boost::multiprecision::pow(denominator(x), k)));
  return n < 0 ? Exact(1) / r : r;
}

std::optional<std::string> ExactDecimal(const Exact& x) {
  Int den = denominator(x);
  long twos = 0, fives = 0;
  while (den % 2 == 0) { den /= 2; ++twos; }
  while (den % 5 == 0) { den /= 5; ++fives; }
  if (den != 1) return std::nullopt;
  long scale = std::max(twos, fives);
  Int scaled = numerator(x) * boost::multiprecision::pow(Int(10), static_cast<unsigned>(scale)) / denominator(x);
  bool negative = scaled < 0;
  std::string digits = (negative ? Int(-scaled) : scaled).str();
  if (scale > 0) {
    if (static_cast<long>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

std::string ExactString(const Exact& x) {
  if (auto d = ExactDecimal(x)) return *d;
  return numerator(x).str() + "/" + denominator(x).str();
}

long Log10Floor(const Exact& x) {
  Exact a = x < 0 ? Exact(-x) : x;
  long e = static_cast<long>(numerator(a).str().size()) - static_cast<long>(denominator(a).str().size());
  // The estimate is floor(log10) or one above it.
  if (a < Pow10(e)) --e;
  if (a >= Pow10(e + 1)) ++e;
  return e;
}

std::string RoundSig(const Exact& x, int sig) {
  if (x == 0) return "0";
  if (sig < 1) sig = 1;
  bool negative = x < 0;
  Exact a = negative ? Exact(-x) : x;
  long e = Log10Floor(a);
  Exact scaled = a * Pow10(sig - 1 - e) + Exact(1, 2);
  Int q = numerator(scaled) / denominator(scaled);
  if (q == boost::multiprecision::pow(Int(10), static_cast<unsigned>(sig))) {
    q /= 10;
    ++e;
  }
  std::string digits = q.str();  // exactly `sig` digits
  std::string out;
  if (e >= -4 && e < 6) {
    if (e >= 0) {
      if (static_cast<long>(digits.size()) <= e + 1) {
        out = digits + std::string(e + 1 - digits.size(), '0');
      } else {
        out = digits.substr(0, e + 1) + "." + digits.substr(e + 1);
      }
    } else {
      out = "0." + std::string(-e - 1, '0') + digits;
    }
    if (out.find('.') != std::string::npos) {
      while (out.back() == '0') out.pop_back();
      if (out.back() == '.') out.pop_back();
    }
  } else {
    std::string mant = digits.substr(0, 1);
    std::string rest = digits.substr(1);
    while (!rest.empty() && rest.back() == '0') rest.pop_back();
    if (!rest.empty()) mant += "." + rest;
    out = mant + "e" + std::to_string(e);
  }
  return negative ? "-" + out : out;
}

std::string GroupDigits(const Int& x) {
  bool negative = x < 0;
  std::string d = (negative ? Int(-x) : x).str();
  std::string out;
  int n = static_cast<int>(d.size());
  for (int i = 0; i < n; ++i) {
    out.push_back(d[i]);
    int left = n - 1 - i;
    if (left > 0 && left % 3 == 0) out.push_back(',');
  }
  return negative ? "-" + out : out;
}

Real ToReal(const Exact& x) { return Real(numerator(x)) / Real(denominator(x)); }

Exact FromReal(const Real& r) {
  // Every cpp_dec_float is a finite decimal; print all of its digits.
  std::string s = r.str(0, std::ios_base::scientific);
  auto v = ParseExact(s);
  return v ? *v : Exact(0);
}

Value Value::Approx(const Real& r) {
  Value v;
  v.real_ = r;
  v.exact_ = FromReal(r);
  v.is_exact_ = false;
  return v;
}

std::string Value::ToString() const {
  if (is_exact_) return ExactString(exact_);
  if (exact_ == 0) return "0";
  // 40 significant digits, in plain notation for moderate magnitudes.
  long e = Log10Floor(exact_);
  std::string s = RoundSig(exact_, 40);
  if (e >= -4 && e < 6) return s;
  // RoundSig gives d.ddd...eN; expand to plain decimal for |e| <= 40 so the
  // string reads back without an exponent where that is short.
  if (e > 0 && e <= 40) {
    auto v = ParseExact(s);
    if (v && IsInteger(*v)) return ExactString(*v);
  }
  return s;
}

}  // namespace grader
