// PriorRun: records of an earlier run found by id and fingerprint, the
// journal winning over results.jsonl, torn lines skipped; stale temporary
// files removed.
#include "grader/batch/prior_run.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/cli_test_util.h"

namespace fs = std::filesystem;
using grader::testing::FreshTempDir;
using grader::testing::WriteFile;

TEST_CASE("prior run: found by id and fingerprint, journal last, torn lines skipped", "[batch][prior]") {
  fs::path dir = FreshTempDir("prior-run");
  const std::string ada = R"({"id":"ada","fingerprint":"f1","status":"graded","score":1})";
  const std::string ben = R"({"id":"ben","fingerprint":"f2","status":"error","error":"empty"})";
  const std::string ada2 = R"({"id":"ada","fingerprint":"f3","status":"graded","score":2})";
  WriteFile(dir / "results.jsonl", ada + "\n" + ben + "\n");
  WriteFile(dir / ".journal.jsonl", ada2 + "\n" + R"({"id":"cy","fingerp)");
  grader::PriorRun prior;
  prior.Load(dir.string());
  CHECK(prior.size() == 2);                    // ada, ben; cy's line is torn
  CHECK(prior.Find("ada", "f1") == nullptr);   // the journal's later record replaced it
  const grader::PriorRecord* p = prior.Find("ada", "f3");
  REQUIRE(p);
  CHECK(prior.Read(*p) == ada2);
  CHECK(prior.Find("ben", "f2") == nullptr);   // not graded: never reused
  CHECK(prior.Find("cy", "") == nullptr);

  grader::PriorRun none;
  none.Load((dir / "missing").string());
  CHECK(none.size() == 0);
}

TEST_CASE("prior run: stale temporary files go, others stay", "[batch][prior]") {
  fs::path dir = FreshTempDir("prior-temps");
  WriteFile(dir / "grades.csv.tmp.123", "x");
  WriteFile(dir / "feedback" / "ada.md.tmp.9", "x");
  WriteFile(dir / "gradescope" / "ada" / "results.json.tmp.1", "x");
  WriteFile(dir / "staff" / "ada.html.tmp.15744.827", "x");  // the staff pages (issue 15)
  WriteFile(dir / "feedback" / "ada.md", "kept");
  grader::RemoveStaleTemps(dir.string());
  CHECK_FALSE(fs::exists(dir / "grades.csv.tmp.123"));
  CHECK_FALSE(fs::exists(dir / "feedback" / "ada.md.tmp.9"));
  CHECK_FALSE(fs::exists(dir / "staff" / "ada.html.tmp.15744.827"));
  CHECK_FALSE(fs::exists(dir / "gradescope" / "ada" / "results.json.tmp.1"));
  CHECK(fs::exists(dir / "feedback" / "ada.md"));
}
