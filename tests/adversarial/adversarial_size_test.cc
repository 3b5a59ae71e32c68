// Adversarial corpus: sizes. A 50 MB single line (in a folder, on standard
// input and through `grader extract`), a 100 MB JSONL line, a number of one
// million digits, and parts holding 400,000 numbers or 50,000 equations.
// Large inputs are generated here, never checked in.
#include "tests/adversarial/adversarial_harness.h"

namespace grader::testing::adversarial {
namespace {

// 1 KB of prose and numbers without a newline.
std::string LinePiece() {
  std::string piece;
  while (piece.size() < 1000) piece += "so the total = 2,127,057,600 parameters * 4 bytes = 8.5 GB; ";
  return piece.substr(0, 1000);
}

TEST_CASE("adversarial: a 50 MB single line", "[adversarial][e2e]") {
  ScopedDir tmp("adv-50mb");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  WriteRepeated(dir / "subs" / "line.md", "(a) ", LinePiece(), 50 * 1024, "\n");
  REQUIRE(fs::file_size(dir / "subs" / "line.md") > 50'000'000);
  const std::string limit = "larger than the 1048576-byte limit (raise it with --max-bytes)";

  Batch b = GradeBatch("50 MB line (folder)", dir, {"subs"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  CHECK(b.Record("line")["error"] == limit);
  // Only the first megabyte is ever read.
  CHECK(b.run.peak_rss_kb < kSmallRssKb);

  // The same bytes on standard input, in a batch with the good submission.
  fs::remove_all(dir / "out");
  Batch in = GradeBatch("50 MB line (stdin)", dir, {"subs/good.md", "-"}, {}, (dir / "subs" / "line.md").string());
  CHECK(in.run.exit_code == 1);
  CheckGood(in);
  CHECK(in.Record("stdin")["error"] == limit);
  CHECK(in.run.peak_rss_kb < kSmallRssKb);

  // grader extract reads no more than grade would.
  LimitedRun x = Run("50 MB line (extract)", {"extract", (dir / "subs" / "line.md").string()});
  CHECK(x.exit_code == 1);
  CHECK(x.out == "grader: error: " + (dir / "subs" / "line.md").string() + ": " + limit + "\n");
  CHECK(x.peak_rss_kb < kSmallRssKb);
}

TEST_CASE("adversarial: a 100 MB JSONL line", "[adversarial][e2e]") {
  ScopedDir tmp("adv-jsonl");
  const fs::path& dir = tmp.path();
  std::string good = ReadFile(fs::path(kCorpus) / "good.md");
  std::string good_line = nlohmann::json({{"id", "good"}, {"response", good}}).dump() + "\n";
  std::string piece(1 << 20, 'x');
  WriteRepeated(dir / "answers.jsonl", good_line + "{\"id\": \"huge\", \"response\": \"", piece, 100,
                "\"}\n" + nlohmann::json({{"id", "after"}, {"response", good}}).dump() + "\n");
  REQUIRE(fs::file_size(dir / "answers.jsonl") > 100u << 20);

  Batch b = GradeBatch("100 MB JSONL line", dir, {"answers.jsonl"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  CHECK(b.Record("after")["score"] == kGoodScore);  // the line after it is read too
  // The huge line is skipped unkept; its id is still read from its start.
  CHECK(b.Record("huge")["error"] ==
        "line longer than 6356992 bytes (a response of at most --max-bytes 1048576 bytes, JSON-escaped); skipped");
  CHECK(b.Record("huge")["source"] == "answers.jsonl:2");
  CHECK(b.run.peak_rss_kb < kSmallRssKb);
}

TEST_CASE("adversarial: a number of one million digits", "[adversarial][e2e]") {
  ScopedDir tmp("adv-digits");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  WriteRepeated(dir / "subs" / "digits.md", "## (a)\n\nTotal: ", "7", 1000000, " parameters.\n");
  REQUIRE(fs::file_size(dir / "subs" / "digits.md") < 1u << 20);  // under the size limit: it is read

  Batch b = GradeBatch("one million digits", dir, {"subs"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  CHECK(b.Record("digits")["status"] == "graded");
  CHECK(b.Record("digits")["score"] == 0.0);

  LimitedRun x = Run("one million digits (extract)", {"extract", (dir / "subs" / "digits.md").string()});
  CHECK(x.exit_code == 0);
  CHECK(x.out.find("digits.md:3:8: number has 1000000 digits (limit 1000)") != std::string::npos);
}

TEST_CASE("adversarial: 400,000 numbers and 50,000 equations in one part", "[adversarial][e2e]") {
  ScopedDir tmp("adv-many");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  WriteRepeated(dir / "subs" / "numbers.md", "## (a)\n\n", "1 ", 400000, "\n");  // one line
  WriteRepeated(dir / "subs" / "equations.md", "## (a)\n\n", "2 * 3 = 6\n", 50000, "");

  Batch b = GradeBatch("400,000 numbers, 50,000 equations", dir, {"subs"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  CHECK(b.Record("numbers")["score"] == 0.0);
  CHECK(b.Record("equations")["score"] == 0.0);
  // Read up to kMaxQuantities and kMaxEquations: 160 MB and 150 MB before
  // the limits, about 25 MB now.
  CHECK(b.run.peak_rss_kb < kSmallRssKb);

  LimitedRun x = Run("400,000 numbers (extract)", {"extract", (dir / "subs" / "numbers.md").string()});
  CHECK(x.exit_code == 0);
  CHECK(x.out.find("numbers.md:3:40001: more than 20000 numbers: the rest are not read") != std::string::npos);
}

}  // namespace
}  // namespace grader::testing::adversarial
