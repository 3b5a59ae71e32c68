#include "grader/extract/number.h"

#include <array>
#include <cstdint>
#include <numeric>

namespace grader {
namespace {

size_t SkipSpaces(std::string_view text, size_t i) {
  for (;;) {
    if (i < text.size() && (text[i] == ' ' || text[i] == '~')) {
      ++i;
    } else if (i >= text.size() || (text[i] != '\\' && text[i] != '\xE2' && text[i] != '\xC2')) {
      return i;
    } else if (StartsWith(text, i, "\\,") || StartsWith(text, i, "\\;") || StartsWith(text, i, "\\ ") ||
               StartsWith(text, i, "\\!")) {
      i += 2;
    } else if (StartsWith(text, i, "\xE2\x80\x89") || StartsWith(text, i, "\xE2\x80\xAF")) {
      i += 3;
    } else if (StartsWith(text, i, "\xC2\xA0")) {
      i += 2;
    } else {
      return i;
    }
  }
}

size_t DigitRun(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && IsDigit(text[j])) ++j;
  return j - i;
}

// Thousands separators, in the order they are tried.
// ",\\!" (LaTeX's negative thin space after a comma) before ",": the first
// separator that starts the text is the one tried.
constexpr std::array<std::string_view, 8> kSeparators = {",\\!", ",", "{,}", "\\,", "\xE2\x80\x89", "\xE2\x80\xAF", "\xC2\xA0", " "};
// Separators of digit groups after a decimal point ("1.495 227 957").
constexpr std::array<std::string_view, 4> kFractionSeparators = {"\xE2\x80\x89", "\xE2\x80\xAF", "\\,", " "};
// Exponent markers after a mantissa, in the order they are tried.
constexpr std::array<std::string_view, 4> kExponentMarkers = {"e", "E", "\\text{e}", "\\mathrm{e}"};

// Reads the exponent after "10^", "10**" or "10" followed by superscripts.
// Returns the end offset or 0 when there is no exponent there.
size_t ReadPowerExponent(std::string_view text, size_t i, long* exponent, bool* overflow) {
  bool negative = false;
  long value = 0;
  auto accumulate = [&](int d) {
    if (value > kMaxReadExponent) {
      *overflow = true;
    } else {
      value = value * 10 + d;
      if (value > kMaxReadExponent) *overflow = true;
    }
  };
  auto finish = [&](size_t end) {
    *exponent = negative ? -value : value;
    return end;
  };
  size_t len = 0;
  int sup = SuperscriptDigit(text, i, &len);
  if (sup != -1) {
    if (sup == -2 || sup == -3) {
      negative = sup == -2;
      i += len;
      sup = SuperscriptDigit(text, i, &len);
      if (sup < 0) return 0;
    }
    while (sup >= 0) {
      accumulate(sup);
      i += len;
      sup = SuperscriptDigit(text, i, &len);
    }
    return finish(i);
  }
  if (StartsWith(text, i, "**")) {
    i += 2;
  } else if (i < text.size() && text[i] == '^') {
    ++i;
  } else {
    return 0;
  }
  bool brace = i < text.size() && text[i] == '{';
  if (brace) ++i;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  } else if (StartsWith(text, i, "\xE2\x88\x92")) {  // U+2212 minus
    negative = true;
    i += 3;
  }
  if (i >= text.size() || !IsDigit(text[i])) return 0;
  for (; i < text.size() && IsDigit(text[i]); ++i) accumulate(text[i] - '0');
  // "10^0.875" is a power with a decimal exponent, for the expression
  // parser: not 10^0 followed by .875.
  if (!brace && i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) return 0;
  if (brace) {
    if (i >= text.size() || text[i] != '}') return 0;
    ++i;
  }
  return finish(i);
}

}  // namespace

int SuperscriptDigit(std::string_view text, size_t pos, size_t* len) {
  if (pos + 1 >= text.size()) return -1;
  auto c0 = static_cast<unsigned char>(text[pos]);
  auto c1 = static_cast<unsigned char>(text[pos + 1]);
  if (c0 == 0xC2 && (c1 == 0xB2 || c1 == 0xB3 || c1 == 0xB9)) {
    *len = 2;
    return c1 == 0xB2 ? 2 : c1 == 0xB3 ? 3 : 1;
  }
  if (c0 == 0xE2 && c1 == 0x81 && pos + 2 < text.size()) {
    auto c2 = static_cast<unsigned char>(text[pos + 2]);
    *len = 3;
    if (c2 == 0xB0) return 0;
    if (c2 >= 0xB4 && c2 <= 0xB9) return c2 - 0xB0;
    if (c2 == 0xBB) return -2;
    if (c2 == 0xBA) return -3;
  }
  return -1;
}

void SetLowestTermsResizing(Exact* x, uint64_t num, uint64_t den, bool negative) {
  auto& r = x->backend().data();
  using Part = std::remove_cvref_t<decltype(r.numerator())>;
  Part& n = const_cast<Part&>(r.numerator());
  Part& d = const_cast<Part&>(r.denominator());
  n = num;
  if (negative && num != 0) n.backend().negate();
  d = den;
}

Exact PowerOfTen(long e) {
  static const std::array<Exact, 41> kSmall = [] {
    std::array<Exact, 41> t;
    Int p = 1;
    for (auto& x : t) {
      x = Exact(p);
      p *= 10;
    }
    return t;
  }();
  static const std::array<Exact, 41> kSmallNegative = [] {
    std::array<Exact, 41> t;
    for (size_t k = 0; k < t.size(); ++k) t[k] = 1 / kSmall[k];
    return t;
  }();
  if (e >= 0 && e <= 40) return kSmall[e];
  if (e < 0 && e >= -40) return kSmallNegative[-e];
  return Pow10(e);
}

namespace {

constexpr std::array<uint64_t, 20> kPow10 = [] {
  std::array<uint64_t, 20> t{};
  uint64_t p = 1;
  for (auto& x : t) {
    x = p;
    p *= 10;
  }
  return t;
}();

// Sets out->value to m * 10^scale when that is done in 64 bits: an integer
// whose product fits, or a fraction m / 10^k (k <= 19) put in lowest terms
// here. Returns false, leaving the value alone, otherwise.
bool SetValue64(uint64_t m, long scale, NumberToken* out) {
  if (scale >= 0 && scale <= 19) {
    uint64_t p = kPow10[scale];
    if (m > UINT64_MAX / p) return false;
    SetLowestTerms(&out->value, m * p, 1);
    return true;
  }
  if (scale < 0 && scale >= -19) {
    const uint64_t den = kPow10[-scale];
    const uint64_t g = std::gcd(m, den);  // den when m is 0: 0/1
    SetLowestTerms(&out->value, m / g, den / g);
    return true;
  }
  return false;
}

// Bytes after a mantissa's digits that may continue the number: separators,
// a decimal comma, an exponent, a power, spaces before an operator. (A '.'
// does not: a point before a digit has been read by then, and a point
// before anything else ends the number.)
constexpr std::array<bool, 256> kMayContinue = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(",{\\ ~eExX*^\xE2\xC2\xC3")) t[c] = true;
  return t;
}();
// Bytes after spaces that may continue the number: a wider space
// SkipSpaces steps over, or the first byte of a multiplication operator
// (x X * times \times \cdot × · ⋅).
constexpr std::array<bool, 256> kMayContinueAfterSpaces = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("~\\xX*t\xE2\xC2\xC3")) t[c] = true;
  return t;
}();

// Whether no power of ten ("10^9", "10**9", "10⁹", "1e12") can follow a
// times operator that ends at text[k]: what ReadNumberImpl's general path
// reads there after spaces. A wider space (which SkipSpaces steps over) or
// "1e" leaves the question to the general path.
bool NoPowerAfter(std::string_view text, size_t k) {
  const size_t n = text.size();
  while (k < n && text[k] == ' ') ++k;
  if (k >= n) return true;
  const char c = text[k];
  if (c == '~' || c == '\\' || c == '\xE2' || c == '\xC2') return false;
  if (c != '1') return true;
  const char d = k + 1 < n ? text[k + 1] : '\0';
  if (d == 'e' || d == 'E') return false;
  if (d != '0') return true;
  // "10", not "100": a power only when an exponent follows.
  const char e = k + 2 < n ? text[k + 2] : '\0';
  return !(e == '^' || e == '*' || e == '\xE2' || e == '\xC2');
}

// The length of a multiplication operator at text[k] that the general path
// reads before a power of ten (`after_space`: "times " counts), or 0.
size_t TimesOperator(std::string_view text, size_t k, bool after_space) {
  const size_t n = text.size();
  if (k >= n) return 0;
  switch (text[k]) {
    case 'x':
    case 'X':
    case '*':
      return 1;
    case 't':
      return after_space && StartsWith(text, k, "times ") ? 6 : 0;
    case '\xC3':
      return StartsWith(text, k, "\xC3\x97") ? 2 : 0;
    case '\xC2':
      return StartsWith(text, k, "\xC2\xB7") ? 2 : 0;
    case '\xE2':
      return StartsWith(text, k, "\xE2\x8B\x85") ? 3 : 0;
    case '\\': {
      const size_t op = StartsWith(text, k, "\\times") ? 6 : StartsWith(text, k, "\\cdot") ? 5 : 0;
      // (\times must not run into a longer command: \cdots is none.)
      return op && !(k + op < n && IsAsciiAlpha(text[k + op])) ? op : 0;
    }
    default:
      return 0;
  }
}

// Whether a number certainly ends at text[i]: nothing follows that
// ReadNumberImpl's general path would read on. `ten`: the number is a bare
// "10" (which "**9", "^9" or a superscript would raise). A times operator
// continues the number only before a power of ten. Each byte that may
// continue a number is looked at with the bytes after it, so that the
// common followers that do not ("5,", "5\\%", "5^2", "5–6", "5 * 4",
// "5\\text{ GB}") end it here too; whatever is left in doubt (wider
// spaces, digit groups, exponents) goes to the general path.
bool PlainEnd(std::string_view text, size_t i, bool ten) {
  const size_t n = text.size();
  if (i >= n) return true;
  const char c = text[i];
  if (!kMayContinue[static_cast<unsigned char>(c)]) return true;
  // The byte after c ('\0' past the end: no continuation starts with it).
  const char d = i + 1 < n ? text[i + 1] : '\0';
  switch (c) {
    case ',':  // a thousands group, a decimal comma or ",\\!"
      return !IsDigit(d) && d != '\\';
    case '{':  // "{,}"
      return d != ',';
    case 'e':
    case 'E':  // an exponent: e9, E+09, e-3
      return !IsDigit(d) && d != '+' && d != '-';
    case '^':  // a power only of a bare 10
      return !ten;
    case '~':  // SkipSpaces steps over it
      return false;
    case '*':
      if (ten) return false;  // 10**9
      break;
    case '\\':
      // "\\," (a group), "\\;" "\\ " "\\!" (spaces), \text{e} \mathrm{e}
      // (exponents); \times and \cdot are operators, below.
      if (d == ',' || d == ';' || d == ' ' || d == '!') return false;
      if (StartsWith(text, i, "\\text{e}") || StartsWith(text, i, "\\mathrm{e}")) return false;
      break;
    case '\xE2':
      // Thin spaces (U+2009, U+202F: groups or spaces), superscripts
      // (U+2070...: a power of 10); the dot operator U+22C5 is below.
      if (d == '\x81') return false;
      if (d == '\x80' && i + 2 < n && (text[i + 2] == '\x89' || text[i + 2] == '\xAF')) return false;
      break;
    case '\xC2':  // a no-break space, superscripts 1 2 3; the middle dot is below
      if (d == '\xA0' || d == '\xB2' || d == '\xB3' || d == '\xB9') return false;
      break;
    case ' ': {
      size_t k = i + 1;
      while (k < n && text[k] == ' ') ++k;
      if (k >= n) return true;
      const char e = text[k];
      // One space before a digit: perhaps a digit group ("1 234 567").
      if (IsDigit(e)) return k > i + 1;
      if (!kMayContinueAfterSpaces[static_cast<unsigned char>(e)]) return true;
      if (e == '~') return false;
      if (e == '\\') {
        const char f = k + 1 < n ? text[k + 1] : '\0';
        if (f == ',' || f == ';' || f == ' ' || f == '!') return false;
      }
      if (e == '\xE2' && k + 2 < n && text[k + 1] == '\x80' && (text[k + 2] == '\x89' || text[k + 2] == '\xAF'))
        return false;
      if (e == '\xC2' && k + 1 < n && text[k + 1] == '\xA0') return false;
      const size_t op = TimesOperator(text, k, true);
      return op == 0 || NoPowerAfter(text, k + op);
    }
    default:
      break;
  }
  const size_t op = TimesOperator(text, i, false);
  return op == 0 || NoPowerAfter(text, i + op);
}

// The digits of a plain number, read once: their count and 64-bit value
// (exact while count <= 19).
struct PlainDigits {
  uint64_t m = 0;
  size_t count = 0;
};

// Reads the run of ASCII digits at text[i] into *d; returns its length.
inline size_t TakeDigits(std::string_view text, size_t i, PlainDigits* d) {
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t m = d->m;
  size_t j = i;
  for (; j < n; ++j) {
    const unsigned v = static_cast<unsigned char>(p[j]) - static_cast<unsigned>('0');
    if (v > 9) break;
    m = m * 10 + v;  // (wraps past 19 digits: such numbers are left to the general path)
  }
  d->m = m;
  d->count += j - i;
  return j - i;
}

// The significant figures of the plain number text[begin, end), which
// holds `count` digits, ',' group separators and perhaps a '.' (`point`):
// leading zeros never count; trailing zeros of an integer do not either;
// a number of zeros has one. Found from the ends (few numbers have many
// zeros there), not digit by digit.
int PlainSigFigs(std::string_view text, size_t begin, size_t end, size_t count, bool point) {
  const char* p = text.data();
  size_t a = begin, lead = 0;
  while (a < end && (p[a] == '0' || p[a] == ',' || p[a] == '.')) lead += p[a++] == '0';
  if (a == end) return 1;
  if (point) return static_cast<int>(count - lead);
  size_t b = end, trail = 0;  // a non-zero digit is at a < b
  while (p[b - 1] == '0' || p[b - 1] == ',') trail += p[--b] == '0';
  return static_cast<int>(count - lead - trail);
}

// The common number: up to 18 digits, perhaps in comma-separated thousands
// ("1,234,567"), perhaps a point and more digits (18 digits in all), and
// nothing after them that continues it. Fills *out exactly as the general
// path does and returns true, or returns false having changed nothing but
// what the general path sets again.
bool ReadPlainNumber(std::string_view text, size_t pos, NumberToken* out, bool with_value) {
  const size_t n = text.size();
  PlainDigits d;
  const size_t run = TakeDigits(text, pos, &d);
  size_t i = pos + run;
  bool grouped = false;
  // Thousands with plain commas: the general path's first separator that
  // starts the text is ",", and groups are exactly three digits.
  if (run <= 3 && i + 1 < n && text[i] == ',' && IsDigit(text[i + 1])) {
    while (i + 3 < n && text[i] == ',' && IsDigit(text[i + 1]) && IsDigit(text[i + 2]) && IsDigit(text[i + 3]) &&
           !(i + 4 < n && IsDigit(text[i + 4]))) {
      TakeDigits(text, i + 1, &d);
      i += 4;
    }
    if (i == pos + run) return false;  // no group: a list or a decimal comma
    grouped = true;
  }
  size_t f = 0;
  if (i + 1 < n && text[i] == '.' && IsDigit(text[i + 1])) {
    f = TakeDigits(text, i + 1, &d);
    i += 1 + f;
    if (d.count > 18 || !PlainEnd(text, i, false)) return false;
  } else if (d.count > 18 || !PlainEnd(text, i, !grouped && run == 2 && text[pos] == '1' && text[pos + 1] == '0')) {
    return false;
  }
  out->end = i;
  out->ok = true;
  out->grouped = grouped;
  out->sig_figs = PlainSigFigs(text, pos, i, d.count, f > 0);
  if (with_value && d.m != 0) {
    SetValue64(d.m, -static_cast<long>(f), out);  // always fits: 18 digits, 1 <= 10^-f
  } else {
    SetLowestTerms(&out->value, 0, 1);
  }
  return true;
}

bool ReadNumberImpl(std::string_view text, size_t pos, NumberToken* out, bool with_value, bool general_only) {
  const size_t n = text.size();
  if (pos >= n) return false;
  bool leading_point = text[pos] == '.';
  if (!IsDigit(text[pos]) && !(leading_point && pos + 1 < n && IsDigit(text[pos + 1]))) return false;
  // Reset field by field: assigning a fresh NumberToken builds and moves a
  // rational and a string for every number read (every field is listed).
  out->end = 0;
  out->ok = false;
  out->error.clear();
  out->sig_figs = 0;
  out->grouped = out->scientific = out->power_of_ten = false;
  out->begin = pos;
  // (The plain path sets the value itself; the general path resets it.)
  // The mantissa's digits are every ASCII digit in text[pos, mantissa end):
  // no separator and no decimal point holds one. They are read once, after
  // the extent is known (no copy of them is made unless they exceed 64 bits).
  if (!leading_point && !general_only && ReadPlainNumber(text, pos, out, with_value)) return true;
  SetLowestTerms(&out->value, 0, 1);
  size_t i = pos;
  size_t run = DigitRun(text, i);
  size_t total_digits = run;
  i += run;

  // Thousands groups: 1-3 leading digits, then groups of exactly three.
  char after = i < n ? text[i] : '\0';
  bool may_group = after == ',' || after == '{' || after == '\\' || after == ' ' || after == '\xE2' || after == '\xC2';
  if (run >= 1 && run <= 3 && may_group) {
    for (std::string_view sep : kSeparators) {
      if (!StartsWith(text, i, sep)) continue;
      size_t k = i;
      int groups = 0;
      while (StartsWith(text, k, sep) && DigitRun(text, k + sep.size()) == 3) {
        k += sep.size() + 3;
        ++groups;
      }
      bool enough = sep == " " ? groups >= 2 : groups >= 1;
      if (enough) {
        total_digits += 3 * static_cast<size_t>(groups);
        i = k;
        out->grouped = true;
      }
      break;
    }
  }

  // Fraction; a decimal comma where it cannot be a thousands separator:
  // one or two digits, or four or more, after it ("3,14 GB"), not in a
  // list ("2,4,8" or "[2,4]") and followed by a unit or a scale
  size_t frac_digits = 0;
  bool point = false;
  bool comma_point = false;
  if (!out->grouped && run >= 1 && run <= 3 && i + 1 < n && text[i] == ',' && IsDigit(text[i + 1]) &&
      !(pos > 0 && (text[pos - 1] == '[' || text[pos - 1] == '(' || text[pos - 1] == '{' || text[pos - 1] == ',' ||
                    text[pos - 1] == '.'))) {
    size_t f = DigitRun(text, i + 1);
    size_t after_f = i + 1 + f;
    bool list = after_f < n && (text[after_f] == ',' || text[after_f] == '.');
    size_t u = SkipSpaces(text, after_f);
    // (or the text ends there: a number's own text reads alone as it reads
    // in place)
    bool unit_follows = after_f == n || (u < n && (IsAsciiAlpha(text[u]) || text[u] == '%' ||
                                                   static_cast<unsigned char>(text[u]) >= 0xE4));
    comma_point = (f <= 2 || f >= 4) && !list && unit_follows;
  }
  if (i + 1 < n && (text[i] == '.' || comma_point) && IsDigit(text[i + 1])) {
    point = true;
    size_t f = DigitRun(text, i + 1);
    frac_digits = f;
    total_digits += f;
    i += 1 + f;
    // Digit groups after the point: "1.495 227 957".
    if (f == 3 && !comma_point) {
      for (std::string_view sep : kFractionSeparators) {
        if (!StartsWith(text, i, sep)) continue;
        size_t k = i;
        int groups = 0;
        while (StartsWith(text, k, sep) && DigitRun(text, k + sep.size()) == 3) {
          k += sep.size() + 3;
          ++groups;
        }
        if (groups >= (sep == " " ? 2 : 1)) {
          frac_digits += 3 * static_cast<size_t>(groups);
          total_digits += 3 * static_cast<size_t>(groups);
          i = k;
        }
        break;
      }
    }
  }
  out->end = i;
  if (total_digits > kMaxDigits) {
    out->error = "number has " + std::to_string(total_digits) + " digits (limit " + std::to_string(kMaxDigits) + ")";
    return true;
  }

  // One pass over the mantissa's digits: where the first and last non-zero
  // digits are, and the value of the first 18 significant ones.
  const size_t mantissa_end = i;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t n_digits = 0, first_nz = kNone, last_nz = kNone;
  uint64_t m = 0;
  for (size_t d = pos; d < mantissa_end; ++d) {
    const char ch = text[d];
    if (!IsDigit(ch)) continue;
    if (ch != '0') {
      if (first_nz == kNone) first_nz = n_digits;
      last_nz = n_digits;
    }
    if (first_nz != kNone && n_digits - first_nz < 18) m = m * 10 + static_cast<uint64_t>(ch - '0');
    ++n_digits;
  }
  // Significant figures: leading zeros never count; trailing zeros of an
  // integer written without a point do not either.
  if (first_nz == kNone) {
    out->sig_figs = 1;
  } else {
    size_t last = point ? n_digits : last_nz + 1;
    out->sig_figs = static_cast<int>(last - first_nz);
  }

  long exponent = 0;
  bool overflow = false;
  // A bare power of ten: 10^9, 10^{30}, 10**9, 10⁹.
  if (run == 2 && text[pos] == '1' && text[pos + 1] == '0' && !point && !out->grouped) {
    long e = 0;
    size_t end = ReadPowerExponent(text, i, &e, &overflow);
    if (end) {
      out->power_of_ten = out->scientific = true;
      out->sig_figs = 1;
      out->end = end;
      if (overflow) {
        out->error = "exponent out of range (|e| <= " + std::to_string(kMaxReadExponent) + ")";
        return true;
      }
      if (with_value) out->value = PowerOfTen(e);
      out->ok = true;
      return true;
    }
  }

  // An exponent: e9, E+09, \text{e}15, × 10^9, \times 10^{9}, *10**9, ·10⁹.
  size_t k = i;
  bool have_exp = false;
  char at = k < n ? text[k] : '\0';
  // (Most numbers have no exponent: the marker list is not walked then.)
  if (at == 'e' || at == 'E' || at == '\\')
  for (std::string_view marker : kExponentMarkers) {
    if (!StartsWith(text, k, marker)) continue;
    size_t j = k + marker.size();
    bool negative = false;
    if (j < n && (text[j] == '+' || text[j] == '-')) negative = text[j++] == '-';
    if (j >= n || !IsDigit(text[j])) break;
    long value = 0;
    for (; j < n && IsDigit(text[j]); ++j) {
      if (value <= kMaxReadExponent) value = value * 10 + (text[j] - '0');
    }
    if (value > kMaxReadExponent) overflow = true;
    exponent = negative ? -value : value;
    out->end = j;
    have_exp = true;
    break;
  }
  if (!have_exp) {
    size_t j = SkipSpaces(text, k);
    size_t op = 0;
    char o = j < n ? text[j] : '\0';
    bool may_op = o == '\\' || o == '\xC3' || o == '\xC2' || o == '\xE2' || o == 'x' || o == 'X' || o == '*' ||
                  (o == 't' && j > k);
    // "times" is Typst's \times ("1.33 times 10^14"), after a space only.
    // The operators' first bytes differ but for the two commands: the one
    // operator that can match is tried alone.
    if (may_op) {
      std::string_view t;
      switch (o) {
        case '\\': t = StartsWith(text, j, "\\times") ? "\\times" : "\\cdot"; break;
        case '\xC3': t = "\xC3\x97"; break;
        case '\xC2': t = "\xC2\xB7"; break;
        case '\xE2': t = "\xE2\x8B\x85"; break;
        case 't': t = "times "; break;
        default: t = std::string_view(&text[j], 1); break;  // x, X, *
      }
      if (StartsWith(text, j, t)) {
        op = t.size();
        // \times must not run into a longer command (\timesx is not a thing,
        // but \cdots is).
        if (t[0] == '\\' && j + op < n && IsAsciiAlpha(text[j + op])) op = 0;
      }
    }
    if (op) {
      j = SkipSpaces(text, j + op);
      if (StartsWith(text, j, "10") && !(j + 2 < n && IsDigit(text[j + 2]))) {
        long e = 0;
        bool ovf = false;
        size_t end = ReadPowerExponent(text, j + 2, &e, &ovf);
        if (end) {
          exponent = e;
          overflow = ovf;
          out->end = end;
          have_exp = true;
        }
      } else if (StartsWith(text, j, "1e") || StartsWith(text, j, "1E")) {
        // A power of ten written 1e12: "4.51 * 1e12".
        size_t d = j + 2;
        long e = 0;
        for (; d < n && IsDigit(text[d]); ++d)
          if (e <= kMaxReadExponent) e = e * 10 + (text[d] - '0');
        if (d > j + 2 && !(d < n && ((text[d] == '.' && d + 1 < n && IsDigit(text[d + 1])) || IsAsciiAlpha(text[d])))) {
          exponent = e;
          overflow = e > kMaxReadExponent;
          out->end = d;
          have_exp = true;
        }
      }
    }
  }
  out->scientific = have_exp;
  if (overflow) {
    out->error = "exponent out of range (|e| <= " + std::to_string(kMaxReadExponent) + ")";
    return true;
  }

  out->ok = true;
  if (!with_value) return true;
  Int mantissa;
  long scale = exponent - static_cast<long>(frac_digits);
  if (first_nz == kNone) {
    out->value = Exact(0);  // 0 * 10^scale
    return true;
  } else if (n_digits - first_nz <= 18) {
    // m holds the significant digits: the value in 64 bits when it fits.
    if (SetValue64(m, scale, out)) return true;
    mantissa = m;
  } else {
    // More than 18 significant digits: read them as a string, exactly.
    std::string digits;
    digits.reserve(n_digits - first_nz);
    size_t seen = 0;
    for (size_t d = pos; d < mantissa_end; ++d) {
      if (!IsDigit(text[d])) continue;
      if (seen++ >= first_nz) digits.push_back(text[d]);
    }
    mantissa = Int(digits);
  }
  if (scale == 0) {
    out->value = Exact(mantissa);
  } else {
    out->value = Exact(mantissa) * PowerOfTen(scale);
  }
  return true;
}

}  // namespace

bool ReadNumber(std::string_view text, size_t pos, NumberToken* out) {
  return ReadNumberImpl(text, pos, out, true, false);
}

bool ScanNumber(std::string_view text, size_t pos, NumberToken* out) {
  return ReadNumberImpl(text, pos, out, false, false);
}

bool ReadNumberGeneral(std::string_view text, size_t pos, NumberToken* out) {
  return ReadNumberImpl(text, pos, out, true, true);
}

}  // namespace grader
