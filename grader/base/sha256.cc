#include "grader/base/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace grader {
namespace {

[[noreturn]] void Fail(const char* what) { throw std::runtime_error(std::string("SHA-256 (OpenSSL): ") + what + " failed"); }

EVP_MD_CTX* NewContext() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx) Fail("EVP_MD_CTX_new");
  return ctx;
}

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * N);
  for (uint8_t byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

}  // namespace

void Sha256::FreeContext::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(NewContext()) {
  if (EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) Fail("EVP_DigestInit_ex");
}

Sha256::Sha256(const Sha256& other) : ctx_(NewContext()) {
  if (EVP_MD_CTX_copy_ex(ctx_.get(), other.ctx_.get()) != 1) Fail("EVP_MD_CTX_copy_ex");
}

Sha256& Sha256::operator=(const Sha256& other) {
  if (this != &other && EVP_MD_CTX_copy_ex(ctx_.get(), other.ctx_.get()) != 1) Fail("EVP_MD_CTX_copy_ex");
  return *this;
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) Fail("EVP_DigestUpdate");
}

std::array<uint8_t, 32> Sha256::Digest() {
  std::array<uint8_t, 32> out;
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &size) != 1 || size != out.size()) Fail("EVP_DigestFinal_ex");
  return out;
}

std::string Sha256::HexDigest() { return Hex(Digest()); }

std::string Sha256Hex(std::string_view bytes) {
  std::array<uint8_t, 32> digest;
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != digest.size())
    Fail("EVP_Digest");
  return Hex(digest);
}

}  // namespace grader
