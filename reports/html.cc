#include "reports/html.h"

#include <cstdint>

namespace grader {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i] (1..4), or 0 when invalid
// (bad lead byte, truncated, overlong, surrogate or above U+10FFFF).
size_t SequenceLength(std::string_view text, size_t i, uint32_t* code_point) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t b = byte(i);
  if (b < 0x80) {
    *code_point = b;
    return 1;
  }
  size_t n;
  uint32_t cp;
  if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1F;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0F;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07;
  else return 0;
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  *code_point = cp;
  return n;
}

// Cleans the character at text[i] that is not plain printable ASCII (CR and
// CRLF -> `newline`, controls and invalid bytes -> U+FFFD), appending the
// result to *out; returns the index after it.
size_t CleanOne(std::string_view text, size_t i, std::string* out, char newline) {
  uint32_t cp = 0;
  size_t n = SequenceLength(text, i, &cp);
  if (n == 0) {
    *out += kReplacement;
    return i + 1;
  }
  if (cp == '\r' || cp == '\n') {
    *out += newline;
    return i + ((cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1);
  }
  bool control = (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F);
  if (control) *out += kReplacement;
  else out->append(text.substr(i, n));
  return i + n;
}

// Bytes copied as they are: printable ASCII minus `special`, plus `extra`.
struct SafeTable {
  bool safe[256] = {};
  explicit SafeTable(std::string_view special, std::string_view extra = "") {
    for (int c = 0x20; c < 0x7F; ++c) safe[c] = special.find(static_cast<char>(c)) == std::string_view::npos;
    for (char c : extra) safe[static_cast<unsigned char>(c)] = true;
  }
};

// Copies `text` a run of safe bytes at a time (most text is plain ASCII);
// every other byte goes to `other(text, i, &out)`, which appends its form and
// returns the index after it. One pass, however the characters are treated.
template <typename Other>
std::string CopyRuns(std::string_view text, const SafeTable& table, Other other) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && table.safe[static_cast<unsigned char>(text[j])]) ++j;
    out.append(text.data() + i, j - i);
    if (j == text.size()) break;
    i = other(text, j, &out);
  }
  return out;
}

}  // namespace

std::string CleanText(std::string_view text) {
  static const SafeTable kSafe("", "\t\n");
  return CopyRuns(text, kSafe, [](std::string_view t, size_t i, std::string* out) { return CleanOne(t, i, out, '\n'); });
}

// HtmlEscape and MarkdownEscape do CleanText's repairs and their escaping in
// the same pass (they run on every field of every feedback page).
std::string HtmlEscape(std::string_view text) {
  static const SafeTable kSafe("&<>\"'", "\t");
  return CopyRuns(text, kSafe, [](std::string_view t, size_t i, std::string* out) {
    switch (t[i]) {
      case '&': *out += "&amp;"; return i + 1;
      case '<': *out += "&lt;"; return i + 1;
      case '>': *out += "&gt;"; return i + 1;
      case '"': *out += "&quot;"; return i + 1;
      case '\'': *out += "&#39;"; return i + 1;
      default: return CleanOne(t, i, out, '\n');
    }
  });
}

std::string MarkdownEscape(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&#!";
  static const SafeTable kSafe(kSpecial);
  return CopyRuns(text, kSafe, [](std::string_view t, size_t i, std::string* out) {
    char c = t[i];
    if (kSpecial.find(c) != std::string_view::npos) {
      *out += '\\';
      *out += c;
      return i + 1;
    }
    if (c == '\t') {
      *out += ' ';
      return i + 1;
    }
    return CleanOne(t, i, out, ' ');
  });
}

}  // namespace grader
