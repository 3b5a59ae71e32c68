// MapParts reads "+ " items as numbered questions only in a Typst text: one
// with a heading ("= ", "== ") at the start of a line, "#import" or "#let ".
// The marks are found anywhere in the section, at its very start and end
// too; near-misses are not marks.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "grader/extract/quantity.h"
#include "grader/extract/segment.h"

namespace grader {
namespace {

PartMap Map(const std::string& text) {
  Document doc(text);
  std::vector<PartSpec> specs = {{"a", "", "", {}}, {"b", "", "", {}}};
  return MapParts(doc, specs, {}, FindQuantities(doc));
}

const std::string kItems = "+ The weights take 8.5 GB in all.\n+ One step takes 3 ms on the GPU.\n";

TEST_CASE("MapParts numbers Typst '+' items only when the text has a Typst mark", "[extract][segment]") {
  const std::string typst[] = {
      "= Answers\n" + kItems,
      "== Answers\n" + kItems,
      "Intro line.\n= Answers\n" + kItems,
      "Intro line.\n== Answers\n" + kItems,
      "#import \"t.typ\": *\n" + kItems,
      "#importx\n" + kItems,  // "#import" needs nothing after it
      "#let x = 1\n" + kItems,
      kItems + "\n= ",  // a heading mark at the very end counts too
  };
  for (const std::string& text : typst) {
    INFO(text);
    PartMap m = Map(text);
    CHECK(m.strategy == "numbers");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].how == "number");
    CHECK(m.parts[1].label == "+");
  }
  const std::string plain[] = {
      kItems,
      "=Answers\n" + kItems,
      "Intro = Answers\n" + kItems,
      "Intro line.\n=x\n" + kItems,
      "#impor\n" + kItems + "#impo",
      "#lets\n" + kItems,
      kItems + "#let",  // "#let " needs its space
      kItems + "\n=",
  };
  for (const std::string& text : plain) {
    INFO(text);
    CHECK(Map(text).strategy != "numbers");
  }
}

}  // namespace
}  // namespace grader
