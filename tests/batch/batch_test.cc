// End-to-end tests of `grader grade --out` and `grader regrade` through the
// real binary: outputs, bad submissions, escaping, interruption and resume.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

using grader::testing::CliRun;
using grader::testing::FreshTempDir;
using grader::testing::ReadFile;
using grader::testing::WriteFile;

std::string Read(const fs::path& p) { return ReadFile(p); }
void Write(const fs::path& p, const std::string& c) { WriteFile(p, c); }
CliRun Grader(const std::string& args) { return grader::testing::RunGrader(args); }
fs::path TempDir(const std::string& name) { return FreshTempDir("batch-" + name); }

std::vector<nlohmann::json> Lines(const fs::path& p) {
  std::vector<nlohmann::json> out;
  std::istringstream in(Read(p));
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";
const std::string kSeeds = GRADER_SEEDS_DIR;

TEST_CASE("batch: good, wrong, empty, binary, duplicate and hostile submissions", "[batch][e2e]") {
  fs::path dir = TempDir("mixed");
  fs::path subs = dir / "subs";
  Write(subs / "alice.md", Read(kSeeds + "/004_b14c3983825096cc.txt"));
  Write(subs / "alice.txt", "a second file with the same id");
  Write(subs / "bob.md", Read(kSeeds + "/002_b4d7ad0926eb3fc7.txt"));
  Write(subs / "empty.md", "");
  Write(subs / "xss.md", "(a) total = 2,127,057,600 parameters\n(d) <script>alert(1)</script> the feed-forward share increases with size.\n");
  Write(subs / "zip.md", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
  fs::path out = dir / "out";
  Write(dir / "overrides.csv", "id,check,credit,comment\nbob,ffn_flops,1,\"counted per token, as the TA allowed\"\n");
  CliRun r = Grader("grade --rubric " + kRubric + " " + subs.string() + " --out " + out.string() + " --gradescope -q" +
                    " --overrides " + (dir / "overrides.csv").string());
  INFO(r.out);
  CHECK(r.exit_code == 1);  // some submissions could not be graded
  CHECK(r.out.find("graded 3 of 6 submissions; 3 could not be graded") != std::string::npos);

  auto records = Lines(out / "results.jsonl");
  REQUIRE(records.size() == 6);
  std::vector<std::string> ids, status;
  for (const auto& rec : records) {
    ids.push_back(rec["id"]);
    status.push_back(rec["status"]);
  }
  CHECK(ids == std::vector<std::string>{"alice", "alice", "bob", "empty", "xss", "zip"});
  CHECK(status == std::vector<std::string>{"graded", "error", "graded", "error", "graded", "error"});
  CHECK(records[0]["score"] == 86.25);
  CHECK(records[2]["score"] == 3.75);  // 7.5 before the feed-forward count became a diagnostic worth no points
  CHECK(records[2]["overrides"][0]["comment"] == "counted per token, as the TA allowed");
  CHECK(records[2]["result"]["criteria"][1]["items"][1]["override"]["comment"] == "counted per token, as the TA allowed");
  CHECK(records[3]["error"] == "empty submission");
  CHECK(records[5]["error"] == "binary file (gzip); unpack it first");
  CHECK(records[1]["error"].get<std::string>().rfind("duplicate id 'alice': also in ", 0) == 0);
  CHECK(records[0]["versions"]["grader"] == "grader 0.1.0");
  CHECK(records[0]["result"]["criteria"][0]["items"][0]["evidence"][0]["quote"] == "2,127,057,600");

  std::string csv = Read(out / "grades.csv");
  CHECK(csv.rfind("id,total,max,percent,", 0) == 0);
  CHECK(csv.find("\nbob,3.75,100,3.75,") != std::string::npos);
  CHECK(fs::exists(out / "gradescope" / "bob" / "results.json"));
  auto gs = nlohmann::json::parse(Read(out / "gradescope" / "bob" / "results.json"));
  CHECK(gs["score"] == 3.75);
  CHECK(gs["tests"].is_array());
  std::string html = Read(out / "feedback" / "xss.html");
  CHECK(html.find("<script>alert(1)</script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(Read(out / "summary.html").find("<script>alert") == std::string::npos);
  CHECK(fs::exists(out / "summary.md"));
  CHECK_FALSE(fs::exists(out / ".journal.jsonl"));
  fs::remove_all(dir);
}

TEST_CASE("batch: a killed run resumes to the same results as an uninterrupted one", "[batch][e2e]") {
  fs::path dir = TempDir("resume");
  std::string seed = Read(kSeeds + "/004_b14c3983825096cc.txt");
  for (int i = 0; i < 400; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "s%03d.md", i);
    Write(dir / "subs" / name, seed + "\n(e) note " + std::to_string(i) + ": total = " + std::to_string(1000 + i) + "\n");
  }
  std::string common = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " -q -j 1 --out ";
  CliRun full = Grader(common + (dir / "full").string());
  REQUIRE(full.exit_code == 0);

  // Start a run, kill it once part of the work is journaled, then rerun.
  fs::path out = dir / "cut";
  pid_t pid = grader::testing::SpawnGrader({"grade", "--rubric", kRubric, (dir / "subs").string(), "-q", "-j", "1",
                                            "--out", out.string()});
  auto journaled = [&] {
    std::ifstream in(out / ".journal.jsonl");
    return std::count(std::istreambuf_iterator<char>(in), {}, '\n');
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (journaled() < 40 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  long before = journaled();
  CHECK(before >= 40);
  CHECK(before < 400);
  CHECK_FALSE(fs::exists(out / "results.jsonl"));  // nothing half-written

  CliRun resumed = Grader(common + out.string());
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find("graded 400 of 400 submissions (" ) != std::string::npos);
  CHECK(Read(out / "results.jsonl") == Read(dir / "full" / "results.jsonl"));
  CHECK(Read(out / "grades.csv") == Read(dir / "full" / "grades.csv"));

  // A journal whose last line was cut mid-record (the journal is written in
  // large buffers, so a kill usually leaves one): the complete records are
  // reused, the cut one is graded again, and the outputs are the same.
  {
    std::istringstream lines(Read(dir / "full" / "results.jsonl"));
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    fs::path torn = dir / "torn";
    Write(torn / ".journal.jsonl", first + "\n" + second.substr(0, second.size() / 2));
    CliRun r = Grader(common + torn.string());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("(1 unchanged since the last run, reused)") != std::string::npos);
    CHECK(Read(torn / "results.jsonl") == Read(dir / "full" / "results.jsonl"));
    CHECK_FALSE(fs::exists(torn / ".journal.jsonl"));
  }

  // Determinism: two workers give byte-identical outputs to one.
  std::string two = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " -q -j 2 --out " + (dir / "two").string();
  REQUIRE(Grader(two).exit_code == 0);
  for (const char* file : {"results.jsonl", "grades.csv", "summary.md", "summary.html", "feedback/s123.html"})
    CHECK(Read(dir / "two" / file) == Read(dir / "full" / file));

  // A rerun with nothing changed reuses everything; regrade reports no movement.
  CliRun again = Grader(common + out.string());
  CHECK(again.out.find("(400 unchanged since the last run, reused)") != std::string::npos);
  CliRun regrade = Grader("regrade -q " + out.string());
  CHECK(regrade.out == "0 of 400 submissions changed score\n");
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("batch: a write that fails stops the run with a message, and nothing half-written is left", "[batch][e2e]") {
  fs::path dir = TempDir("write-fails");
  std::string answer = Read(std::string(GRADER_SOURCE_DIR) + "/problems/examples/cs336-transformer-accounting/ada.md");
  for (int i = 0; i < 40; ++i) Write(dir / "subs" / ("s" + std::to_string(100 + i) + ".md"), answer);
  fs::path out = dir / "out";
  // A file-size limit of 128 blocks: results.jsonl (about 10 KB a line) cannot be written.
  CliRun r = grader::testing::RunGrader("grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " +
                                            out.string() + " -q -j 2",
                                        "", "ulimit -f 128; trap '' XFSZ;");
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("grader: error: cannot write '" + (out / "results.jsonl").string() + "': File too large") !=
        std::string::npos);
  CHECK(r.out.find("terminate") == std::string::npos);
  CHECK_FALSE(fs::exists(out / "results.jsonl"));
  CHECK_FALSE(fs::exists(out / "summary.md"));
  for (const auto& e : fs::recursive_directory_iterator(out))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("batch: a reused record's missing per-student file is written again", "[batch][e2e]") {
  fs::path dir = TempDir("reuse-missing");
  std::string examples = std::string(GRADER_SOURCE_DIR) + "/problems/examples/cs336-transformer-accounting";
  Write(dir / "subs" / "ada.md", Read(examples + "/ada.md"));
  Write(dir / "subs" / "cy.md", Read(examples + "/cy.md"));
  fs::path out = dir / "out";
  std::string args = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + out.string() + " --gradescope -q";
  REQUIRE(Grader(args).exit_code == 0);
  std::string gradescope = Read(out / "gradescope" / "cy" / "results.json");
  std::string html = Read(out / "feedback" / "ada.html");
  // Lost between two writes of a killed run: each file of every format counts.
  fs::remove(out / "gradescope" / "cy" / "results.json");
  fs::remove(out / "feedback" / "ada.html");
  CliRun again = Grader(args);
  INFO(again.out);
  CHECK(again.out.find("(2 unchanged since the last run, reused)") != std::string::npos);
  CHECK(Read(out / "gradescope" / "cy" / "results.json") == gradescope);
  CHECK(Read(out / "feedback" / "ada.html") == html);
}
