// SHA-256 (FIPS 180-4), computed by OpenSSL's libcrypto (EVP, Debian's
// libssl-dev): the LLM cache names its entries by the digest of a canonical
// request, so a rerun finds them again and no two different requests share
// a file. OpenSSL's headers stay out of this one.
//
//   Sha256Hex("abc")  // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//
//   Sha256 h;             // incremental form
//   h.Update("a"); h.Update("bc");
//   h.HexDigest();        // same as above
//
// A failure inside libcrypto (out of memory, no SHA-256 provider) throws
// std::runtime_error.
#ifndef GRADER_BASE_SHA256_H_
#define GRADER_BASE_SHA256_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace grader {

class Sha256 {
 public:
  Sha256();
  // A copy continues from the same point independently.
  Sha256(const Sha256& other);
  Sha256& operator=(const Sha256& other);
  ~Sha256();
  // Appends bytes to the message. Must not be called after Digest().
  void Update(std::string_view bytes);
  // Finishes the message and returns the 32-byte digest; call once.
  std::array<uint8_t, 32> Digest();
  // Returns Digest() as 64 lowercase hex digits.
  std::string HexDigest();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> ctx_;
};

// Returns the SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace grader

#endif  // GRADER_BASE_SHA256_H_
