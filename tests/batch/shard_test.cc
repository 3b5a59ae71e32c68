// Which shard a submission belongs to, and reading --shard K/N.
#include "grader/batch/shard.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "grader/base/error.h"

namespace {

using grader::ParseShard;
using grader::ShardOf;

TEST_CASE("shard: K/N is read, and bad values say what is wrong", "[batch][shard]") {
  grader::ShardSpec s = ParseShard("3/4");
  CHECK(s.index == 3);
  CHECK(s.count == 4);
  CHECK(s.active());
  CHECK(grader::ShardText(s) == "3/4");
  CHECK(ParseShard("0/1").count == 1);
  CHECK(ParseShard("99999/100000").index == 99999);
  CHECK_FALSE(grader::ShardSpec{}.active());
  for (const char* bad : {"4/4", "0/0", "", "/", "/4", "4/", "a/4", "1/b", " 1/4", "1/4 ", "+1/4", "1/4/5", "0/100001",
                          "10000000000/4"}) {
    INFO(bad);
    try {
      ParseShard(bad);
      FAIL("accepted");
    } catch (const grader::Error& e) {
      CHECK(e.code() == grader::kExitUsage);
      CHECK(std::string(e.what()).rfind(std::string("--shard '") + bad + "': ", 0) == 0);
    }
  }
}

TEST_CASE("shard: a submission's shard depends on its id only, and slices are even", "[batch][shard]") {
  // Fixed values: a change here moves students between shards, which costs
  // every sharded folder its reuse on the next run.
  CHECK(ShardOf("alice", 4) == 1);
  CHECK(ShardOf("bob", 4) == 0);
  CHECK(ShardOf("carol", 4) == 1);
  CHECK(ShardOf("", 4) == 0);
  CHECK(ShardOf("alice", 7) == 0);
  CHECK(ShardOf("anything", 1) == 0);
  // Ids that differ in their last character only (FNV-1a alone would give
  // shards by the parity of the bytes) spread evenly.
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 1000; ++i) ++counts[static_cast<size_t>(ShardOf("student" + std::to_string(i), 4))];
  CHECK(counts == std::vector<int>{285, 213, 246, 256});
  std::vector<int> many(4, 0);
  for (int i = 0; i < 100000; ++i) ++many[static_cast<size_t>(ShardOf("student" + std::to_string(i), 4))];
  CHECK(many == std::vector<int>{25169, 25056, 24727, 25048});  // each within 1.1% of 25,000
}

}  // namespace
