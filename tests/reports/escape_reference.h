// Byte-at-a-time readings of what the report escapers must produce, written
// plainly to check the fast ones against (reports/html.cc and
// reports/json_writer.cc skip 16-byte blocks): the HTML tests, the JSON
// writer tests and the escape fuzz target share them.
//
//   CleanReference("a\r\nb\x01")   // "a\nb\uFFFD" (as UTF-8)
//   HtmlReference(CleanReference(s)) == HtmlEscape(s)
//   JsonStringReference(s)           // "\"...\"", as AppendJsonString appends it
#ifndef GRADER_TESTS_REPORTS_ESCAPE_REFERENCE_H_
#define GRADER_TESTS_REPORTS_ESCAPE_REFERENCE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "grader/base/utf8.h"

namespace grader::testing {

// CleanText: invalid UTF-8 and controls other than tab and newline become
// U+FFFD, CR LF and a lone CR become LF.
inline std::string CleanReference(std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size();) {
    char32_t cp = 0;
    const size_t n = Utf8Decode(t, i, &cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += 1;
    } else if (cp == '\r') {
      out += '\n';
      i += (i + 1 < t.size() && t[i + 1] == '\n') ? 2 : 1;
    } else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
      out += "\xEF\xBF\xBD";
      i += n;
    } else {
      out.append(t.substr(i, n));
      i += n;
    }
  }
  return out;
}

// HtmlEscape of a clean text: the five characters as entities.
inline std::string HtmlReference(std::string_view clean) {
  std::string out;
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// AppendJsonString: quoted, invalid UTF-8 as U+FFFD, '"' '\' and controls
// escaped (DEL kept).
inline std::string JsonStringReference(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8Length(s, i);
      out += n == 0 ? std::string("\xEF\xBF\xBD") : std::string(s.substr(i, n));
      i += n == 0 ? 1 : n;
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
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_REPORTS_ESCAPE_REFERENCE_H_
