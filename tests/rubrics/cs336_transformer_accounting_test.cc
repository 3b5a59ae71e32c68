// The shipped cs336 rubric on the two real student submissions (seeds 002
// and 004): the decisions a careful TA would make.
#include <catch2/catch.hpp>

#include "grader/rubric/grade.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

using testing::ReadSeed;

Result Grade(const std::string& seed) {
  static const Rubric rubric =
      LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  return GradeText(rubric, BuildKey(p, p.Defaults()), ReadSeed(seed));
}

const ItemResult& Item(const Result& r, const std::string& id) {
  for (const CriterionResult& c : r.criteria)
    for (const ItemResult& i : c.items)
      if (i.item->id == id) return i;
  for (const ItemResult& i : r.deductions)
    if (i.item->id == id) return i;
  throw std::runtime_error("no item " + id);
}

TEST_CASE("cs336 rubric: seed 004 earns the parameter and FLOP totals and names the feed-forward", "[cs336]") {
  Result r = Grade("004_b14c3983825096cc.txt");
  const ItemResult& total = Item(r, "total_params");
  CHECK(ExactString(*total.credit) == "1");
  CHECK(total.outcome.found == "2,127,057,600");
  CHECK(total.outcome.evidence.at(0).span.Where() == "40:58");
  const ItemResult& flops = Item(r, "forward_flops");
  CHECK(ExactString(*flops.credit) == "1");
  CHECK(flops.outcome.found == "4,513,733,017,600");  // includes norm and RoPE FLOPs: within 1%
  CHECK(RoundSig(*flops.outcome.relative_error, 3) == "8.78e-5");
  const ItemResult& most = Item(r, "ffn_most_flops");
  CHECK(ExactString(*most.credit) == "1");
  CHECK(most.outcome.found == "feed-forward");
  CHECK(most.outcome.evidence.at(0).quote == "SwiGLU");
  CHECK(ExactString(*Item(r, "fp32_memory").credit) == "0.5");  // "8 billion byte": within 10%, not 2%
  CHECK(ExactString(*Item(r, "false_equation").credit) == "1");
  CHECK(ExactString(r.score) == "86.25");  // 86.25 of 100 (83.39 when the diagnostic feed-forward count had points)
}

TEST_CASE("cs336 rubric: seed 002's mistakes are recognised with their feedback", "[cs336]") {
  Result r = Grade("002_b4d7ad0926eb3fc7.txt");
  const ItemResult& total = Item(r, "total_params");
  CHECK(total.outcome.found == "1,555,124,800 parameters");
  CHECK(total.outcome.mistake == "two-matrix feed-forward and a single embedding table");
  CHECK(total.outcome.feedback ==
        "The model uses SwiGLU (three matrices per block) and an output projection separate from the input embedding.");
  CHECK(ExactString(*total.credit) == "0.25");
  // Cut off before a total: the block sum 920,292,556,800 earns nothing.
  const ItemResult& flops = Item(r, "forward_flops");
  CHECK(ExactString(*flops.credit) == "0");
  CHECK(flops.outcome.found == "920,292,556,800");
  // The per-block FFN equation is true arithmetic of the wrong quantity.
  const ItemResult& ffn = Item(r, "ffn_flops");
  CHECK(ExactString(*ffn.credit) == "0");
  CHECK(ffn.outcome.found == "40,960,000");
  CHECK(ffn.outcome.mistake == "two feed-forward matmuls for one token (sequence length dropped)");
  const ItemResult& arith = Item(r, "false_equation");
  CHECK(arith.outcome.failures == 2);  // 4 · 1,555,124,800 and 2 · 1024 · 1600 · 1600, not the FFN one
  CHECK(arith.outcome.detail.find("40,960,000") == std::string::npos);
  CHECK(ExactString(arith.points) == "-2");
  CHECK(ExactString(Item(r, "unanswered_parts").points) == "-3");  // c, d and e missing
  // 3.75 for the total's known mistake, less 2 and 3: the floor (2.5 when the
  // diagnostic feed-forward count had points).
  CHECK(ExactString(r.score) == "0");
}

}  // namespace
}  // namespace grader
