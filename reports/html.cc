#include "reports/html.h"

#include <cstdint>
#include <type_traits>


#include "grader/base/byte_scan.h"
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

#ifdef __SSE2__
// Screens for 16-byte blocks (grader/base/byte_scan.h): every byte a table
// does not pass must be flagged (a flagged byte the table passes, such as a
// newline, is only looked at alone).
struct PlainScreen {  // CleanText: controls, DEL and non-ASCII
  __m128i operator()(__m128i block) const { return FlagOutsidePrintable(block); }
};
struct HtmlScreen {  // and & ' (0x26, 0x27), < > (0x3C, 0x3E), "
  __m128i operator()(__m128i block) const {
    const __m128i amp_apos = _mm_cmpeq_epi8(_mm_or_si128(block, _mm_set1_epi8(0x01)), _mm_set1_epi8(0x27));
    const __m128i lt_gt = _mm_cmpeq_epi8(_mm_or_si128(block, _mm_set1_epi8(0x02)), _mm_set1_epi8(0x3E));
    const __m128i quot = _mm_cmpeq_epi8(block, _mm_set1_epi8(0x22));
    return _mm_or_si128(FlagOutsidePrintable(block), _mm_or_si128(amp_apos, _mm_or_si128(lt_gt, quot)));
  }
};
#endif
struct NoScreen {};  // Markdown: a byte at a time (its pages hold no response text)

// Whether text[j..] starts a well-formed UTF-8 character that is not a C1
// control (CleanOne appends those as they are); returns its length, or 0.
inline size_t PassedUtf8(std::string_view text, size_t j) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[j + k]); };
  const unsigned char c = b(0);
  // The common cases inline: U+00A0-U+07FF and U+1000-U+CFFF, U+E000-U+FFFF.
  if (c >= 0xC2 && c <= 0xDF && j + 1 < text.size() && (b(1) & 0xC0) == 0x80 && (c > 0xC2 || b(1) >= 0xA0)) return 2;
  if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && j + 2 < text.size() && (b(1) & 0xC0) == 0x80 &&
      (b(2) & 0xC0) == 0x80)
    return 3;
  char32_t cp = 0;
  const size_t len = Utf8Decode(text, j, &cp);
  return len == 0 || cp <= 0x9F ? 0 : len;
}

// The length of the run of bytes from text[i] that are copied unchanged:
// bytes the table passes, and well-formed UTF-8 characters that are not C1
// controls.
template <typename Screen>
size_t SafeLength(std::string_view text, size_t i, const SafeTable& table, [[maybe_unused]] Screen screen) {
  const size_t n = text.size();
  size_t j = i;
  for (;;) {
#ifdef __SSE2__
    if constexpr (!std::is_same_v<Screen, NoScreen>) {
      j = SkipUnflagged(text, j, screen);
      if (j + 16 <= n && table.safe[static_cast<unsigned char>(text[j])]) {
        ++j;
        continue;
      }
    }
#endif
    while (j < n && table.safe[static_cast<unsigned char>(text[j])]) ++j;
    if (j == n || static_cast<unsigned char>(text[j]) < 0x80) return j - i;
    const size_t len = PassedUtf8(text, j);
    if (len == 0) return j - i;  // invalid, or a C1 control
    j += len;
  }
}

// Copies `text` a run of unchanged bytes at a time (most text is plain ASCII
// or well-formed UTF-8); every other byte goes to `other(text, i, &out)`,
// which appends its form and returns the index after it. One pass, however
// the characters are treated.
template <typename Screen, typename Other>
void CopyRuns(std::string_view text, const SafeTable& table, Screen screen, std::string* out, Other other) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t run = SafeLength(text, i, table, screen);
    out->append(text.data() + i, run);
    i += run;
    if (i == text.size()) break;
    i = other(text, i, out);
  }
}

template <typename Screen, typename Other>
std::string CopyRuns(std::string_view text, const SafeTable& table, Screen screen, Other other) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  CopyRuns(text, table, screen, &out, other);
  return out;
}

size_t HtmlOther(std::string_view t, size_t i, std::string* out) {
  switch (t[i]) {
    case '&': *out += "&amp;"; return i + 1;
    case '<': *out += "&lt;"; return i + 1;
    case '>': *out += "&gt;"; return i + 1;
    case '"': *out += "&quot;"; return i + 1;
    case '\'': *out += "&#39;"; return i + 1;
    default: return CleanOne(t, i, out, '\n');
  }
}

#ifdef __SSE2__
constexpr PlainScreen kPlainScreen;
constexpr HtmlScreen kHtmlScreen;
#else
constexpr NoScreen kPlainScreen, kHtmlScreen;
#endif

const SafeTable& HtmlTable() {
  static const SafeTable kSafe("&<>\"'", "\t\n");
  return kSafe;
}

}  // namespace

std::string CleanText(std::string_view text) {
  static const SafeTable kSafe("", "\t\n");
  return CopyRuns(text, kSafe, kPlainScreen, [](std::string_view t, size_t i, std::string* out) { return CleanOne(t, i, out, '\n'); });
}

// HtmlEscape and MarkdownEscape do CleanText's repairs and their escaping in
// the same pass (they run on every field of every feedback page).
std::string HtmlEscape(std::string_view text) { return CopyRuns(text, HtmlTable(), kHtmlScreen, HtmlOther); }

void AppendHtmlEscaped(std::string* out, std::string_view text) { CopyRuns(text, HtmlTable(), kHtmlScreen, out, HtmlOther); }

std::string MarkdownEscape(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&#!";
  static const SafeTable kSafe(kSpecial);
  return CopyRuns(text, kSafe, NoScreen{}, [](std::string_view t, size_t i, std::string* out) {
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
