// FNV-1a 64 (grader/base/hash.h) against the published test vectors and the
// values the versions and seeds depend on.
#include "grader/base/hash.h"

#include <catch2/catch.hpp>
#include <string>

namespace grader {
namespace {

TEST_CASE("Fnv1a64 matches the FNV-1a 64-bit test vectors", "[base][hash]") {
  struct Case {
    std::string bytes;
    uint64_t basis;
    uint64_t hash;
  };
  constexpr uint64_t kSecond = kFnv1a64SecondBasis;
  static_assert(kSecond == 0x84222325cbf29ce4ULL);  // recorded versions depend on it
  const Case cases[] = {
      {"", kFnv1a64Offset, 0xcbf29ce484222325ULL},
      {"a", kFnv1a64Offset, 0xaf63dc4c8601ec8cULL},
      {"foobar", kFnv1a64Offset, 0x85944171f73967e8ULL},
      {"model-one", kFnv1a64Offset, 0x916a3b7e54a36e7fULL},
      {"caf\xC3\xA9", kFnv1a64Offset, 0x48e8823acfa40d89ULL},    // bytes, not characters
      {std::string("\xFF\0", 2), kFnv1a64Offset, 0x0a99a607b6f60beaULL},  // high bytes unsigned; NUL hashed
      {"", kSecond, kSecond},
      {"a", kSecond, 0x789e3e398d3ff5ffULL},
      {"foobar", kSecond, 0x1af21521be519bf9ULL},
  };
  for (const Case& c : cases) {
    INFO(c.bytes);
    CHECK(Fnv1a64(c.bytes, c.basis) == c.hash);
  }
}

TEST_CASE("Fnv1a64Step byte by byte equals Fnv1a64", "[base][hash]") {
  std::string s = "The quick brown fox \xE2\x89\x88 \xFF";
  uint64_t h = kFnv1a64Offset;
  for (char c : s) h = Fnv1a64Step(h, static_cast<unsigned char>(c));
  CHECK(h == Fnv1a64(s));
  static_assert(Fnv1a64("foobar") == 0x85944171f73967e8ULL);
  static_assert(kFnv1a64Prime == 0x100000001b3ULL);
}

TEST_CASE("Fnv1a128Hex is the two FNV-1a hashes in hex, first basis first", "[base][hash]") {
  CHECK(Fnv1a128Hex("") == "cbf29ce48422232584222325cbf29ce4");
  CHECK(Fnv1a128Hex("a") == "af63dc4c8601ec8c789e3e398d3ff5ff");
  CHECK(Fnv1a128Hex("foobar") == "85944171f73967e81af21521be519bf9");
  static_assert(Fnv1a128("foobar").first == 0x85944171f73967e8ULL);
  static_assert(Fnv1a128("foobar").second == 0x1af21521be519bf9ULL);
  // Leading zero digits are kept: 32 characters for every input.
  for (const char* s : {"x", "model-one", "caf\xC3\xA9", "\xFF"}) {
    const std::string hex = Fnv1a128Hex(s);
    CHECK(hex.size() == 32);
    CHECK(std::stoull(hex.substr(0, 16), nullptr, 16) == Fnv1a64(s));
    CHECK(std::stoull(hex.substr(16), nullptr, 16) == Fnv1a64(s, kFnv1a64SecondBasis));
  }
}

TEST_CASE("Fnv1a128 in rounds of eight bytes equals the byte-by-byte hashes at every length", "[base][hash]") {
  // Lengths 0..40 cross the eight-byte rounds and the tail; bytes above 0x7F
  // and NUL included.
  std::string s;
  for (int i = 0; i < 41; ++i) {
    const Fnv1aPair h = Fnv1a128(s);
    INFO(s.size());
    CHECK(h.first == Fnv1a64(s));
    CHECK(h.second == Fnv1a64(s, kFnv1a64SecondBasis));
    s.push_back(static_cast<char>((i * 97 + 13) & 0xFF));
  }
  // A whole corpus-sized text, and a known value of 9 bytes (one round and
  // a tail).
  const std::string big(70001, '\xE5');
  CHECK(Fnv1a128(big).first == Fnv1a64(big));
  CHECK(Fnv1a128(big).second == Fnv1a64(big, kFnv1a64SecondBasis));
  static_assert(Fnv1a128("foobarbaz").first == Fnv1a64("foobarbaz"));
  static_assert(Fnv1a128("foobarbaz").second == Fnv1a64("foobarbaz", kFnv1a64SecondBasis));
}

}  // namespace
}  // namespace grader
