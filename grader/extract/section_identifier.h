// The identifier test of FindSection (section.cc): whether a heading holds
// a problem name written as an identifier (snake_case, camelCase, in
// backticks or in brackets). Declared here for the tests, which compare the
// hand-read test with the regex.
#ifndef GRADER_EXTRACT_SECTION_IDENTIFIER_H_
#define GRADER_EXTRACT_SECTION_IDENTIFIER_H_

#include <string>
#include <string_view>
#include <vector>

namespace grader {

// The regex (RE2, a match anywhere in `s`).
bool HoldsIdentifierRegex(std::string_view s);
// The same answer read by hand; the regex answers when `s` holds a byte
// outside ASCII (RE2 counts UTF-8 characters) or a line break.
bool HoldsIdentifier(std::string_view s);

// True when NameKey(line) (section.h) is exactly one of `keys`, without
// building it: FindSection's test of a short line that may be a bare name.
bool KeyIsOneOf(std::string_view line, const std::vector<std::string>& keys);

}  // namespace grader

#endif  // GRADER_EXTRACT_SECTION_IDENTIFIER_H_
