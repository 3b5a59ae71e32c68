// ReviewSession without HTTP (grader/review/session.h): it keeps results.jsonl
// small (each record's place, score line and review items) and reads a
// record's line again for a student page or a decision, so those must find
// the right record after another writer rewrote the file.
#include "grader/review/session.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::FreshTempDir;
using grader::testing::ReadFile;
using grader::testing::RunGrader;
using grader::testing::WriteFile;

const std::string kSource = GRADER_SOURCE_DIR;

TEST_CASE("review session: student pages and decisions read the right record, also after results.jsonl is rewritten",
          "[review][session]") {
  fs::path dir = FreshTempDir("review-session");
  fs::path out = dir / "out";
  REQUIRE(RunGrader("grade --rubric " + kSource + "/rubrics/cs336-transformer-accounting.json " + kSource +
                    "/problems/examples/cs336-transformer-accounting --out " + out.string() + " -q")
              .exit_code == 0);
  grader::ReviewOptions options;
  options.dir = out.string();
  options.who = "ta";
  grader::ReviewSession session(options);
  CHECK(session.pending() == 16);
  auto page_of = [&](const std::string& id) {
    std::optional<std::string> page = session.StudentPage(id);
    REQUIRE(page.has_value());
    return *page;
  };
  // Each page is its student's: its own score line.
  CHECK(page_of("ben").find("45.5") != std::string::npos);
  CHECK(page_of("cy").find("67") != std::string::npos);
  CHECK_FALSE(session.StudentPage("nobody").has_value());

  // Another writer replaces results.jsonl with the records in the opposite
  // order (every offset moves): the pages still read each student's own line.
  std::vector<std::string> lines;
  {
    std::istringstream in(ReadFile(out / "results.jsonl"));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  REQUIRE(lines.size() == 4);
  std::reverse(lines.begin(), lines.end());
  std::string reversed;
  for (const std::string& line : lines) reversed += line + "\n";
  WriteFile(dir / "results.tmp", reversed);
  fs::rename(dir / "results.tmp", out / "results.jsonl");
  const std::string ben = page_of("ben");
  CHECK(ben.find("45.5") != std::string::npos);
  CHECK(ben.find(">ben<") != std::string::npos);
  CHECK(page_of("ada").find(">ada<") != std::string::npos);
  CHECK(session.pending() == 16);

  // A decision names a submission and one of its items.
  grader::ReviewSession::Reply unknown = session.Decide(
      nlohmann::json::parse(R"({"items": [{"submission": "ben", "item": "no_such_item"}], "credit": "1"})"));
  CHECK(unknown.status == 404);
  CHECK(unknown.body["error"] == "submission 'ben' has no item 'no_such_item'");
  grader::ReviewSession::Reply nobody = session.Decide(
      nlohmann::json::parse(R"({"items": [{"submission": "nobody", "item": "total_params"}], "credit": "1"})"));
  CHECK(nobody.status == 404);
  grader::ReviewSession::Reply ok = session.Decide(
      nlohmann::json::parse(R"({"items": [{"submission": "ben", "item": "total_params"}], "credit": "1", "comment": "ok"})"));
  REQUIRE(ok.status == 200);
  CHECK(ok.body["saved"] == 1);
  session.WaitForRegrade(ok.body["wait_for"].get<unsigned long long>());
  CHECK(ReadFile(out / "overrides.csv").find("ben,total_params,1,ok,ta,") != std::string::npos);

  // A decision reads its record once to check the item, and once more to
  // queue that record's items; records decided earlier are not read again
  // (their items were kept when the regrade's results.jsonl was loaded).
  for (const char* id : {"cy", "ada"}) {
    const size_t before = session.record_reads();
    grader::ReviewSession::Reply next = session.Decide(nlohmann::json::parse(
        std::string(R"({"items": [{"submission": ")") + id + R"(", "item": "total_params"}], "credit": "1"})"));
    REQUIRE(next.status == 200);
    session.WaitForRegrade(next.body["wait_for"].get<unsigned long long>());
    CHECK(session.record_reads() == before + 2);
  }
  fs::remove_all(dir);
}

}  // namespace
