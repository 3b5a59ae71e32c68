// Registry: items by name, listed in name order whatever the order they
// were added in.
#include "grader/base/registry.h"

#include <catch2/catch.hpp>

namespace {

struct Thing {
  explicit Thing(int v) : value(v) {}
  int value;
};

}  // namespace

TEST_CASE("registry: find by name, list in name order", "[base][registry]") {
  grader::Registry<Thing> r("thing");
  r.Add("pear", std::make_unique<Thing>(2));
  r.Add("apple", std::make_unique<Thing>(1));
  r.Add("zucchini", std::make_unique<Thing>(3));
  REQUIRE(r.Find("apple"));
  CHECK(r.Find("apple")->value == 1);
  CHECK(r.Find("pear")->value == 2);
  CHECK(r.Find("peach") == nullptr);
  CHECK(r.Names() == std::vector<std::string>{"apple", "pear", "zucchini"});
  std::vector<int> values;
  for (const Thing* t : r.All()) values.push_back(t->value);
  CHECK(values == std::vector<int>{1, 2, 3});
}
