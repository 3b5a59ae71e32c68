// The one UTF-8 decoder (grader/base/utf8.h): which sequences are valid at
// every edge of the Unicode table (overlong forms, surrogates, U+10FFFF), and
// what ValidUtf8 and Utf8CutPoint make of valid and broken text.
#include "grader/base/utf8.h"

#include <catch2/catch.hpp>
#include <string>

namespace grader {
namespace {

TEST_CASE("Utf8Length accepts exactly the valid multi-byte sequences", "[base][utf8]") {
  struct Case {
    std::string bytes;
    size_t length;  // of the sequence at bytes[0]; 0 = not a valid multi-byte sequence
  };
  const Case cases[] = {
      {"a", 0},                                      // ASCII is not multi-byte
      {std::string("\0", 1), 0},
      {"\x7F", 0},
      {"\xC2\x80", 2},                               // U+0080, the first 2-byte
      {"\xC3\xA9", 2},                               // é
      {"\xDF\xBF", 2},                               // U+07FF, the last 2-byte
      {"\xC0\x80", 0},                               // overlong NUL
      {"\xC1\xBF", 0},                               // overlong U+007F
      {"\xE0\xA0\x80", 3},                           // U+0800, the first 3-byte
      {"\xE0\x9F\xBF", 0},                           // overlong U+07FF
      {"\xE2\x89\x88", 3},                           // ≈
      {"\xED\x9F\xBF", 3},                           // U+D7FF, just below the surrogates
      {"\xED\xA0\x80", 0},                           // U+D800, a surrogate
      {"\xED\xBF\xBF", 0},                           // U+DFFF, a surrogate
      {"\xEE\x80\x80", 3},                           // U+E000, just above them
      {"\xEF\xBF\xBD", 3},                           // U+FFFD
      {"\xEF\xBF\xBF", 3},                           // U+FFFF (a noncharacter, but valid UTF-8)
      {"\xF0\x90\x80\x80", 4},                       // U+10000, the first 4-byte
      {"\xF0\x8F\xBF\xBF", 0},                       // overlong U+FFFF
      {"\xF0\x9F\x98\x80", 4},                       // 😀
      {"\xF4\x8F\xBF\xBF", 4},                       // U+10FFFF, the last code point
      {"\xF4\x90\x80\x80", 0},                       // U+110000
      {"\xF5\x80\x80\x80", 0},                       // lead bytes F5..FF never occur
      {"\xFF", 0},
      {"\x80", 0},                                   // a stray continuation byte
      {"\xBF\xBF", 0},
      {"\xC3", 0},                                   // cut: the text ends
      {"\xE2\x89", 0},
      {"\xF0\x9F\x98", 0},
      {"\xC3x", 0},                                  // cut: an ASCII byte follows
      {"\xE2\x89x", 0},
      {"\xE2x\x88", 0},
      {"\xF0\x9F\x98\xC3\xA9", 0},                   // cut: a new lead byte follows
      {"\xC3\xA9\xC3\xA9", 2},                       // only the first sequence counts
  };
  for (const Case& c : cases) {
    INFO("bytes of length " << c.bytes.size() << ", first " << static_cast<int>(static_cast<unsigned char>(c.bytes[0])));
    CHECK(Utf8Length(c.bytes, 0) == c.length);
  }
}

TEST_CASE("Utf8Length reads the sequence at an offset and stops at the end of the view", "[base][utf8]") {
  std::string s = "x\xC3\xA9y\xE2\x89\x88";
  CHECK(Utf8Length(s, 0) == 0);
  CHECK(Utf8Length(s, 1) == 2);
  CHECK(Utf8Length(s, 2) == 0);  // inside é
  CHECK(Utf8Length(s, 4) == 3);
  CHECK(Utf8Length(std::string_view(s).substr(0, 6), 4) == 0);  // ≈ cut by the view
}

TEST_CASE("IsUtf8Continuation is true for 10xxxxxx only", "[base][utf8]") {
  const std::pair<unsigned char, bool> cases[] = {
      {0x00, false}, {0x41, false}, {0x7F, false}, {0x80, true}, {0xA9, true},
      {0xBF, true},  {0xC0, false}, {0xC3, false}, {0xF4, false}, {0xFF, false},
  };
  for (auto [byte, expected] : cases) {
    INFO(static_cast<int>(byte));
    CHECK(IsUtf8Continuation(byte) == expected);
  }
}

TEST_CASE("ValidUtf8 replaces each byte that is not part of a valid sequence with U+FFFD", "[base][utf8]") {
  const std::string r = "\xEF\xBF\xBD";
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain", "plain"},
      {std::string("a\0b", 3), std::string("a\0b", 3)},          // NUL is valid UTF-8
      {"caf\xC3\xA9 \xE2\x89\x88 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x89\x88 \xF0\x9F\x98\x80"},
      {"caf\xE9!", "caf" + r + "!"},                             // Latin-1 é
      {"\xFF\xC3", r + r},
      {"\xC0\x80", r + r},                                       // overlong: both bytes
      {"\xED\xA0\x80", r + r + r},                               // surrogate: every byte
      {"\xF4\x90\x80\x80", r + r + r + r},                       // above U+10FFFF
      {"\xE2\x89x", r + r + "x"},                                // cut, then ASCII
      {"\xE2\x89\xC3\xA9", r + r + "\xC3\xA9"},                  // cut, then a valid sequence
      {"ok" + r, "ok" + r},                                      // U+FFFD itself is kept
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(ValidUtf8(c.in) == c.out);
  }
}

TEST_CASE("Utf8CutPoint moves a cut back to the start of the character it splits", "[base][utf8]") {
  const std::string text = "ab\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80z";  // a b é 日 😀 z
  struct Case {
    size_t n, cut;
  };
  const Case cases[] = {
      {0, 0},   {1, 1},   {2, 2},                       // ASCII: any cut
      {3, 2},   {4, 4},                                 // inside é, after é
      {5, 4},   {6, 4},   {7, 7},                       // inside 日, after it
      {8, 7},   {9, 7},   {10, 7},  {11, 11},           // inside 😀, after it
      {12, 12}, {13, 12}, {100, 12},                    // the end and past it
  };
  for (const Case& c : cases) {
    INFO("n = " << c.n);
    CHECK(Utf8CutPoint(text, c.n) == c.cut);
  }
  // Continuation bytes that belong to no valid sequence are cut anywhere.
  CHECK(Utf8CutPoint("ab\x80\x80\x80\x80", 4) == 4);
  CHECK(Utf8CutPoint("\xE2\x89x", 1) == 1);  // a cut sequence is not a character
}

}  // namespace
}  // namespace grader

TEST_CASE("Utf8Decode returns the length and code point of a valid character", "[base][utf8]") {
  struct Case {
    std::string text;
    size_t length;
    char32_t code_point;
  };
  const Case cases[] = {
      {"A", 1, U'A'},
      {"\n", 1, U'\n'},
      {"\xC2\x85", 2, U'\u0085'},             // NEL, a C1 control
      {"\xC3\xA9", 2, U'\u00E9'},             // é
      {"\xE6\x97\xA5", 3, U'\u65E5'},         // 日
      {"\xF0\x9F\x98\x80", 4, U'\U0001F600'},  // 😀
      {"\xF4\x8F\xBF\xBF", 4, U'\U0010FFFF'},
      {"\xC0\xAF", 0, 0},          // overlong
      {"\xED\xA0\x80", 0, 0},      // surrogate
      {"\xF4\x90\x80\x80", 0, 0},  // above U+10FFFF
      {"\xE6\x97", 0, 0},          // cut short
      {"\x80", 0, 0},              // stray continuation
  };
  for (const Case& c : cases) {
    INFO(c.text);
    char32_t cp = 0;
    CHECK(grader::Utf8Decode(c.text, 0, &cp) == c.length);
    if (c.length) CHECK(cp == c.code_point);
  }
}
