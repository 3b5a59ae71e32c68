// Grading LLM answers with a judge, end to end: `grader ask` against the
// loopback fixture, then `grader grade --judge-endpoint`.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli_test_util.h"
#include "tests/llm/llm_fixture.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::LlmFixtureServer;

using grader::testing::CliRun;
using grader::testing::ReadFile;

CliRun Grader(const std::string& dir, const std::string& args) {
  return grader::testing::RunGrader(args, dir, "GRADER_API_KEY=sk-test-SECRET");
}
std::string Read(const fs::path& p) { return ReadFile(p); }

TEST_CASE("LLM run: 3 models x 5 problems x 4 samples, graded per problem with a judge", "[llm][batch][e2e]") {
  LlmFixtureServer server;
  fs::path dir = fs::temp_directory_path() / ("grader-judge-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  CliRun ask = Grader(dir.string(), "ask --all --endpoint " + server.endpoint() +
                                     " --model alpha --model beta --model gamma --samples 4 --temperature 0.7 "
                                     "--seed 1 --cache cache --out answers.jsonl");
  REQUIRE(ask.exit_code == 0);
  std::string rubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/myt-params.json";

  // A judge that quotes the response: every llm item is decided.
  CliRun good = Grader(dir.string(), "grade --rubric " + rubric + " answers.jsonl --out good -q --cache cache "
                                  "--judge-endpoint " + server.endpoint() + " --judge-model judge-good");
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("graded 12 of 12 submissions") != std::string::npos);
  CHECK(good.out.find("48 submissions are for problem") == std::string::npos);  // 12 per other problem
  CHECK(good.out.find("12 submissions are for problem 'cs336-transformer-accounting', not this rubric's; left out") !=
        std::string::npos);
  std::istringstream lines(Read(dir / "good" / "results.jsonl"));
  std::string line;
  int records = 0;
  while (std::getline(lines, line)) {
    auto r = nlohmann::json::parse(line);
    ++records;
    CHECK(r["unscored"] == 0);
    const auto& item = r["result"]["criteria"][0]["items"][2];  // uses_the_givens, an llm item
    CHECK(item["kind"] == "llm");
    CHECK(item["status"] == "pass");
    CHECK(item["detail"].get<std::string>().rfind("judge: met", 0) == 0);
    REQUIRE(item["evidence"].size() == 1);
    CHECK_FALSE(item["evidence"][0]["quote"].get<std::string>().empty());
  }
  CHECK(records == 12);
  std::string summary = Read(dir / "good" / "summary.html");
  for (const char* model : {"alpha", "beta", "gamma"}) CHECK(summary.find(model) != std::string::npos);

  // A judge whose quotes are not in the response: items stay unscored.
  CliRun bad = Grader(dir.string(), "grade --rubric " + rubric + " answers.jsonl --out bad -q --cache cache "
                                 "--judge-endpoint " + server.endpoint() + " --judge-model judge-badquote");
  CHECK(bad.exit_code == 0);
  CHECK(bad.out.find("; 60 items left unscored") != std::string::npos);  // 5 llm items x 12
  std::string first = Read(dir / "bad" / "results.jsonl").substr(0, Read(dir / "bad" / "results.jsonl").find('\n'));
  auto r = nlohmann::json::parse(first);
  CHECK(r["result"]["criteria"][0]["items"][2]["status"] == "unscored");
  CHECK(r["result"]["criteria"][0]["items"][2]["detail"].get<std::string>().rfind("judge: left unscored (", 0) == 0);

  // The API key is in no output file.
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) CHECK(Read(e.path()).find("SECRET") == std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
