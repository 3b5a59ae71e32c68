#include "reports/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "grader/base/byte_scan.h"
#include "grader/base/utf8.h"

namespace grader {

namespace {

// Bytes a JSON string holds as they are: printable ASCII and DEL, not '"'
// or '\\'.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

#ifdef __SSE2__
// Flags every byte a JSON string cannot hold as it is (and DEL, which it
// can: a flagged DEL only sends the string to the general path).
inline __m128i FlagEscaped(__m128i b) {
  return _mm_or_si128(FlagOutsidePrintable(b), _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('"')),
                                                            _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))));
}
#endif

// Appends [,]"s"[suffix] in one append when s is short and needs no
// escaping (keys, ids, statuses, most quotes: most strings of a results
// line); false, with nothing written, otherwise. From 16 bytes on, s is
// screened and copied in 16-byte blocks (the last one overlapping the one
// before), not a byte at a time.
bool AppendShortPlainAfter(std::string& out, bool comma, std::string_view s, char suffix) {
  constexpr size_t kMax = 64;
  const size_t n = s.size();
  if (n > kMax) return false;
  char buf[kMax + 4];
  size_t p = 0;
  if (comma) buf[p++] = ',';
  buf[p++] = '"';
#ifdef __SSE2__
  if (n >= 16) {
    const char* d = s.data();
    __m128i flags = _mm_setzero_si128();
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + j));
      flags = _mm_or_si128(flags, FlagEscaped(b));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(buf + p + j), b);
    }
    if (j < n) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + n - 16));
      flags = _mm_or_si128(flags, FlagEscaped(b));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(buf + p + n - 16), b);
    }
    if (_mm_movemask_epi8(flags) != 0) return false;
    p += n;
  } else
#endif
  {
    for (char c : s) {
      if (!kPlain[static_cast<unsigned char>(c)]) return false;
      buf[p++] = c;
    }
  }
  buf[p++] = '"';
  if (suffix) buf[p++] = suffix;
  out.append(buf, p);
  return true;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  if (AppendShortPlainAfter(out, false, s, 0)) return;
  static const char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t j = i;
#ifdef __SSE2__
    // Blocks of 16 with no control, '"', '\\' or byte from 0x7F (DEL is
    // plain, and only looked at alone); then a byte at a time.
    j = SkipUnflagged(s, j, FlagEscaped);
#endif
    while (j < s.size() && kPlain[static_cast<unsigned char>(s[j])]) ++j;
    out.append(s.data() + i, j - i);
    i = j;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    ++i;
  }
  out += '"';
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  first_ = true;
}

void JsonWriter::Close(char c) {
  out_ += c;
  first_ = false;
}

bool JsonWriter::SeparatorDue() {
  if (after_key_) {
    after_key_ = false;
    return false;
  }
  const bool comma = !first_;
  first_ = false;
  return comma;
}

void JsonWriter::Key(std::string_view key) {
  const bool comma = SeparatorDue();
  if (!AppendShortPlainAfter(out_, comma, key, ':')) {
    if (comma) out_ += ',';
    AppendJsonString(out_, key);
    out_ += ':';
  }
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  const bool comma = SeparatorDue();
  if (AppendShortPlainAfter(out_, comma, s, 0)) return;
  if (comma) out_ += ',';
  AppendJsonString(out_, s);
}

void JsonWriter::Int(long long x) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  out_.append(buf, r.ptr);
}

void JsonWriter::Number(double x) {
  Separate();
  if (!std::isfinite(x)) {
    out_ += "null";
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  out_.append(buf, r.ptr);
}

// std::to_chars writes the shortest digits that read back as x, fixed or
// scientific, whichever is shorter (fixed on a tie). For x the double nearest
// k / 10^6 with |x| < 1e9, two multiples of 10^-6 never round to one double
// (the spacing of doubles there is below 2^-22), so the shortest digits are
// k's without its trailing zeros; with a fraction and |x| >= 0.001, fixed is
// the shorter form (at most two zeros after the point). Anything else goes
// through Number.
void JsonWriter::Millionths(double x) {
  const double a = std::fabs(x);
  if (!(a >= 0.001 && a < 1e9)) return Number(x);
  const long long k = std::llround(x * 1e6);
  if (static_cast<double>(k) / 1e6 != x) return Number(x);
  const unsigned long long m = static_cast<unsigned long long>(k < 0 ? -k : k);
  unsigned long long frac = m % 1000000;
  if (frac == 0) return Number(x);
  Separate();
  char buf[40];
  char* p = buf;
  if (k < 0) *p++ = '-';
  p = std::to_chars(p, buf + sizeof buf, m / 1000000).ptr;
  *p++ = '.';
  int digits = 6;
  while (frac % 10 == 0) frac /= 10, --digits;
  for (int i = digits - 1; i >= 0; --i, frac /= 10) p[i] = static_cast<char>('0' + frac % 10);
  p += digits;
  out_.append(buf, p);
}

void JsonWriter::Bool(bool b) {
  Separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::Null() {
  Separate();
  out_ += "null";
}

void JsonWriter::Members(std::string_view written) {
  if (written.empty()) return;
  Separate();
  out_.append(written);
}

void JsonWriter::Json(const nlohmann::ordered_json& value) {
  Separate();
  out_ += value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace grader
