// Test helpers for end-to-end tests of the `grader` binary: run a command,
// and read, write and clean up files.
#ifndef GRADER_TESTS_CLI_TEST_UTIL_H_
#define GRADER_TESTS_CLI_TEST_UTIL_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

// One run of the binary under a time limit, with what it cost.
struct LimitedRun {
  int exit_code = -1;     // -1 when it did not exit normally
  int signal = 0;         // the signal that ended it (SIGKILL after a timeout), or 0
  bool timed_out = false; // killed because it ran longer than the limit
  double seconds = 0;     // wall-clock time
  long peak_rss_kb = 0;   // the child's peak resident memory (ru_maxrss), see RunGraderLimited
  std::string out;        // standard output and error together, the first kMaxKeptOutput bytes
  size_t out_bytes = 0;   // how many bytes it wrote in all
  static constexpr size_t kMaxKeptOutput = 1 << 20;
};

struct RunLimits {
  std::string dir;          // working directory ("" = the test's)
  std::string stdin_path;   // standard input ("" = /dev/null)
  std::chrono::seconds timeout{60};
};

// In a child process: replaces it with `grader ARGS...` (no shell); exits
// 127 when the exec fails.
[[noreturn]] inline void ExecGrader(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string binary = GRADER_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies(args);
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

// Starts `grader ARGS...` in the background, with standard input and output
// on /dev/null and standard error in `stderr_path` ("" = /dev/null), for
// tests that signal it mid-run; the caller waits for the returned pid.
inline pid_t SpawnGrader(const std::vector<std::string>& args, const std::string& stderr_path = "") {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    int err = stderr_path.empty() ? null : open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null < 0 || err < 0) _exit(126);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    ExecGrader(args);
  }
  return pid;
}

// Runs `grader ARGS...` (no shell: each argument is passed as is) and kills
// it with SIGKILL when it runs longer than `limits.timeout`. Output is read
// while it runs, so a chatty child never blocks. The peak RSS comes from
// wait4(): on Linux it also counts the test process's own peak at the time
// of the exec (the kernel carries the old image's high-water mark over), so
// tests that generate big inputs should stream them to disk, not hold them.
inline LimitedRun RunGraderLimited(const std::vector<std::string>& args, const RunLimits& limits = {}) {
  LimitedRun r;
  int fds[2];
  if (pipe(fds) != 0) return r;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int in = open(limits.stdin_path.empty() ? "/dev/null" : limits.stdin_path.c_str(), O_RDONLY);
    if (in < 0 || (!limits.dir.empty() && chdir(limits.dir.c_str()) != 0)) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    ExecGrader(args);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return r;
  }
  auto deadline = start + limits.timeout;
  bool open_pipe = true;
  char buf[1 << 16];
  while (open_pipe) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready <= 0) continue;
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) {
      open_pipe = false;
      break;
    }
    r.out_bytes += static_cast<size_t>(n);
    if (r.out.size() < LimitedRun::kMaxKeptOutput)
      r.out.append(buf, std::min(static_cast<size_t>(n), LimitedRun::kMaxKeptOutput - r.out.size()));
  }
  // The output is closed: wait for the exit, still within the deadline.
  int status = 0;
  rusage usage{};
  while (!r.timed_out) {
    pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (r.timed_out) {
    kill(pid, SIGKILL);
    wait4(pid, &status, 0, &usage);
  }
  close(fds[0]);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_rss_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
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

// Every file under `root` (relative path -> content), hidden ones included.
inline std::map<std::string, std::string> FileTree(const std::filesystem::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file()) files[std::filesystem::relative(e.path(), root).string()] = ReadFile(e.path());
  return files;
}

// Which files of two trees differ: "only in the first: P", "only in the
// second: P", "differs: P"; empty when they are the same.
inline std::vector<std::string> TreeDifferences(const std::map<std::string, std::string>& a,
                                                const std::map<std::string, std::string>& b) {
  std::vector<std::string> out;
  for (const auto& [path, content] : a) {
    auto it = b.find(path);
    if (it == b.end()) out.push_back("only in the first: " + path);
    else if (it->second != content) out.push_back("differs: " + path);
  }
  for (const auto& [path, content] : b)
    if (!a.count(path)) out.push_back("only in the second: " + path);
  return out;
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
