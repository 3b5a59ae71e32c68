// End-to-end tests of `grader key`, `grader problems` and `grader solvers`
// through the real binary.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli_test_util.h"

namespace {

using Run = grader::testing::CliRun;

Run Grader(const std::string& args) { return grader::testing::RunGrader(args); }
std::string TempDir(const std::string& name) {
  std::string dir = grader::testing::FreshTempDir("key-" + name).string();
  std::filesystem::remove_all(dir);  // the commands under test must create it
  return dir;
}
std::string Slurp(const std::string& path) { return grader::testing::ReadFile(path); }

TEST_CASE("grader key --all --out writes every key as Markdown and JSON", "[cli]") {
  std::string dir = TempDir("all");
  Run r = Grader("key --all --out " + dir);
  CHECK(r.exit_code == 0);
  for (const char* id : {"cs336-adamw-accounting", "cs336-transformer-accounting", "eecs182-chinchilla-fermi", "eecs182-lora",
                         "eecs182-soft-prompt", "llm-dp-allreduce", "llm-kv-cache", "myt-params"}) {
    INFO(id);
    CHECK(std::filesystem::exists(dir + "/" + id + ".md"));
    CHECK(std::filesystem::exists(dir + "/" + id + ".json"));
  }
  CHECK(Slurp(dir + "/cs336-transformer-accounting.json").find("\"value\": \"2127057600\"") != std::string::npos);
  CHECK(Slurp(dir + "/llm-kv-cache.json").find("\"value\": \"17179869184\"") != std::string::npos);
  CHECK(Slurp(dir + "/cs336-adamw-accounting.json").find("\"value\": \"29778806400\"") != std::string::npos);
  CHECK(Slurp(dir + "/llm-dp-allreduce.json").find("\"value\": \"24500000000\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("grader key prints one key, --json and --set and --variant work", "[cli]") {
  Run md = Grader("key myt-params");
  CHECK(md.exit_code == 0);
  CHECK(md.out.find("**1,406,092,416 parameters**") != std::string::npos);
  Run js = Grader("key cs336-transformer-accounting --json --set num_layers=12 --set d_model=768 --set num_heads=12 "
                  "--set d_ff=3072");
  CHECK(js.exit_code == 0);
  CHECK(js.out.find("\"forward_flops\"") != std::string::npos);
  CHECK(js.out.find("\"value\": \"349630365696\"") != std::string::npos);
  Run v1 = Grader("key eecs182-lora --variant 3 --json");
  Run v2 = Grader("key eecs182-lora --variant 3 --json");
  CHECK(v1.exit_code == 0);
  CHECK(v1.out == v2.out);
  CHECK(v1.out.find("\"variant\": 3") != std::string::npos);
}

TEST_CASE("grader key: bad input is one line, exit code 2, nothing written", "[cli]") {
  std::string dir = TempDir("bad");
  struct Case { std::string args; std::string message; };
  const Case cases[] = {
      {"key nope --out " + dir, "grader: error: unknown problem 'nope' (run 'grader problems' for the list)\n"},
      {"key myt-params --set depth=3 --out " + dir,
       "grader: error: problem 'myt-params' has no parameter 'depth'\n"},
      {"key myt-params --set num_layers=many --out " + dir,
       "grader: error: problem 'myt-params': num_layers: expected an integer, got 'many' (expected a number)\n"},
      {"key myt-params --set num_layers=-4 --out " + dir,
       "grader: error: problem 'myt-params': num_layers: -4 is below the minimum 1\n"},
      {"key cs336-transformer-accounting --set d_model=1001 --out " + dir,
       "grader: error: transformer: d_model (1,001) must be divisible by num_heads (25)\n"},
      {"key --all --set num_layers=2 --out " + dir,
       "grader: error: --set applies to one problem; it cannot be combined with --all\n"},
      {"key --all", "grader: error: --all needs --out DIR\n"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    Run r = Grader(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.out == c.message);
    CHECK_FALSE(std::filesystem::exists(dir));
  }
}

TEST_CASE("grader: unknown commands get a suggestion, every command has --help", "[cli]") {
  Run typo = Grader("kee");
  CHECK(typo.exit_code == 2);
  CHECK(typo.out == "grader: error: unknown command 'kee'; did you mean 'key'?\nrun 'grader --help' for the list of commands\n");
  Run help = Grader("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("key") != std::string::npos);
  CHECK(help.out.find("problems") != std::string::npos);
  for (const char* cmd : {"key", "problems", "solvers", "grade", "regrade", "import-rubric", "extract", "ask"}) {
    INFO(cmd);
    Run h = Grader(std::string(cmd) + " --help");
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Usage:") != std::string::npos);
  }
}

TEST_CASE("grader problems and solvers list what can be keyed", "[cli]") {
  Run p = Grader("problems");
  CHECK(p.exit_code == 0);
  CHECK(p.out.find("cs336-transformer-accounting  Transformer accounting") != std::string::npos);
  CHECK(p.out.find("    d_model = 1600  [integer 1..] varies  model width") != std::string::npos);
  Run s = Grader("solvers");
  CHECK(s.exit_code == 0);
  for (const char* name : {"transformer:", "lora:", "soft_prompt:", "chinchilla:", "fermi:"}) CHECK(s.out.find(name) != std::string::npos);
  CHECK(s.out.find("  outputs:\n    lora_params  [parameter]  ") != std::string::npos);
  CHECK(s.out.find("    forward_flops  [FLOP]  ") != std::string::npos);
  CHECK(s.out.find("    largest_flop_component  [text]  ") != std::string::npos);
  Run one = Grader("solvers lora");
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("transformer:") == std::string::npos);
  CHECK(one.out.find("    lora_bytes  [byte]  ") != std::string::npos);
  Run typo = Grader("solvers lorra");
  CHECK(typo.exit_code == 2);
  CHECK(typo.out == "grader: error: unknown solver 'lorra'; did you mean 'lora'?\n");
}

}  // namespace

namespace {

TEST_CASE("grader extract --json reads every seed, symbolic equation sides included", "[cli]") {
  for (const char* seed : {"002_b4d7ad0926eb3fc7.txt", "003_3481338b44f4d9e3.txt", "004_b14c3983825096cc.txt"}) {
    INFO(seed);
    Run r = Grader(std::string("extract ") + GRADER_SEEDS_DIR + "/" + seed + " --json");
    CHECK(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["equations"].size() > 0);
  }
}

}  // namespace
