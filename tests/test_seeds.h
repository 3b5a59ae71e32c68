// The shared seeds (../shared/seeds: real submissions, an expert rubric, a
// solution set), read by the tests that grade or import them.
#ifndef GRADER_TESTS_TEST_SEEDS_H_
#define GRADER_TESTS_TEST_SEEDS_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace grader::testing {

// Returns the bytes of <seeds>/<name>. Throws std::runtime_error naming the
// full path when the folder or the file is missing or unreadable, so that
// the test fails there and says why instead of grading "" and failing (or
// passing) for the wrong reason.
inline std::string ReadSeedFrom(const std::filesystem::path& seeds, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::absolute(seeds).lexically_normal();
  if (!fs::is_directory(dir))
    throw std::runtime_error("the seeds folder " + dir.string() + " is missing (the tests read ../shared/seeds)");
  const fs::path path = dir / name;
  std::ifstream in(path, std::ios::binary);
  if (!in || !fs::is_regular_file(path)) throw std::runtime_error("cannot read seed " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) throw std::runtime_error("error reading seed " + path.string());
  return s.str();
}

// ReadSeedFrom the shared seeds, ../shared/seeds beside the project.
inline std::string ReadSeed(const std::string& name) { return ReadSeedFrom(GRADER_SEEDS_DIR, name); }

}  // namespace grader::testing

#endif  // GRADER_TESTS_TEST_SEEDS_H_
