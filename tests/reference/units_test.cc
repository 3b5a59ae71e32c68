#include "reference/units.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

TEST_CASE("units: decimal and binary prefixes differ, aliases resolve", "[units]") {
  const Unit* gb = FindUnit("GB");
  const Unit* gib = FindUnit("GiB");
  REQUIRE(gb != nullptr);
  REQUIRE(gib != nullptr);
  CHECK(gb->dimension == "byte");
  CHECK(ExactString(ConvertToBase(*ParseExact("8.5"), *gb)) == "8500000000");
  CHECK(ExactString(ConvertToBase(*ParseExact("7.92"), *gib)) == "8504035246.08");
  CHECK(FindUnit("params")->symbol == "parameter");
  CHECK(FindUnit("H200-hours")->symbol == "GPU-hour");
  CHECK(ExactString(ConvertToBase(1, *FindUnit("petaFLOP-days"))) == "86400000000000000000");
  CHECK(ExactString(ConvertToBase(1, *FindUnit("bit"))) == "0.125");
  CHECK(FindUnit("furlong") == nullptr);
}

TEST_CASE("units: every symbol and alias is unique", "[units]") {
  std::map<std::string, std::string> seen;
  for (const Unit& u : AllUnits()) {
    std::vector<std::string> names = u.aliases;
    names.push_back(u.symbol);
    for (const std::string& n : names) {
      INFO(n);
      CHECK(seen.emplace(n, u.symbol).second);
    }
  }
}

}  // namespace
}  // namespace grader
