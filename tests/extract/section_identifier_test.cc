#include "grader/extract/section_identifier.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "grader/extract/section.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

// The hand-read identifier test must give the regex's answer: on random
// stretches built from the pattern's pieces, on random bytes, and on every
// line of the corpus and the seeds and its suffixes.
TEST_CASE("HoldsIdentifier agrees with the regex on random text", "[extract][section]") {
  const std::vector<std::string> pieces = {"_",  "__", "`",  "``", "(",  ")",   "a",  "b",   "ab",  "abc", "A",
                                           "Z",  "Ab", "aB", "x1", "1",  "12",  " ",  "\t",  "\f",  "\r",  "\v",
                                           "-",  ".",  "snake", "Case", "id", "\xC3\xA9", "\xE2\x80\x99", "\xFF",
                                           "\n", "%"};
  std::mt19937 rng(18);
  int yes = 0, no = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    const bool want = HoldsIdentifierRegex(s);
    INFO(s);
    REQUIRE(HoldsIdentifier(s) == want);
    (want ? yes : no)++;
  }
  CHECK(yes > 20000);
  CHECK(no > 20000);
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 128);
    REQUIRE(HoldsIdentifier(s) == HoldsIdentifierRegex(s));
  }
}

TEST_CASE("HoldsIdentifier agrees with the regex on the corpus and the seeds", "[extract][section]") {
  size_t lines = 0, yes = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    for (std::string_view whole : testing::Lines(file.text)) {
      const std::string_view line = whole.substr(0, 240);
      for (size_t b = 0; b < line.size(); b += 3) {
        const bool want = HoldsIdentifierRegex(line.substr(b));
        INFO(std::string(line.substr(b)));
        REQUIRE(HoldsIdentifier(line.substr(b)) == want);
        ++lines;
        yes += want;
      }
    }
  }
  CHECK(lines > 50000);
  CHECK(yes > 1000);
  CHECK(yes < lines);
}

// FindSection's bare-name test compares a line with the keys as it reads
// it; it must answer what building NameKey(line) and looking it up answers.
TEST_CASE("KeyIsOneOf is NameKey looked up among the keys", "[extract][section]") {
  const std::vector<std::string> keys = {"transformeraccounting", "adamwaccounting", "lrtuning"};
  auto lookup = [&](std::string_view line) {
    return std::find(keys.begin(), keys.end(), NameKey(line)) != keys.end();
  };
  // Exactly a key, in any case and punctuation; a key's prefix, a key with
  // more after it, and a key inside a longer name are not.
  CHECK(KeyIsOneOf("transformer_accounting:", keys));
  CHECK(KeyIsOneOf("  **Transformer Accounting**\xEF\xBC\x9A", keys));
  CHECK(KeyIsOneOf("LR-tuning", keys));
  CHECK_FALSE(KeyIsOneOf("transformer_account", keys));
  CHECK_FALSE(KeyIsOneOf("transformer_accounting2", keys));
  CHECK_FALSE(KeyIsOneOf("my_transformer_accounting", keys));
  CHECK_FALSE(KeyIsOneOf("", keys));
  CHECK_FALSE(KeyIsOneOf("transformer_accounting", {}));
  std::mt19937 rng(19);
  const std::vector<std::string> pieces = {"transformer", "accounting", "adamw", "lr", "tuning", "_", " ", ":",
                                           "T", "A", "2", "\xEF\xBC\x9A", "x"};
  size_t yes = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    INFO(s);
    REQUIRE(KeyIsOneOf(s, keys) == lookup(s));
    yes += lookup(s);
  }
  CHECK(yes > 100);
  size_t lines = 0;
  for (const testing::SharedText& file : testing::SharedTexts())
    for (std::string_view line : testing::Lines(file.text)) {
      const std::string_view l = line.substr(0, 80);
      REQUIRE(KeyIsOneOf(l, keys) == lookup(l));
      const std::vector<std::string> own = {NameKey(l)};  // the line's own key: always found
      REQUIRE(KeyIsOneOf(l, own));
      ++lines;
    }
  CHECK(lines > 4000);
}

// FindSection reads a line's first bytes before classifying it (most lines
// cannot be a heading or a problem's line); it must answer what classifying
// every line in full answers: random lines built from headings, keywords,
// decoration, names and prose (short and long, CRLF, multi-byte), and every
// line of the corpus and the seeds.
void RequireSameLine(std::string_view line, const std::vector<std::string>& keys, size_t* marked) {
  std::string k1, k2;
  const SectionLine fast = ReadSectionLine(line, keys, true, &k1);
  const SectionLine full = ReadSectionLine(line, keys, false, &k2);
  INFO("line: '" << std::string(line) << "'");
  REQUIRE(fast.mark == full.mark);
  *marked += full.mark;
  if (!full.mark) return;
  REQUIRE(fast.heading == full.heading);
  REQUIRE(fast.level == full.level);
  REQUIRE(fast.keyword == full.keyword);
  REQUIRE(fast.ours == full.ours);
  REQUIRE(fast.problem == full.problem);
}

TEST_CASE("FindSection's line screen answers what classifying every line answers", "[extract][section]") {
  const std::vector<std::string> keys = {"transformeraccounting", "adamwaccounting", "lrtuning"};
  const std::vector<std::string> pieces = {
      "#", "##", "#######", "=", "==", " ", "\t", "**", "__", "*", "_", "1", "3.6", ".", "..", "Problem", "problem",
      "PROBLEM", "Exercise", "exercise", "Task", "task", "#problem(", "transformer_accounting", "Transformer",
      "accounting", "adamw", "AdamW", "lr", "tuning", "`x_y`", "(a_b)", "camelCase", ":", "|", "-", ">", "(", "The",
      "t", "e", "p", "E", "P", "T", "q", "\xEF\xBC\x9A", "\xC3\xA9", "\xE2\x80\x94", "\r",
      "lorem ipsum dolor sit amet, consectetur adipiscing ", "x"};
  std::mt19937 rng(20);
  size_t marked = 0, long_lines = 0;
  for (int round = 0; round < 300000; ++round) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    long_lines += s.size() > 64;
    RequireSameLine(s, keys, &marked);
  }
  CHECK(marked > 10000);
  CHECK(long_lines > 10000);
  size_t lines = 0, corpus_marked = 0;
  for (const testing::SharedText& file : testing::SharedTexts())
    for (std::string_view line : testing::Lines(file.text)) {
      RequireSameLine(line, keys, &corpus_marked);
      // Each line's own name as a key: its bare-name test is exercised too.
      const std::string own = NameKey(line.substr(0, 64));
      if (own.size() >= 4) RequireSameLine(line, {own}, &corpus_marked);
      ++lines;
    }
  CHECK(lines > 4000);
  CHECK(corpus_marked > 100);
}

}  // namespace
}  // namespace grader
