// Adversarial corpus: hostile rubrics and hostile JSON. A rubric nested
// 100,000 levels deep, the same in a seed rubric for import-rubric and in a
// JSONL line's metadata, RE2 patterns that do not compile, and numbers too
// big to build exactly in a rubric, roster or overrides file. A bad rubric
// stops the run with exit code 2 before anything is written.
#include "tests/adversarial/adversarial_harness.h"

namespace grader::testing::adversarial {
namespace {

TEST_CASE("adversarial: a rubric nested 100,000 levels deep", "[adversarial][e2e]") {
  ScopedDir tmp("adv-deep-rubric");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  WriteRepeated(dir / "deep.json", "{\"id\": \"deep\", \"problem\": \"cs336-transformer-accounting\",\n \"criteria\": ", "[",
                100000, "");
  {
    std::ofstream out(dir / "deep.json", std::ios::app | std::ios::binary);
    for (int k = 0; k < 100000; ++k) out << ']';
    out << "}\n";
  }
  LimitedRun r = Run("rubric nested 100,000 deep",
                     {"grade", "--rubric", "deep.json", "subs", "--out", "out", "-q"}, {dir.string(), "", {}});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "grader: error: deep.json:2:77: nesting deeper than 64 levels\n");
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("adversarial: import-rubric of a seed with JSON nested 100,000 levels deep", "[adversarial][e2e]") {
  ScopedDir tmp("adv-deep-seed");
  const fs::path& dir = tmp.path();
  WriteRepeated(dir / "seed.txt",
                "# <category>:\nStats & ML\n# <instruction>:\nHow many parameters?\n# <expert_rubric>:\n"
                "[{\"criterion\": ",
                "[", 100000, "");
  {
    std::ofstream out(dir / "seed.txt", std::ios::app | std::ios::binary);
    for (int k = 0; k < 100000; ++k) out << ']';
    out << ", \"weight\": 1, \"checklist\": [\"Is it right?\"]}]\n";
  }
  LimitedRun r = Run("seed nested 100,000 deep (import-rubric)",
                     {"import-rubric", "seed.txt", "--problem", "myt-params", "-o", "imported.json"}, {dir.string(), "", {}});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "grader: error: seed.txt:6:78: nesting deeper than 64 levels\n");
  CHECK_FALSE(fs::exists(dir / "imported.json"));
}

TEST_CASE("adversarial: JSONL lines nested 100,000 levels deep", "[adversarial][e2e]") {
  ScopedDir tmp("adv-deep-jsonl");
  const fs::path& dir = tmp.path();
  std::string good = nlohmann::json({{"id", "good"}, {"response", ReadFile(fs::path(kCorpus) / "good.md")}}).dump();
  std::string deep_meta = "{\"id\": \"meta\", \"response\": \"(a) 42\", \"extra\": " + std::string(100000, '[') +
                          std::string(100000, ']') + "}";
  std::string deep_array = std::string(100000, '[') + std::string(100000, ']');
  std::string unclosed = "{\"id\": \"open\", \"response\": \"(a) 42\", \"extra\": " + std::string(100000, '{');
  WriteFile(dir / "answers.jsonl", good + "\n" + deep_meta + "\n" + deep_array + "\n" + unclosed + "\n");

  Batch b = GradeBatch("JSONL nested 100,000 deep", dir, {"answers.jsonl"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  REQUIRE(b.records.size() == 4);
  for (const char* id : {"answers:2", "answers:3", "answers:4"}) {
    INFO(id);
    CHECK(b.Record(id)["status"] == "error");
    CHECK(b.Record(id)["error"] == "invalid JSON: nesting deeper than 64 levels");
  }
}

TEST_CASE("adversarial: 1e999999 and a million digits in a rubric, a roster and an overrides file", "[adversarial][e2e]") {
  // ParseExact used to build 10^999999 (20 s each) and a million-digit
  // integer (a minute): a hostile rubric or CSV stalled the run.
  ScopedDir tmp("adv-big-numbers");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("good.md", dir / "subs" / "other.md");
  const std::string head = "{\"id\": \"t\", \"problem\": \"cs336-transformer-accounting\", \"points\": ";
  const std::string tail =
      ",\n \"criteria\": [{\"id\": \"c\", \"part\": \"a\", \"weight\": 1, \"checks\": [\n"
      "   {\"id\": \"total\", \"kind\": \"numeric\", \"answer\": \"total_params\"}]}]}\n";
  WriteFile(dir / "exponent.json", head + "\"1e999999\"" + tail);
  WriteRepeated(dir / "digits.json", head + "\"", "7", 1000000, "\"" + tail);
  struct Case {
    std::string rubric, error;
  };
  const Case cases[] = {
      {"exponent.json", "exponent.json:1:66: points: expected a number: exponent out of range (|e| <= 1000)"},
      {"digits.json", "digits.json:1:66: points: expected a number: number has 1000000 digits (limit 10000)"},
  };
  for (const Case& c : cases) {
    INFO(c.rubric);
    LimitedRun r = Run("huge number in a rubric: " + c.rubric, {"grade", "--rubric", c.rubric, "subs", "--out", "out", "-q"},
                       {dir.string(), "", {}});
    CHECK(r.exit_code == 2);
    CHECK(r.out == "grader: error: " + c.error + "\n");
    CHECK_FALSE(fs::exists(dir / "out"));
  }

  WriteFile(dir / "overrides.csv", "id,check,credit\ngood,total_params,1e999999\n");
  LimitedRun o = Run("huge credit in overrides", {"grade", "--rubric", kRubric, "subs", "--out", "out", "-q", "--overrides",
                                                  "overrides.csv"},
                     {dir.string(), "", {}});
  CHECK(o.exit_code == 2);
  CHECK(o.out == "grader: error: overrides.csv:2: credit '1e999999' must be a number from 0 to 1\n");
  CHECK_FALSE(fs::exists(dir / "out"));

  WriteFile(dir / "roster.csv", "id,d_model\nother,1e999999\n");
  Batch b = GradeBatch("huge parameter in a roster", dir, {"subs"}, {"--roster", "roster.csv"});
  CHECK(b.run.exit_code == 1);
  CheckGood(b);
  CHECK(b.Record("other")["error"] ==
        "parameters: problem 'cs336-transformer-accounting': d_model: expected an integer, got '1e999999' (exponent out "
        "of range (|e| <= 1000))");
}

TEST_CASE("adversarial: RE2 patterns that do not compile name the file, line and item", "[adversarial][e2e]") {
  ScopedDir tmp("adv-regex");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  struct Case {
    const char* rubric;
    std::string error;
  };
  const Case cases[] = {
      {"bad_regex_rubric.json",
       "bad_regex_rubric.json:9:56: criteria[0].checks[1].pattern: pattern of item 'shows_work' does not compile: "
       "missing ): (\\d+\\s*[*x] (at '(\\d+\\s*[*x]')"},
      {"bad_claim_rubric.json",
       "bad_claim_rubric.json:9:21: criteria[0].checks[0].predicate: pattern of item 'ffn_grows' does not compile: "
       "invalid character class range: \\p{Klingon} (at '\\p{Klingon}')"},
      {"bad_choice_rubric.json",
       "bad_choice_rubric.json:8:25: checklist.items[0].options.FFN: pattern of item 'largest' does not compile: "
       "missing ]: [-forward|SwiGLU (at '[-forward|SwiGLU')"},
  };
  for (const Case& c : cases) {
    INFO(c.rubric);
    CopyCorpus(c.rubric, dir / c.rubric);
    LimitedRun batch = Run(std::string("bad pattern (batch) ") + c.rubric,
                           {"grade", "--rubric", c.rubric, "subs", "--out", "out", "-q"}, {dir.string(), "", {}});
    CHECK(batch.exit_code == 2);
    CHECK(batch.out == "grader: error: " + c.error + "\n");
    CHECK_FALSE(fs::exists(dir / "out"));
    LimitedRun one = Run(std::string("bad pattern (one) ") + c.rubric, {"grade", "--rubric", c.rubric, "subs/good.md"},
                         {dir.string(), "", {}});
    CHECK(one.exit_code == 2);
    CHECK(one.out == "grader: error: " + c.error + "\n");
  }
}

}  // namespace
}  // namespace grader::testing::adversarial
