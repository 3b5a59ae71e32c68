// The adversarial corpus: hostile inputs run through the real `grader`
// binary, each in a batch beside a good submission. Every run must finish
// within kTimeout (the child is killed otherwise, and the test fails), end
// without a signal, stay under kMaxRssKb of peak memory, and write only
// inside its --out folder, under the file names reports/file_names.h
// promises. The cases themselves assert the exit code, the error text and
// the good submission's exact score.
//
//   ScopedDir tmp("adv-example");
//   const fs::path& dir = tmp.path();
//   CopyCorpus("invalid_utf8.md", dir / "subs" / "bad.md");
//   Batch b = GradeBatch("invalid UTF-8", dir, {"subs"});
//   CHECK(b.run.exit_code == 0);
//   CHECK(b.Record("bad")["status"] == "graded");
//
// Small corpus files are checked in (corpus/); large ones are generated at
// run time by WriteRepeated, streamed so that the test process stays small
// (its own peak would otherwise show in the child's, see RunGraderLimited).
#ifndef GRADER_TESTS_ADVERSARIAL_ADVERSARIAL_HARNESS_H_
#define GRADER_TESTS_ADVERSARIAL_ADVERSARIAL_HARNESS_H_

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reports/file_names.h"
#include "tests/cli_test_util.h"

namespace grader::testing::adversarial {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
#define GRADER_ADVERSARIAL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GRADER_ADVERSARIAL_ASAN 1
#endif
#endif

#ifdef GRADER_ADVERSARIAL_ASAN
// AddressSanitizer adds shadow memory, redzones and a 256 MB quarantine, and
// runs the code 2-5x slower.
inline constexpr long kMaxRssKb = 4L << 20;  // 4 GB
inline constexpr long kSmallRssKb = 256L << 10;
inline constexpr std::chrono::seconds kTimeout{150};
#else
inline constexpr long kMaxRssKb = 1536L << 10;  // 1.5 GB
// For runs that must read only the first megabyte of a huge input (the
// binary itself takes about 15 MB).
inline constexpr long kSmallRssKb = 64L << 10;
inline constexpr std::chrono::seconds kTimeout{60};
#endif

inline const std::string kCorpus = std::string(GRADER_SOURCE_DIR) + "/tests/adversarial/corpus";
inline const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";
// corpus/good.md (the bundled example ada.md) under kRubric.
inline constexpr double kGoodScore = 100;

// A fresh temporary folder (FreshTempDir), removed with everything in it at
// the end of the scope, pass or fail: the generated inputs are 150 MB.
class ScopedDir {
 public:
  explicit ScopedDir(const std::string& name) : path_(FreshTempDir(name)) {}
  ~ScopedDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScopedDir(const ScopedDir&) = delete;
  ScopedDir& operator=(const ScopedDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void CopyCorpus(const std::string& name, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(fs::path(kCorpus) / name, to, fs::copy_options::overwrite_existing);
}

// Writes head, `count` copies of `piece`, then tail, in chunks of about
// 1 MB, so a 100 MB file never sits in the test's memory.
inline void WriteRepeated(const fs::path& path, const std::string& head, const std::string& piece, size_t count,
                          const std::string& tail) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << head;
  size_t per_chunk = std::max<size_t>(1, (1 << 20) / std::max<size_t>(1, piece.size()));
  std::string chunk;
  for (size_t k = 0; k < per_chunk; ++k) chunk += piece;
  size_t left = count;
  while (left >= per_chunk) {
    out << chunk;
    left -= per_chunk;
  }
  for (size_t k = 0; k < left; ++k) out << piece;
  out << tail;
}

// Runs grader under the limits and checks what every case must hold: it
// finished in time, without a signal, under the memory bound. Prints one
// line with its cost (seen with ctest -V).
inline LimitedRun Run(const std::string& label, const std::vector<std::string>& args, RunLimits limits = {}) {
  limits.timeout = kTimeout;
  LimitedRun r = RunGraderLimited(args, limits);
  std::printf("adversarial: %-44s %7.2f s %8.1f MB peak  exit %d\n", label.c_str(), r.seconds, r.peak_rss_kb / 1024.0,
              r.exit_code);
  std::fflush(stdout);
  INFO(label << ": " << r.out.substr(0, 4000));
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.signal == 0);
  CHECK(r.peak_rss_kb > 0);
  CHECK(r.peak_rss_kb < kMaxRssKb);
  return r;
}

// Every path under `dir`, relative, except those under `dir/out`.
inline std::set<std::string> Snapshot(const fs::path& dir) {
  std::set<std::string> paths;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    std::string rel = it->path().lexically_relative(dir).string();
    if (rel == "out") {
      it.disable_recursion_pending();
      continue;
    }
    paths.insert(rel);
  }
  return paths;
}

struct Batch {
  fs::path dir, out;
  LimitedRun run;
  std::vector<nlohmann::json> records;  // results.jsonl, in order

  // The record with this id (fails the test when there is none).
  const nlohmann::json& Record(const std::string& id) const {
    for (const nlohmann::json& r : records)
      if (r["id"] == id) return r;
    FAIL("no record with id '" << id << "'");
    return records.front();
  }
};

// Checks that the batch wrote only inside out/, exactly the files its
// records name, under the file ids SafeFileIds promises, and nothing beside
// them; and that `before` (the folder's other contents) is unchanged.
inline void CheckConfined(const Batch& b, const std::set<std::string>& before, bool gradescope) {
  CHECK(Snapshot(b.dir) == before);
  std::vector<std::string> ids, file_ids;
  for (const nlohmann::json& r : b.records) {
    ids.push_back(r["id"].get<std::string>());
    file_ids.push_back(r["file_id"].get<std::string>());
  }
  CHECK(file_ids == SafeFileIds(ids, nullptr));
  std::set<std::string> expected = {"results.jsonl", "grades.csv", "gradebook.csv", "review.csv", "summary.md", "summary.html", "run.json", "feedback", "staff"};
  if (gradescope) expected.insert("gradescope");
  for (const std::string& f : file_ids) {
    INFO("file id '" << f << "'");
    CHECK(!f.empty());
    CHECK(f.size() <= kMaxFileIdBytes);
    CHECK(f.front() != '.');
    CHECK(f.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos);
    expected.insert("feedback/" + f + ".md");
    expected.insert("feedback/" + f + ".html");
    expected.insert("staff/" + f + ".html");
    if (gradescope) {
      expected.insert("gradescope/" + f);
      expected.insert("gradescope/" + f + "/results.json");
    }
  }
  std::set<std::string> written;
  for (const auto& e : fs::recursive_directory_iterator(b.out)) written.insert(e.path().lexically_relative(b.out).string());
  CHECK(written == expected);
  // Where a naive join of each id would have written: nothing there.
  for (const std::string& id : ids) {
    if (id.find('\0') != std::string::npos || id.size() > 200) continue;
    fs::path naive = (b.out / "feedback" / (id + ".md")).lexically_normal();
    if (naive.string().rfind(b.out.string() + "/", 0) != 0) {
      INFO("id '" << id << "'");
      CHECK_FALSE(fs::exists(naive));
    }
  }
}

// Runs `grader grade --rubric RUBRIC INPUTS --out out [--gradescope]` in
// `dir`, then checks what every batch must hold (Run's limits, results for
// every submission, outputs confined to out/).
inline Batch GradeBatch(const std::string& label, const fs::path& dir, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& options = {}, const std::string& stdin_path = "",
                        bool gradescope = true) {
  Batch b;
  b.dir = dir;
  b.out = dir / "out";
  std::set<std::string> before = Snapshot(dir);
  std::vector<std::string> args = {"grade", "--rubric", kRubric, "--out", "out", "-q", "--jobs", "2"};
  if (gradescope) args.push_back("--gradescope");
  args.insert(args.end(), options.begin(), options.end());
  args.insert(args.end(), inputs.begin(), inputs.end());
  RunLimits limits;
  limits.dir = dir.string();
  limits.stdin_path = stdin_path;
  b.run = Run(label, args, limits);
  INFO(label << ": " << b.run.out.substr(0, 4000));
  REQUIRE(fs::exists(b.out / "results.jsonl"));
  std::istringstream lines(ReadFile(b.out / "results.jsonl"));
  std::string line;
  while (std::getline(lines, line)) b.records.push_back(nlohmann::json::parse(line));
  CheckConfined(b, before, gradescope);
  return b;
}

// The result item (check, checklist item or deduction) `item_id` of a
// graded record (fails the test when there is none).
inline const nlohmann::json& Item(const nlohmann::json& record, const std::string& item_id) {
  static const nlohmann::json kNone = nlohmann::json::array();
  const nlohmann::json& result = record.at("result");
  auto list = [&](const char* key) -> const nlohmann::json& { return result.contains(key) ? result.at(key) : kNone; };
  for (const nlohmann::json& c : list("criteria"))
    for (const nlohmann::json& i : c.at("items"))
      if (i["id"] == item_id) return i;
  for (const char* key : {"checklist", "deductions"})
    for (const nlohmann::json& i : list(key))
      if (i["id"] == item_id) return i;
  FAIL("no item '" << item_id << "' in the record of '" << record["id"].get<std::string>() << "'");
  return record;
}

// The good submission of a batch: graded, with its exact score.
inline void CheckGood(const Batch& b, const std::string& id = "good") {
  const nlohmann::json& r = b.Record(id);
  CHECK(r["status"] == "graded");
  CHECK(r["score"] == kGoodScore);
}

}  // namespace grader::testing::adversarial

#endif  // GRADER_TESTS_ADVERSARIAL_ADVERSARIAL_HARNESS_H_
