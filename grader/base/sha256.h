// SHA-256 (FIPS 180-4), self-contained: the LLM cache names its entries by
// the digest of a canonical request, so a rerun finds them again and no two
// different requests share a file.
//
//   Sha256Hex("abc")  // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//
//   Sha256 h;             // incremental form
//   h.Update("a"); h.Update("bc");
//   h.HexDigest();        // same as above
#ifndef GRADER_BASE_SHA256_H_
#define GRADER_BASE_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace grader {

class Sha256 {
 public:
  Sha256();
  // Appends bytes to the message. Must not be called after Digest().
  void Update(std::string_view bytes);
  // Finishes the message and returns the 32-byte digest; call once.
  std::array<uint8_t, 32> Digest();
  // Returns Digest() as 64 lowercase hex digits.
  std::string HexDigest();

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // message length in bytes
};

// Returns the SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace grader

#endif  // GRADER_BASE_SHA256_H_
