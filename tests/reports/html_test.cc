#include "reports/html.h"

#include <catch2/catch.hpp>
#include <vector>

#include "grader/base/utf8.h"
#include "tests/reports/escape_reference.h"

namespace grader {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST_CASE("CleanText keeps valid UTF-8 and replaces control characters and bad bytes", "[reports][html]") {
  struct Case { std::string in, out; };
  const Case cases[] = {
      {"plain", "plain"},
      {"tab\tnewline\n", "tab\tnewline\n"},
      {"crlf\r\nlone\rcr", "crlf\nlone\ncr"},
      {std::string("nul\0x", 5), "nul" + kFffd + "x"},
      {"bell\x07 esc\x1b del\x7f", "bell" + kFffd + " esc" + kFffd + " del" + kFffd},
      {"c1 \xC2\x85 next", "c1 " + kFffd + " next"},           // U+0085 NEL
      {"caf\xC3\xA9 \xE2\x89\x88 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x89\x88 \xF0\x9F\x98\x80"},
      {"bad \xFF end", "bad " + kFffd + " end"},
      {"overlong \xC0\xAF", "overlong " + kFffd + kFffd},
      {"surrogate \xED\xA0\x80", "surrogate " + kFffd + kFffd + kFffd},
      {"truncated \xE2\x89", "truncated " + kFffd + kFffd},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(CleanText(c.in) == c.out);
  }
}

TEST_CASE("HtmlEscape escapes the five characters and cleans the text", "[reports][html]") {
  struct Case { std::string in, out; };
  const Case cases[] = {
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"},
      {"&amp;", "&amp;amp;"},
      {"x\x01y", "x" + kFffd + "y"},
      {"", ""},
  };
  for (const Case& c : cases) CHECK(HtmlEscape(c.in) == c.out);
}

TEST_CASE("MarkdownEscape backslash-escapes markup and flattens lines", "[reports][html]") {
  struct Case { std::string in, out; };
  const Case cases[] = {
      {"a_b *c* <d>", "a\\_b \\*c\\* \\<d\\>"},
      {"<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"},
      {"[link](http://x) ![img](y)", "\\[link\\](http://x) \\!\\[img\\](y)"},
      {"cell | cell", "cell \\| cell"},
      {"# heading\nnext", "\\# heading next"},
      {"`code` ~x~ &amp; \\", "\\`code\\` \\~x\\~ \\&amp; \\\\"},
      {"1,024 = 2^10", "1,024 = 2^10"},
  };
  for (const Case& c : cases) CHECK(MarkdownEscape(c.in) == c.out);
}


}  // namespace
}  // namespace grader

namespace grader {
namespace {

// The escapers clean and escape in one pass; they must equal cleaning first
// and escaping the clean text, on any bytes.
TEST_CASE("HtmlEscape and MarkdownEscape equal CleanText then escaping, on random bytes", "[reports][html]") {
  auto md_ref = [](const std::string& clean) {
    std::string out;
    for (char c : clean) {
      if (c == '\n' || c == '\t') {
        out += ' ';
        continue;
      }
      if (std::string_view("\\`*_[]<>|~&#!").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
    return out;
  };
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const std::string alphabet = "ab <>&\"'\\`*_|#!\t\r\n\x01\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xed\xa0\x80";
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    size_t len = next() % 24;
    for (size_t k = 0; k < len; ++k)
      s += (next() % 3 == 0) ? static_cast<char>(next() & 0xFF) : alphabet[next() % alphabet.size()];
    INFO("round " << round);
    CHECK(HtmlEscape(s) == testing::HtmlReference(CleanText(s)));
    CHECK(MarkdownEscape(s) == md_ref(CleanText(s)));
  }
}

// The escapers skip 16-byte blocks of plain text at a time: on long strings
// with the special bytes at every offset of a block, they must equal a
// byte-at-a-time reading (CleanText included, which shares the skipping).
TEST_CASE("CleanText and HtmlEscape equal a byte-at-a-time reading on long mixed strings", "[reports][html]") {
  using testing::CleanReference;
  using testing::HtmlReference;
  uint64_t state = 987654321;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const std::vector<std::string> pieces = {"<", "&", "\"", "'", ">", "\t", "\n", "\r\n", "\r", "\x01", "\x7f",
                                           "\xc2\x85" /* U+0085, a C1 control */, "\xc3\xa9", "\xe4\xb8\xad",
                                           "\xf0\x9f\x98\x80", "\xff", "\xe4\xb8", "\xed\xa0\x80", "~"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const size_t parts = next() % 12;
    for (size_t k = 0; k < parts; ++k) {
      s.append(next() % 40, static_cast<char>('a' + next() % 26));  // a run of plain text, 0-39 bytes
      s += pieces[next() % pieces.size()];
    }
    s.append(next() % 20, 'z');
    INFO("round " << round << ": " << s.size() << " bytes");
    const std::string clean = CleanReference(s);
    REQUIRE(CleanText(s) == clean);
    REQUIRE(HtmlEscape(s) == HtmlReference(clean));
    std::string appended = "kept<";
    AppendHtmlEscaped(&appended, s);
    REQUIRE(appended == "kept<" + HtmlReference(clean));
  }
}

}  // namespace
}  // namespace grader
