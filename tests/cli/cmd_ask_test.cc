// End-to-end tests of `grader ask` through the real binary and the loopback
// fixture server.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "tests/llm/llm_fixture.h"

namespace grader {
namespace {

using testing::LlmFixtureServer;

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs the grader in `dir` with the test API key in its environment.
Run Ask(const std::string& dir, const std::string& args) {
  std::string cmd = "cd '" + dir + "' && GRADER_API_KEY=sk-test-SECRET " + std::string(GRADER_BINARY) + " ask " +
                    args + " 2>stderr.txt";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, testing::LlmSlurp(dir + "/stderr.txt")};
}

std::vector<nlohmann::json> Lines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(testing::LlmSlurp(path));
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const char* kProblems =
    "--problem cs336-transformer-accounting --problem eecs182-chinchilla-fermi --problem eecs182-lora "
    "--problem eecs182-soft-prompt --problem myt-params";

TEST_CASE("grader ask: 3 models x 5 problems x 4 samples writes 60 answers, a rerun is all cache hits",
          "[llm][cli]") {
  LlmFixtureServer server;
  std::string dir = testing::LlmTempDir("ask-60");
  std::string args = std::string(kProblems) + " --endpoint " + server.endpoint() +
                     " --model alpha --model beta --model gamma --samples 4 --temperature 0.7 --seed 1 "
                     "--parts whole --concurrency 8 --cache cache --out answers.jsonl";
  Run first = Ask(dir, args);
  CHECK(first.exit_code == 0);
  CHECK(first.err == "");  // no TTY: no progress line; no failures
  CHECK(first.out.rfind("wrote answers.jsonl: 60 answers from 3 models\n"
                        "usage: 60 replies (60 ok, 0 failed); 60 HTTP requests, 0 retries, 0 cache hits; tokens ",
                        0) == 0);
  std::vector<nlohmann::json> lines = Lines(dir + "/answers.jsonl");
  REQUIRE(lines.size() == 60);
  std::set<std::string> ids;
  for (const nlohmann::json& line : lines) {
    INFO(line.dump());
    ids.insert(line["id"].get<std::string>());
    CHECK(line["id"] == line["model"].get<std::string>() + "/" + line["problem"].get<std::string>() + "/v0/whole/s" +
                            std::to_string(line["sample"].get<int>()));
    CHECK(line["variant"] == 0);
    CHECK(line["part"] == "whole");
    CHECK(line["response"].get<std::string>().rfind("[" + line["model"].get<std::string>() + "] answer ", 0) == 0);
    CHECK(line["finish_reason"] == "stop");
    CHECK(line["usage"]["prompt_tokens"].get<int>() > 100);
    CHECK(line["attempts"] == 1);
    CHECK(line["cached"] == false);
    CHECK_FALSE(line.contains("error"));
  }
  CHECK(ids.size() == 60);
  CHECK(lines[0]["id"] == "alpha/cs336-transformer-accounting/v0/whole/s0");
  CHECK(lines[59]["id"] == "gamma/myt-params/v0/whole/s3");
  CHECK(lines[0]["response"] != lines[1]["response"]);  // --seed varies the samples
  nlohmann::json stats = server.Stats();
  CHECK(stats["requests"] == 60);
  CHECK(stats["by_scenario"] == nlohmann::json{{"alpha", 20}, {"beta", 20}, {"gamma", 20}});
  CHECK(stats["with_auth"] == 60);

  Run again = Ask(dir, args);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("; 0 HTTP requests, 0 retries, 60 cache hits; tokens 0 prompt + 0 completion (") !=
        std::string::npos);
  CHECK(server.Stats()["requests"] == 60);  // nothing sent the second time
  std::vector<nlohmann::json> cached = Lines(dir + "/answers.jsonl");
  REQUIRE(cached.size() == 60);
  for (size_t i = 0; i < 60; ++i) {
    CHECK(cached[i]["id"] == lines[i]["id"]);
    CHECK(cached[i]["response"] == lines[i]["response"]);
    CHECK(cached[i]["cached"] == true);
    CHECK(cached[i]["attempts"] == 0);
  }

  Run bypass = Ask(dir, "--problem myt-params --endpoint " + server.endpoint() +
                            " --model alpha --samples 4 --temperature 0.7 --seed 1 --cache cache --no-cache "
                            "--out fresh.jsonl");
  CHECK(bypass.exit_code == 0);
  CHECK(server.Stats()["requests"] == 64);

  // The API key is in no file and no output.
  CHECK(first.out.find("SECRET") == std::string::npos);
  CHECK(again.out.find("SECRET") == std::string::npos);
  std::vector<std::string> files = testing::LlmFilesUnder(dir);
  CHECK(files.size() == 63);  // 60 cache entries, answers.jsonl, fresh.jsonl, stderr.txt
  for (const std::string& file : files) {
    INFO(file);
    CHECK(testing::LlmSlurp(file).find("SECRET") == std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("grader ask: failed requests become error lines, exit 1 only when all fail", "[llm][cli]") {
  LlmFixtureServer server;
  std::string dir = testing::LlmTempDir("ask-fail");
  Run mixed = Ask(dir, "--problem myt-params --endpoint " + server.endpoint() +
                           " --model fine --model status-401 --model fail500-1 --no-cache --out answers.jsonl");
  CHECK(mixed.exit_code == 0);
  CHECK(mixed.err ==
        "grader: warning: status-401/myt-params/v0/whole/s0: model status-401: HTTP 401: fixture status 401\n");
  CHECK(mixed.out ==
        "wrote answers.jsonl: 3 answers from 3 models\n"
        "usage: 3 replies (2 ok, 1 failed); 4 HTTP requests, 1 retries, 0 cache hits; tokens 334 prompt + 48 "
        "completion (0 more from the cache)\n");
  std::vector<nlohmann::json> lines = Lines(dir + "/answers.jsonl");
  REQUIRE(lines.size() == 3);
  CHECK(lines[1]["error"] == "model status-401: HTTP 401: fixture status 401");
  CHECK_FALSE(lines[1].contains("response"));
  CHECK(lines[2]["attempts"] == 2);
  CHECK(lines[2].contains("response"));

  Run all_fail = Ask(dir, "--problem myt-params --endpoint " + server.endpoint() +
                              " --model status-403 --no-cache --attempts 2 --out failed.jsonl");
  CHECK(all_fail.exit_code == 1);
  CHECK(all_fail.err ==
        "grader: warning: status-403/myt-params/v0/whole/s0: model status-403: HTTP 403: fixture status 403\n"
        "grader: error: every request failed\n");
  CHECK(Lines(dir + "/failed.jsonl").size() == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("grader ask --parts each sends one request per part", "[llm][cli]") {
  LlmFixtureServer server;
  std::string dir = testing::LlmTempDir("ask-each");
  Run r = Ask(dir, "--problem eecs182-lora --problem myt-params --variant 2 --endpoint " + server.endpoint() +
                       " --model m --parts each --no-cache --out answers.jsonl");
  CHECK(r.exit_code == 0);
  std::vector<nlohmann::json> lines = Lines(dir + "/answers.jsonl");
  std::vector<std::string> ids;
  for (const nlohmann::json& line : lines) ids.push_back(line["id"]);
  CHECK(ids == std::vector<std::string>{"m/eecs182-lora/v2/a/s0", "m/eecs182-lora/v2/b/s0", "m/eecs182-lora/v2/c/s0",
                                        "m/eecs182-lora/v2/d/s0", "m/myt-params/v2/a/s0"});
  CHECK(lines[4]["variant"] == 2);
  CHECK(server.Stats()["requests"] == 5);
  std::filesystem::remove_all(dir);
}

TEST_CASE("grader ask: bad input is one line, exit code 2, nothing sent or written", "[llm][cli]") {
  std::string dir = testing::LlmTempDir("ask-bad");
  std::ofstream(dir + "/system.txt") << "Be brief.";
  struct Case {
    std::string args;
    std::string err;
  };
  const Case cases[] = {
      {"--problem myt-params --model m --out a.jsonl",
       "grader: error: grader ask needs --endpoint URL (an OpenAI-compatible chat-completions endpoint)\n"},
      {"--problem myt-params --endpoint http://127.0.0.1:1/v1 --out a.jsonl",
       "grader: error: grader ask needs at least one --model\n"},
      {"--problem myt-params --endpoint http://127.0.0.1:1/v1 --model m", "grader: error: grader ask needs --out FILE\n"},
      {"--endpoint http://127.0.0.1:1/v1 --model m --out a.jsonl",
       "grader: error: name problems with --problem or give --all\n"},
      {"--problem nope --endpoint http://127.0.0.1:1/v1 --model m --out a.jsonl",
       "grader: error: unknown problem 'nope' (run 'grader problems' for the list)\n"},
      {"--problem myt-params --endpoint http://127.0.0.1:1/v1 --model m --model m --out a.jsonl",
       "grader: error: model 'm' is given twice\n"},
      {"--problem myt-params --endpoint http://127.0.0.1:1/v1 --model m --system missing.txt --out a.jsonl",
       "grader: error: cannot read system prompt 'missing.txt': No such file or directory\n"},
      {"--problem myt-params --endpoint http://127.0.0.1:1/v1 --model m --concurrency 0 --out a.jsonl",
       "grader: error: --concurrency must be at least 1\n"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    Run r = Ask(dir, c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == c.err);
    CHECK(r.out == "");
    CHECK_FALSE(std::filesystem::exists(dir + "/a.jsonl"));
  }
  Run parts = Ask(dir, "--problem myt-params --endpoint http://127.0.0.1:1/v1 --model m --parts some --out a.jsonl");
  CHECK(parts.exit_code == 2);
  CHECK(parts.err.find("--parts: some not in {whole,each}") != std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grader
