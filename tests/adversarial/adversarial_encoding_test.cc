// Adversarial corpus: bytes that are not the UTF-8 text a response should
// be (invalid UTF-8, NUL bytes, UTF-16 with and without a byte-order mark, a
// gzip file), each in a batch beside a good submission; and invalid UTF-8 in
// the CSV files a batch reads.
#include "tests/adversarial/adversarial_harness.h"

namespace grader::testing::adversarial {
namespace {

TEST_CASE("adversarial: invalid UTF-8 and NUL bytes", "[adversarial][e2e]") {
  ScopedDir tmp("adv-utf8");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("invalid_utf8.md", dir / "subs" / "invalid_utf8.md");
  CopyCorpus("nul_bytes.md", dir / "subs" / "nul_bytes.md");
  // NUL bytes past the first 8 KB are not sniffed as binary: the text is
  // graded with the NULs dropped.
  WriteRepeated(dir / "subs" / "late_nul.md", "## (a)\n\n", "Counting parameters layer by layer. ", 300,
                std::string("Total: 2,127,057,600\0 parameters.\n", 35));

  Batch b = GradeBatch("invalid UTF-8, NUL bytes", dir, {"subs"});
  CHECK(b.run.exit_code == 1);  // nul_bytes could not be graded
  CHECK(b.run.out.find("graded 3 of 4 submissions; 1 could not be graded") != std::string::npos);
  CheckGood(b);

  const nlohmann::json& bad = b.Record("invalid_utf8");
  CHECK(bad["status"] == "graded");
  CHECK(bad["score"] == 30.75);  // total, memory and trend found; parts b, c, e missing
  // Evidence quotes the original, with each invalid byte as U+FFFD (the
  // truncated \xE2\x82 is two of them).
  const nlohmann::json& trend = Item(bad, "trend");
  CHECK(trend["status"] == "pass");
  CHECK(trend["evidence"][0]["quote"] == "As the model grows the feed-forward \uFFFD share increases \uFFFD\uFFFD");
  CHECK(Item(bad, "total_params")["evidence"][0]["quote"] == "2,127,057,600 parameters");

  CHECK(b.Record("nul_bytes")["status"] == "error");
  CHECK(b.Record("nul_bytes")["error"] == "binary file (contains NUL bytes)");
  CHECK(b.Record("late_nul")["status"] == "graded");
  CHECK(b.Record("late_nul")["score"] == 11);  // the total (15) less 4 for parts b-e
  CHECK(Item(b.Record("late_nul"), "total_params")["status"] == "pass");
}

TEST_CASE("adversarial: invalid UTF-8 in a roster and an overrides file", "[adversarial][e2e]") {
  ScopedDir tmp("adv-csv");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("good.md", dir / "subs" / "other.md");
  WriteFile(dir / "roster.csv", "id,d_model\nother,12\xFF\n");
  WriteFile(dir / "overrides.csv", "id,check,credit,comment\ngood,total_params,1,\"fine \xFF by me\"\n");

  Batch b = GradeBatch("invalid UTF-8 in CSV files", dir, {"subs"},
                       {"--roster", "roster.csv", "--overrides", "overrides.csv"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);  // the override confirms a passing item: same score
  CHECK(b.Record("good")["overrides"][0]["comment"] == "fine \\xFF by me");
  CHECK(b.Record("other")["error"] ==
        "parameters: problem 'cs336-transformer-accounting': d_model: expected an integer, got '12\\xFF' (unexpected "
        "character '\\')");
}

TEST_CASE("adversarial: UTF-16 with a byte-order mark (LE and BE) and without one", "[adversarial][e2e]") {
  ScopedDir tmp("adv-utf16");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("utf16le_bom.md", dir / "subs" / "utf16le_bom.md");
  CopyCorpus("utf16be_bom.md", dir / "subs" / "utf16be_bom.md");
  CopyCorpus("utf16le_no_bom.md", dir / "subs" / "utf16le_no_bom.md");

  Batch b = GradeBatch("UTF-16", dir, {"subs"});
  CHECK(b.run.exit_code == 1);
  CHECK(b.run.out.find("graded 1 of 4 submissions; 3 could not be graded") != std::string::npos);
  CheckGood(b);
  CHECK(b.Record("utf16le_bom")["error"] == "UTF-16 text; save it as UTF-8");
  CHECK(b.Record("utf16be_bom")["error"] == "UTF-16 text; save it as UTF-8");
  CHECK(b.Record("utf16le_no_bom")["error"] == "binary file (contains NUL bytes)");

  // One response on its own: the same reason, exit code 1.
  LimitedRun one = Run("UTF-16 (one response)", {"grade", "--rubric", kRubric, (dir / "subs" / "utf16be_bom.md").string()});
  CHECK(one.exit_code == 1);
  CHECK(one.out == "grader: error: " + (dir / "subs" / "utf16be_bom.md").string() + ": UTF-16 text; save it as UTF-8\n");
}

TEST_CASE("adversarial: a submission that is a gzip file", "[adversarial][e2e]") {
  ScopedDir tmp("adv-gzip");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("gzip.md", dir / "subs" / "homework.md");         // gzip bytes behind a .md name
  CopyCorpus("gzip.md", dir / "subs" / "homework2.md.gz");     // named as what it is
  CopyCorpus("gzip.md", dir / "subs" / "carol" / "answer.md");  // one file of a student's folder

  Batch b = GradeBatch("gzip", dir, {"subs"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  CHECK(b.Record("homework")["error"] == "binary file (gzip); unpack it first");
  CHECK(b.Record("homework2.md")["error"] == "not a .md, .txt or .tex file (.gz)");
  CHECK(b.Record("carol")["error"] == "binary file (gzip); unpack it first");
  CHECK(b.Record("carol")["source"] == "subs/carol/answer.md");
}

}  // namespace
}  // namespace grader::testing::adversarial
