// FNV-1a, 64-bit (Fowler, Noll and Vo): a fast non-cryptographic hash whose
// values are the same on every machine. Content versions (ContentHash in
// grader/rubric/rubric.cc), problem-variant seeds (reference/problem.cc) and
// bootstrap seeds (reports/stats.cc) are FNV-1a values: a change here
// changes every recorded version and variant. For names that must not
// collide, use SHA-256 (grader/base/sha256.h).
//
//   Fnv1a64("")     // 0xcbf29ce484222325 (the offset basis)
//   Fnv1a64("a")    // 0xaf63dc4c8601ec8c
//   uint64_t h = kFnv1a64Offset;
//   for (char c : s) h = Fnv1a64Step(h, c);  // == Fnv1a64(s)
#ifndef GRADER_BASE_HASH_H_
#define GRADER_BASE_HASH_H_

#include <cstdint>
#include <string_view>

namespace grader {

inline constexpr uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnv1a64Prime = 0x100000001b3ULL;

// One byte more: h' = (h xor byte) * prime.
constexpr uint64_t Fnv1a64Step(uint64_t h, unsigned char byte) { return (h ^ byte) * kFnv1a64Prime; }

// FNV-1a of `bytes`, starting from `basis` (the standard offset basis unless
// a second, independent hash is wanted).
constexpr uint64_t Fnv1a64(std::string_view bytes, uint64_t basis = kFnv1a64Offset) {
  uint64_t h = basis;
  for (char c : bytes) h = Fnv1a64Step(h, static_cast<unsigned char>(c));
  return h;
}

}  // namespace grader

#endif  // GRADER_BASE_HASH_H_
