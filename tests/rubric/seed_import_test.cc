#include "grader/rubric/seed_import.h"

#include <catch2/catch.hpp>

#include "grader/rubric/grade.h"
#include "grader/base/error.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

using testing::ReadSeed;

TEST_CASE("lenient JSON: unambiguous slips are repaired with a warning", "[import]") {
  std::vector<std::string> w;
  CHECK(ParseLenientJson("f", "[\n  \"a\"\n  \"b\"\n]", 10, &w) == nlohmann::json({"a", "b"}));
  CHECK(w == std::vector<std::string>{"f:12:3: inserted a missing comma before this item"});
  w.clear();
  CHECK(ParseLenientJson("f", "[\"a\"\"b\", {\"x\": 1,}]", 1, &w) == nlohmann::json::parse(R"(["a", "b", {"x": 1}])"));
  CHECK(w == std::vector<std::string>{"f:1:5: inserted a missing comma before this item between two strings written back to back",
                                      "f:1:17: removed a trailing comma"});
  w.clear();
  CHECK(ParseLenientJson("f", "[{\"a\": 1}\n {\"b\": 2}]", 1, &w).size() == 2);
  CHECK_THROWS_WITH(ParseLenientJson("f", "[\"a\": 1]", 3, nullptr),
                    "f:3:5: cannot repair this JSON: parse error at line 1, column 5: syntax error while parsing array - "
                    "unexpected ':'; expected ']'");
  // Hostile nesting is refused before parsing (values are dumped recursively).
  CHECK_THROWS_WITH(ParseLenientJson("f", "[{\"criterion\": " + std::string(100000, '[') + std::string(100000, ']') + "}]", 3, nullptr),
                    "f:3:78: nesting deeper than 64 levels");
}

TEST_CASE("import: seed 000 converts one form at a time, warns about its missing comma, and grades its own solution", "[import]") {
  ImportOptions options;
  options.problem = "myt-params";
  std::string file = std::string(GRADER_SEEDS_DIR) + "/000_166fc86bfbf5444d.txt";
  std::string text = ReadSeed("000_166fc86bfbf5444d.txt");
  CHECK(SeedRubricForms(text) == std::vector<std::string>{"brainstormed", "checklist", "errors"});
  // No expert_rubric here: the brainstormed criteria are the default form.
  ImportResult r = ImportSeedRubric(file, text, options);
  CHECK(r.form == "brainstormed");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == file + ":92:7: inserted a missing comma before this item");
  CHECK(r.rubric["points"] == 100);  // the criteria weights alone: forms are never added up
  CHECK(r.rubric["criteria"].size() == 4);
  CHECK(r.rubric["criteria"][1]["weight"] == 65);
  CHECK_FALSE(r.rubric.contains("checklist"));
  CHECK_FALSE(r.rubric.contains("deductions"));

  options.shapes = "checklist";
  ImportResult checklist = ImportSeedRubric(file, text, options);
  CHECK(checklist.rubric["points"] == 13);
  CHECK(checklist.rubric["checklist"]["items"].size() == 13);
  CHECK_FALSE(checklist.rubric.contains("criteria"));
  options.shapes = "errors";
  ImportResult errors = ImportSeedRubric(file, text, options);
  CHECK(errors.rubric["deductions"].size() == 8);
  CHECK(errors.rubric["deductions"][2]["points"] == -3);
  CHECK(errors.rubric["deductions"][0]["points"] == "-0.5");
  options.shapes = "rubric";
  CHECK_THROWS_WITH(ImportSeedRubric(file, text, options), file + ": no expert_rubric to import (--shapes rubric)");

  const Problem& p = BuiltinProblems().Get("myt-params");
  std::string solution;
  for (const SeedField& f : SplitSeedFields(text))
    if (f.name == "expert_solution") solution = f.value;
  REQUIRE(solution.rfind("Feedforward blocks require", 0) == 0);
  // Every imported item is an llm item: all unscored without a judge.
  struct Case { const ImportResult* imported; size_t unscored; };
  for (const Case& c : {Case{&r, 15}, Case{&checklist, 13}, Case{&errors, 8}}) {
    Rubric rubric = ParseRubric("imported.json", c.imported->rubric.dump());
    Result graded = GradeText(rubric, BuildKey(p, p.Defaults()), solution);
    CHECK(static_cast<size_t>(graded.unscored) == c.unscored);
    CHECK(graded.scored == 0);
  }
}

TEST_CASE("import: fields are split with their lines", "[import]") {
  auto fields = SplitSeedFields("# <category>:\nStats\n# <expert_checklist>:\n[\n\"a\"\n]\n");
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].name == "category");
  CHECK(fields[0].value == "Stats");
  CHECK(fields[1].name == "expert_checklist");
  CHECK(fields[1].line == 4);
  CHECK_THROWS_WITH(ImportSeedRubric("x.txt", "no sections here", {"myt-params"}),
                    "x.txt:1:1: no '# <field>:' sections found; is this a seed-format rubric?");
}

// The same bug as in rubric files (found by tests/fuzz/rubric_fuzz): a JSON
// number too large for a double escaped as nlohmann's out_of_range.
TEST_CASE("lenient JSON: a number too large for a double is refused with its place", "[import]") {
  CHECK_THROWS_WITH(ParseLenientJson("f", "[\"a\",\n 1e999]", 3, nullptr),
                    "f:4:2: cannot repair this JSON: number overflow parsing '1e999'");
}

// Found by tests/fuzz/seed_import_fuzz: an empty checklist item became an
// llm item without a criterion, so the imported rubric did not load.
TEST_CASE("import: an empty checklist item is refused with its place", "[import]") {
  CHECK_THROWS_WITH(ImportSeedRubric("x.txt", "# <expert_checklist>:\n[\"a\", \" \"]\n", {"myt-params"}),
                    "x.txt:2:1: checklist item 2 is empty");
  CHECK_THROWS_WITH(ImportSeedRubric("x.txt", "# <expert_checklist>:\n[\"(High importance)\"]\n", {"myt-params"}),
                    "x.txt:2:1: checklist item 1 is empty");
  CHECK_THROWS_WITH(
      ImportSeedRubric("x.txt", "# <expert_rubric>:\n[{\"criterion\": \"c\", \"weight\": 1, \"checklist\": [\"\"]}]\n",
                       {"myt-params"}),
      "x.txt:2:1: criterion 1: checklist item 1 is empty");
}

// Found by tests/fuzz/seed_import_fuzz: a criterion with an empty checklist
// was imported with no checks, and the imported rubric did not load ("a
// criterion needs at least one check").
TEST_CASE("import: a criterion with an empty checklist becomes its own llm item", "[import]") {
  ImportResult r = ImportSeedRubric(
      "x.txt", "# <expert_rubric>:\n[{\"criterion\": \"Follows the instructions\", \"weight\": 10, \"checklist\": []},\n"
               " {\"criterion\": \"Correct\", \"weight\": 5, \"checklist\": [\"states 42\"]}]\n",
      {"myt-params"});
  REQUIRE(r.rubric["criteria"].size() == 2);
  CHECK(r.rubric["criteria"][0]["checks"].size() == 1);
  CHECK(r.rubric["criteria"][0]["checks"][0]["kind"] == "llm");
  CHECK(r.rubric["criteria"][0]["checks"][0]["criterion"] == "Follows the instructions");
  CHECK(r.warnings == std::vector<std::string>{
                          "x.txt:2:1: criterion 1: the checklist is empty; the criterion itself becomes its one llm item"});
  Rubric loaded = ParseRubric("imported.json", r.rubric.dump(2));
  CHECK(ExactString(loaded.points) == "15");
  CHECK(loaded.criteria[0].items.size() == 1);
  CHECK_THROWS_WITH(
      ImportSeedRubric("x.txt", "# <expert_rubric>:\n[{\"criterion\": \" \", \"weight\": 1, \"checklist\": []}]\n",
                       {"myt-params"}),
      "x.txt:2:1: criterion 1: the criterion (its checklist is empty) is empty");
}

// Found by tests/fuzz/seed_import_fuzz: a byte that is not UTF-8 in the
// category went into the rubric's description, and dumping the rubric (as
// `grader import-rubric` does) threw nlohmann's type_error 316.
TEST_CASE("import: a category that is not UTF-8 becomes U+FFFD in the description", "[import]") {
  ImportResult r = ImportSeedRubric("x.txt", "# <category>:\nStats \xB0 ML\n# <expert_checklist>:\n[\"a\"]\n", {"myt-params"});
  CHECK(r.rubric["description"] == "Imported from x.txt (expert_checklist); category: Stats \xEF\xBF\xBD ML");
  std::string text = r.rubric.dump(2);
  CHECK(ParseRubric("imported.json", text).checklist.size() == 1);
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("import --suggest: items that state a key value or formula become deterministic checks", "[import]") {
  ImportOptions options;
  options.problem = "myt-params";
  options.suggest = true;
  std::string text = ReadSeed("000_166fc86bfbf5444d.txt");
  ImportResult r = ImportSeedRubric("000.txt", text, options);
  REQUIRE(r.suggestions.size() == 3);
  CHECK(r.suggestions[2] ==
        "000.txt: criteria criterion-3-1: numeric check, because the item states the key's value of 'ffn_params' (1406092416)");
  CHECK(r.rubric["criteria"][2]["checks"][0]["kind"] == "numeric");
  options.shapes = "checklist";
  ImportResult checklist = ImportSeedRubric("000.txt", text, options);
  REQUIRE(checklist.suggestions.size() == 3);
  CHECK(checklist.rubric["checklist"]["items"][2]["kind"] == "formula");
  std::string solution;
  for (const SeedField& f : SplitSeedFields(text))
    if (f.name == "expert_solution") solution = f.value;
  const Problem& p = BuiltinProblems().Get("myt-params");
  for (const ImportResult* imported : {&r, &checklist}) {
    Rubric rubric = ParseRubric("imported.json", imported->rubric.dump());
    Result graded = GradeText(rubric, BuildKey(p, p.Defaults()), solution);
    CHECK(graded.scored == 3);
    CHECK(graded.score == graded.scored_max);  // the expert solution passes every deterministic item
  }
  options.problem.clear();
  CHECK_THROWS_WITH(ImportSeedRubric("000.txt", text, options), "--suggest needs --problem (its key says what to check)");
}

}  // namespace
}  // namespace grader
