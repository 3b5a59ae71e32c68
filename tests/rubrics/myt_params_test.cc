// The shipped rubric for myt-params on seed 000's expert solution and on
// hand-written wrong answers (tests/fixtures/myt/).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "grader/rubric/grade.h"
#include "grader/rubric/seed_import.h"

namespace grader {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Result Grade(const std::string& text) {
  static const Rubric rubric = LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/myt-params.json");
  const Problem& p = BuiltinProblems().Get("myt-params");
  return GradeText(rubric, BuildKey(p, p.Defaults()), text);
}

std::string Fixture(const std::string& name) { return Read(std::string(GRADER_SOURCE_DIR) + "/tests/fixtures/myt/" + name); }

// Ids of the scored items that did not pass (deductions: that applied).
std::vector<std::string> Lost(const Result& r) {
  std::vector<std::string> out;
  for (const CriterionResult& c : r.criteria)
    for (const ItemResult& i : c.items)
      if (i.credit && *i.credit < 1) out.push_back(i.item->id);
  for (const ItemResult& d : r.deductions)
    if (d.points < 0) out.push_back(d.item->id);
  return out;
}

TEST_CASE("myt-params: the expert solution earns every deterministic point", "[myt]") {
  std::string solution;
  for (const SeedField& f : SplitSeedFields(Read(std::string(GRADER_SEEDS_DIR) + "/000_166fc86bfbf5444d.txt")))
    if (f.name == "expert_solution") solution = f.value;
  Result r = Grade(solution);
  CHECK(Lost(r).empty());
  CHECK(r.unscored == 5);  // the llm items, left for a judge
  CHECK(r.score == r.scored_max);
  CHECK(ExactString(r.score) == "3625/42");  // 100 minus the llm items' shares
  const ItemResult& count = r.criteria[2].items[0];
  CHECK(count.item->id == "ffn_count");
  CHECK(count.outcome.evidence.at(0).span.Where() == "1:485");
  CHECK(r.criteria[1].items[1].outcome.found == "2*4*LD^2");
}

TEST_CASE("myt-params: each wrong answer loses exactly what the rubric says", "[myt]") {
  struct Case { const char* file; std::vector<std::string> lost; const char* score; };
  const Case cases[] = {
      // Attention named as the largest: the choice items, the formula, the count
      // (703,046,208 is recognised as the attention count) and two deductions.
      {"wrong_component.md", {"ffn_is_largest", "ffn_formula", "ffn_count", "wrong_component", "wrong_formula"}, "1955/84"},
      // 2·L·d² instead of 2·4·L·d²: formula items and the count (known mistake).
      {"wrong_formula.md", {"ffn_formula", "attention_formula", "ffn_count", "wrong_formula"}, "3527/84"},
      // Right formula, slipped multiplication: the count and both arithmetic items.
      {"arithmetic_slip.md", {"attention_formula", "ffn_count", "arithmetic_right", "arithmetic_slip"}, "2203/42"},
      // A component that is not an option.
      {"not_an_option.md",
       {"picks_an_option", "ffn_is_largest", "ffn_formula", "attention_formula", "explains", "not_an_option",
        "wrong_component", "wrong_formula"},
       "76/3"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    Result r = Grade(Fixture(c.file));
    CHECK(Lost(r) == c.lost);
    CHECK(ExactString(r.score) == c.score);
  }
  Result slip = Grade(Fixture("arithmetic_slip.md"));
  CHECK(slip.deductions[3].outcome.detail ==
        "\"2*4*1756^2*57 = 1405092416 parameters\" is false; 2*4*1756^2*57 = 1,406,092,416");
  Result component = Grade(Fixture("wrong_component.md"));
  CHECK(component.criteria[2].items[0].outcome.mistake == "the attention count 4·L·d² (or one feed-forward matrix per block)");
}

}  // namespace
}  // namespace grader
