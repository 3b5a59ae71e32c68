// The shipped EECS 182 rubrics on good answers (tests/fixtures/answers/) and
// on answers with typical slips.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "grader/rubric/grade.h"

namespace grader {
namespace {

// A Result points at its rubric's items, so each rubric outlives the test.
const Rubric& RubricFor(const std::string& problem) {
  static std::map<std::string, Rubric> rubrics;
  auto it = rubrics.find(problem);
  if (it == rubrics.end())
    it = rubrics.emplace(problem, LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/" + problem + ".json")).first;
  return it->second;
}

Result Grade(const std::string& problem, const std::string& text) {
  const Problem& p = BuiltinProblems().Get(problem);
  return GradeText(RubricFor(problem), BuildKey(p, p.Defaults()), text);
}

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(GRADER_SOURCE_DIR) + "/tests/fixtures/answers/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("eecs182 rubrics: good answers earn every deterministic point", "[eecs182]") {
  struct Case { const char* problem; const char* fixture; int unscored; };
  const Case cases[] = {{"eecs182-soft-prompt", "soft-prompt-good.md", 0},
                        {"eecs182-lora", "lora-good.md", 1},
                        {"eecs182-chinchilla-fermi", "chinchilla-fermi-good.md", 0}};
  for (const Case& c : cases) {
    INFO(c.problem);
    Result r = Grade(c.problem, Fixture(c.fixture));
    CHECK(r.unscored == c.unscored);
    CHECK(r.score == r.scored_max);
  }
}

TEST_CASE("eecs182 rubrics: typical slips lose their items", "[eecs182]") {
  std::string fermi = Fixture("chinchilla-fermi-good.md");
  // The official solution's H200-hour slip: 1.08e18 FLOP, so 2.78 USD.
  size_t at = fermi.find("an H200-hour is 7.128e18 FLOP, so about 0.42 USD");
  REQUIRE(at != std::string::npos);
  fermi.replace(at, 48, "an H200-hour is 1.08e18 FLOP, so about 2.78 USD");
  Result r = Grade("eecs182-chinchilla-fermi", fermi);
  CHECK(ExactString(r.score) == "292/3");  // 100 minus the inference-cost item's 8/3
  const ItemResult& cost = r.criteria[7].items[1];
  CHECK(cost.item->id == "inference_cost");
  CHECK(ExactString(*cost.credit) == "0");
  CHECK(cost.outcome.detail == "no number in part (j) matches the key; the likeliest answer is shown");

  std::string lora = Fixture("lora-good.md");
  lora.replace(lora.find("$4k(m + l)$"), 11, "$2k(m + l)$");
  Result l = Grade("eecs182-lora", lora);
  CHECK(ExactString(*l.criteria[3].items[0].credit) == "0");
  CHECK(ExactString(l.score) == "44/3");  // 20 minus the formula item (4), minus the llm item's 4/3 share
}

}  // namespace
}  // namespace grader
