// Trim and IsAsciiSpace (grader/base/text.h): the six ASCII spaces of the
// "C" locale, nothing else.
#include "grader/base/text.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <string>

namespace grader {
namespace {

TEST_CASE("IsAsciiSpace is std::isspace in the C locale", "[base][text]") {
  for (int c = 0; c < 256; ++c) {
    INFO(c);
    CHECK(IsAsciiSpace(static_cast<char>(c)) == (c < 128 && std::isspace(c) != 0));
  }
}

TEST_CASE("Trim removes ASCII whitespace at both ends only", "[base][text]") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"", ""},
      {"abc", "abc"},
      {"  abc  ", "abc"},
      {" \t\n\v\f\rabc\r\n", "abc"},
      {"a b\tc", "a b\tc"},                              // inside: kept
      {" \t \n ", ""},
      {"\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0"},          // U+00A0 is not ASCII space
      {std::string("\0x\0", 3), std::string("\0x\0", 3)},  // NUL is not a space
      {"\x1Fx\x1F", "\x1Fx\x1F"},                         // nor other controls
      {"  caf\xC3\xA9 ", "caf\xC3\xA9"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(Trim(c.in) == c.out);
  }
}

}  // namespace
}  // namespace grader
