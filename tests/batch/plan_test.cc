// PlanBatch: inputs, problems left out, roster parameters, one key per
// parameter set, bad parameters as submission errors, file ids.
#include "grader/batch/plan.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "grader/base/error.h"
#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::FreshTempDir;
using grader::testing::WriteFile;

const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";

}  // namespace

TEST_CASE("plan: keys once per parameter set, roster and other problems", "[batch][plan]") {
  fs::path dir = FreshTempDir("plan");
  WriteFile(dir / "subs" / "ada.md", "(a) 2,127,057,600 parameters\n");
  WriteFile(dir / "subs" / "ben.md", "(a) 2,127,057,600 parameters\n");
  WriteFile(dir / "subs" / "cy.md", "(a) 1 parameter\n");
  WriteFile(dir / "subs" / "dee.md", "(a) 1 parameter\n");
  WriteFile(dir / "subs" / "more.jsonl",
            "{\"id\": \"llm-1\", \"response\": \"(a) 3\", \"problem\": \"eecs182-lora\"}\n"
            "{\"id\": \"llm/2\", \"response\": \"(a) 3\"}\n");
  WriteFile(dir / "roster.csv", "id,num_layers\ncy,24\ndee,0\n");
  grader::BatchOptions o;
  o.rubric_path = kRubric;
  o.inputs = {(dir / "subs").string()};
  o.roster = (dir / "roster.csv").string();
  grader::BatchPlan plan = grader::PlanBatch(o);

  REQUIRE(plan.size() == 5);
  std::vector<std::string> ids;
  for (size_t i = 0; i < plan.size(); ++i) ids.emplace_back(plan.subs.id(i));
  CHECK(ids == std::vector<std::string>{"ada", "ben", "cy", "dee", "llm/2"});
  CHECK(plan.rubric.id == "cs336-transformer-accounting");
  CHECK(plan.summary.points == 100);
  CHECK_FALSE(plan.judging);
  CHECK(plan.input.defer);  // responses are read by the workers

  // ada, ben and llm/2 share the default key; cy has 24 layers; dee's 0 is refused.
  REQUIRE(plan.keys.size() == 3);
  CHECK(plan.key_index == std::vector<int>{0, 0, 1, 2, 0});
  CHECK(plan.KeyOf(0).key.Find("total_params")->number->ToString() == "2127057600");
  auto layers = [&](size_t i) {
    for (const auto& [name, value] : plan.KeyOf(i).key.parameters)
      if (name == "num_layers") return value;
    return std::string();
  };
  CHECK(layers(0) == "48");
  CHECK(layers(2) == "24");
  CHECK(plan.KeyOf(2).error.empty());
  CHECK(plan.KeyOf(2).version != plan.KeyOf(0).version);
  CHECK(plan.subs.Get(3).error.rfind("parameters: ", 0) == 0);
  CHECK(plan.KeyOf(3).error == plan.subs.Get(3).error);

  // "llm/2" cannot be a file name as it is.
  CHECK(plan.FileId(0) == "ada");
  CHECK(plan.FileId(4) != "llm/2");
  CHECK(plan.FileId(4).find('/') == std::string::npos);
  REQUIRE(plan.renamed_file_ids.size() == 1);  // only the id that changed is kept
  CHECK(plan.renamed_file_ids[0].first == 4);
  // llm/2 is a JSONL line with nothing of its own: held compactly, and
  // given back whole.
  CHECK(plan.subs.compact(4));
  grader::Submission llm = plan.subs.Get(4);
  CHECK(llm.source == (dir / "subs" / "more.jsonl").string() + ":2");
  CHECK(llm.offset > 0);
  CHECK(llm.Deferred());
  REQUIRE(!plan.notes.empty());
  CHECK(plan.notes[0] == "1 submission is for problem 'eecs182-lora', not this rubric's; left out");
}

TEST_CASE("plan: overrides by id, and a rubric that does not exist", "[batch][plan]") {
  fs::path dir = FreshTempDir("plan-overrides");
  WriteFile(dir / "subs" / "ada.md", "(a) 2,127,057,600 parameters\n");
  WriteFile(dir / "overrides.csv", "id,check,credit,comment\nada,total_params,0.5,half\nada,fp32_memory,1,\n");
  grader::BatchOptions o;
  o.rubric_path = kRubric;
  o.inputs = {(dir / "subs").string()};
  o.overrides = (dir / "overrides.csv").string();
  grader::BatchPlan plan = grader::PlanBatch(o);
  REQUIRE(plan.overrides.count("ada") == 1);
  REQUIRE(plan.overrides["ada"].size() == 2);
  CHECK(plan.overrides["ada"][0].item_id == "total_params");
  CHECK(plan.overrides["ada"][0].credit == grader::Exact(1) / 2);
  CHECK(plan.override_text["ada"] == "total_params=0.5:half;fp32_memory=1:;");

  o.rubric_path = (dir / "missing.json").string();
  CHECK_THROWS_AS(grader::PlanBatch(o), grader::Error);
}
