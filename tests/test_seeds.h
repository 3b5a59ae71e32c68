// The shared seeds (../shared/seeds: real submissions, an expert rubric, a
// solution set), read by the tests that grade or import them.
#ifndef GRADER_TESTS_TEST_SEEDS_H_
#define GRADER_TESTS_TEST_SEEDS_H_

#include <fstream>
#include <sstream>
#include <string>

namespace grader::testing {

inline std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(GRADER_SEEDS_DIR) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_TEST_SEEDS_H_
