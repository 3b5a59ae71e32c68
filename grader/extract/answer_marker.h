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

// What a sentence holds of the three markers of RankAnswers: the end (in
// bytes from the start of `s`) of the first final-answer marker ("Final
// answer", "Answer:", "the result is", ...), whether it names a total, and
// the end of the first concluding phrase ("So", "Therefore", "which gives",
// ...); npos when absent.
struct Markers {
  size_t answer_end = std::string_view::npos;
  bool total = false;
  size_t conclusion_end = std::string_view::npos;
  friend bool operator==(const Markers&, const Markers&) = default;
};
// Read by hand, byte by byte (no automaton): what FindMarkersRe2 answers.
Markers FindMarkers(std::string_view s);
// Read with the RE2 patterns themselves (one RE2::Set pass, then the
// patterns present searched for their first match): the definition
// FindMarkers is tested against.
Markers FindMarkersRe2(std::string_view s);

}  // namespace grader

#endif  // GRADER_EXTRACT_ANSWER_MARKER_H_
