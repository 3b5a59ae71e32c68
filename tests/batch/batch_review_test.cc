// Review items through a whole batch, in-process (the "test_unsure" check kind
// is registered by tests/rubric/review_test.cc, in this binary only):
// results.jsonl, grades.csv, review.csv and the summary, a rerun that reuses
// every record, and records without review items that carry no new keys.
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grader/batch/batch.h"
#include "grader/batch/grade_one.h"
#include "grader/rubric/grade.h"
#include "reference/problem.h"
#include "tests/cli_test_util.h"
#include "tests/reports/report_fixtures.h"
#include "tests/rubric/review_rubric.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::ReadFile;
using grader::testing::WriteFile;

std::vector<nlohmann::json> Lines(const fs::path& p) {
  std::vector<nlohmann::json> out;
  std::istringstream in(ReadFile(p));
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

// Whether `key` is an object key anywhere in `j`.
bool HasKey(const nlohmann::json& j, const std::string& key) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() == key || HasKey(it.value(), key)) return true;
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (HasKey(v, key)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("batch: review items reach results.jsonl, grades.csv, review.csv and the summary, and survive reuse",
          "[batch][review][e2e]") {
  fs::path dir = grader::testing::FreshTempDir("batch-review");
  WriteFile(dir / "review.json", grader::testing::kReviewRubric);
  WriteFile(dir / "subs" / "=eve.md", grader::testing::kReviewResponse);
  WriteFile(dir / "subs" / "bo,b.md", grader::testing::kReviewResponse);
  WriteFile(dir / "subs" / "carol.md", "alpha only\n");
  grader::BatchOptions o;
  o.rubric_path = (dir / "review.json").string();
  o.inputs = {(dir / "subs").string()};
  o.out_dir = (dir / "out").string();
  o.quiet = true;
  o.jobs = 2;
  grader::BatchReport report = grader::RunBatch(o);
  CHECK(report.graded == 3);
  CHECK(report.review_items == 6);

  auto records = Lines(dir / "out" / "results.jsonl");
  REQUIRE(records.size() == 3);
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r["id"]);
  REQUIRE(ids == std::vector<std::string>{"=eve", "bo,b", "carol"});
  CHECK(records[0]["review"] == 3);
  CHECK(records[0]["score"] == 7.5);
  const auto& unsure = records[0]["result"]["criteria"][0]["items"][1];
  CHECK(unsure["status"] == "review");
  CHECK(unsure["credit"] == 0.5);
  CHECK(unsure["review"] == "two numbers, \"1,5\" or \"=1+1\", could be the answer");
  CHECK(unsure["candidates"] == nlohmann::json::array({"=1+1", "1,5"}));
  CHECK_FALSE(records[2].contains("review"));
  CHECK_FALSE(HasKey(records[2], "candidates"));

  const std::string rows =
      ",c1,unsure,test_unsure,,partial,0.5,beta,\"'=1+1 | 1,5\",2,"
      "\"two numbers, \"\"1,5\"\" or \"\"=1+1\"\", could be the answer\"\r\n"
      "{ID},c2,whole,test_unsure,,pass,1,gamma,,2,\"a second line\nof reason\"\r\n"
      "{ID},deductions,d1,test_unsure,,applied,0,delta,charged | not charged,3,'=SUM(A1) may be a formula\r\n";
  auto rows_of = [&](const std::string& id) {
    std::string r = id + rows;
    for (size_t at = r.find("{ID}"); at != std::string::npos; at = r.find("{ID}")) r.replace(at, 4, id);
    return r;
  };
  const std::string expected = "submission,criterion,item,check_kind,part,status,credit,read,candidates,line,reason\r\n" +
                               rows_of("'=eve") + rows_of("\"bo,b\"");
  CHECK(ReadFile(dir / "out" / "review.csv") == expected);

  std::string csv = ReadFile(dir / "out" / "grades.csv");
  CHECK(csv.rfind("id,total,max,percent,c1,c2,unscored,status,error,review,pending\r\n", 0) == 0);
  CHECK(csv.find("\r\n'=eve,7.5,10,75,4.5,4,0,needs review,,3,8\r\n") != std::string::npos);
  CHECK(csv.find("\r\ncarol,10,10,100,6,4,0,graded,,0,0\r\n") != std::string::npos);
  std::string md = ReadFile(dir / "out" / "summary.md");
  CHECK(md.find("6 of 12 item results need review, in 2 of 3 graded submissions") != std::string::npos);
  std::string feedback = ReadFile(dir / "out" / "feedback" / "carol.md");
  CHECK(feedback.find("checked by course staff") == std::string::npos);
  std::string eve = ReadFile(dir / "out" / "feedback" / fs::path(records[0]["file_id"].get<std::string>() + ".md"));
  CHECK(eve.find("This item will be checked by course staff.") != std::string::npos);
  CHECK(eve.find("two numbers") == std::string::npos);

  // A rerun reuses every record and still lists their review items.
  fs::remove(dir / "out" / "review.csv");
  grader::BatchReport again = grader::RunBatch(o);
  CHECK(again.reused == 3);
  CHECK(again.review_items == 6);
  CHECK(ReadFile(dir / "out" / "review.csv") == expected);
  fs::remove_all(dir);
}

TEST_CASE("batch: a record without review items has no review keys and the same bytes as before",
          "[batch][review][golden]") {
  grader::Rubric rubric =
      grader::LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  const grader::Problem& problem = grader::BuiltinProblems().Get(rubric.problem);
  grader::KeyEntry key;
  key.key = grader::BuildKey(problem, grader::KeyRequest{});
  key.version = grader::KeyVersion(key.key);
  grader::Submission s;
  s.id = "seed-004";
  s.source = "subs/seed-004.md";
  s.text = ReadFile(fs::path(GRADER_SEEDS_DIR) / "004_b14c3983825096cc.txt");
  grader::GradedLine g =
      grader::GradeSubmission(rubric, {s, "seed-004", key, grader::ContentHash(s.text), "fp", nullptr, nullptr});
  nlohmann::json j = nlohmann::json::parse(g.line);
  CHECK(j["status"] == "graded");
  CHECK(g.record.review == 0);
  CHECK_FALSE(HasKey(j, "review"));
  CHECK_FALSE(HasKey(j, "candidates"));
  CHECK(g.line.find("\"review\"") == std::string::npos);
  // tests/golden/results_seed004.jsonl: the line as the grader wrote it before
  // the review status existed (GRADER_UPDATE_GOLDEN=1 rewrites it).
  CHECK(grader::testing::MatchesGolden("results_seed004.jsonl", g.line + "\n"));
}
