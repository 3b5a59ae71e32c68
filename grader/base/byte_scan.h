// Skipping runs of bytes that need no work, 16 at a time. The escapers of
// the reports (HTML, JSON) copy most of a response unchanged; they screen
// 16-byte blocks with SSE2 compares and look at a flagged byte alone.
//
//   size_t j = SkipUnflagged(text, i, [](__m128i b) { return FlagOutsidePrintable(b); });
//   // every byte of text[i, j) is unflagged; text[j] is flagged, or fewer
//   // than 16 bytes are left from j
//
// A screen must flag every byte its caller treats specially; it may flag
// more (those are handled a byte at a time). Without SSE2 nothing is skipped.
#ifndef GRADER_BASE_BYTE_SCAN_H_
#define GRADER_BASE_BYTE_SCAN_H_

#include <cstddef>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace grader {

#ifdef __SSE2__
// Flags bytes below 0x20, DEL and every byte from 0x80 (signed compares:
// those bytes are negative).
inline __m128i FlagOutsidePrintable(__m128i block) {
  return _mm_or_si128(_mm_cmplt_epi8(block, _mm_set1_epi8(0x20)), _mm_cmpgt_epi8(block, _mm_set1_epi8(0x7E)));
}

template <typename Screen>
inline size_t SkipUnflagged(std::string_view text, size_t j, Screen screen) {
  while (j + 16 <= text.size()) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + j));
    const int mask = _mm_movemask_epi8(screen(block));
    if (mask != 0) return j + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    j += 16;
  }
  return j;
}
#endif

}  // namespace grader

#endif  // GRADER_BASE_BYTE_SCAN_H_
