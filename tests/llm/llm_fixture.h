// Test helpers for the LLM layer: the loopback fixture server
// (tests/fixtures/llm_server.py) as an RAII object, and small file helpers.
//
//   LlmFixtureServer server;                  // starts python3, reads the port
//   request.endpoint = server.endpoint();     // "http://127.0.0.1:<port>/v1"
//   server.Stats()["requests"]                // what the server saw
//   // the destructor closes the server's stdin; it exits
#ifndef GRADER_TESTS_GRADER_LLM_FIXTURE_H_
#define GRADER_TESTS_GRADER_LLM_FIXTURE_H_

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace grader::testing {

class LlmFixtureServer {
 public:
  LlmFixtureServer() {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      close(in[0]);
      close(in[1]);
      close(out[0]);
      close(out[1]);
      std::string script = std::string(GRADER_SOURCE_DIR) + "/tests/fixtures/llm_server.py";
      execlp("python3", "python3", script.c_str(), "--lifetime", "60", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n' && line.size() < 16) line += c;
    close(out[0]);
    port_ = std::atoi(line.c_str());
    if (port_ <= 0) throw std::runtime_error("fixture server did not print a port: '" + line + "'");
  }

  ~LlmFixtureServer() {
    close(stdin_);  // the server exits when its stdin closes
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);  // only the process this object started
    waitpid(pid_, nullptr, 0);
  }

  LlmFixtureServer(const LlmFixtureServer&) = delete;
  LlmFixtureServer& operator=(const LlmFixtureServer&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

  // GET /stats: {"requests", "by_scenario", "with_auth", "without_auth", "connections", "arrivals",
  // "in_flight", "max_in_flight"}.
  nlohmann::json Stats() const {
    CURL* easy = curl_easy_init();
    std::string body;
    std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/stats";
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* u) {
      static_cast<std::string*>(u)->append(p, s * n);
      return s * n;
    });
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    CURLcode code = curl_easy_perform(easy);
    curl_easy_cleanup(easy);
    if (code != CURLE_OK) throw std::runtime_error("GET /stats failed");
    return nlohmann::json::parse(body);
  }

  // Requests the server counted for `scenario` (a model name or marker).
  int Count(const std::string& scenario) const {
    nlohmann::json stats = Stats();
    return stats["by_scenario"].contains(scenario) ? stats["by_scenario"][scenario].get<int>() : 0;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

// A fresh, empty temporary folder for one test.
inline std::string LlmTempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("grader-llm-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::string LlmSlurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every regular file under `dir`, recursively.
inline std::vector<std::string> LlmFilesUnder(const std::string& dir) {
  std::vector<std::string> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  return files;
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_GRADER_LLM_FIXTURE_H_
