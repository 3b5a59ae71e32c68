// ReadSeed (tests/test_seeds.h) fails loudly, naming the full path, when a
// seed or the seeds folder is missing.
#include "tests/test_seeds.h"

#include <catch2/catch.hpp>
#include <filesystem>

namespace grader {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("ReadSeed reads a shared seed", "[seeds]") {
  CHECK(testing::ReadSeed("000_166fc86bfbf5444d.txt").size() > 100);
}

TEST_CASE("ReadSeed throws naming the full path of a missing seed or seeds folder", "[seeds]") {
  const std::string dir = fs::absolute(GRADER_SEEDS_DIR).lexically_normal().string();
  CHECK_THROWS_WITH(testing::ReadSeed("no-such-seed.txt"), "cannot read seed " + dir + "/no-such-seed.txt");
  CHECK_THROWS_WITH(testing::ReadSeed("."), StartsWith("cannot read seed " + dir));  // a folder, not a file
  const fs::path missing = fs::temp_directory_path() / "grader-no-such-seeds-folder";
  fs::remove_all(missing);
  CHECK_THROWS_WITH(testing::ReadSeedFrom(missing, "000_166fc86bfbf5444d.txt"),
                    "the seeds folder " + missing.lexically_normal().string() +
                        " is missing (the tests read ../shared/seeds)");
  CHECK_THROWS_WITH(testing::ReadSeed("no-such-seed.txt"), Contains(".txt") && !Contains(".."));
}

}  // namespace
}  // namespace grader
