// A TA's own problem and rubric, written outside the project's tree at run
// time, used by `grader grade`, `regrade` and `key` through --problems and
// by the lookup of problems/ beside the rubric's folder.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::ReadFile;
using grader::testing::RunGrader;
using grader::testing::WriteFile;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Course staff's folder: problems/ta-kv-cache.json (the shipped KV-cache
// problem under another id, so only this folder has it), rubrics/kv.json and
// four answers: right, off by 2x, GiB written as GB, unanswered.
fs::path MakeCourseFolder(const std::string& name) {
  fs::path dir = grader::testing::FreshTempDir("course-" + name);
  std::string problem = ReadFile(fs::path(GRADER_SOURCE_DIR) / "problems/llm-kv-cache.json");
  REQUIRE(problem.find("\"id\": \"llm-kv-cache\"") != std::string::npos);
  WriteFile(dir / "problems/ta-kv-cache.json", Replace(problem, "\"id\": \"llm-kv-cache\"", "\"id\": \"ta-kv-cache\""));
  WriteFile(dir / "rubrics/kv.json", R"({
  "id": "ta-kv", "problem": "ta-kv-cache", "points": 10,
  "criteria": [
    {"id": "cache", "part": "a", "weight": 5, "checks": [
      {"id": "kv_bytes", "kind": "numeric", "answer": "kv_bytes", "tolerance": {"rel": "0.01"}}]},
    {"id": "fit", "part": "b", "weight": 5, "checks": [
      {"id": "tokens_fit", "kind": "numeric", "answer": "tokens_fit", "tolerance": {"rel": "0.001"}}]}
  ]
})");
  WriteFile(dir / "answers/right.md",
            "(a) 2 x 32 x 4096 x 2 bytes = 524,288 bytes per token; for 8 x 4096 tokens the cache is "
            "**17,179,869,184 bytes** (16 GiB).\n\n(b) 66,500,000,000 / 524,288 = **126,838 tokens**.\n");
  WriteFile(dir / "answers/half.md",
            "(a) 32 x 4096 x 2 bytes per token, so **8,589,934,592 bytes**.\n\n(b) **126,838 tokens** fit.\n");
  WriteFile(dir / "answers/gib.md", "(a) The KV cache takes **16 GB**.\n\n(b) **126,838 tokens** fit in the rest.\n");
  WriteFile(dir / "answers/none.md", "I did not get to this question.\n");
  return dir;
}

nlohmann::json GradeJson(const std::string& args) {
  auto r = RunGrader(args + " --json");
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

TEST_CASE("problems dir: grade, regrade and key use a TA's folder outside the tree", "[cli][problems]") {
  fs::path dir = MakeCourseFolder("flags");
  // Run from elsewhere, so that nothing is found by accident beside the rubric.
  fs::path elsewhere = grader::testing::FreshTempDir("course-elsewhere");
  fs::path rubric_copy = elsewhere / "kv.json";
  WriteFile(rubric_copy, ReadFile(dir / "rubrics/kv.json"));
  std::string problems = " --problems " + (dir / "problems").string();

  auto no_flag = RunGrader("grade --rubric " + rubric_copy.string() + " " + (dir / "answers/right.md").string());
  CHECK(no_flag.exit_code == 2);
  CHECK(no_flag.out.find("unknown problem 'ta-kv-cache'") != std::string::npos);
  CHECK(no_flag.out.find("give the folder with --problems DIR") != std::string::npos);

  struct Case { const char* file; const char* score; const char* a_status; const char* mistake; };
  for (const Case& c : {Case{"right", "10", "pass", ""}, Case{"half", "6.25", "partial", "keys or values only (no factor 2)"},
                        Case{"gib", "7.5", "partial", "GiB written as GB"}, Case{"none", "0", "review", ""}}) {
    INFO(c.file);
    nlohmann::json j = GradeJson("grade --rubric " + rubric_copy.string() + problems + " " +
                                 (dir / "answers" / (std::string(c.file) + ".md")).string());
    CHECK(j["exact"]["score"] == c.score);
    const nlohmann::json& a = j["criteria"][0]["items"][0];
    CHECK(a["status"] == c.a_status);
    CHECK(a.value("mistake", "") == c.mistake);
  }

  // A batch into a folder, then regrade from another directory: run.json
  // holds absolute paths, the problems folder among them.
  fs::path out = dir / "graded";
  auto batch = RunGrader("grade --rubric " + rubric_copy.string() + problems + " " + (dir / "answers").string() +
                         " --out " + out.string() + " --quiet");
  INFO(batch.out);
  CHECK(batch.exit_code == 0);
  nlohmann::json run = nlohmann::json::parse(ReadFile(out / "run.json"));
  CHECK(run["rubric"] == rubric_copy.string());
  CHECK(run["problems"] == (dir / "problems").string());
  CHECK(run["inputs"][0] == (dir / "answers").string());
  std::string grades = ReadFile(out / "grades.csv");
  CHECK(grades.find("gib,") != std::string::npos);
  auto regrade = RunGrader("regrade " + out.string() + " --quiet", "/");
  INFO(regrade.out);
  CHECK(regrade.exit_code == 0);
  CHECK(regrade.out.find("0 of 4 submissions changed score") != std::string::npos);

  // The key, exactly.
  auto key = RunGrader("key ta-kv-cache --json" + problems);
  REQUIRE(key.exit_code == 0);
  std::string text = key.out;
  CHECK(text.find("\"value\": \"17179869184\"") != std::string::npos);
  CHECK(text.find("\"value\": \"126838\"") != std::string::npos);
  CHECK(text.find("\"value\": \"16000000000\"") != std::string::npos);
  fs::remove_all(dir);
  fs::remove_all(elsewhere);
}

TEST_CASE("problems dir: a rubric's problem is found in problems/ beside its folder", "[cli][problems]") {
  fs::path dir = MakeCourseFolder("beside");
  nlohmann::json j = GradeJson("grade --rubric " + (dir / "rubrics/kv.json").string() + " " +
                               (dir / "answers/gib.md").string());
  CHECK(j["exact"]["score"] == "7.5");
  auto batch = RunGrader("grade --rubric rubrics/kv.json answers --out graded --quiet", dir.string());
  CHECK(batch.exit_code == 0);
  auto regrade = RunGrader("regrade " + (dir / "graded").string() + " --quiet", "/");
  CHECK(regrade.exit_code == 0);
  CHECK(regrade.out.find("0 of 4 submissions changed score") != std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
