// Exact numbers for answer keys and extraction.
//
// Every count, byte size, FLOP count and price the project computes is an
// `Exact` (a big rational): 1.4e9 is exactly 1400000000 and 1/3 stays 1/3.
// Only where an exponent is fractional (Chinchilla fits, square roots,
// logarithms) do we fall back to `Real`, a 50-digit decimal float.  `Value`
// holds either and knows which.  Conversion to rounded display strings
// happens here and nowhere else.
//
//   Exact x = *ParseExact("1.98e15");          // 1980000000000000
//   ExactString(x / 3600)                      // "550000000000"
//   RoundSig(Exact(2127057600), 3)             // "2.13e9"
#ifndef GRADER_REFERENCE_EXACT_H_
#define GRADER_REFERENCE_EXACT_H_

#include <boost/multiprecision/cpp_dec_float.hpp>
#include <boost/multiprecision/cpp_int.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace grader {

// Expression templates are off so that results convert to Value and `auto`
// never captures a lazy expression.
using Int = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<>, boost::multiprecision::et_off>;
using Exact = boost::multiprecision::number<boost::multiprecision::cpp_rational_backend, boost::multiprecision::et_off>;
using Real = boost::multiprecision::number<boost::multiprecision::cpp_dec_float<50>, boost::multiprecision::et_off>;

// Largest decimal exponent ParseExact accepts (|e| <= kMaxExponent), as for
// numbers in responses (grader/extract/number.h), and the most digits it reads.
// cpp_int builds 10^(10^6) in 20 s and a million digits in about a minute
// (schoolbook arithmetic), so a rubric, problem file, roster, overrides file
// or --set value could otherwise stall a run.
inline constexpr long kMaxExponent = 1000;
inline constexpr size_t kMaxParseDigits = 10000;

// Parses a plain decimal number exactly: optional sign, digits with an
// optional fraction, an optional exponent (`e`/`E`), or a fraction `p/q`.
// Examples: "-3", ".5", "8.5", "1.98e15", "1E+09", "1/40". Returns nullopt
// and sets *error (when given) on anything else, including |exponent| >
// kMaxExponent, more than kMaxParseDigits digits and a zero denominator.
std::optional<Exact> ParseExact(std::string_view text, std::string* error = nullptr);

// Returns the exact decimal expansion ("8508230400", "18.5", "-0.00005") if
// the value has one, else nullopt (1/3 has none).
std::optional<std::string> ExactDecimal(const Exact& x);

// Returns the exact decimal expansion when it exists, else "p/q".
std::string ExactString(const Exact& x);

// Returns true when x is an integer.
bool IsInteger(const Exact& x);

// Compares x with 1 (-1, 0, 1) without rational arithmetic: numerator
// against the (positive) denominator.
int CompareOne(const Exact& x);

// x as the nearest double (what static_cast<double> gives), with a fast
// path when numerator and denominator are below 2^53: both convert exactly
// and IEEE division rounds the quotient correctly.
double ToDouble(const Exact& x);

// x as a double, cheaply: within a few units in the last place, infinite
// when out of range. For screens that decide nothing exactly (a value that
// is clearly far from another); never for a result.
double ApproxDouble(const Exact& x);

// Returns 10^e exactly (e may be negative).
Exact Pow10(long e);

// Returns x^n exactly for an integer n (n may be negative; x != 0 then).
Exact PowInt(const Exact& x, long n);

// Returns floor(log10(|x|)) for x != 0.
long Log10Floor(const Exact& x);

// Rounds to `sig` significant digits, half away from zero, and formats:
// plain notation when 1e-4 <= |x| < 1e6 ("18.18", "0.1484"), else
// scientific ("2.13e9", "9.6e-20"). Trailing zeros after the point are
// dropped. Zero is "0".
std::string RoundSig(const Exact& x, int sig);

// Formats an integer with thousands separators: "2,127,057,600".
std::string GroupDigits(const Int& x);

// Converts between the exact and the 50-digit representations.
Real ToReal(const Exact& x);
// Returns the exact value of the decimal float (every Real is a terminating
// decimal).
Exact FromReal(const Real& r);

// A number that is either exact or a 50-digit approximation.
class Value {
 public:
  Value() : exact_(0), is_exact_(true) {}
  Value(const Exact& x) : exact_(x), is_exact_(true) {}  // NOLINT: implicit by design
  Value(long long x) : exact_(x), is_exact_(true) {}     // NOLINT
  static Value Approx(const Real& r);

  bool is_exact() const { return is_exact_; }
  // The exact value, or the exact decimal value of the approximation.
  const Exact& exact() const { return exact_; }
  Real real() const { return is_exact_ ? ToReal(exact_) : real_; }

  // The value as a string that reads back to it: ExactString for exact
  // values, 40 significant digits for approximations.
  std::string ToString() const;

 private:
  Exact exact_;
  Real real_;
  bool is_exact_;
};

}  // namespace grader

#endif  // GRADER_REFERENCE_EXACT_H_
