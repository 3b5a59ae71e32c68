// `grader grade --shard K/N` and `grader merge` through the real binary: 4
// shards and a merge give a folder byte-identical to a one-process run of the
// same inputs; the Slurm and Kubernetes examples (examples/cluster/) are run
// as the scheduler would run them; shards that do not belong together are
// refused, naming the folder.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

using grader::testing::CliRun;
using grader::testing::FileTree;
using grader::testing::FreshTempDir;
using grader::testing::ReadFile;
using grader::testing::RunGrader;
using grader::testing::WriteFile;

const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";
const fs::path kCorpus = fs::path(GRADER_SOURCE_DIR) / "../shared/corpus/writeups";
const fs::path kExamples = fs::path(GRADER_SOURCE_DIR) / "examples/cluster";

// Runs a shell command line in `dir`, standard error with standard output.
CliRun Shell(const std::string& command, const fs::path& dir) {
  std::string cmd = "cd '" + dir.string() + "' && { " + command + "; } 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The two folders hold the same files with the same bytes. Nothing is left
// out of the comparison: a merged folder has no file a single run lacks
// (shard.json stays in the shards) and no timing or host in any file.
void RequireSameTree(const fs::path& single, const fs::path& merged) {
  auto a = FileTree(single), b = FileTree(merged);
  std::vector<std::string> only_single, only_merged;
  for (const auto& [path, content] : a)
    if (!b.count(path)) only_single.push_back(path);
  for (const auto& [path, content] : b)
    if (!a.count(path)) only_merged.push_back(path);
  INFO("only in " << single.string() << ": " << nlohmann::json(only_single).dump());
  INFO("only in " << merged.string() << ": " << nlohmann::json(only_merged).dump());
  REQUIRE(only_single.empty());
  REQUIRE(only_merged.empty());
  size_t differing = 0;
  for (const auto& [path, content] : a) {
    if (b[path] == content) continue;
    ++differing;
    INFO("differs: " << path);
    CHECK(b[path] == content);
  }
  CHECK(differing == 0);
  // What a single run writes, so that the comparison covers every format.
  for (const char* path : {"results.jsonl", "grades.csv", "gradebook.csv", "review.csv", "summary.md", "summary.html",
                           "run.json"})
    CHECK(a.count(path) == 1);
}

// How many records of a results.jsonl were graded (a rerun reuses those).
size_t GradedCount(const fs::path& p) {
  size_t n = 0;
  std::istringstream in(ReadFile(p));
  for (std::string line; std::getline(in, line);) n += nlohmann::json::parse(line)["status"] == "graded";
  return n;
}

size_t LineCount(const fs::path& p) {
  std::string text = ReadFile(p);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The corpus's 17 real writeups plus broken and awkward ones: an empty file,
// a binary one, a duplicate id, hidden and non-text entries (skipped), a
// JSONL file with a broken line, an id that is not a safe file name and one
// that collides with it after renaming, a roster with an email column and a
// student who did not submit, and an override.
fs::path MakeCourse(const std::string& name) {
  fs::path dir = FreshTempDir("shard-" + name);
  size_t copied = 0;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    WriteFile(dir / "subs" / e.path().filename(), ReadFile(e.path()));
    ++copied;
  }
  REQUIRE(copied == 17);
  WriteFile(dir / "subs/empty.md", "");
  WriteFile(dir / "subs/zip.md", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
  WriteFile(dir / "subs/dup.md", "(a) 2,127,057,600 parameters\n");
  WriteFile(dir / "subs/dup.txt", "the same id again\n");
  WriteFile(dir / "subs/.hidden.md", "not a submission\n");
  WriteFile(dir / "subs/carol/answer.md", "(a) The model has **2,127,057,600** parameters.\n");
  WriteFile(dir / "subs/carol/figure.pdf", "%PDF-1.4\n");
  WriteFile(dir / "subs/carol/old/answer.md", "an older draft\n");
  WriteFile(dir / "answers.jsonl",
            "{\"id\": \"model/a\", \"model\": \"m1\", \"response\": \"(a) 2127057600 parameters. (b) 8.5 GB\"}\n"
            "{\"id\": \"model_a\", \"model\": \"m2\", \"response\": \"(a) 1,555,124,800 parameters\"}\n"
            "{not json\n"
            "{\"id\": \"dup\", \"response\": \"a third dup\"}\n"
            "{\"id\": \"late\", \"model\": \"m1\", \"response\": \"(a) **2.1B** parameters\"}\n");
  WriteFile(dir / "roster.csv",
            "id,email\ncarol,carol@example.edu\ncs336_HanFa_assignment1-basics,han@example.edu\nghost,ghost@example.edu\n");
  WriteFile(dir / "overrides.csv", "id,check,credit,comment\ncarol,ffn_params,1,seen in office hours\n");
  return dir;
}

const std::string kGradeArgs = "grade --rubric " + kRubric +
                               " subs answers.jsonl --roster roster.csv --overrides overrides.csv --gradescope -q";

TEST_CASE("shard: 4 shards and a merge write what one run writes, byte for byte", "[cli][shard]") {
  fs::path dir = MakeCourse("four");
  CliRun single = RunGrader(kGradeArgs + " --out single", dir.string());
  INFO(single.out);
  REQUIRE(single.exit_code == 1);  // the empty, binary, duplicate and broken rows
  CHECK(single.out.find("graded 22 of 27 submissions; 5 could not be graded") != std::string::npos);
  CHECK(single.out.find("3 entries of the input folders skipped") != std::string::npos);

  // Each shard grades a slice; together they hold every submission and
  // every skipped entry exactly once.
  const size_t expected_sizes[4] = {10, 5, 4, 8};  // by the hash of each id: fixed, whatever the machine
  size_t records = 0, skipped = 0;
  for (int k = 0; k < 4; ++k) {
    std::string out = "part-" + std::to_string(k);
    CliRun r = RunGrader(kGradeArgs + " --out " + out + " --shard " + std::to_string(k) + "/4", dir.string());
    INFO(r.out);
    CHECK((r.exit_code == 0 || r.exit_code == 1));
    CHECK(r.out.find("note: shard " + std::to_string(k) + "/4: " + std::to_string(expected_sizes[k]) +
                     " of the 27 submissions") != std::string::npos);
    CHECK(LineCount(dir / out / "results.jsonl") == expected_sizes[k]);
    nlohmann::json run = nlohmann::json::parse(ReadFile(dir / out / "run.json"));
    CHECK(run["shard"] == std::to_string(k) + "/4");
    nlohmann::json manifest = nlohmann::json::parse(ReadFile(dir / out / "shard.json"));
    CHECK(manifest["rows"].size() == expected_sizes[k]);
    CHECK(manifest["submissions"] == 27);
    records += LineCount(dir / out / "results.jsonl");
    skipped += run["skipped"].size();
  }
  CHECK(records == 27);
  CHECK(skipped == 3);

  // Merged in another order than 0..3: the order of the folders does not matter.
  CliRun merged = RunGrader("merge part-2 part-0 part-3 part-1 --out merged", dir.string());
  INFO(merged.out);
  CHECK(merged.exit_code == 1);  // as the single run: some rows are errors
  CHECK(merged.out.find("graded 22 of 27 submissions; 5 could not be graded") != std::string::npos);
  RequireSameTree(dir / "single", dir / "merged");
  CHECK(FileTree(dir / "merged").count("shard.json") == 0);
  CHECK(nlohmann::json::parse(ReadFile(dir / "merged/run.json")).contains("shard") == false);

  // A merge again into the same folder gives the same files; the merged folder
  // is a whole run's: regrade grades every submission in one process.
  CliRun again = RunGrader("merge part-0 part-1 part-2 part-3 --out merged", dir.string());
  CHECK(again.exit_code == 1);
  RequireSameTree(dir / "single", dir / "merged");
  CliRun regrade = RunGrader("regrade merged -q", dir.string());
  INFO(regrade.out);
  CHECK(regrade.exit_code == 0);
  CHECK(regrade.out.find("0 of 27 submissions changed score") != std::string::npos);

  // A shard rerun into its folder reuses its records; a regrade of a shard
  // folder grades the same slice again.
  CliRun rerun = RunGrader(kGradeArgs + " --out part-3 --shard 3/4", dir.string());
  INFO(rerun.out);
  CHECK(rerun.out.find("(" + std::to_string(GradedCount(dir / "part-3/results.jsonl")) +
                       " unchanged since the last run, reused)") != std::string::npos);
  CliRun regrade_shard = RunGrader("regrade part-1 -q", dir.string());
  INFO(regrade_shard.out);
  CHECK(regrade_shard.out.find("0 of " + std::to_string(expected_sizes[1]) + " submissions changed score") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(ReadFile(dir / "part-1/run.json"))["shard"] == "1/4");
  CHECK(LineCount(dir / "part-1/results.jsonl") == expected_sizes[1]);
  // A regrade reads the inputs by absolute path, so its records' sources are
  // no longer those of the other shards: refused until every shard is
  // regraded, and then the merge is what a regrade of the single run writes.
  CliRun mixed = RunGrader("merge part-0 part-1 part-2 part-3 --out merged2", dir.string());
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.out.find("grader: error: 'part-0' and 'part-1' were graded with the inputs at different paths") !=
        std::string::npos);
  for (const char* other : {"part-0", "part-2", "part-3", "single"})
    CHECK(RunGrader(std::string("regrade -q ") + other, dir.string()).exit_code == 0);
  CliRun after = RunGrader("merge part-0 part-1 part-2 part-3 --out merged2", dir.string());
  INFO(after.out);
  CHECK(after.exit_code == 1);
  RequireSameTree(dir / "single", dir / "merged2");
  CHECK(ReadFile(dir / "merged2/results.jsonl").find("\"source\":\"" + (dir / "subs").string()) != std::string::npos);
}

TEST_CASE("shard: a new submission moves no one else to another shard", "[cli][shard]") {
  fs::path dir = MakeCourse("stable");
  const std::string args = "grade --rubric " + kRubric + " subs -q --shard 1/4 --out part-1";
  CliRun first = RunGrader(args, dir.string());
  INFO(first.out);
  const size_t graded_before = GradedCount(dir / "part-1/results.jsonl");
  std::vector<std::string> ids;
  {
    std::istringstream in(ReadFile(dir / "part-1/results.jsonl"));
    for (std::string line; std::getline(in, line);) ids.push_back(nlohmann::json::parse(line)["id"]);
  }
  // Students added before and after everyone in name order.
  WriteFile(dir / "subs/aaa-first.md", "(a) 2,127,057,600\n");
  WriteFile(dir / "subs/zzz-last.md", "(a) 2,127,057,600\n");
  CliRun second = RunGrader(args, dir.string());
  INFO(second.out);
  std::vector<std::string> now;
  {
    std::istringstream in(ReadFile(dir / "part-1/results.jsonl"));
    for (std::string line; std::getline(in, line);) now.push_back(nlohmann::json::parse(line)["id"]);
  }
  for (const std::string& id : ids) CHECK(std::find(now.begin(), now.end(), id) != now.end());
  CHECK(now.size() >= ids.size());
  CHECK(second.out.find("(" + std::to_string(graded_before) + " unchanged since the last run, reused)") !=
        std::string::npos);
}

TEST_CASE("shard: bad --shard values are refused with exit code 2 and nothing written", "[cli][shard]") {
  fs::path dir = MakeCourse("badshard");
  struct Case {
    const char* value;
    const char* message;
  };
  for (const Case& c : {Case{"4/4", "K must be below N (0 to 3); a Slurm array numbered from 1"},
                        Case{"7/4", "K must be below N (0 to 3)"}, Case{"0/0", "N must be at least 1"},
                        Case{"x/4", "K and N must be whole numbers"}, Case{"-1/4", "K and N must be whole numbers"},
                        Case{"1/4x", "K and N must be whole numbers"}, Case{"2", "expected K/N"},
                        Case{"/4", "K is empty; is the variable that should give it set ($SLURM_ARRAY_TASK_ID"},
                        Case{"1/", "N is empty"}, Case{"0/100001", "N may be at most 100000"}}) {
    INFO(c.value);
    CliRun r = RunGrader("grade --rubric " + kRubric + " subs --out out --shard '" + c.value + "'", dir.string());
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find(std::string("grader: error: --shard '") + c.value + "': " + c.message) != std::string::npos);
    CHECK(!fs::exists(dir / "out"));
  }
  // One response without --out: a shard needs a folder.
  CliRun one = RunGrader("grade --rubric " + kRubric + " subs/empty.md --shard 0/2", dir.string());
  CHECK(one.exit_code == 2);
  CHECK(one.out.find("give --out DIR") != std::string::npos);
  // The variable Slurm sets, read by the shell.
  CliRun slurm = RunGrader("grade --rubric " + kRubric + " subs --out out -q --shard $SLURM_ARRAY_TASK_ID/2",
                           dir.string(), "export SLURM_ARRAY_TASK_ID=1;");
  INFO(slurm.out);
  CHECK(slurm.out.find("note: shard 1/2: ") != std::string::npos);
  CHECK(nlohmann::json::parse(ReadFile(dir / "out/run.json"))["shard"] == "1/2");
}

TEST_CASE("merge: shards that do not belong together are refused, naming the folder", "[cli][shard]") {
  fs::path dir = MakeCourse("refuse");
  const std::string args = "grade --rubric " + kRubric + " subs -q";
  for (int k = 0; k < 3; ++k)
    RunGrader(args + " --out p" + std::to_string(k) + " --shard " + std::to_string(k) + "/3", dir.string());
  RunGrader(args + " --out whole", dir.string());
  auto refused = [&](const std::string& merge_args, const std::string& message) {
    CliRun r = RunGrader("merge " + merge_args + " --out merged", dir.string());
    INFO(merge_args);
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("grader: error: " + message) != std::string::npos);
    CHECK(!fs::exists(dir / "merged"));
  };
  refused("p0 p1", "shard 2/3 is missing: 2 of 3 folders given (the first, 'p0'); give every shard's --out folder");
  refused("p0 p1 p2 p1", "'p1' and 'p1' are the same folder; give each shard's folder once");
  refused("p0 p1 p2 ./p1/", "'p1' and './p1/' are the same folder");
  fs::copy(dir / "p1", dir / "p1-copy", fs::copy_options::recursive);
  refused("p0 p1 p2 p1-copy", "'p1' and 'p1-copy' are both shard 1/3");
  refused("p0 p1 p2 whole", "'whole' is not a shard's output: it was graded without --shard K/N");
  refused("p0 p1 nowhere", "'nowhere' is not a folder");

  // Another N.
  RunGrader(args + " --out q1 --shard 1/4", dir.string());
  refused("p0 q1 p2", "'q1' is shard 1/4 but 'p0' is shard 0/3: the shards were cut into different numbers of slices");
  // Other options.
  RunGrader(args + " --gradescope --out g2 --shard 2/3", dir.string());
  refused("p0 p1 g2", "'p0' and 'g2' were graded with different options (run.json's \"gradescope\": false and true)");
  // Other inputs: a submission added before the last shard ran.
  fs::copy(dir / "subs", dir / "subs-before", fs::copy_options::recursive);
  WriteFile(dir / "subs/zz-late.md", "(a) 2,127,057,600\n");
  RunGrader(args + " --out late2 --shard 2/3", dir.string());
  refused("p0 p1 late2", "'p0' and 'late2' were graded with different inputs (submissions added, removed or renamed");
  fs::remove(dir / "subs/zz-late.md");
  // A shard whose run did not finish.
  WriteFile(dir / "p1-copy/.journal.jsonl", "");
  refused("p0 p1-copy p2", "'p1-copy': its run did not finish (a .journal.jsonl is left); run that shard again");
  // A shard whose results.jsonl lost a record.
  fs::remove(dir / "p1-copy/.journal.jsonl");
  std::string results = ReadFile(dir / "p1-copy/results.jsonl");
  WriteFile(dir / "p1-copy/results.jsonl", results.substr(results.find('\n') + 1));
  refused("p0 p1-copy p2", "p1-copy/results.jsonl holds ");
  // The output inside a shard.
  CliRun inside = RunGrader("merge p0 p1 p2 --out p1/merged", dir.string());
  CHECK(inside.exit_code == 2);
  CHECK(inside.out.find("is the shard folder 'p1' or inside it") != std::string::npos);
  CHECK(!fs::exists(dir / "p1/merged"));

  // The rubric changed since the shards ran.
  fs::path rubric = dir / "rubric.json";
  WriteFile(rubric, ReadFile(kRubric));
  const std::string own = "grade --rubric " + rubric.string() + " subs -q";
  for (int k = 0; k < 2; ++k)
    RunGrader(own + " --out r" + std::to_string(k) + " --shard " + std::to_string(k) + "/2", dir.string());
  WriteFile(rubric, ReadFile(kRubric) + "\n");
  refused("r0 r1", "the rubric '" + rubric.string() + "' changed since the shards were graded ('r0'); grade every shard again");

  // With the shards that belong together, the merge goes through.
  CliRun ok = RunGrader("merge p0 p1 p2 --out merged", dir.string());
  INFO(ok.out);
  CHECK(ok.exit_code == 1);
  RequireSameTree(dir / "whole", dir / "merged");

  CliRun help = RunGrader("merge --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--out DIR") != std::string::npos);
  CHECK(help.out.find("examples/cluster/slurm.sbatch") != std::string::npos);
}

// The lines of `text` after the first line matching `start` that are indented
// deeper than it, dedented: a YAML block scalar (`- |`).
std::string BlockAfter(const std::string& text, const std::string& start) {
  std::istringstream in(text);
  std::string line, block;
  size_t indent = std::string::npos;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      if (line.find(start) != std::string::npos) {
        inside = true;
        indent = line.find_first_not_of(' ');
      }
      continue;
    }
    size_t at = line.find_first_not_of(' ');
    if (at == std::string::npos || at <= indent) break;
    block += line.substr(indent + 2) + "\n";
  }
  return block;
}

// The first "KEY: VALUE" of a YAML file (VALUE unquoted).
std::string YamlValue(const std::string& text, const std::string& key) {
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex("\\n\\s*" + key + ":\\s*\"?([^\"\\n]*)\"?\\n")));
  return m[1];
}

// A folder holding `grader` (the binary under test) for PATH, as a cluster's
// image or module provides it.
fs::path BinDir(const fs::path& dir) {
  fs::path bin = dir / "bin";
  fs::create_directories(bin);
  fs::create_symlink(GRADER_BINARY, bin / "grader");
  return bin;
}

TEST_CASE("shard: the Slurm example, run as sbatch would run it, merges to a single run's folder", "[cli][shard]") {
  fs::path dir = MakeCourse("slurm");
  fs::path bin = BinDir(dir);
  // sbatch records what it is asked to submit and answers with a job id.
  WriteFile(bin / "sbatch",
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$SBATCH_LOG\"\necho ---- >> \"$SBATCH_LOG\"\n"
            "echo 4242\n");
  fs::permissions(bin / "sbatch", fs::perms::owner_all);
  const fs::path script = kExamples / "slurm.sbatch";
  const std::string text = ReadFile(script);
  std::smatch array;
  REQUIRE(std::regex_search(text, array, std::regex("\\n#SBATCH --array=0-([0-9]+)\\n")));
  const int tasks = std::stoi(array[1]) + 1;
  CHECK(tasks == 4);
  const std::string env = "PATH='" + bin.string() + "':\"$PATH\" RUBRIC='" + kRubric +
                          "' SUBMISSIONS=subs OUT=graded SBATCH_LOG='" + (dir / "sbatch.log").string() + "' ";

  // On the login node: the array, then the merge after it.
  CliRun submit = Shell(env + "bash '" + script.string() + "'", dir);
  INFO(submit.out);
  REQUIRE(submit.exit_code == 0);
  std::vector<std::vector<std::string>> calls(1);
  {
    std::istringstream in(ReadFile(dir / "sbatch.log"));
    for (std::string line; std::getline(in, line);)
      if (line == "----") calls.emplace_back();
      else calls.back().push_back(line);
    calls.pop_back();
  }
  REQUIRE(calls.size() == 2);
  CHECK(calls[0] == std::vector<std::string>{"--parsable", script.string()});
  CHECK(std::find(calls[1].begin(), calls[1].end(), "--dependency=afterok:4242") != calls[1].end());
  std::string wrap;
  for (const std::string& a : calls[1])
    if (a.rfind("--wrap=", 0) == 0) wrap = a.substr(7);
  CHECK(wrap.find("grader merge ") == 0);

  // The array's tasks, as Slurm runs them (each in its own shell), then the merge.
  for (int k = 0; k < tasks; ++k) {
    CliRun task = Shell(env + "SLURM_ARRAY_TASK_ID=" + std::to_string(k) + " SLURM_ARRAY_TASK_COUNT=" +
                            std::to_string(tasks) + " SLURM_CPUS_PER_TASK=1 bash '" + script.string() + "'",
                        dir);
    INFO(task.out);
    CHECK(task.exit_code == 0);  // exit code 1 of the grader (error rows) is a complete shard
    CHECK(fs::exists(dir / "graded.shards" / std::to_string(k) / "shard.json"));
  }
  CliRun merge = Shell(env + "sh -c '" + wrap + "'", dir);
  INFO(merge.out);
  CHECK(merge.exit_code == 0);
  CliRun single = RunGrader("grade --rubric " + kRubric + " subs --out single -q", dir.string());
  CHECK(single.exit_code == 1);
  RequireSameTree(dir / "single", dir / "graded");
}

TEST_CASE("shard: the Kubernetes Indexed Job example and its merge give a single run's folder", "[cli][shard]") {
  fs::path dir = MakeCourse("k8s");
  fs::path bin = BinDir(dir);
  const std::string job = ReadFile(kExamples / "k8s-indexed-job.yaml");
  CHECK(job.find("completionMode: Indexed") != std::string::npos);
  const int completions = std::stoi(YamlValue(job, "completions"));
  CHECK(completions == 4);
  // The pods' N is the SHARDS variable, which must be `completions`.
  std::smatch shards;
  REQUIRE(std::regex_search(job, shards, std::regex("- name: SHARDS\\n\\s*value: \"([0-9]+)\"")));
  CHECK(std::stoi(shards[1]) == completions);
  const std::string grade = BlockAfter(job, "- |");
  CHECK(grade.find("grader grade ") == 0);
  CHECK(grade.find("--shard \"$JOB_COMPLETION_INDEX/$SHARDS\"") != std::string::npos);
  const std::string merge = BlockAfter(ReadFile(kExamples / "k8s-merge-job.yaml"), "- |");
  CHECK(merge.find("grader merge ") == 0);

  // The volume's paths (/data/...) are this test's folders.
  const std::string env = "PATH='" + bin.string() + "':\"$PATH\" RUBRIC='" + kRubric +
                          "' SUBMISSIONS=subs OUT=graded SHARDS=" + std::string(shards[1]) + " ";
  WriteFile(dir / "grade.sh", grade);
  WriteFile(dir / "merge.sh", merge);
  for (int k = 0; k < completions; ++k) {
    CliRun pod = Shell(env + "JOB_COMPLETION_INDEX=" + std::to_string(k) + " /bin/sh -c \"$(cat grade.sh)\"", dir);
    INFO(pod.out);
    CHECK(pod.exit_code == 0);
  }
  CliRun merged = Shell(env + "/bin/sh -c \"$(cat merge.sh)\"", dir);
  INFO(merged.out);
  CHECK(merged.exit_code == 0);
  CliRun single = RunGrader("grade --rubric " + kRubric + " subs --out single -q", dir.string());
  CHECK(single.exit_code == 1);
  RequireSameTree(dir / "single", dir / "graded");
}

}  // namespace
