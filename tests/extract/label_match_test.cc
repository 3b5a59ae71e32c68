#include "grader/extract/label_match.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_seeds.h"

namespace grader {
namespace {

// The hand-followed label pattern must give the regex's answer and groups
// (the same bytes of the line, or both absent) on every line: random lines
// built from the pattern's pieces, and every line of the corpus and the
// seeds with its suffixes and its first 120 bytes (what Segments reads).
struct Agreement {
  size_t lines = 0, matched = 0;
};

void RequireSame(std::string_view line, Agreement* a) {
  std::string_view want[kLabelGroups], got[kLabelGroups];
  const bool want_match = MatchLabelRegex(line, want);
  INFO("line: '" << std::string(line) << "'");
  REQUIRE(MatchLabel(line, got) == want_match);
  ++a->lines;
  if (!want_match) return;
  ++a->matched;
  for (int k = 0; k < kLabelGroups; ++k) {
    INFO("group " << k);
    REQUIRE((got[k].data() == nullptr) == (want[k].data() == nullptr));
    if (want[k].data() == nullptr) continue;
    REQUIRE(got[k].data() - line.data() == want[k].data() - line.data());
    REQUIRE(got[k].size() == want[k].size());
  }
}

TEST_CASE("MatchLabel agrees with the label regex on random lines", "[extract][segment]") {
  const std::vector<std::string> pieces = {
      " ",  "\t", "#",  "##", "######", "#######", "-", "*", "+", "**", "__", "_", "(", ")", ".", ":", "i", "v",
      "x",  "ii", "iv", "xviii", "iiiiii", "a", "b", "h", "h4", "Z", "A", "1", "12", "123", "0", "Part", "PART",
      "part", "Question", "QUESTION", "question", "Problem", "PROBLEM", "Exercise", "Q", "Pa", "Prob", "e.g.",
      "1.4e9", "\xC3\xA9", "\xE2\x80\xA2", "\xE2", "\x80", "\xFF", "\xF0\x9F\x98\x80", "\xF0\x9F", "\xED\xA0\x80",
      "\xE0\x80\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD", "\xE7\xAD\x94", "\r", std::string(1, '\0'), "\n", "text", "?"};
  std::mt19937 rng(18);
  Agreement a;
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 9);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    RequireSame(s, &a);
  }
  CHECK(a.matched > 50000);
  CHECK(a.matched < a.lines);
  // Long runs: the hand search gives up and the regex answers.
  for (std::string s : {std::string(300, ' ') + "(a)", std::string(100, ' ') + std::string(100, '#') + "x",
                        "- " + std::string(200, ' ') + "**", std::string(120, '\t') + "Part" + std::string(50, ' ')})
    RequireSame(s, &a);
}

TEST_CASE("MatchLabel agrees with the label regex on the corpus and the seeds", "[extract][segment]") {
  Agreement a;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    for (std::string_view line : testing::Lines(file.text)) {
      for (size_t b = 0; b < line.size() && b < 24; ++b) RequireSame(line.substr(b), &a);
      RequireSame(line.substr(0, 120), &a);
    }
  }
  CHECK(a.lines > 50000);
  CHECK(a.matched > 10000);
}

TEST_CASE("MatchLabel reads the label forms", "[extract][segment]") {
  std::string_view g[kLabelGroups];
  REQUIRE(MatchLabel("## **Part (b)(ii)**: text", g));
  CHECK(g[1] == "Part");
  CHECK(g[2] == "b");
  CHECK(g[3] == "ii");
  CHECK(g[4].data() == nullptr);
  CHECK(g[7] == "t");
  REQUIRE(MatchLabel("iv. roman", g));
  CHECK(g[4] == "iv");
  CHECK(g[5] == ".");
  REQUIRE(MatchLabel("- 12) twelve", g));
  CHECK(g[4] == "12");
  CHECK(g[5] == ")");
  REQUIRE(MatchLabel("a. \xC3\xA9t\xC3\xA9", g));  // '.' reads the whole character
  CHECK(g[7] == "\xC3\xA9");
  CHECK_FALSE(MatchLabel("`code`", g));
}

}  // namespace
}  // namespace grader
