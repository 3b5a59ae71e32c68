// Finding the line breaks of a text 32 bytes at a time (SSE2), for
// LineIndex (span.cc) and the Document's line list (document.cc): byte
// compares per block and a bit per '\n', not a memchr call per line. The
// offsets are gathered in a small buffer and handed over in batches, so the
// scanning loop keeps its state in registers.
//
//   ForEachNewlineBatch(text, [&](const size_t* at, size_t count) { ... });
//   // at[0..count): offsets of '\n', ascending; batches come in order
#ifndef GRADER_EXTRACT_LINE_STARTS_H_
#define GRADER_EXTRACT_LINE_STARTS_H_

#include <cstddef>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace grader {

template <typename Sink>
inline void ForEachNewlineBatch(std::string_view text, Sink sink) {
  const char* const p = text.data();
  const size_t n = text.size();
  size_t buf[64];
  // k is at most 64: at most 32 before a 32-byte step, which adds at most
  // 32 (a flush follows once past 32); the last 16-byte block and the tail
  // add at most 16 + 15 to at most 32.
  size_t k = 0;
  size_t j = 0;
#ifdef __SSE2__
  const __m128i nl = _mm_set1_epi8('\n');
  auto block = [&](size_t at) {
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)), nl)));
  };
  for (; j + 32 <= n; j += 32) {
    unsigned mask = block(j) | block(j + 16) << 16;
    while (mask != 0) {
      buf[k++] = j + static_cast<size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
    }
    if (k > 32) {
      sink(static_cast<const size_t*>(buf), k);
      k = 0;
    }
  }
  if (j + 16 <= n) {
    unsigned mask = block(j);
    while (mask != 0) {
      buf[k++] = j + static_cast<size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
    }
    j += 16;
  }
#else
  for (; j + 32 <= n; j += 32) {
    for (size_t i = j; i < j + 32; ++i)
      if (p[i] == '\n') buf[k++] = i;
    if (k > 32) {
      sink(static_cast<const size_t*>(buf), k);
      k = 0;
    }
  }
#endif
  for (; j < n; ++j)
    if (p[j] == '\n') buf[k++] = j;
  if (k > 0) sink(static_cast<const size_t*>(buf), k);
}

}  // namespace grader

#endif  // GRADER_EXTRACT_LINE_STARTS_H_
