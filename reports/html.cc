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

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // Plain printable ASCII (most text) is copied a run at a time.
    size_t j = i;
    while (j < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[j]);
      if (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n')) break;
      ++j;
    }
    out.append(text.data() + i, j - i);
    i = j;
    if (i == text.size()) break;
    uint32_t cp = 0;
    size_t n = SequenceLength(text, i, &cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == '\r') {
      out += '\n';
      i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
    if (control) out += kReplacement;
    else out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

namespace {

// Cleans the character at text[i] that is not plain printable ASCII the way
// CleanText does (CR and CRLF -> LF, controls and invalid bytes -> U+FFFD),
// appending the result to *out; returns the index after it.
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

// Bytes copied as they are: printable ASCII minus `special`.
struct SafeTable {
  bool safe[256] = {};
  SafeTable(std::string_view special) {
    for (int c = 0x20; c < 0x7F; ++c) safe[c] = special.find(static_cast<char>(c)) == std::string_view::npos;
  }
};

}  // namespace

// One pass each: CleanText's repairs and the escaping together (these run
// on every field of every feedback page).
std::string HtmlEscape(std::string_view text) {
  static const SafeTable kSafe("&<>\"'");
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && kSafe.safe[static_cast<unsigned char>(text[j])]) ++j;
    out.append(text.data() + i, j - i);
    i = j;
    if (i == text.size()) break;
    switch (text[i]) {
      case '&': out += "&amp;"; ++i; break;
      case '<': out += "&lt;"; ++i; break;
      case '>': out += "&gt;"; ++i; break;
      case '"': out += "&quot;"; ++i; break;
      case '\'': out += "&#39;"; ++i; break;
      case '\t': out += '\t'; ++i; break;
      default: i = CleanOne(text, i, &out, '\n');
    }
  }
  return out;
}

std::string MarkdownEscape(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&#!";
  static const SafeTable kSafe(kSpecial);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && kSafe.safe[static_cast<unsigned char>(text[j])]) ++j;
    out.append(text.data() + i, j - i);
    i = j;
    if (i == text.size()) break;
    char c = text[i];
    if (kSpecial.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
      ++i;
    } else if (c == '\t') {
      out += ' ';
      ++i;
    } else {
      i = CleanOne(text, i, &out, ' ');
    }
  }
  return out;
}

}  // namespace grader
