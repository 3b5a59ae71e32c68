// The label pattern of Segments (segment.cc): the regex, and the same match
// read by hand. Declared here for the tests, which compare the two.
//
// Groups, as RE2 numbers them: 0 the whole match, 1 keyword, 2 parenthesised
// main, 3 parenthesised sub, 4 bare main, 5 bare terminator, 6 bare sub, 7
// the first character after the label. A group that took no part in the
// match is a default string_view (data() == nullptr); the others view `line`.
#ifndef GRADER_EXTRACT_LABEL_MATCH_H_
#define GRADER_EXTRACT_LABEL_MATCH_H_

#include <string_view>

namespace grader {

constexpr int kLabelGroups = 8;

// The regex (RE2, anchored at the start of `line`).
bool MatchLabelRegex(std::string_view line, std::string_view g[kLabelGroups]);
// The same answer and groups: the pattern followed by hand in RE2's order of
// preference (leftmost-first, greedy), falling back to the regex when the
// character after the label is not ASCII (RE2's '.' reads UTF-8) or when the
// search runs long.
bool MatchLabel(std::string_view line, std::string_view g[kLabelGroups]);

}  // namespace grader

#endif  // GRADER_EXTRACT_LABEL_MATCH_H_
