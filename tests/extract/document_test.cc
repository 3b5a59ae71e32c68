#include "grader/extract/document.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "grader/base/utf8.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

TEST_CASE("Document::Quote of valid text cut inside a character still gives valid UTF-8", "[extract][document]") {
  Document doc("x \xC3\xA9t\xC3\xA9 y");  // "x été y": nothing to normalise
  CHECK(doc.text() == doc.original());
  CHECK(doc.Quote(doc.MakeSpan(2, 5)) == "\xC3\xA9t");
  CHECK(doc.Quote(doc.MakeSpan(2, 6)) == "\xC3\xA9t\xEF\xBF\xBD");  // ends after the first byte of é
  CHECK(doc.Quote(doc.MakeSpan(3, 5)) == "\xEF\xBF\xBDt");            // starts at the second byte of é
  CHECK(doc.Quote(doc.MakeSpan(0, 9)) == "x \xC3\xA9t\xC3\xA9 y");
}

TEST_CASE("Document normalises CRLF, NUL and invalid UTF-8 and maps spans back", "[extract][document]") {
  std::string raw = "Total: 8.5 GB.\r\nSo it";
  raw += '\0';
  raw += " fits \xFF here.";
  Document doc(raw);
  CHECK(doc.text() == "Total: 8.5 GB.\nSo it fits \xEF\xBF\xBD here.");
  REQUIRE(doc.diagnostics().size() == 2);
  CHECK(doc.diagnostics()[0].message == "1 NUL byte(s) removed");
  CHECK(doc.diagnostics()[0].span.Where() == "2:6");
  CHECK(doc.diagnostics()[1].message == "1 invalid UTF-8 byte(s) replaced by U+FFFD");
  CHECK(doc.diagnostics()[1].span.Where() == "2:13");
  size_t at = doc.text().find("fits");
  Span s = doc.MakeSpan(at, at + 4);
  CHECK(s.Where() == "2:8");
  CHECK(doc.Quote(s) == "fits");
  size_t here = doc.text().find("here");
  CHECK(doc.Quote(doc.MakeSpan(here, here + 4)) == "here");
  CHECK(doc.Quote(doc.MakeSpan(7, 13)) == "8.5 GB");
  // A quote over an invalid byte is still valid UTF-8 (results are JSON).
  size_t fits = doc.text().find("fits");
  CHECK(doc.Quote(doc.MakeSpan(fits, doc.text().size())) == "fits \xEF\xBF\xBD here.");
  CHECK(Document("a \xC3\x28 \xED\xA0\x80 \xE2\x82").Quote(Span{0, 11}) == "a \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("Document cuts sentences and list items", "[extract][document]") {
  Document doc(
      "SwiGLU dominates. Attention is second, e.g. at 1k tokens.\n"
      "- first item? yes\n"
      "1. numbered item\n"
      "```\ncode = 1\n```\n"
      "A long line that wraps because the PDF extractor broke it in the\n"
      "middle of a sentence.\n");
  std::vector<std::string> units;
  for (const TextUnit& u : doc.units()) units.push_back(std::string(doc.View(u.range)) + (u.list_item ? " [item]" : "") + (u.in_code ? " [code]" : ""));
  std::vector<std::string> want = {
      "SwiGLU dominates.",
      "Attention is second, e.g. at 1k tokens.",
      "- first item? [item]",
      "yes [item]",
      "1. numbered item [item]",
      "code = 1 [code]",
      "A long line that wraps because the PDF extractor broke it in the\nmiddle of a sentence.",
  };
  CHECK(units == want);
  REQUIRE(doc.code_blocks().size() == 1);
  CHECK(doc.InCode(doc.text().find("code =")));
}

TEST_CASE("Document finds a sentence end at every offset of a block", "[extract][document]") {
  // The sentence scan reads 16 bytes at a time and the last bytes of a block
  // through the 16 bytes ending there: ends placed at every offset from a
  // block's start, in blocks of every length around those sizes, after text
  // of every length (the blocks start anywhere in a 16-byte stretch).
  for (size_t lead = 0; lead < 18; ++lead)
    for (size_t len = 2; len < 40; ++len)
      for (size_t at = 0; at + 1 < len; ++at)
        for (char end : {'.', '?', '!'}) {
          // Block: `at` letters, the end mark, a space, the rest letters.
          std::string block = std::string(at, 'W') + end + " " + std::string(len - at - 1, 'Z');
          std::string text = (lead ? std::string(lead, 'Q') + "\n\n" : "") + block + "\n\nlast";
          Document doc(text);
          const size_t b = lead ? lead + 2 : 0;
          std::vector<std::pair<size_t, size_t>> got;
          for (const TextUnit& u : doc.units()) got.push_back({u.range.begin, u.range.end});
          std::vector<std::pair<size_t, size_t>> want;
          if (lead) want.push_back({0, lead});
          want.push_back({b, b + at + 1});
          want.push_back({b + at + 2, b + block.size()});
          want.push_back({text.size() - 4, text.size()});
          INFO(text);
          REQUIRE(got == want);
        }
}

// Every unit outside code is a list item exactly when the first line of its
// block starts with a list marker (the units are cut with a screen in front
// of the marker test).
void RequireListItemsAsMarkers(const std::string& text, size_t* units) {
  Document doc(text);
  const std::vector<Range>& lines = doc.lines();
  for (const TextUnit& u : doc.units()) {
    if (u.in_code) continue;
    auto line = std::lower_bound(lines.begin(), lines.end(), u.block, [](const Range& l, size_t o) { return l.end < o; });
    REQUIRE(line != lines.end());
    INFO(std::string(doc.View(*line)));
    REQUIRE(u.list_item == (ListMarkerLength(doc.View(*line)) > 0));
    ++*units;
  }
}

TEST_CASE("Document marks list items as ListMarkerLength does", "[extract][document]") {
  size_t units = 0;
  const std::vector<std::string> pieces = {"-", "*", "+", "**", "\xE2\x80\xA2", "\xE2", "(", ")", ".", "1", "12",
                                           "a", "iv", "x", "B", " ", "\t", "\n", "\n\n", "word", "#", "|", "?"};
  std::mt19937 rng(18);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    RequireListItemsAsMarkers(s, &units);
  }
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    RequireListItemsAsMarkers(text, &units);
  }
  CHECK(units > 25000);
}

TEST_CASE("ListMarkerLength recognises bullets and enumerators", "[extract][document]") {
  struct Case { const char* line; size_t len; };
  const Case cases[] = {{"- item", 2}, {"  * item", 4}, {"1. LoRA", 3}, {"(a) x", 4}, {"ii. y", 4},
                        {"a) z", 3},   {"**bold**", 0}, {"1.4e9 is", 0}, {"word", 0}};
  for (const Case& c : cases) {
    INFO(c.line);
    CHECK(ListMarkerLength(c.line) == c.len);
  }
}

TEST_CASE("Document text is the original when nothing needs normalising", "[extract][document]") {
  std::string plain = "Total: 8.5 GB \xE2\x89\x88 8.5e9 bytes.\nSo it fits.";
  Document doc(plain);
  CHECK(doc.text() == plain);
  CHECK(doc.View({7, 13}) == "8.5 GB");
  CHECK(doc.lines().size() == 2);
  Document copy = doc;
  CHECK(copy.text() == plain);
  Document crlf(plain + "\r\n");
  CHECK(crlf.text() == plain + "\n");
  CHECK(crlf.original() == plain + "\r\n");
}

// Normalise reads the commonest UTF-8 characters itself and the rest with
// Utf8Length: on random texts of valid and invalid sequences (overlong,
// surrogates, above U+10FFFF, cut at the end), the text is the original
// exactly when the original is valid UTF-8, and otherwise ValidUtf8's.
TEST_CASE("Document keeps valid UTF-8 and replaces invalid bytes as ValidUtf8 does", "[extract][document]") {
  const std::vector<std::string> pieces = {"a", " ", "\n", "\xC3\xA9", "\xC2\x80", "\xDF\xBF", "\xC0\xAF", "\xC1\xBF",
                                           "\xE0\xA0\x80", "\xE0\x80\x80", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xED\x9F\xBF",
                                           "\xED\xA0\x80", "\xEE\x80\x80", "\xEF\xBF\xBD", "\xE2\x89", "\xF0\x9F\x98\x80",
                                           "\xF0\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80", "\xFF",
                                           "\x80", "\xBF", "\xC3", "\xE2", "\xF0\x9F", std::string(20, 'x')};
  std::mt19937 rng(22);
  size_t kept = 0, replaced = 0;
  for (int round = 0; round < 50000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    const std::string want = ValidUtf8(text);
    Document doc(text);
    INFO(round);
    REQUIRE(doc.text() == want);
    (want == text ? kept : replaced)++;
  }
  CHECK(kept > 5000);
  CHECK(replaced > 5000);
}

TEST_CASE("ValidUtf8 replaces each byte that is not UTF-8 and keeps the rest", "[document]") {
  CHECK(ValidUtf8("plain") == "plain");
  CHECK(ValidUtf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(ValidUtf8("caf\xE9!") == "caf\xEF\xBF\xBD!");
  CHECK(ValidUtf8("\xFF\xC3") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(ValidUtf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
}

}  // namespace
}  // namespace grader
