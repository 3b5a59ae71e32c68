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
//   Fnv1a128Hex("a")  // "af63dc4c8601ec8c789e3e398d3ff5ff": rubric, problem
//                     // and response versions, 32 hex digits
#ifndef GRADER_BASE_HASH_H_
#define GRADER_BASE_HASH_H_

#include <cstdint>
#include <string>
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

// The second, independent offset basis of the 128-bit pair below (the
// standard basis with its halves swapped).
inline constexpr uint64_t kFnv1a64SecondBasis = 0x84222325cbf29ce4ULL;

// Two FNV-1a hashes of `bytes`, from the standard basis and from the second
// one, in one pass: what ContentHash (grader/rubric/rubric.h), a problem's
// definition hash and a rerun's fingerprint index are made of.
struct Fnv1aPair {
  uint64_t first = kFnv1a64Offset;
  uint64_t second = kFnv1a64SecondBasis;
};
// Eight bytes a round (a batch hashes every response whole): five
// instructions a byte instead of nine; the same values. `from`: the hashes
// of the bytes before (FNV-1a reads bytes in order, so pieces hashed one
// after another give the hashes of the pieces joined).
constexpr Fnv1aPair Fnv1a128(std::string_view bytes, Fnv1aPair from = {}) {
  uint64_t a = from.first, b = from.second;
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 8; n -= 8, p += 8) {
    for (int k = 0; k < 8; ++k) {
      const uint64_t c = static_cast<unsigned char>(p[k]);
      a = (a ^ c) * kFnv1a64Prime;
      b = (b ^ c) * kFnv1a64Prime;
    }
  }
  for (; n > 0; --n, ++p) {
    const uint64_t c = static_cast<unsigned char>(*p);
    a = (a ^ c) * kFnv1a64Prime;
    b = (b ^ c) * kFnv1a64Prime;
  }
  return {a, b};
}

// The pair as 32 lowercase hex digits, the first hash's then the second's.
inline std::string Fnv1aHex(Fnv1aPair h) {
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = "0123456789abcdef"[(h.first >> (4 * i)) & 15];
    out[31 - i] = "0123456789abcdef"[(h.second >> (4 * i)) & 15];
  }
  return out;
}

// Fnv1a128 as 32 lowercase hex digits.
inline std::string Fnv1a128Hex(std::string_view bytes) { return Fnv1aHex(Fnv1a128(bytes)); }

}  // namespace grader

#endif  // GRADER_BASE_HASH_H_
