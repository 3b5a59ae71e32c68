#include "grader/extract/answer_marker.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "tests/test_seeds.h"

namespace grader {
namespace {

// The block screen must give the byte loop's answer on every text: compared
// on every suffix window of random text built from marker pieces, and on
// every line and sentence-sized stretch of the corpus.
TEST_CASE("MayHoldMarker agrees with the byte loop on random text", "[extract][final_answer]") {
  const std::vector<std::string> pieces = {
      "answer", "ANSWER", "result", "Total", "therefore", "thus", "in all", "in summary", "hence", "overall",
      "gives", "giving", "so", "So", "also", "the", "an", "re", "th", "in ", "gi", "ov", "he", "s", "o", " ",
      "x", "1", "_", ",", "\n", "\xE7\xAD\x94\xE6\xA1\x88", "\xE7\xBB\x93\xE6\x9E\x9C", "\xE6\x80\xBB",
      "\xC5\xBF", "\xE7", "\xE6", "\xC5", "\x80", "\xBF", "A", "N", "@", "`", "answe", "resul", "tota"};
  std::mt19937 rng(17);
  int yes = 0, no = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    // Filler without any marker byte pair, so markers fall at every offset.
    s.insert(0, std::string(rng() % 40, 'x'));
    s += std::string(rng() % 40, 'z');
    for (size_t b = 0; b < s.size(); b += 1 + rng() % 5) {
      std::string_view v = std::string_view(s).substr(b);
      const bool want = MayHoldMarkerBytewise(v);
      INFO(std::string(v));
      REQUIRE(MayHoldMarker(v) == want);
      (want ? yes : no)++;
    }
  }
  CHECK(yes > 1000);
  CHECK(no > 1000);
  // Random bytes of every value.
  for (int round = 0; round < 3000; ++round) {
    std::string s(rng() % 100, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    REQUIRE(MayHoldMarker(s) == MayHoldMarkerBytewise(s));
  }
}

TEST_CASE("MayHoldMarker agrees with the byte loop on the corpus", "[extract][final_answer]") {
  size_t windows = 0, yes = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    for (size_t len : {1, 15, 16, 17, 33, 80, 200}) {
      for (size_t b = 0; b < text.size(); b += 7) {
        std::string_view v = std::string_view(text).substr(b, len);
        const bool want = MayHoldMarkerBytewise(v);
        REQUIRE(MayHoldMarker(v) == want);
        ++windows;
        yes += want;
      }
    }
  }
  CHECK(windows > 100000);
  CHECK(yes > 10000);
  CHECK(yes < windows);
}

TEST_CASE("MayHoldMarker finds each marker word at each block offset", "[extract][final_answer]") {
  for (std::string word : {"answer", "Result", "TOTAL", "therefore", "thus", "in all", "in summary", "hence",
                           "overall", "gives", "giving", " so", "\xE7\xAD\x94\xE6\xA1\x88",
                           "\xE7\xBB\x93\xE6\x9E\x9C", "\xE6\x80\xBB", "\xC5\xBF"}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string s = std::string(at, 'x') + word + std::string(40, 'x');
      INFO(s);
      CHECK(MayHoldMarker(s));
      CHECK(MayHoldMarkerBytewise(s));
    }
  }
  CHECK_FALSE(MayHoldMarker(std::string(100, 'x') + "also" + std::string(100, 'x')));
}

// FindMarkers reads the three patterns by hand; RE2 is the definition.
void RequireSameMarkers(std::string_view v) {
  const Markers want = FindMarkersRe2(v), got = FindMarkers(v);
  INFO(std::string(v));
  REQUIRE(got.answer_end == want.answer_end);
  REQUIRE(got.total == want.total);
  REQUIRE(got.conclusion_end == want.conclusion_end);
}

TEST_CASE("FindMarkers gives the RE2 patterns' answer on random text", "[extract][final_answer]") {
  const std::vector<std::string> pieces = {
      "answer", "ANSWER", "Answer", "final answer", "Final  answer", "final", "result", "Result", "the", "The",
      "my", "our", "OUR", " is", "is", " ", "  ", "\t", "\n", "\f", "\r", "\v", ":", "=", "total", "Total",
      "subtotal", "totally", "in all", "In All", "within all", "in allx", "so", "So", "SO", "therefore", "thus",
      "hence", "overall", "in total", "in summary", "this gives", "which gives", "giving us", "that gives",
      "so the", "so we have", "so that is", "also", "> ", "* ", "+", "-", "x", "1", "_", ",", ".",
      "\xE7\xAD\x94\xE6\xA1\x88", "\xE7\xBB\x93\xE6\x9E\x9C", "\xE6\x98\xAF", "\xE4\xB8\xBA",
      "\xE6\x80\xBB", "\xC5\xBF", "\xE7", "\xE6", "\xC5", "\x80", "\xBF", "\xFF", "\xE2\x84\xAA"};
  std::mt19937 rng(18);
  int answers = 0, totals = 0, conclusions = 0, none = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    // Half the time, filler before and after, so that markers fall at every
    // offset of a 16-byte block.
    if (rng() % 2) {
      s.insert(0, std::string(rng() % 40, '.'));
      s += std::string(rng() % 40, '.');
    }
    RequireSameMarkers(s);
    const Markers m = FindMarkersRe2(s);
    answers += m.answer_end != std::string_view::npos;
    totals += m.total;
    conclusions += m.conclusion_end != std::string_view::npos;
    none += m == Markers{};
  }
  // Every kind is met often, and so is text with none.
  CHECK(answers > 1000);
  CHECK(totals > 1000);
  CHECK(conclusions > 1000);
  CHECK(none > 1000);
  // Random bytes of every value.
  for (int round = 0; round < 3000; ++round) {
    std::string s(rng() % 60, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    RequireSameMarkers(s);
  }
}

TEST_CASE("FindMarkers gives the RE2 patterns' answer on the corpus and seeds", "[extract][final_answer]") {
  size_t pieces = 0, marked = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    // Every line, and stretches of every length from every few bytes (so
    // that pieces start and end inside words).
    for (std::string_view line : testing::Lines(text)) {
      RequireSameMarkers(line);
      ++pieces;
    }
    for (size_t len : {3, 12, 40, 160}) {
      for (size_t b = 0; b < text.size(); b += 11) {
        std::string_view v = std::string_view(text).substr(b, len);
        RequireSameMarkers(v);
        ++pieces;
        marked += !(FindMarkers(v) == Markers{});
      }
    }
  }
  CHECK(pieces > 50000);
  CHECK(marked > 1000);
  CHECK(marked < pieces);
}

}  // namespace
}  // namespace grader
