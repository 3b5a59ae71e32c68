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

// What one line is to FindSection.
struct SectionLine {
  bool mark = false;     // it counts: a heading, a problem's line or our bare name
  bool heading = false;  // a Markdown/Typst heading
  int level = 0;         // its level (1 for "#"/"="); 0 when not a heading
  bool keyword = false;  // "Problem ...", "#problem(...)"
  bool ours = false;     // names our problem
  bool problem = false;  // names some problem
};
// Reads one line (`keys`: our names' NameKeys, at least 4 bytes each;
// `key`: a buffer for the line's NameKey). With `screen`, lines that cannot
// be a heading or a problem's line are told apart by their first bytes
// before any classifying; without, every line FindSection reads (one that
// starts with a heading's or a keyword's first byte, or is at most 64 bytes
// from its first byte that is not a blank) is classified in full: the
// answer is the same (the tests compare the two).
SectionLine ReadSectionLine(std::string_view line, const std::vector<std::string>& keys, bool screen,
                            std::string* key);

}  // namespace grader

#endif  // GRADER_EXTRACT_SECTION_IDENTIFIER_H_
