// The screen of RankAnswers (final_answer.cc): whether a sentence may hold a
// final-answer marker, a cheap superset of the markers' RE2::Set. Declared
// here for the tests, which compare the block screen with the byte loop.
#ifndef GRADER_EXTRACT_ANSWER_MARKER_H_
#define GRADER_EXTRACT_ANSWER_MARKER_H_

#include <cstddef>
#include <string_view>

namespace grader {

// True when a marker word may start at byte `from` or later: the byte loop.
bool MayHoldMarkerBytewise(std::string_view s, size_t from = 0);
// The same answer, screening 16 positions at a time on the first two bytes
// of the marker words (with SSE2; otherwise the byte loop).
bool MayHoldMarker(std::string_view s);

}  // namespace grader

#endif  // GRADER_EXTRACT_ANSWER_MARKER_H_
