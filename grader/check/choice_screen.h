// Literal screens of the "choice" check: cheap tests that tell one of its
// fixed cue patterns cannot match a piece of text, so that the RE2 search
// (mostly set-up on a short clause) is skipped. Exposed for the tests, which
// hold each screen against its pattern.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

enum class ChoiceCue { kNegation, kContrast, kLargest, kSmallest, kClauseBreak, kThan, kExceeds, kTimes, kPercent, kComparative };

// False only when the cue's pattern has no match in `text`.
bool ChoiceCueMayMatch(ChoiceCue cue, std::string_view text);
// Whether the cue's pattern matches somewhere in `text` (the RE2 search).
bool ChoiceCueMatches(ChoiceCue cue, std::string_view text);

// A match of a cue pattern: [b, e) and its groups 1 and 2 ("" when unset).
struct ChoiceCueHit {
  size_t b, e;
  std::string g1, g2;
  bool operator==(const ChoiceCueHit& o) const { return b == o.b && e == o.e && g1 == o.g1 && g2 == o.g2; }
};
// Every match of the cue's pattern in `text`, in order, as the check finds
// them (the contrast, "than", comparative, "exceeds", largest and smallest
// cues by hand, without RE2) and as RE2 finds them.
std::vector<ChoiceCueHit> ChoiceCueHitsByHand(ChoiceCue cue, std::string_view text);
std::vector<ChoiceCueHit> ChoiceCueHitsRe2(ChoiceCue cue, std::string_view text);

}  // namespace grader
