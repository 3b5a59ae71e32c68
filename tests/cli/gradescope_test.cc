// `grader gradescope` writes an autograder zip; unpacked into a folder laid
// out as Gradescope's (/autograder/source, /autograder/submission,
// /autograder/results), its run_autograder grades a real writeup of
// ../shared/corpus and writes a results.json with Gradescope's fields.
// (setup.sh builds the grader from the shipped sources on Gradescope; here
// GRADER_BIN points run_autograder at the grader under test instead.)
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::ReadFile;
using grader::testing::RunGrader;
using grader::testing::WriteFile;

const char* kWriteup = "cs336_unknown_58591493841.md";

std::string Corpus(const std::string& name) {
  return ReadFile(fs::path(GRADER_SOURCE_DIR) / "../shared/corpus/writeups" / name);
}

// Unpacks `zip` into `dest` with Python's zipfile (checking every CRC) and
// keeps each entry's Unix mode; returns the listing "name mode" per line.
std::string Unpack(const fs::path& zip, const fs::path& dest) {
  fs::create_directories(dest.parent_path());
  fs::path listing = dest.parent_path() / (dest.filename().string() + ".listing");
  std::string cmd = "python3 -c \"import sys, zipfile, os\n"
                    "z = zipfile.ZipFile(sys.argv[1])\n"
                    "assert z.testzip() is None\n"
                    "out = open(sys.argv[3], 'w')\n"
                    "for i in z.infolist():\n"
                    "    p = z.extract(i, sys.argv[2])\n"
                    "    mode = (i.external_attr >> 16) & 0o777\n"
                    "    os.chmod(p, mode)\n"
                    "    out.write('%s %o\\n' % (i.filename, mode))\n\" '" +
                    zip.string() + "' '" + dest.string() + "' '" + listing.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return ReadFile(listing);
}

// Runs run_autograder in `root` with the grader under test; returns results.json.
nlohmann::json RunAutograder(const fs::path& root) {
  std::string cmd = "AUTOGRADER_ROOT='" + root.string() + "' GRADER_BIN='" + std::string(GRADER_BINARY) + "' '" +
                    (root / "source" / "run_autograder").string() + "' > '" + (root / "log.txt").string() + "' 2>&1";
  int status = std::system(cmd.c_str());
  INFO(ReadFile(root / "log.txt"));
  REQUIRE(status == 0);
  return nlohmann::json::parse(ReadFile(root / "results" / "results.json"));
}

double Round2(double x) { return std::round(x * 100) / 100; }

TEST_CASE("gradescope: the zip's run_autograder grades a real writeup into Gradescope's results.json", "[cli][gradescope]") {
  fs::path dir = grader::testing::FreshTempDir("gradescope-zip");
  auto made = RunGrader("gradescope --rubric rubrics/cs336-transformer-accounting.json --out '" +
                        (dir / "autograder.zip").string() + "'");
  INFO(made.out);
  REQUIRE(made.exit_code == 0);
  CHECK(made.out.find("wrote " + (dir / "autograder.zip").string()) != std::string::npos);

  fs::path root = dir / "autograder";
  std::string listing = Unpack(dir / "autograder.zip", root / "source");
  // The scripts are executable; the grader's sources are there, its tests not.
  CHECK(listing.find("setup.sh 755\n") != std::string::npos);
  CHECK(listing.find("run_autograder 755\n") != std::string::npos);
  CHECK(listing.find("rubric.json 644\n") != std::string::npos);
  CHECK(listing.find("autograder.json 644\n") != std::string::npos);
  CHECK(listing.find("grader-src/CMakeLists.txt 644\n") != std::string::npos);
  CHECK(listing.find("grader-src/grader/cli/main.cc 644\n") != std::string::npos);
  CHECK(listing.find("grader-src/problems/cs336-transformer-accounting.json 644\n") != std::string::npos);
  CHECK(listing.find("grader-src/tests/") == std::string::npos);
  CHECK(listing.find("grader-src/build") == std::string::npos);
  CHECK(listing.find("\nproblems/") == std::string::npos);  // built in: compiled into the grader, not shipped twice
  CHECK(ReadFile(root / "source" / "rubric.json") == ReadFile(fs::path(GRADER_SOURCE_DIR) / "rubrics/cs336-transformer-accounting.json"));

  // A submission as Gradescope lays it out: the student's file and metadata.
  WriteFile(root / "submission" / "writeup.md", Corpus(kWriteup));
  WriteFile(root / "submission" / "notes.pdf", "%PDF-1.4 not read");
  WriteFile(root / "submission_metadata.json",
            R"({"id": 123456, "users": [{"email": "ada@example.edu", "id": 9, "name": "Ada", "sid": "s1"}]})");
  nlohmann::json results = RunAutograder(root);

  // The same score as grading the file directly.
  auto direct = RunGrader("grade --rubric rubrics/cs336-transformer-accounting.json '" +
                          (root / "submission" / "writeup.md").string() + "' --json");
  REQUIRE(direct.exit_code == 0);
  double expected = nlohmann::json::parse(direct.out)["score"].get<double>();
  REQUIRE(results.contains("score"));
  CHECK(Round2(results["score"].get<double>()) == Round2(expected));
  CHECK(Round2(expected) == 43.75);
  // Gradescope's fields: tests with name, score, max_score, status, visibility;
  // the visible and hidden max_scores of graded items add up to 100.
  REQUIRE(results["tests"].is_array());
  REQUIRE(results["tests"].size() >= 10);
  double max_sum = 0;
  for (const nlohmann::json& t : results["tests"]) {
    INFO(t.dump());
    CHECK(t["name"].is_string());
    CHECK(t["max_score"].is_number());
    CHECK((t["visibility"] == "visible" || t["visibility"] == "hidden" || t["visibility"] == "after_published"));
    if (t.contains("status")) CHECK((t["status"] == "passed" || t["status"] == "failed"));
    max_sum += t["max_score"].get<double>();
  }
  CHECK(std::fabs(max_sum - 100) < 0.05);
  CHECK(results["output"].get<std::string>().find("43.75") != std::string::npos);
}

TEST_CASE("gradescope: a roster gives each student their own parameters by their Gradescope email", "[cli][gradescope]") {
  fs::path dir = grader::testing::FreshTempDir("gradescope-roster");
  WriteFile(dir / "roster.csv", "id,variant\nada@example.edu,3\n");
  auto made = RunGrader("gradescope --rubric rubrics/cs336-transformer-accounting.json --roster '" +
                        (dir / "roster.csv").string() + "' --out '" + (dir / "a.zip").string() + "'");
  INFO(made.out);
  REQUIRE(made.exit_code == 0);
  fs::path root = dir / "autograder";
  std::string listing = Unpack(dir / "a.zip", root / "source");
  CHECK(listing.find("roster.csv 644\n") != std::string::npos);
  nlohmann::json config = nlohmann::json::parse(ReadFile(root / "source" / "autograder.json"));
  CHECK(config["roster"] == "roster.csv");
  CHECK(config["roster_key"] == "email");

  WriteFile(root / "submission" / "answer.md", Corpus(kWriteup));
  WriteFile(root / "submission_metadata.json", R"({"users": [{"email": "ada@example.edu", "id": 9}]})");
  nlohmann::json results = RunAutograder(root);
  auto variant = RunGrader("grade --rubric rubrics/cs336-transformer-accounting.json --variant 3 '" +
                           (root / "submission" / "answer.md").string() + "' --json");
  REQUIRE(variant.exit_code == 0);
  double expected = nlohmann::json::parse(variant.out)["score"].get<double>();
  CHECK(Round2(results["score"].get<double>()) == Round2(expected));
  CHECK(Round2(expected) != 43.75);  // variant 3's key differs from the defaults'
}

TEST_CASE("gradescope: a submission with no text answer gets a results.json that says what to upload", "[cli][gradescope]") {
  fs::path dir = grader::testing::FreshTempDir("gradescope-empty");
  REQUIRE(RunGrader("gradescope --rubric rubrics/cs336-transformer-accounting.json --out '" + (dir / "a.zip").string() +
                    "'").exit_code == 0);
  fs::path root = dir / "autograder";
  Unpack(dir / "a.zip", root / "source");
  WriteFile(root / "submission" / "scan.pdf", "%PDF-1.4");
  nlohmann::json results = RunAutograder(root);
  CHECK(results["score"] == 0);
  CHECK(results["tests"].empty());
  CHECK(results["output"] ==
        "No answer to grade: upload your answers as a text file (.md, .txt, .tex or .typ); this submission holds scan.pdf.");
}

TEST_CASE("gradescope: a broken rubric or source tree is refused before any zip is written", "[cli][gradescope]") {
  fs::path dir = grader::testing::FreshTempDir("gradescope-bad");
  WriteFile(dir / "bad.json", "{\"id\": \"x\", \"problem\": \"no-such-problem\", \"criteria\": []}");
  auto bad = RunGrader("gradescope --rubric '" + (dir / "bad.json").string() + "' --out '" + (dir / "a.zip").string() + "'");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("unknown problem 'no-such-problem'") != std::string::npos);
  auto source = RunGrader("gradescope --rubric rubrics/cs336-transformer-accounting.json --source '" + dir.string() +
                          "' --out '" + (dir / "a.zip").string() + "'");
  CHECK(source.exit_code == 2);
  CHECK(source.out.find("is not the grader's source tree") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "a.zip"));
}

}  // namespace

namespace {

// A problem that is not built in is shipped with the folder it was found in
// (problems/ beside the rubric's folder, as every command finds it).
TEST_CASE("gradescope: a TA's own problem folder is shipped in the zip", "[cli][gradescope]") {
  fs::path dir = grader::testing::FreshTempDir("gradescope-course");
  std::string problem = ReadFile(fs::path(GRADER_SOURCE_DIR) / "problems/llm-kv-cache.json");
  size_t at = problem.find("\"id\": \"llm-kv-cache\"");
  REQUIRE(at != std::string::npos);
  problem.replace(at, 20, "\"id\": \"ta-kv-cache\"");
  WriteFile(dir / "problems/ta-kv-cache.json", problem);
  WriteFile(dir / "rubrics/kv.json", R"({"id": "ta-kv", "problem": "ta-kv-cache", "points": 10, "criteria": [
  {"id": "cache", "part": "a", "weight": 10, "checks": [{"id": "kv_bytes", "kind": "numeric", "answer": "kv_bytes"}]}]})");
  auto made = RunGrader("gradescope --rubric '" + (dir / "rubrics/kv.json").string() + "' --out '" +
                        (dir / "a.zip").string() + "'");
  INFO(made.out);
  REQUIRE(made.exit_code == 0);
  fs::path root = dir / "autograder";
  std::string listing = Unpack(dir / "a.zip", root / "source");
  CHECK(listing.find("\nproblems/ta-kv-cache.json 644\n") != std::string::npos);
  nlohmann::json config = nlohmann::json::parse(ReadFile(root / "source" / "autograder.json"));
  CHECK(config["problems"] == "problems");
  WriteFile(root / "submission" / "answer.md", "(a) The cache is **17,179,869,184 bytes**.\n");
  nlohmann::json results = RunAutograder(root);
  CHECK(results["score"] == 10);
}

}  // namespace
