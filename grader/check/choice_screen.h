// Literal screens of the "choice" check: cheap tests that tell one of its
// fixed cue patterns cannot match a piece of text, so that the RE2 search
// (mostly set-up on a short clause) is skipped. Exposed for the tests, which
// hold each screen against its pattern.
#pragma once

#include <string_view>

namespace grader {

enum class ChoiceCue { kNegation, kContrast, kLargest, kSmallest, kClauseBreak, kThan, kExceeds };

// False only when the cue's pattern has no match in `text`.
bool ChoiceCueMayMatch(ChoiceCue cue, std::string_view text);
// Whether the cue's pattern matches somewhere in `text` (the RE2 search).
bool ChoiceCueMatches(ChoiceCue cue, std::string_view text);

}  // namespace grader
