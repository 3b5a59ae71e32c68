// Adversarial corpus: mathematics built to blow up a parser or an exact
// evaluator. Exponents like 1e999999999, a power tower 10^{10^{10^{10}}},
// 100,000 nested brackets of three kinds, and LaTeX bombs of nested \frac
// (10,000 levels deep, and 2^15 leaves wide).
#include "tests/adversarial/adversarial_harness.h"

namespace grader::testing::adversarial {
namespace {

// \frac{X}{X} with X itself such a fraction, `depth` levels: 2^depth leaves.
void WriteWideFrac(std::ofstream& out, int depth) {
  if (depth == 0) {
    out << "2";
    return;
  }
  out << "\\frac{";
  WriteWideFrac(out, depth - 1);
  out << "}{";
  WriteWideFrac(out, depth - 1);
  out << "}";
}

TEST_CASE("adversarial: exponents of a billion and a power tower", "[adversarial][e2e]") {
  ScopedDir tmp("adv-exponent");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  CopyCorpus("huge_exponent.md", dir / "subs" / "huge_exponent.md");
  CopyCorpus("power_tower.md", dir / "subs" / "power_tower.md");

  Batch b = GradeBatch("1e999999999, 10^{10^{10^{10}}}", dir, {"subs"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  CHECK(b.Record("huge_exponent")["score"] == 0.0);
  CHECK(b.Record("power_tower")["score"] == 0.0);

  // What the grader read, and why it refused each number.
  LimitedRun e = Run("1e999999999 (extract)", {"extract", (dir / "subs" / "huge_exponent.md").string()});
  CHECK(e.exit_code == 0);
  for (const char* where : {"3:8", "3:56", "3:81"}) {  // 1e999999999, 10^{999999999}, 1.5E-999999999
    INFO(where);
    CHECK(e.out.find(std::string("huge_exponent.md:") + where + ": exponent out of range (|e| <= 1000)") != std::string::npos);
  }
  LimitedRun t = Run("10^{10^{10^{10}}} (extract)", {"extract", (dir / "subs" / "power_tower.md").string()});
  CHECK(t.exit_code == 0);
  CHECK(t.out.find("10^{10^{10^{10}}}  ->  power too large (more than 10000 digits)") != std::string::npos);
  CHECK(t.out.find("2^{2^{2^{2^{2^{2}}}}}  ->  power too large (more than 10000 digits)") != std::string::npos);
}

TEST_CASE("adversarial: 100,000 nested parentheses, braces and left-right pairs", "[adversarial][e2e]") {
  ScopedDir tmp("adv-nesting");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  const size_t n = 100000;
  WriteRepeated(dir / "subs" / "parens.md", "## (a)\n\n$N = " + std::string(n, '('), "", 0,
                "2127057600" + std::string(n, ')') + "$ parameters.\n");
  WriteRepeated(dir / "subs" / "braces.md", "## (a)\n\n$N = " + std::string(n, '{'), "", 0,
                "2127057600" + std::string(n, '}') + "$ parameters.\n");
  WriteRepeated(dir / "subs" / "left_right.md", "## (a)\n\n$N = ", "\\left(", n, "");
  {
    std::ofstream out(dir / "subs" / "left_right.md", std::ios::app | std::ios::binary);
    out << "2127057600";
    for (size_t k = 0; k < n; ++k) out << "\\right)";
    out << "$ parameters.\n";
  }
  WriteRepeated(dir / "subs" / "unclosed.md", "## (a)\n\n$N = ", "(", n, "2127057600 = 2$\n");

  Batch b = GradeBatch("100,000 nested brackets", dir, {"subs"}, {"--max-bytes", "2000000"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  // The number inside the brackets is still read as the total (15
  // points, less 4 for the missing parts b-e).
  for (const char* id : {"parens", "braces", "left_right", "unclosed"}) {
    INFO(id);
    CHECK(b.Record(id)["status"] == "graded");
    CHECK(b.Record(id)["score"] == 11);
    CHECK(Item(b.Record(id), "total_params")["evidence"][0]["quote"] == "2127057600");
  }

  // Past the parser's depth limit, extract names the limit.
  WriteRepeated(dir / "deep.md", "$N = " + std::string(250, '('), "", 0, "1" + std::string(250, ')') + " = 1$\n");
  LimitedRun x = Run("250 nested parentheses (extract)", {"extract", (dir / "deep.md").string()});
  CHECK(x.exit_code == 0);
  CHECK(x.out.find("->  expression nested too deeply (limit 200)") != std::string::npos);
}

TEST_CASE("adversarial: LaTeX bombs of nested fractions, deep and wide", "[adversarial][e2e]") {
  ScopedDir tmp("adv-frac");
  const fs::path& dir = tmp.path();
  CopyCorpus("good.md", dir / "subs" / "good.md");
  const size_t deep = 10000;
  WriteRepeated(dir / "subs" / "deep_frac.md", "## (a)\n\n$N = ", "\\frac{", deep, "");
  {
    std::ofstream out(dir / "subs" / "deep_frac.md", std::ios::app | std::ios::binary);
    out << "1";
    for (size_t k = 0; k < deep; ++k) out << "}{2}";
    out << " = 2127057600$\n";
  }
  {
    std::ofstream out(dir / "subs" / "wide_frac.md", std::ios::binary);
    out << "## (a)\n\n$N = ";
    WriteWideFrac(out, 15);  // 32,768 leaves, 327 KB
    out << " = 2127057600$\n";
  }

  Batch b = GradeBatch("nested \\frac bombs", dir, {"subs"});
  CHECK(b.run.exit_code == 0);
  CheckGood(b);
  CHECK(b.Record("deep_frac")["status"] == "graded");
  CHECK(b.Record("deep_frac")["score"] == 11);  // the total after the bomb is read
  CHECK(b.Record("wide_frac")["status"] == "graded");
  CHECK(b.Record("wide_frac")["score"] == 11);
}

}  // namespace
}  // namespace grader::testing::adversarial
