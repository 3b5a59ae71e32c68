// Test helpers for end-to-end tests of the `grader` binary: run a command,
// and read, write and clean up files.
#ifndef GRADER_TESTS_CLI_TEST_UTIL_H_
#define GRADER_TESTS_CLI_TEST_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace grader::testing {

struct CliRun {
  int exit_code;
  std::string out;  // standard output and error together
};

// Runs `grader ARGS` (in `dir` when given) and returns its exit code and output.
inline CliRun RunGrader(const std::string& args, const std::string& dir = "", const std::string& env = "") {
  std::string cmd = (dir.empty() ? "" : "cd '" + dir + "' && ") + env + (env.empty() ? "" : " ") +
                    std::string(GRADER_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

// A fresh, empty folder under the system's temporary folder.
inline std::filesystem::path FreshTempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("grader-test-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_CLI_TEST_UTIL_H_
