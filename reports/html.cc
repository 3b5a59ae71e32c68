#include "reports/html.h"

#include <cstdint>

#include "grader/base/utf8.h"

namespace grader {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Cleans the character at text[i] that is not plain printable ASCII (CR and
// CRLF -> `newline`, controls and invalid bytes -> U+FFFD), appending the
// result to *out; returns the index after it.
size_t CleanOne(std::string_view text, size_t i, std::string* out, char newline) {
  char32_t cp = 0;
  size_t n = Utf8Decode(text, i, &cp);
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
