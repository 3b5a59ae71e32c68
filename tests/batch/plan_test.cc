// PlanBatch: inputs, problems left out, roster parameters, one key per
// parameter set, bad parameters as submission errors, file ids.
#include "grader/batch/plan.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "grader/base/error.h"
#include "grader/batch/shard.h"
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

TEST_CASE("plan: each shard keeps its slice of the whole plan, with the whole plan's file ids", "[batch][plan][shard]") {
  fs::path dir = FreshTempDir("plan-shard");
  std::string jsonl;
  for (int i = 0; i < 40; ++i) {
    // Every second id collides with the one before once made a file name.
    std::string id = i % 2 ? "s/" + std::to_string(i - 1) : "s_" + std::to_string(i);
    jsonl += "{\"id\": \"" + id + "\", \"response\": \"(a) " + std::to_string(i) + "\"}\n";
  }
  WriteFile(dir / "answers.jsonl", jsonl);
  WriteFile(dir / "subs/.hidden.md", "x");
  WriteFile(dir / "subs/bea.md", "(a) 1\n");
  WriteFile(dir / "subs/ann/answer.md", "(a) 2\n");
  WriteFile(dir / "subs/ann/notes.pdf", "x");
  grader::BatchOptions o;
  o.rubric_path = kRubric;
  o.inputs = {(dir / "answers.jsonl").string(), (dir / "subs").string()};
  grader::BatchPlan whole = grader::PlanBatch(o);
  REQUIRE(whole.size() == 42);
  REQUIRE(whole.skipped.size() == 2);
  CHECK(whole.subs.id(1) == "s/0");
  CHECK(whole.FileId(1) == "s_0-2");  // renamed, since "s_0" is taken: a shard must name it so too
  CHECK(whole.shard.rows.empty());  // not sharded

  std::vector<int> seen(whole.size(), 0), seen_skipped(whole.skipped.size(), 0);
  std::string plan_hash;
  for (int k = 0; k < 3; ++k) {
    o.shard = grader::ShardSpec{k, 3};
    grader::BatchPlan part = grader::PlanBatch(o);
    INFO(k);
    CHECK(part.shard.total == 42);
    CHECK(part.shard.skipped_total == 2);
    if (k == 0) plan_hash = part.shard.plan_hash;
    CHECK(part.shard.plan_hash == plan_hash);
    REQUIRE(part.shard.rows.size() == part.size());
    REQUIRE(part.key_index.size() == part.size());
    for (size_t i = 0; i < part.size(); ++i) {
      size_t row = part.shard.rows[i];
      ++seen[row];
      CHECK(part.subs.id(i) == whole.subs.id(row));
      CHECK(part.FileId(i) == whole.FileId(row));
      CHECK(grader::ShardOf(part.subs.id(i), 3) == k);
      if (i > 0) CHECK(row > part.shard.rows[i - 1]);
    }
    REQUIRE(part.shard.skipped_rows.size() == part.skipped.size());
    for (size_t i = 0; i < part.skipped.size(); ++i) {
      ++seen_skipped[part.shard.skipped_rows[i]];
      CHECK(part.skipped[i].path == whole.skipped[part.shard.skipped_rows[i]].path);
    }
  }
  CHECK(seen == std::vector<int>(whole.size(), 1));
  CHECK(seen_skipped == std::vector<int>(whole.skipped.size(), 1));
}
