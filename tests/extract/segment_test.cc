#include "grader/extract/segment.h"

#include <catch2/catch.hpp>

#include "grader/extract/section.h"

namespace grader {
namespace {

std::vector<std::string> Keys(const std::string& text) {
  Document doc(text);
  std::vector<std::string> keys;
  for (const Segment& s : Segments(doc)) keys.push_back(s.key + "=" + s.label);
  return keys;
}

TEST_CASE("Segments recognise every label form", "[extract][segment]") {
  struct Case { const char* text; std::vector<std::string> keys; };
  const std::vector<Case> cases = {
      {"(a) one\n(b) two\n", {"a=(a)", "b=(b)"}},
      {"a. one\nb) two\n", {"a=a.", "b=b)"}},
      {"Part (b) two\n", {"b=Part (b)"}},
      {"(b)(i) sub\n(b)(ii) sub\n", {"bi=(b)(i)", "bii=(b)(ii)"}},
      {"(h4) memory\n", {"h4=(h4)"}},
      {"- (d) bullet\n", {"d=- (d)"}},
      {"**(c)** bold\n", {"c=**(c)**"}},
      {"Question 5\ntext\n", {"5=Question 5"}},
      {"5. five\n", {"5=5."}},
      {"1. LoRA\n2.transformer\n", {"1=1.", "2=2."}},
      {"(a) x\n(iii) roman\n", {"a=(a)", "aiii=(iii)"}},
      {"## (e) Memory\n", {"e=## (e)"}},
      {"intro\n(a) x\n", {"=", "a=(a)"}},
      // A mention, a backwards label and an enumerated item do not start parts.
      {"(c) x\nsee part (b) here\n(b) sub-item of c\n1). item\n(1) item\n", {"c=(c)"}},
      {"(h) x\n(i) the next letter\n", {"h=(h)", "i=(i)"}},
      {"1.4e9 is big\ne.g. this\n", {"="}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(Keys(c.text) == c.keys);
  }
}

TEST_CASE("MapParts maps part ids and reports missing ones", "[extract][segment]") {
  Document doc("intro\n(a) 8.5 GB\n(b) 2e18 FLOPs\n(b)(ii) more\n");
  PartMap m = MapParts(doc, {"a", "b", "c"});
  CHECK(m.strategy == "labels");
  REQUIRE(m.parts.size() == 2);
  CHECK(m.parts[0].id == "a");
  CHECK(doc.View(m.parts[0].range) == "(a) 8.5 GB\n");
  CHECK(m.parts[0].span.Where() == "2:1");
  CHECK(m.parts[1].id == "b");
  CHECK(doc.View(m.parts[1].range) == "(b) 2e18 FLOPs\n(b)(ii) more\n");
  CHECK(m.missing == std::vector<std::string>{"c"});
  CHECK(MapParts(doc, {"bii"}).parts[0].span.Where() == "4:1");
}

// MapParts puts the found parts in the order of the ids, moving them when
// each id is given once: an id given twice, or "", must still get what
// copying gives.
TEST_CASE("MapParts orders parts by ids given twice or empty", "[extract][segment]") {
  Document doc("(a) 8.5 GB\n(b) 2e18 FLOPs\n");
  PartMap twice = MapParts(doc, {"a", "b", "a"});
  REQUIRE(twice.parts.size() == 3);
  CHECK(twice.parts[0].id == "a");
  CHECK(twice.parts[1].id == "b");
  CHECK(twice.parts[2].id == "a");
  CHECK(twice.parts[2].label == "(a)");
  CHECK(doc.View(twice.parts[2].range) == "(a) 8.5 GB\n");
  CHECK(twice.missing.empty());
  PartMap empty = MapParts(doc, {"b", ""});
  REQUIRE(empty.parts.size() == 1);
  CHECK(empty.parts[0].id == "b");
  CHECK(empty.parts[0].label == "(b)");
  CHECK(empty.missing == std::vector<std::string>{""});
  // Two ids found at one start: the parts are ordered by start keeping the
  // ids' order among equals, so the earlier one runs into the later, is
  // left empty, and is not found.
  Document nested("1. Intro\n(a) 8.5 GB\n(b) 2e18 FLOPs\n");
  PartMap same_start = MapParts(nested, {"a", "1a"});
  REQUIRE(same_start.parts.size() == 1);
  CHECK(same_start.parts[0].id == "1a");
  CHECK(same_start.missing == std::vector<std::string>{"a"});
}

TEST_CASE("An answer without labels is one part", "[extract][segment]") {
  Document doc("The model has 2.1B parameters.\n");
  PartMap m = MapParts(doc, {"a"});
  CHECK(m.strategy == "whole");
  REQUIRE(m.parts.size() == 1);
  CHECK(m.parts[0].range.end == doc.text().size());
  CHECK(MapParts(doc).parts[0].id == "");
}

TEST_CASE("NormalisePartId", "[extract][segment]") {
  CHECK(NormalisePartId("(b)(ii)") == "bii");
  CHECK(NormalisePartId("Q5") == "q5");
  CHECK(NormalisePartId("5.c") == "5c");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("Segments and FindSection pass over every line inside code blocks", "[extract][segment]") {
  // Several blocks, a label right after a closing fence, labels and headings
  // inside blocks (not read), and a last block left open.
  const std::string text =
      "(a) one\n```\n(b) in code\n# Problem (other_one)\n```\n(b) two\n```py\n(c) in code\n```\n```\n```\n"
      "(c) three\n# Problem (other_two)\n(a) x\n```\n(b) open block\n";
  Document doc(text);
  std::vector<std::string> keys;
  for (const Segment& s : Segments(doc)) keys.push_back(s.key + "@" + std::to_string(s.range.begin));
  CHECK(keys == std::vector<std::string>{"a@0", "b@50", "c@88", "a@120"});
  Section s = FindSection(doc, {"mine_here"});
  CHECK(s.how == "before others");
  CHECK(s.range.begin == 0);
  CHECK(s.range.end == 98);  // the first problem heading outside code
}

}  // namespace
}  // namespace grader
