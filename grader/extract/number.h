// Reading one written number: the lexer shared by quantity and expression
// extraction.
//
// ReadNumber recognises every way a response writes a plain number and
// returns its exact value, its extent and its significant figures:
//
//   1406092416   1,406,092,416   1 406 092 416 (also thin/no-break spaces)
//   1{,}406{,}092{,}416   1\,406   8.5   .5   1.4e9   1.4E+09   8.5\text{e}15
//   1.4 × 10^9   1.4 x 10^9   1.4*10**9   1.4 \times 10^{9}   1.4\cdot10^{9}
//   1.4·10⁹   10^{30}   10⁹
//
// Signs, units, scale words ("billion"), currency and ranges are context and
// belong to the caller (quantity.h). Values are exact: "1.4e9" is exactly
// 1400000000. Exponents beyond kMaxExponent and mantissas longer than
// kMaxDigits are refused with an error, so no input can make a number take
// unbounded time or memory.
//
//   NumberToken t;
//   ReadNumber("cost: 1.4 \\times 10^{9} USD", 6, &t);
//   // t.ok, t.end == 23, ExactString(t.value) == "1400000000", t.sig_figs == 2
#ifndef GRADER_EXTRACT_NUMBER_H_
#define GRADER_EXTRACT_NUMBER_H_

#include <cassert>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <type_traits>

#include "reference/exact.h"

namespace grader {

// Longest mantissa (in digits) read exactly; longer runs are refused.
inline constexpr size_t kMaxDigits = 1000;
// Largest |decimal exponent| read. ParseExact allows 10^4, which costs
// milliseconds, but a response can hold a million such numbers; 10^1000
// costs microseconds and is far beyond any physical quantity a homework asks
// for.
inline constexpr long kMaxReadExponent = 1000;

struct NumberToken {
  size_t begin = 0, end = 0;  // extent in the scanned text
  bool ok = false;            // false: `error` says why (the extent is still set)
  std::string error;
  Exact value;
  int sig_figs = 0;           // trailing zeros of an integer do not count
  bool grouped = false;       // thousands separators were used
  bool scientific = false;    // an exponent (e, ×10^n) was written
  bool power_of_ten = false;  // written as a bare 10^n
};

// Reads a number starting exactly at `pos` (a digit, or '.' before a digit).
// Returns false when no number starts there; otherwise fills *out (which may
// carry ok == false and an error, e.g. an exponent out of range).
bool ReadNumber(std::string_view text, size_t pos, NumberToken* out);
// Same as ReadNumber but leaves `value` at 0: for callers that need only the
// extent, `ok`, sig figs and flags (no exact arithmetic is done).
bool ScanNumber(std::string_view text, size_t pos, NumberToken* out);
// ReadNumber without its fast path for plain numbers (up to 18 digits, no
// separator, exponent or operator after them): for tests that compare the
// two.
bool ReadNumberGeneral(std::string_view text, size_t pos, NumberToken* out);

// Returns true when `c` is an ASCII digit.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// Returns whether `text` has `prefix` at `pos`. Byte by byte: the prefixes
// are short, and most calls fail on the first byte.
inline bool StartsWith(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() < pos + prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k)
    if (text[pos + k] != prefix[k]) return false;
  return true;
}
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Returns the value 0..9 of a Unicode superscript digit at text[pos] and
// its byte length in *len, or -1. Also recognises ⁻ (returns -2) and ⁺ (-3).
int SuperscriptDigit(std::string_view text, size_t pos, size_t* len);

// Returns 10^e for |e| <= kMaxExponent, from a cache for small e.
Exact PowerOfTen(long e);

// Sets *x to num/den, negated when `negative`, for num and den already in
// lowest terms and den > 0. Boost's rational normalises whatever it is given
// (a multiprecision gcd, hundreds of instructions, and temporaries); here the
// two parts are written in place, as the normalised rational holds them.
// (Parts of more than one limb are resized out of line.)
void SetLowestTermsResizing(Exact* x, uint64_t num, uint64_t den, bool negative);
inline void SetLowestTerms(Exact* x, uint64_t num, uint64_t den, bool negative = false) {
  assert(den > 0 && std::gcd(num, den) == 1);  // a build without NDEBUG checks the precondition
  auto& r = x->backend().data();
  // (The parts are members of *x, which is not const: writing them through
  // the references Boost hands out is allowed.)
  using Part = std::remove_cvref_t<decltype(r.numerator())>;
  auto& nb = const_cast<Part&>(r.numerator()).backend();
  auto& db = const_cast<Part&>(r.denominator()).backend();
  // Parts of one limb (a fresh rational's, and nearly every reused one's)
  // take the new limbs in place: assigning an integer resizes through an
  // out-of-line call, and this runs for most numbers read.
  if (nb.size() == 1 && db.size() == 1) [[likely]] {
    *nb.limbs() = num;
    nb.sign(negative && num != 0);
    *db.limbs() = den;
    db.sign(false);
    return;
  }
  SetLowestTermsResizing(x, num, den, negative);
}

}  // namespace grader

#endif  // GRADER_EXTRACT_NUMBER_H_
