#include "grader/base/utf8.h"

namespace grader {

size_t Utf8Length(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  const unsigned char c = p[i];
  auto cont = [&](size_t k) { return i + k < n && IsUtf8Continuation(p[i + k]); };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;  // C0, C1: overlong
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[i + 1] < 0xA0) return 0;   // overlong (below U+0800)
    if (c == 0xED && p[i + 1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[i + 1] < 0x90) return 0;   // overlong (below U+10000)
    if (c == 0xF4 && p[i + 1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // ASCII, a continuation byte, C0, C1 or F5..FF
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  size_t copied = 0;  // s[0, copied) is in `out`
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else if (size_t len = Utf8Length(s, i)) {
      i += len;
    } else {
      out.append(s, copied, i - copied);
      out += "\xEF\xBF\xBD";
      copied = ++i;
    }
  }
  if (copied == 0) return std::string(s);
  out.append(s, copied);
  return out;
}

size_t Utf8CutPoint(std::string_view s, size_t n) {
  if (n >= s.size()) return s.size();
  // A sequence holding s[n] after its first byte starts 1 to 3 bytes before.
  for (size_t back = 1; back <= 3 && back <= n; ++back)
    if (Utf8Length(s, n - back) > back) return n - back;
  return n;
}

size_t Utf8Decode(std::string_view s, size_t i, char32_t* code_point) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *code_point = b;
    return 1;
  }
  size_t n = Utf8Length(s, i);
  if (n == 0) return 0;
  char32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *code_point = cp;
  return n;
}

}  // namespace grader
