// The real RubricEval files (../shared/rubriceval/, each with all four forms)
// import with and without a problem, one form at a time or each to its own
// file; the levelled expert_rubric becomes `levelled` items; the imported
// rubric grades the file's own expert solution; rubrics without a key.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grader/base/error.h"
#include "grader/rubric/grade.h"
#include "grader/rubric/seed_import.h"
#include "tests/cli_test_util.h"

namespace grader {
namespace {

std::string RubricEval(const std::string& name) {
  std::ifstream in(std::string(GRADER_SOURCE_DIR) + "/../shared/rubriceval/" + name);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Field(const std::string& text, const std::string& name) {
  for (const SeedField& f : SplitSeedFields(text))
    if (f.name == name) return f.value;
  return "";
}

TEST_CASE("rubriceval: both real files import every form, with and without a problem", "[import][rubriceval]") {
  for (const char* name : {"transformer.md", "tokenization.md"}) {
    INFO(name);
    std::string text = RubricEval(name);
    CHECK(SeedRubricForms(text) == std::vector<std::string>{"rubric", "brainstormed", "checklist", "errors"});
    for (const char* problem : {"", "myt-params"}) {
      INFO("problem '" << problem << "'");
      for (const char* form : {"auto", "rubric", "brainstormed", "checklist", "errors"}) {
        INFO(form);
        ImportOptions options;
        options.problem = problem;
        options.shapes = form;
        ImportResult r = ImportSeedRubric(name, text, options);
        CHECK(r.form == (std::string(form) == "auto" ? "rubric" : form));
        CHECK(r.rubric.contains("problem") == (std::string(problem) != ""));
        Rubric rubric = ParseRubric("imported.json", r.rubric.dump(2));
        // The file's own expert solution grades: every item is judged
        // (llm) or placed on a level (levelled), so all are unscored.
        std::string solution = Field(text, "expert_solution");
        REQUIRE_FALSE(solution.empty());
        AnswerKey key = rubric.problem.empty() ? KeylessKey(rubric)
                                               : BuildKey(BuiltinProblems().Get(problem), BuiltinProblems().Get(problem).Defaults());
        Result graded = GradeText(rubric, key, solution);
        CHECK(graded.scored == 0);
        CHECK(static_cast<size_t>(graded.unscored) == rubric.AllItems().size());
      }
    }
  }
}

TEST_CASE("rubriceval: expert_rubric criteria become levelled items with the level credits", "[import][rubriceval]") {
  ImportResult r = ImportSeedRubric("transformer.md", RubricEval("transformer.md"), {});
  CHECK(r.rubric["id"] == "imported");
  CHECK(r.rubric["points"] == 100);  // 10 + 65 + 10 + 15: this form alone
  REQUIRE(r.rubric["criteria"].size() == 4);
  const auto& c = r.rubric["criteria"][1];
  CHECK(c["title"] == "Understanding of Transformer Architecture");
  CHECK(c["weight"] == 65);
  REQUIRE(c["checks"].size() == 1);
  const auto& item = c["checks"][0];
  CHECK(item["kind"] == "levelled");
  REQUIRE(item["levels"].size() == 4);
  CHECK(item["levels"][0]["level"] == "excellent");
  CHECK(item["levels"][0]["credit"] == "1");
  CHECK(item["levels"][1]["level"] == "good");
  CHECK(item["levels"][1]["credit"] == "2/3");
  CHECK(item["levels"][2]["credit"] == "1/3");
  CHECK(item["levels"][3]["level"] == "poor");
  CHECK(item["levels"][3]["credit"] == "0");
  CHECK(item["levels"][3]["description"].get<std::string>().rfind("The response fails to identify the feedforward", 0) == 0);
}

TEST_CASE("rubriceval: a levelled item is unscored until a human places it, and its levels are checked", "[rubriceval]") {
  auto error = [](const std::string& levels) {
    try {
      ParseRubric("r.json", R"({"id": "r", "points": 1, "criteria": [{"id": "c", "weight": 1, "checks": [
        {"id": "l", "kind": "levelled", "criterion": "clear", "levels": )" + levels + "}]}]}");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(R"([{"level": "good", "credit": "1"}])") == "no error");
  CHECK(error(R"([{"level": "good", "credit": "2"}])") ==
        "r.json:2:102: criteria[0].checks[0].levels[0].credit: expected a credit from 0 to 1");
  CHECK(error(R"([{"level": "good", "credit": "1", "score": "1"}])") ==
        "r.json:2:116: criteria[0].checks[0].levels[0].score: unknown field 'score' (level, credit, description)");
  CHECK(error("[]") == "r.json:2:73: criteria[0].checks[0].levels: expected a list of {\"level\", \"credit\", \"description\"}");
}

TEST_CASE("rubriceval: import-rubric --shapes each writes every form to its own file, without --problem", "[cli][rubriceval]") {
  namespace fs = std::filesystem;
  fs::path dir = testing::FreshTempDir("rubriceval-each");
  std::string file = std::string(GRADER_SOURCE_DIR) + "/../shared/rubriceval/tokenization.md";
  auto r = testing::RunGrader("import-rubric " + file + " --shapes each -o " + (dir / "tok.json").string());
  INFO(r.out);
  CHECK(r.exit_code == 0);
  for (const char* form : {"rubric", "brainstormed", "checklist", "errors"}) {
    INFO(form);
    fs::path out = dir / ("tok." + std::string(form) + ".json");
    REQUIRE(fs::exists(out));
    std::ofstream(dir / "solution.md") << Field(RubricEval("tokenization.md"), "expert_solution");
    auto graded = testing::RunGrader("grade --rubric " + out.string() + " " + (dir / "solution.md").string() + " --json");
    CHECK(graded.exit_code == 0);
    CHECK(graded.out.find("\"unscored\"") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("rubrics without a key: literal numeric values, claims, regex, coverage and length grade", "[rubric][keyless]") {
  Rubric r = ParseRubric("keyless.json", R"({"id": "k", "title": "No key", "points": 10,
 "criteria": [
   {"id": "a", "part": "a", "weight": 4, "checks": [
     {"id": "bytes", "kind": "numeric", "value": "17179869184", "unit": "byte", "tolerance": {"rel": "0.01"}}]},
   {"id": "b", "part": "b", "weight": 3, "checks": [
     {"id": "claim", "kind": "claim", "subject": "cache", "predicate": "grows|linear"},
     {"id": "re", "kind": "regex", "pattern": "GiB"}]},
   {"id": "rest", "weight": 3, "checks": [
     {"id": "cov", "kind": "coverage", "parts": ["a", "b", "c"]},
     {"id": "len", "kind": "length", "max_words": 200},
     {"id": "pick", "kind": "choice", "options": ["fp16", "fp32"], "expected": "fp16"},
     {"id": "judge", "kind": "llm", "criterion": "Explains the factor 2."}]}
 ]})");
  CHECK(r.problem.empty());
  CHECK(r.keyless_parts == std::vector<std::string>{"a", "b", "c"});
  Result g = GradeText(r, KeylessKey(r), "(a) The cache takes 16 GiB = 17,179,869,184 bytes in fp16.\n\n"
                                          "(b) The cache grows linearly with the batch.\n");
  // a 4 + claim 1.5 (regex: GiB is in part a, not b) + coverage 2/3 of 0.75 + length 0.75 + choice 0.75.
  CHECK(ExactString(g.score) == "7.5");
  CHECK(g.unscored == 1);
  CHECK_THROWS_WITH(ParseRubric("k.json", R"({"id": "k", "points": 1, "criteria": [{"id": "a", "weight": 1, "checks": [
    {"id": "n", "kind": "numeric", "answer": "kv_bytes"}]}]})"),
                    "k.json:2:46: criteria[0].checks[0].answer: this rubric names no 'problem', so it has no key and no "
                    "answer 'kv_bytes': add 'problem', or give a literal 'value' (with 'unit')");
}

}  // namespace
}  // namespace grader
