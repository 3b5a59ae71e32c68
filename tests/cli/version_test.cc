// `grader --version`: the version and the allocator that serves malloc in
// the binary (mimalloc when the build found libmimalloc-dev, and then it must
// really serve malloc, not merely be linked).
#include <catch2/catch.hpp>

#include "tests/cli_test_util.h"

namespace grader::testing {
namespace {

TEST_CASE("grader --version names the version and the allocator in use", "[cli]") {
  CliRun run = RunGrader("--version");
  REQUIRE(run.exit_code == 0);
#ifdef GRADER_MIMALLOC
  CHECK_THAT(run.out, Catch::Matches("grader 0\\.1\\.0\nallocator: mimalloc 2\\.[0-9]+\\.[0-9]+\n"));
#else
  CHECK(run.out == "grader 0.1.0\nallocator: system malloc\n");
#endif
}

}  // namespace
}  // namespace grader::testing
