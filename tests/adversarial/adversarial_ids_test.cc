// Adversarial corpus: submission ids built to escape --out or break file
// names: "../", "/", NUL, control characters, device names, case
// collisions and 10,000-character ids, from JSONL and (as far as the
// filesystem allows) from file and folder names. The harness checks that
// every output stays in out/ under the file id SafeFileIds promises.
#include "tests/adversarial/adversarial_harness.h"

namespace grader::testing::adversarial {
namespace {

TEST_CASE("adversarial: hostile ids in JSONL", "[adversarial][e2e]") {
  ScopedDir tmp("adv-jsonl-ids");
  const fs::path& dir = tmp.path();
  std::string good = ReadFile(fs::path(kCorpus) / "good.md");
  const std::string answer = "## (a)\n\n**Total: 2,127,057,600 parameters.**\n";
  const std::vector<std::string> hostile = {
      "../../../../../../../../tmp/grader-adversarial-escape",
      "/etc/passwd",
      "a/b/../../c",
      std::string("nul\0id", 6),
      "..",
      ".",
      ".hidden",
      "line\nbreak\ttab",
      "CON",
      "Alice",
      "alice",
      std::string(10000, 'L'),
      std::string(10000, 'L') + "x",  // the same first 100 bytes
      "caf\xC3\xA9 \xF0\x9F\x98\x80",
  };
  std::string jsonl = nlohmann::json({{"id", "good"}, {"response", good}}).dump() + "\n";
  for (const std::string& id : hostile) jsonl += nlohmann::json({{"id", id}, {"response", answer}}).dump() + "\n";
  WriteFile(dir / "answers.jsonl", jsonl);

  Batch b = GradeBatch("hostile JSONL ids", dir, {"answers.jsonl"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  REQUIRE(b.records.size() == hostile.size() + 1);
  for (size_t i = 0; i < hostile.size(); ++i) {
    const nlohmann::json& r = b.records[i + 1];
    INFO(QuoteId(hostile[i]));
    CHECK(r["id"] == hostile[i]);  // the id itself is kept, only its file name changes
    CHECK(r["status"] == "graded");
    CHECK(r["score"] == 11);  // the total (15) less 4 for parts b-e
  }
  std::vector<std::string> file_ids;
  for (const nlohmann::json& r : b.records) file_ids.push_back(r["file_id"]);
  // Long ids keep 91 bytes and end in 8 hex digits of their SHA-256.
  const std::string l91(91, 'L');
  CHECK(file_ids == std::vector<std::string>{"good", "___.._.._.._.._.._.._.._tmp_grader-adversarial-escape", "_etc_passwd",
                                             "a_b_.._.._c", "nul_id", "__", "_", "_hidden", "line_break_tab", "_CON",
                                             "Alice", "alice-2", l91 + "-cab21724", l91 + "-571d82a2", "caf___"});
  CHECK(b.run.out.find("id 'alice' is written as 'alice-2' (it collides with 'Alice')") != std::string::npos);
  CHECK(b.run.out.find("id 'nul\\x00id' is written as 'nul_id'") != std::string::npos);
  CHECK_FALSE(fs::exists("/tmp/grader-adversarial-escape.md"));
}

TEST_CASE("adversarial: 1,000 ids with the same safe file name", "[adversarial][e2e]") {
  ScopedDir tmp("adv-collide");
  const fs::path& dir = tmp.path();
  std::string jsonl = nlohmann::json({{"id", "good"}, {"response", ReadFile(fs::path(kCorpus) / "good.md")}}).dump() + "\n";
  for (unsigned k = 0; k < 1000; ++k) {
    // "a" + one CJK character + "b": every one is written "a_b..."
    unsigned cp = 0x4E00 + k;
    std::string id = {'a', static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 63)),
                      static_cast<char>(0x80 | (cp & 63)), 'b'};
    jsonl += nlohmann::json({{"id", id}, {"response", ""}}).dump() + "\n";  // empty: an error row, nothing to grade
  }
  WriteFile(dir / "answers.jsonl", jsonl);

  // Without --gradescope: a folder per id costs file-system time, not coverage.
  Batch b = GradeBatch("1,000 colliding ids", dir, {"answers.jsonl"}, {}, "", false);
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  REQUIRE(b.records.size() == 1001);
  CHECK(b.records[1]["file_id"] == "a_b");
  CHECK(b.records[2]["file_id"] == "a_b-2");
  CHECK(b.records[1000]["file_id"] == "a_b-1000");
  CHECK(b.records[1000]["error"] == "empty submission");
}

TEST_CASE("adversarial: hostile file and folder names", "[adversarial][e2e]") {
  ScopedDir tmp("adv-names");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  const std::string answer = "## (a)\n\n**Total: 2,127,057,600 parameters.**\n";
  const std::string longest(252, 'N');  // 255 bytes with ".md": the longest name Linux allows
  const std::vector<std::string> files = {longest + ".md", "bad\xFF\xFEname.md", "line\nbreak.md", "back\\slash.md",
                                          "CON.md", "-rf.md", " spaced .md", "a..b.md"};
  for (const std::string& f : files) WriteFile(dir / "subs" / f, answer);
  WriteFile(dir / "subs" / std::string(255, 'F') / "answer.md", answer);  // a student's folder
  WriteFile(dir / "subs" / "..." / "answer.md", answer);                 // hidden: skipped

  Batch b = GradeBatch("hostile file and folder names", dir, {"subs"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  REQUIRE(b.records.size() == 10);
  std::vector<std::string> ids, file_ids;
  for (const nlohmann::json& r : b.records) {
    ids.push_back(r["id"]);
    file_ids.push_back(r["file_id"]);
    INFO(r["id"]);
    CHECK(r["status"] == "graded");
  }
  CHECK(ids == std::vector<std::string>{" spaced ", "-rf", "CON", std::string(255, 'F'), longest, "a..b",
                                        "back\\slash", "bad\\xFF\\xFEname", "good", "line\nbreak"});
  CHECK(file_ids[0] == "_spaced_");
  CHECK(file_ids[1] == "-rf");
  CHECK(file_ids[2] == "_CON");
  CHECK(file_ids[3].size() == kMaxFileIdBytes);
  CHECK(file_ids[4].size() == kMaxFileIdBytes);
  CHECK(file_ids[5] == "a..b");
  CHECK(file_ids[6] == "back_slash");
  CHECK(file_ids[7] == "bad_xFF_xFEname");
  CHECK(file_ids[9] == "line_break");
}

}  // namespace
}  // namespace grader::testing::adversarial
