#include "reports/html.h"

#include <catch2/catch.hpp>

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
