// UTF-8: the one decoder every layer uses.
//
// "Valid" is the Unicode definition (RFC 3629; Unicode §3.9, table 3-7):
// no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates
// (ED A0..BF, i.e. U+D800..U+DFFF), nothing above U+10FFFF (F4 90..BF,
// F5..FF), no stray continuation bytes and no sequence cut short. Where
// text must be valid (JSON, HTML, CSV, quotes) each byte that is not part of
// a valid sequence becomes one U+FFFD, as document normalisation does.
//
//   Utf8Length("caf\xC3\xA9", 3)     // 2
//   Utf8Length("a", 0)               // 0: ASCII is not a multi-byte sequence
//   ValidUtf8("caf\xE9!")            // "caf\xEF\xBF\xBD!" (U+FFFD)
//   Utf8CutPoint("\xE6\x97\xA5", 2)  // 0: a cut at 2 would split the character
#ifndef GRADER_BASE_UTF8_H_
#define GRADER_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace grader {

// True for 10xxxxxx, the bytes after the first of a multi-byte sequence.
constexpr bool IsUtf8Continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Returns the length (2 to 4) of the valid multi-byte UTF-8 sequence starting
// at s[i], or 0 when there is none: an ASCII byte, or a stray, overlong,
// surrogate, too large or cut sequence. i < s.size().
size_t Utf8Length(std::string_view s, size_t i);

// Returns `s` with every byte that is not part of a valid UTF-8 sequence
// replaced by U+FFFD, as normalisation does: for response text that goes
// into JSON, HTML or CSV, which need valid UTF-8.
std::string ValidUtf8(std::string_view s);

// Returns the largest cut <= n that does not split a valid multi-byte
// sequence of `s` (n itself when it splits none, s.size() when n is past it),
// for cutting text to a byte budget.
size_t Utf8CutPoint(std::string_view s, size_t n);

// Decodes the character at s[i]: returns its length (1 for ASCII, 2 to 4)
// and sets *code_point, or returns 0 when no valid character starts there.
// i < s.size().
size_t Utf8Decode(std::string_view s, size_t i, char32_t* code_point);

}  // namespace grader

#endif  // GRADER_BASE_UTF8_H_
