// Small text helpers with no domain knowledge.
//
//   IsAsciiSpace('\v')     // true
//   Trim("  a b \r\n")     // "a b"
#ifndef GRADER_BASE_TEXT_H_
#define GRADER_BASE_TEXT_H_

#include <string>
#include <string_view>

namespace grader {

// ' ', '\t', '\n', '\v', '\f', '\r': what std::isspace accepts in the "C"
// locale, whatever the locale. Not U+00A0 or other Unicode spaces.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Returns `s` without IsAsciiSpace characters at either end.
std::string Trim(std::string_view s);

}  // namespace grader

#endif  // GRADER_BASE_TEXT_H_
