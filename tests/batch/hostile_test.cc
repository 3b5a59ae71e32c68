// The batch under hostile folders, failing disks, kills and concurrent runs
// (issue 13), through the real binary: nothing lost (every input is a
// record, an error row or a listed skip), nothing leaked (no file outside
// the input folder, no secret of a URL), nothing hangs (FIFOs and devices
// under a timeout), and a failed or killed run leaves the earlier outputs
// intact and resumes to byte-identical files.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "tests/cli_test_util.h"
#include "tests/llm/llm_fixture.h"

namespace {

namespace fs = std::filesystem;
using grader::testing::CliRun;
using grader::testing::FileTree;
using grader::testing::FreshTempDir;
using grader::testing::LimitedRun;
using grader::testing::ReadFile;
using grader::testing::RunGrader;
using grader::testing::RunGraderLimited;
using grader::testing::RunLimits;
using grader::testing::SpawnGrader;
using grader::testing::TreeDifferences;
using grader::testing::WriteFile;

const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";
const std::string kExamples = std::string(GRADER_SOURCE_DIR) + "/problems/examples/cs336-transformer-accounting";

std::string Answer(const std::string& who = "ada") { return ReadFile(kExamples + "/" + who + ".md"); }

std::vector<nlohmann::json> Records(const fs::path& p) {
  std::vector<nlohmann::json> out;
  std::istringstream in(ReadFile(p));
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

bool AnyFileContains(const fs::path& dir, const std::string& needle) {
  for (const auto& [path, content] : FileTree(dir))
    if (content.find(needle) != std::string::npos) return true;
  return false;
}

std::string Canonical(const fs::path& p) { return fs::canonical(p).string(); }

TEST_CASE("hostile: FIFOs, devices and a link to /dev/zero in an input folder are error rows, and nothing hangs",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-fifo");
  fs::path subs = dir / "subs";
  WriteFile(subs / "alice.md", Answer());
  REQUIRE(mkfifo((subs / "p.md").c_str(), 0644) == 0);
  REQUIRE(mkfifo((subs / "q.jsonl").c_str(), 0644) == 0);
  fs::create_symlink("/dev/zero", subs / "z.jsonl");
  fs::create_directories(subs / "s");
  REQUIRE(mkfifo((subs / "s" / "answer.md").c_str(), 0644) == 0);  // inside a student's folder

  RunLimits limits;
  limits.timeout = std::chrono::seconds(60);  // a guard against the hang, not a measure
  LimitedRun r = RunGraderLimited({"grade", "--rubric", kRubric, subs.string(), "--out", (dir / "out").string(), "-q"}, limits);
  INFO(r.out);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("graded 1 of 5 submissions; 4 could not be graded") != std::string::npos);
  auto recs = Records(dir / "out" / "results.jsonl");
  REQUIRE(recs.size() == 5);
  CHECK(recs[0]["id"] == "alice");
  CHECK(recs[0]["status"] == "graded");
  CHECK(recs[1]["id"] == "p");
  CHECK(recs[1]["error"] == "not a regular file (a FIFO)");
  CHECK(recs[2]["id"] == "q");
  CHECK(recs[2]["error"] == "not a regular file (a FIFO)");
  CHECK(recs[3]["id"] == "s");
  CHECK(recs[3]["error"] == "not a regular file (a FIFO)");
  CHECK(recs[4]["id"] == "z");
  CHECK(recs[4]["error"] == "a symbolic link to '/dev/zero', outside the input folder '" + Canonical(subs) +
                                "' (--follow-symlinks reads it)");

  // Followed on request, the link is still a device, not a response.
  LimitedRun follow = RunGraderLimited(
      {"grade", "--rubric", kRubric, subs.string(), "--out", (dir / "follow").string(), "-q", "--follow-symlinks"}, limits);
  REQUIRE_FALSE(follow.timed_out);
  CHECK(follow.exit_code == 1);
  auto followed = Records(dir / "follow" / "results.jsonl");
  REQUIRE(followed.size() == 5);
  CHECK(followed[4]["error"] == "not a regular file (a character device)");

  // Named on the command line, a FIFO is no different.
  LimitedRun named = RunGraderLimited({"grade", "--rubric", kRubric, (subs / "p.md").string(), (subs / "alice.md").string(),
                                       "--out", (dir / "named").string(), "-q"},
                                      limits);
  REQUIRE_FALSE(named.timed_out);
  CHECK(named.exit_code == 1);
  auto named_recs = Records(dir / "named" / "results.jsonl");
  REQUIRE(named_recs.size() == 2);
  CHECK(named_recs[0]["error"] == "not a regular file (a FIFO)");
  CHECK(named_recs[1]["status"] == "graded");
  fs::remove_all(dir);
}

TEST_CASE("hostile: links out of the input folder are not followed, and two ids reading one file are reported",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-links");
  fs::path subs = dir / "subs";
  WriteFile(dir / "secret.txt", "TOPSECRET-7731 (a) total = 2,127,057,600 parameters\n");
  WriteFile(subs / "alice" / "answer.md", Answer("ada"));
  fs::create_directories(subs / "bob");
  fs::create_symlink("../alice/answer.md", subs / "bob" / "answer.md");  // inside the folder, but alice's
  fs::create_symlink(dir / "secret.txt", subs / "m.md");                // out of the folder
  WriteFile(subs / "dave.md", Answer("cy"));
  fs::create_hard_link(subs / "dave.md", subs / "erin.md");  // a hard link: the same file too
  fs::create_symlink("dave.md", subs / "frank.md");
  fs::create_symlink("nowhere.md", subs / "gone.md");

  CliRun r = RunGrader("grade --rubric " + kRubric + " " + subs.string() + " --out " + (dir / "out").string() + " -q");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  auto recs = Records(dir / "out" / "results.jsonl");
  std::map<std::string, std::string> error;
  for (const auto& rec : recs) error[rec["id"]] = rec.value("error", "");
  REQUIRE(recs.size() == 7);
  CHECK(error.at("alice") == "");
  CHECK(error.at("bob") == "'" + (subs / "bob" / "answer.md").string() + "' is the same file as '" +
                               (subs / "alice" / "answer.md").string() + "' of 'alice' (a link); not graded");
  CHECK(error.at("dave") == "");
  CHECK(error.at("erin") == "'" + (subs / "erin.md").string() + "' is the same file as '" + (subs / "dave.md").string() +
                                "' of 'dave' (a link); not graded");
  CHECK(error.at("frank") == "'" + (subs / "frank.md").string() + "' is the same file as '" + (subs / "dave.md").string() +
                                 "' of 'dave' (a link); not graded");
  CHECK(error.at("gone") == "a broken symbolic link");
  CHECK(error.at("m") == "a symbolic link to '" + Canonical(dir / "secret.txt") + "', outside the input folder '" +
                             Canonical(subs) + "' (--follow-symlinks reads it)");
  CHECK_FALSE(AnyFileContains(dir / "out", "TOPSECRET"));

  // --follow-symlinks: the TA vouches for the link.
  CliRun follow = RunGrader("grade --rubric " + kRubric + " " + subs.string() + " --out " + (dir / "follow").string() +
                            " -q --follow-symlinks");
  for (const auto& rec : Records(dir / "follow" / "results.jsonl"))
    if (rec["id"] == "m") CHECK(rec["status"] == "graded");
  fs::remove_all(dir);
}

TEST_CASE("hostile: a per-student file that cannot be written stops the run cleanly, earlier outputs stay, the rerun "
          "completes",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-fsize");
  fs::path subs = dir / "subs";
  for (int i = 0; i < 6; ++i) WriteFile(subs / ("s" + std::to_string(i) + ".md"), Answer(i % 2 ? "ada" : "cy"));
  fs::path out = dir / "out";
  std::string args = "grade --rubric " + kRubric + " " + subs.string() + " -q -j 2 --gradescope --out ";
  REQUIRE(RunGrader(args + out.string()).exit_code == 0);
  const auto before = FileTree(out);

  // s3 changes, so it is graded again; its feedback page (a few KB) meets a
  // 512-byte file-size limit while results.jsonl is still in its buffer.
  WriteFile(subs / "s3.md", Answer("ada") + "\n(e) one more line\n");
  CliRun r = RunGrader(args + out.string(), "", "ulimit -f 1;");
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("grader: error: cannot write '" + (out / "feedback" / "s3.").string()) != std::string::npos);
  CHECK(r.out.find("': File too large") != std::string::npos);
  CHECK(r.out.find("terminate") == std::string::npos);
  auto after = FileTree(out);
  for (const auto& [path, content] : before) {
    INFO(path);
    CHECK(after.count(path) == 1);
    CHECK(after[path] == content);  // every earlier output intact
  }
  for (const auto& [path, content] : after) {
    INFO(path);
    CHECK(path.find(".tmp.") == std::string::npos);
    CHECK(path != ".lock");
  }

  // Without the limit the run resumes, to exactly what a fresh run writes.
  CliRun again = RunGrader(args + out.string());
  CHECK(again.exit_code == 0);
  REQUIRE(RunGrader(args + (dir / "fresh").string()).exit_code == 0);
  CHECK(TreeDifferences(FileTree(out), FileTree(dir / "fresh")).empty());
  fs::remove_all(dir);
}

TEST_CASE("hostile: --out inside an input folder, or an existing file, is refused before anything is written",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-out");
  fs::path subs = dir / "subs";
  WriteFile(subs / "alice.md", Answer());
  for (const fs::path& out : {subs / "graded", subs, subs / "alice" / ".." / "x"}) {
    CliRun r = RunGrader("grade --rubric " + kRubric + " " + subs.string() + " --out " + out.string() + " -q");
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out == "grader: error: --out '" + out.string() + "' is inside the input folder '" + subs.string() +
                       "': its files would be graded as submissions; choose a folder outside it\n");
  }
  CHECK_FALSE(fs::exists(subs / "graded"));
  CHECK_FALSE(fs::exists(subs / "results.jsonl"));
  WriteFile(dir / "file.txt", "not a folder");
  CliRun file = RunGrader("grade --rubric " + kRubric + " " + subs.string() + " --out " + (dir / "file.txt").string());
  CHECK(file.exit_code == 2);
  CHECK(file.out == "grader: error: --out '" + (dir / "file.txt").string() +
                        "' is a file, not a folder; choose a folder (it is created when missing)\n");
  CHECK(ReadFile(dir / "file.txt") == "not a folder");
  fs::remove_all(dir);
}

TEST_CASE("hostile: a reused record's stale per-student files are written again", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-stale");
  WriteFile(dir / "subs" / "ada.md", Answer("ada"));
  WriteFile(dir / "subs" / "cy.md", Answer("cy"));
  fs::path out = dir / "out";
  std::string args = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + out.string() + " --gradescope -q";
  REQUIRE(RunGrader(args).exit_code == 0);
  const auto good = FileTree(out);
  // What a kill between two writes of different runs leaves: one file new,
  // its neighbour from an earlier grading.
  WriteFile(out / "feedback" / "ada.html", "<p>an old page</p>");
  WriteFile(out / "gradescope" / "cy" / "results.json", "{}");
  fs::remove(out / "feedback" / "cy.md");
  CliRun again = RunGrader(args);
  INFO(again.out);
  CHECK(again.out.find("(2 unchanged since the last run, reused)") != std::string::npos);
  CHECK(TreeDifferences(FileTree(out), good).empty());
  fs::remove_all(dir);
}

TEST_CASE("hostile: a second run into the same folder is refused, naming the first one's pid", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-lock");
  WriteFile(dir / "subs" / "ada.md", Answer("ada"));
  fs::path out = dir / "out";
  fs::create_directories(out);
  std::string args = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + out.string() + " -q";
  // This process plays the first run: it holds the lock and wrote its pid.
  int fd = open((out / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX | LOCK_NB) == 0);
  REQUIRE(write(fd, "424242\n", 7) == 7);
  CliRun second = RunGrader(args);
  CHECK(second.exit_code == 2);
  CHECK(second.out == "grader: error: '" + out.string() +
                          "' is being written by another grader run (pid 424242); wait for it to finish, or choose "
                          "another --out folder\n");
  CHECK_FALSE(fs::exists(out / "results.jsonl"));
  CHECK(ReadFile(out / ".lock") == "424242\n");  // the first run's lock is untouched
  close(fd);  // the first run ends (or is killed: the lock goes with it)

  CliRun third = RunGrader(args);
  CHECK(third.exit_code == 0);
  CHECK_FALSE(fs::exists(out / ".lock"));  // removed when the run ends
  CHECK(fs::exists(out / "results.jsonl"));
  fs::remove_all(dir);
}

TEST_CASE("hostile: regrade with a duplicate id reports no change when nothing changed", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-regrade-dup");
  WriteFile(dir / "subs" / "a.md", Answer("ada"));
  WriteFile(dir / "subs" / "a.txt", Answer("cy"));
  WriteFile(dir / "subs" / "b.md", Answer("cy"));
  fs::path out = dir / "out";
  CliRun first = RunGrader("grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + out.string() + " -q");
  CHECK(first.exit_code == 1);
  CliRun regrade = RunGrader("regrade -q " + out.string());
  CHECK(regrade.out == "0 of 3 submissions changed score\n");
  fs::remove_all(dir);
}

TEST_CASE("hostile: a record whose model or metadata changed is written again", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-metadata");
  auto line = [](const std::string& model, double temperature) {
    return nlohmann::json{{"id", "x"}, {"model", model}, {"temperature", temperature}, {"response", Answer("ada")}}.dump() + "\n";
  };
  WriteFile(dir / "a.jsonl", line("model-A", 0.7));
  fs::path out = dir / "out";
  std::string args = "grade --rubric " + kRubric + " " + (dir / "a.jsonl").string() + " --out " + out.string() + " -q";
  REQUIRE(RunGrader(args).exit_code == 0);
  WriteFile(dir / "a.jsonl", line("model-B", 0.2));
  CliRun again = RunGrader(args);
  CHECK(again.out.find("reused") == std::string::npos);
  auto recs = Records(out / "results.jsonl");
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["model"] == "model-B");
  CHECK(recs[0]["metadata"]["temperature"] == 0.2);
  CHECK(ReadFile(out / "summary.md").find("model-B") != std::string::npos);
  CHECK_FALSE(AnyFileContains(out, "model-A"));
  // Unchanged again: reused.
  CHECK(RunGrader(args).out.find("(1 unchanged since the last run, reused)") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("hostile: --max-bytes at its largest does not wrap around", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-maxbytes");
  std::string response = Answer("ada") + "\n" + std::string(100000, 'x') + "\n";
  WriteFile(dir / "a.jsonl", nlohmann::json{{"id", "big"}, {"response", response}}.dump() + "\n");
  CliRun r = RunGrader("grade --rubric " + kRubric + " " + (dir / "a.jsonl").string() + " --out " +
                       (dir / "out").string() + " -q --max-bytes 18446744073709551615");
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("graded 1 of 1 submissions") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("hostile: overrides naming an unknown item or id, and roster columns that are not parameters, refuse the run",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-overrides");
  WriteFile(dir / "subs" / "s1.md", Answer("ada"));
  WriteFile(dir / "subs" / "s2.md", Answer("cy"));
  std::string base = "grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + (dir / "out").string() + " -q ";
  WriteFile(dir / "bad_item.csv", "id,check,credit\ns1,ffn_flop,1\n");
  CliRun item = RunGrader(base + "--overrides " + (dir / "bad_item.csv").string());
  CHECK(item.exit_code == 2);
  CHECK(item.out == "grader: error: " + (dir / "bad_item.csv").string() + ":2: no rubric item 'ffn_flop' in " + kRubric +
                        "; did you mean 'ffn_flops'?\n");
  WriteFile(dir / "bad_id.csv", "id,check,credit\ns3,ffn_flops,1\n");
  CliRun id = RunGrader(base + "--overrides " + (dir / "bad_id.csv").string());
  CHECK(id.exit_code == 2);
  CHECK(id.out == "grader: error: " + (dir / "bad_id.csv").string() + ":2: no submission with id 's3'; did you mean 's1'?\n");
  CHECK_FALSE(fs::exists(dir / "out" / "results.jsonl"));

  // A byte order mark (Excel's "CSV UTF-8") is not part of the header.
  WriteFile(dir / "bom.csv", "\xEF\xBB\xBFid,check,credit,comment\ns1,ffn_flops,1,ok\n");
  CliRun bom = RunGrader(base + "--overrides " + (dir / "bom.csv").string());
  INFO(bom.out);
  CHECK(bom.exit_code == 0);
  auto recs = Records(dir / "out" / "results.jsonl");
  REQUIRE(recs.size() == 2);
  CHECK(recs[0]["overrides"][0]["item"] == "ffn_flops");
  WriteFile(dir / "roster.csv", "\xEF\xBB\xBFid,num_layers\ns1,24\n");
  CHECK(RunGrader(base + "--roster " + (dir / "roster.csv").string()).exit_code == 0);
  CHECK(Records(dir / "out" / "results.jsonl")[0]["params"]["num_layers"] == "24");

  WriteFile(dir / "bad_roster.csv", "id,num_layer\ns1,24\n");
  CliRun roster = RunGrader(base + "--roster " + (dir / "bad_roster.csv").string());
  CHECK(roster.exit_code == 2);
  CHECK(roster.out == "grader: error: " + (dir / "bad_roster.csv").string() +
                          ":1: column 'num_layer' is not a parameter of the problem; did you mean 'num_layers'?\n");
  fs::remove_all(dir);
}

TEST_CASE("hostile: hidden entries and what a student's folder holds besides answers are listed as skipped",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-skipped");
  fs::path subs = dir / "subs";
  WriteFile(subs / "alice.md", Answer());
  WriteFile(subs / ".DS_Store", "junk");
  WriteFile(subs / ".git" / "HEAD", "ref");
  WriteFile(subs / "bob" / "answer.md", Answer("cy"));
  WriteFile(subs / "bob" / "train.py", "print(1)");
  WriteFile(subs / "bob" / "old" / "draft.md", "draft");
  CliRun r = RunGrader("grade --rubric " + kRubric + " " + subs.string() + " --out " + (dir / "out").string() + " -q");
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("graded 2 of 2 submissions", 0) == 0);
  CHECK(r.out.find("; 4 entries of the input folders skipped (hidden files and the like; see summary.html)\n") !=
        std::string::npos);
  auto run = nlohmann::json::parse(ReadFile(dir / "out" / "run.json"));
  nlohmann::json expected = nlohmann::json::array({
      {{"path", (subs / ".DS_Store").string()}, {"reason", "hidden (its name starts with '.')"}},
      {{"path", (subs / ".git").string()}, {"reason", "hidden (its name starts with '.')"}},
      {{"path", (subs / "bob" / "old").string()}, {"reason", "a folder inside a student's folder (only its own files are read)"}},
      {{"path", (subs / "bob" / "train.py").string()}, {"reason", "not a .md, .txt or .tex file"}},
  });
  CHECK(run["skipped"] == expected);
  std::string summary = ReadFile(dir / "out" / "summary.md");
  CHECK(summary.find("## Skipped entries\n\n4 entries of the input folders are neither graded nor errors") != std::string::npos);
  CHECK(summary.find((subs / "bob" / "train.py").string()) != std::string::npos);
  CHECK(ReadFile(dir / "out" / "summary.html").find("<h2>Skipped entries</h2>") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("hostile: JSONL ids that are not strings, duplicated keys and a line too long keep their real id",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-jsonl");
  std::string long_response(70000, 'y');  // a line longer than 6 x 100 + 64 KB
  WriteFile(dir / "a.jsonl",
            "{\"id\": true, \"response\": \"x\"}\n"
            "{\"id\": [1, 2], \"response\": \"x\"}\n"
            "{\"id\": \"dup\", \"response\": \"first\", \"response\": \"second\"}\n"
            "{\"id\": \"head\", \"model\": \"m\", \"response\": \"" + long_response + "\"}\n"
            "{\"response\": \"" + long_response + "\", \"model\": \"m\", \"id\": \"tail\"}\n"
            "{\"id\": \"\", \"response\": \"x\"}\n"
            "[1]\n");
  CliRun r = RunGrader("grade --rubric " + kRubric + " " + (dir / "a.jsonl").string() + " --out " +
                       (dir / "out").string() + " -q --max-bytes 100");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  auto recs = Records(dir / "out" / "results.jsonl");
  REQUIRE(recs.size() == 7);
  CHECK(recs[0]["id"] == "a:1");
  CHECK(recs[0]["error"] == "\"id\" must be a string or a number, not a boolean");
  CHECK(recs[1]["error"] == "\"id\" must be a string or a number, not an array");
  CHECK(recs[2]["id"] == "dup");
  CHECK(recs[2]["error"] ==
        "the key \"response\" appears twice in the object; which one counts is ambiguous, so the line is not graded");
  const std::string too_long = "line longer than 66136 bytes (a response of at most --max-bytes 100 bytes, JSON-escaped); skipped";
  CHECK(recs[3]["id"] == "head");
  CHECK(recs[3]["error"] == too_long);
  CHECK(recs[4]["id"] == "tail");
  CHECK(recs[4]["error"] == too_long);
  CHECK(recs[5]["error"] == "\"id\" is empty");
  CHECK(recs[6]["error"] == "expected a JSON object with \"id\" and \"response\", not an array");
  fs::remove_all(dir);
}

TEST_CASE("hostile: a password or key in the judge's URL reaches no file and no message", "[batch][e2e][hostile][llm]") {
  grader::testing::LlmFixtureServer server;
  fs::path dir = FreshTempDir("hostile-secret");
  std::string endpoint = server.endpoint();  // http://127.0.0.1:PORT/v1
  std::string with_password = "http://tauser:PLANTED-PW-4417@" + endpoint.substr(7);
  std::string with_key = endpoint + "?api_key=PLANTED-KEY-9902";
  CliRun ask = RunGrader("ask --problem myt-params --endpoint " + with_password +
                             " --model alpha --samples 2 --cache cache --out answers.jsonl",
                         dir.string());
  INFO(ask.out);
  REQUIRE(ask.exit_code == 0);
  std::string rubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/myt-params.json";
  std::string output;
  for (const std::string& url : {with_password, with_key}) {
    CliRun r = RunGrader("grade --rubric " + rubric + " answers.jsonl --out out --cache cache -q --judge-endpoint '" + url +
                             "' --judge-model judge-good",
                         dir.string());
    output += r.out;
  }
  CHECK(output.find("PLANTED") == std::string::npos);
  CHECK_FALSE(AnyFileContains(dir, "PLANTED"));
  auto run = nlohmann::json::parse(ReadFile(dir / "out" / "run.json"));
  CHECK(run["judge_endpoint"] == endpoint + "?api_key=[redacted]");

  // regrade cannot judge with a redacted URL: it asks for the real one.
  CliRun regrade = RunGrader("regrade -q out", dir.string());
  CHECK(regrade.exit_code == 2);
  CHECK(regrade.out == "grader: error: out/run.json: the judge endpoint '" + endpoint +
                           "?api_key=[redacted]' had a password or key, which is never stored; give it again with "
                           "--judge-endpoint URL\n");
  CliRun given = RunGrader("regrade -q out --judge-endpoint '" + with_password + "'", dir.string());
  CHECK(given.exit_code == 0);
  CHECK(given.out.find("PLANTED") == std::string::npos);
  CHECK_FALSE(AnyFileContains(dir, "PLANTED"));
  fs::remove_all(dir);
}

// Probes beyond the issue's list.
TEST_CASE("hostile probe: with --out above the submissions, a student's file named like a temporary survives",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-out-above");
  WriteFile(dir / "subs" / "a.md", Answer("ada"));
  WriteFile(dir / "subs" / "b.tmp.1.2.md", Answer("cy"));  // the pattern of a killed run's temporary file
  WriteFile(dir / "feedback" / "old.md.tmp.77.3", "left by a killed run");
  WriteFile(dir / "staff" / "old.html.tmp.77.4", "left by a killed run");  // every per-student folder
  for (int run = 0; run < 2; ++run) {
    CliRun r = RunGrader("grade --rubric " + kRubric + " subs --out . -q", dir.string());
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("graded 2 of 2 submissions", 0) == 0);
  }
  CHECK(ReadFile(dir / "subs" / "b.tmp.1.2.md") == Answer("cy"));
  CHECK_FALSE(fs::exists(dir / "feedback" / "old.md.tmp.77.3"));
  CHECK_FALSE(fs::exists(dir / "staff" / "old.html.tmp.77.4"));
  fs::remove_all(dir);
}

TEST_CASE("hostile probe: a link that loops back into the input folder is read once, and nothing hangs",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-loop");
  fs::path subs = dir / "subs";
  WriteFile(subs / "a.md", Answer("ada"));
  fs::create_directory_symlink(".", subs / "loop");
  RunLimits limits;
  limits.timeout = std::chrono::seconds(60);
  LimitedRun r = RunGraderLimited({"grade", "--rubric", kRubric, subs.string(), "--out", (dir / "out").string(), "-q"}, limits);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  auto recs = Records(dir / "out" / "results.jsonl");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1]["id"] == "loop");
  CHECK(recs[1]["error"] == "'" + (subs / "loop" / "a.md").string() + "' is the same file as '" + (subs / "a.md").string() +
                                "' of 'a' (a link); not graded");
  fs::remove_all(dir);
}

TEST_CASE("hostile probe: CSV messages give the file's line even after a quoted cell over two lines, and --max-bytes 0 "
          "is refused",
          "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-csv-lines");
  WriteFile(dir / "subs" / "c.md", Answer("ada"));
  WriteFile(dir / "ov.csv", "id,check,credit,comment\nc,ffn_flops,1,\"two\nlines\"\n\nc,ffn_flops,2,x\n");
  CliRun r = RunGrader("grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + (dir / "out").string() +
                       " --overrides " + (dir / "ov.csv").string());
  CHECK(r.exit_code == 2);
  CHECK(r.out == "grader: error: " + (dir / "ov.csv").string() + ":5: credit '2' must be a number from 0 to 1\n");
  CliRun zero = RunGrader("grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + (dir / "out").string() +
                          " --max-bytes 0");
  CHECK(zero.exit_code == 2);
  CHECK(zero.out.find("--max-bytes: Value 0 not in range") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("hostile probe: a thousand hidden files are all in run.json, and the summary lists fifty", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("hostile-many-hidden");
  WriteFile(dir / "subs" / "a.md", Answer("ada"));
  for (int i = 0; i < 1000; ++i) WriteFile(dir / "subs" / ("._junk" + std::to_string(i)), "x");
  CliRun r = RunGrader("grade --rubric " + kRubric + " " + (dir / "subs").string() + " --out " + (dir / "out").string() + " -q");
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(ReadFile(dir / "out" / "run.json"))["skipped"].size() == 1000);
  std::string summary = ReadFile(dir / "out" / "summary.md");
  CHECK(summary.find("1000 entries of the input folders are neither graded nor errors") != std::string::npos);
  CHECK(summary.find("\nand 950 more.\n") != std::string::npos);
  fs::remove_all(dir);
}

// Every item's line:col comes from one index of the file, not a scan from
// its start: 100,000 items on as many lines, or on one line, load at once.
// The timeout only guards against the quadratic load (minutes, or hours on
// one line); the test asserts the error's exact position.
TEST_CASE("hostile: a rubric of 100,000 items loads in time linear in its size, on many lines or one",
          "[batch][e2e][hostile][rubric]") {
  fs::path dir = FreshTempDir("hostile-big-rubric");
  WriteFile(dir / "answer.md", Answer());
  for (const char* sep : {"\n", " "}) {
    const int n = 100000;
    std::string text = "{\"id\": \"big\", \"points\": 1, \"checklist\": {\"points\": 1, \"items\": [" + std::string(sep);
    for (int i = 0; i + 1 < n; ++i)
      text += "{\"id\": \"i" + std::to_string(i) + "\", \"kind\": \"regex\", \"pattern\": \"x\"}," + sep;
    size_t last_line_start = text.rfind('\n') + 1;
    text += "{\"id\": \"last\", \"kind\": \"regex\", \"pattern\": \"(\"}]}}\n";
    size_t at = text.rfind("\"(\"");
    long line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1;
    long col = static_cast<long>(at - last_line_start) + 1;
    WriteFile(dir / "big.json", text);
    RunLimits limits;
    limits.timeout = std::chrono::seconds(120);
    LimitedRun r = RunGraderLimited({"grade", "--rubric", (dir / "big.json").string(), (dir / "answer.md").string()}, limits);
    INFO(r.out.substr(0, 400));
    REQUIRE_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.rfind("grader: error: " + (dir / "big.json").string() + ":" + std::to_string(line) + ":" +
                          std::to_string(col) + ": checklist.items[99999].pattern: ",
                      0) == 0);
  }
  fs::remove_all(dir);
}

// 20 runs, each killed (SIGKILL, SIGTERM or SIGINT) at a random moment, then
// run again: every file of the output folder is byte-identical to an
// uninterrupted run's. The moments are drawn from a fixed seed over the
// length of an uninterrupted run, so kills fall before, during and after
// the grading and while the shared files are committed.
TEST_CASE("hostile: 20 runs killed at random moments each resume to byte-identical files", "[batch][e2e][hostile][kill]") {
  fs::path dir = FreshTempDir("hostile-kill");
  fs::path subs = dir / "subs";
  const std::string a = Answer("ada"), c = Answer("cy");
  for (int i = 0; i < 300; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "s%03d.md", i);
    WriteFile(subs / name, (i % 3 ? a : c) + "\n(e) note " + std::to_string(i) + "\n");
  }
  std::vector<std::string> args = {"grade", "--rubric", kRubric, subs.string(), "-q", "-j", "2", "--gradescope", "--out"};
  auto run_args = [&](const fs::path& out) {
    std::vector<std::string> v = args;
    v.push_back(out.string());
    return v;
  };
  auto started = std::chrono::steady_clock::now();
  LimitedRun full = RunGraderLimited(run_args(dir / "full"));
  REQUIRE(full.exit_code == 0);
  const auto length = std::chrono::steady_clock::now() - started;
  const auto expected = FileTree(dir / "full");

  std::mt19937 rng(13);
  std::uniform_real_distribution<double> when(0.0, 1.1);
  const int signals[] = {SIGKILL, SIGTERM, SIGINT};
  for (int k = 0; k < 20; ++k) {
    fs::path out = dir / ("cut" + std::to_string(k));
    // Half the runs start from an earlier run's folder whose results.jsonl
    // was cut in half (records to reuse, a torn line, records to grade
    // again), half from nothing.
    if (k % 2) {
      fs::copy(dir / "full", out, fs::copy_options::recursive);
      WriteFile(out / "results.jsonl", ReadFile(out / "results.jsonl").substr(0, ReadFile(out / "results.jsonl").size() / 2));
    }
    auto delay = std::chrono::duration_cast<std::chrono::microseconds>(length * when(rng));
    pid_t pid = SpawnGrader(run_args(out));
    std::this_thread::sleep_for(delay);
    kill(pid, signals[k % 3]);
    int status = 0;
    waitpid(pid, &status, 0);
    LimitedRun rerun = RunGraderLimited(run_args(out));
    INFO("run " << k << ", killed after " << delay.count() << " us: " << rerun.out);
    CHECK(rerun.exit_code == 0);
    CHECK(TreeDifferences(FileTree(out), expected) == std::vector<std::string>{});
  }
  fs::remove_all(dir);
}

// Ctrl-C in the middle of a run (issue 15): exit 130 and a message saying
// what was saved and how to resume; no temporary file is left and the
// shared outputs are not written; the rerun completes to the same files as
// an uninterrupted run.
TEST_CASE("interrupt: Ctrl-C says what was saved and how to resume, and leaves no temporary file",
          "[batch][e2e][hostile][interrupt]") {
  fs::path dir = FreshTempDir("interrupt");
  fs::path subs = dir / "subs";
  const std::string a = Answer("ada"), c = Answer("cy");
  for (int i = 0; i < 1500; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "s%04d.md", i);
    WriteFile(subs / name, (i % 3 ? a : c) + "\n(e) note " + std::to_string(i) + "\n");
  }
  auto args = [&](const fs::path& out) {
    return std::vector<std::string>{"grade", "--rubric", kRubric, subs.string(), "-j", "2", "--out", out.string()};
  };
  LimitedRun full = RunGraderLimited(args(dir / "full"));
  REQUIRE(full.exit_code == 0);

  const fs::path out = dir / "cut", err = dir / "stderr.txt";
  pid_t pid = SpawnGrader(args(out), err.string());
  // Ctrl-C once the first graded records reached the journal.
  const fs::path journal = out / ".journal.jsonl";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::error_code ec;
  while (std::chrono::steady_clock::now() < deadline && (fs::file_size(journal, ec) == 0 || ec))
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::string message = ReadFile(err);
  INFO(message);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(message.rfind("grader: error: interrupted (Ctrl-C) after ", 0) == 0);
  CHECK(message.find(" of 1500 submissions; saved: ") != std::string::npos);
  CHECK(message.find(" newly graded in '" + journal.string() + "'") != std::string::npos);
  CHECK(message.find("no temporary file is left. To resume, run the same command again: submissions already "
                     "graded are not graded again\n") != std::string::npos);
  const auto cut = FileTree(out);
  CHECK(cut.count("results.jsonl") == 0);  // the shared outputs wait for a complete run
  CHECK(cut.count("grades.csv") == 0);
  CHECK(cut.count(".lock") == 0);
  REQUIRE(cut.count(".journal.jsonl") == 1);
  CHECK_FALSE(cut.at(".journal.jsonl").empty());
  for (const auto& [path, content] : cut) CHECK(path.find(".tmp.") == std::string::npos);

  LimitedRun rerun = RunGraderLimited(args(out));
  INFO(rerun.out);
  CHECK(rerun.exit_code == 0);
  CHECK(TreeDifferences(FileTree(out), FileTree(dir / "full")) == std::vector<std::string>{});
  fs::remove_all(dir);
}

// A rerun without --gradescope removes the gradescope/ folder an earlier
// run wrote (issue 15), says so, and leaves the folder as a fresh run would.
TEST_CASE("rerun: outputs of a format no longer asked for are removed", "[batch][e2e][hostile]") {
  fs::path dir = FreshTempDir("stale-format");
  WriteFile(dir / "subs" / "ada.md", Answer("ada"));
  WriteFile(dir / "subs" / "cy.md", Answer("cy"));
  std::vector<std::string> base = {"grade", "--rubric", kRubric, (dir / "subs").string(), "--out"};
  auto run = [&](const fs::path& out, bool gradescope) {
    std::vector<std::string> v = base;
    v.push_back(out.string());
    if (gradescope) v.push_back("--gradescope");
    return RunGraderLimited(v);
  };
  REQUIRE(run(dir / "fresh", false).exit_code == 0);
  REQUIRE(run(dir / "out", true).exit_code == 0);
  REQUIRE(fs::is_regular_file(dir / "out" / "gradescope" / "ada" / "results.json"));
  LimitedRun again = run(dir / "out", false);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("grader: note: removed '" + (dir / "out" / "gradescope").string() +
                       "': gradescope output of an earlier run, not asked for this time\n") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out" / "gradescope"));
  CHECK(TreeDifferences(FileTree(dir / "out"), FileTree(dir / "fresh")) == std::vector<std::string>{});
  fs::remove_all(dir);
}

// --feedback chooses the per-student pages (issue 17: a large class need not
// get three files per student); the summary links only to pages that
// exist, and a rerun with fewer kinds removes the folders no longer written.
TEST_CASE("feedback: --feedback writes only the pages asked for, and a rerun removes the others",
          "[batch][e2e][feedback]") {
  fs::path dir = FreshTempDir("feedback-kinds");
  WriteFile(dir / "subs" / "ada.md", Answer("ada"));
  WriteFile(dir / "subs" / "cy.md", Answer("cy"));
  auto run = [&](const fs::path& out, const std::string& kinds) {
    std::vector<std::string> v = {"grade", "--rubric", kRubric, (dir / "subs").string(), "--out", out.string()};
    if (!kinds.empty()) {
      v.push_back("--feedback");
      v.push_back(kinds);
    }
    return RunGraderLimited(v);
  };
  REQUIRE(run(dir / "fresh", "").exit_code == 0);
  REQUIRE(run(dir / "fresh-none", "none").exit_code == 0);
  const fs::path out = dir / "out";
  REQUIRE(run(out, "html").exit_code == 0);
  std::vector<std::string> student_files;
  for (const auto& [path, content] : FileTree(out))
    if (path.find('/') != std::string::npos) student_files.push_back(path);
  CHECK(student_files == std::vector<std::string>{"feedback/ada.html", "feedback/cy.html"});
  const std::string html = ReadFile(out / "summary.html"), md = ReadFile(out / "summary.md");
  CHECK(html.find("<a href=\"feedback/ada.html\">ada</a>") != std::string::npos);
  CHECK(html.find("staff/") == std::string::npos);
  CHECK(md.find("](feedback/") == std::string::npos);
  CHECK(nlohmann::json::parse(ReadFile(out / "run.json"))["feedback"] == "html");

  LimitedRun none = run(out, "none");
  CHECK(none.exit_code == 0);
  CHECK(none.out.find("grader: note: removed '" + (out / "feedback").string() +
                      "': feedback output of an earlier run, not asked for this time\n") != std::string::npos);
  CHECK(TreeDifferences(FileTree(out), FileTree(dir / "fresh-none")) == std::vector<std::string>{});
  CHECK(ReadFile(out / "summary.html").find("href=\"feedback/") == std::string::npos);
  CHECK(run(out, "").exit_code == 0);  // back to every page, as a fresh run writes them
  CHECK(TreeDifferences(FileTree(out), FileTree(dir / "fresh")) == std::vector<std::string>{});

  LimitedRun bad = run(dir / "bad", "md,htm");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out == "grader: error: --feedback: 'htm' is not a kind of feedback file (md, html, staff, or all or "
                   "none); did you mean 'html'?\n");
  CHECK_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

// Without --feedback, a batch larger than kPagesByDefaultUpTo (5,000) gets
// no per-student pages, and says so; --feedback all writes them; a folder
// whose earlier run wrote every page keeps them (issue 17: a 100,000-student
// run does not create 300,000 files unless asked).
TEST_CASE("feedback: a batch of more than 5,000 gets pages only when asked, and a folder that had them keeps them",
          "[batch][e2e][feedback]") {
  fs::path dir = FreshTempDir("feedback-default");
  {
    std::ofstream jsonl(dir / "answers.jsonl", std::ios::binary);
    for (int i = 0; i < 5001; ++i)
      jsonl << "{\"id\": \"r" << i << "\", \"response\": \"(a) The model has 2,127,057,600 parameters.\"}\n";
  }
  auto run = [&](const fs::path& out, const std::string& kinds) {
    std::vector<std::string> v = {"grade", "--rubric", kRubric, (dir / "answers.jsonl").string(), "--out", out.string(), "-q"};
    if (!kinds.empty()) {
      v.push_back("--feedback");
      v.push_back(kinds);
    }
    return RunGraderLimited(v);
  };
  auto pages = [](const fs::path& out) {
    size_t n = 0;
    for (const char* folder : {"feedback", "staff"})
      if (fs::exists(out / folder))
        for (const auto& e : fs::directory_iterator(out / folder)) n += e.is_regular_file();
    return n;
  };
  const std::string note = "grader: note: 5001 submissions: no per-student pages were written (a batch of more than 5000 "
                           "gets them only when asked: --feedback all, or a list of md, html and staff); results.jsonl, "
                           "grades.csv, the summary and 'grader review' cover every submission\n";
  const fs::path out = dir / "out";
  LimitedRun first = run(out, "");
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find(note) != std::string::npos);
  CHECK(pages(out) == 0);
  CHECK(nlohmann::json::parse(ReadFile(out / "run.json"))["feedback"] == "none");
  CHECK(ReadFile(out / "summary.html").find("href=\"feedback/") == std::string::npos);
  const std::string results = ReadFile(out / "results.jsonl");
  CHECK(std::count(results.begin(), results.end(), '\n') == 5001);

  // Asked for: every page, and run.json says nothing (every page).
  const fs::path asked = dir / "asked";
  LimitedRun all = run(asked, "all");
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("no per-student pages") == std::string::npos);
  CHECK(pages(asked) == 3 * 5001);
  CHECK_FALSE(nlohmann::json::parse(ReadFile(asked / "run.json")).contains("feedback"));
  // A rerun without --feedback keeps the pages that folder had.
  LimitedRun again = run(asked, "");
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("no per-student pages") == std::string::npos);
  CHECK(again.out.find("removed") == std::string::npos);
  CHECK(pages(asked) == 3 * 5001);
  fs::remove_all(dir);
}

}  // namespace
