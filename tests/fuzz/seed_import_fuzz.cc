// Fuzz target: importing seed-format rubrics (seed_import.h).
//
// The first byte picks the options (bits 0-2: the problem, bit 3: suggest,
// bits 4-5: which shapes); the rest is the seed file.
//
// Invariants, for any input:
// - ImportSeedRubric either returns or throws grader::Error naming the file
//   ("seed.txt:12:1: ..." or, for the whole file, "seed.txt: ..."); no other
//   exception, no crash; every warning names file, line and column;
// - what it returns loads as a rubric (`grader import-rubric` treats a
//   failure there as a bug in the importer), for the problem asked, with one
//   deterministic item per suggestion and llm items otherwise;
// - grading a fixed response with it stays within the rubric's bounds, twice
//   the same;
// - ParseLenientJson on the whole input either parses or throws
//   grader::Error with a place.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/rubric/grade.h"
#include "grader/rubric/rubric.h"
#include "grader/rubric/seed_import.h"
#include "grader/base/error.h"
#include "reference/key.h"
#include "reference/problem.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/result_check.h"

namespace grader {
namespace {

using fuzz::Show;

constexpr const char* kFile = "seed.txt";

constexpr const char* kResponse =
    "The feed-forward blocks hold 1,406,092,416 parameters and attention 703,046,208, so most parameters "
    "come from the FFN: 57 * 2 * 4 * 1756^2 = 2,812,184,832.\n";

const char* const kShapes[] = {"all", "criteria", "checklist", "errors"};

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  if (size == 0) return 0;
  const std::vector<Problem>& problems = BuiltinProblems().problems();
  ImportOptions options;
  options.problem = problems[(data[0] & 7) % problems.size()].id;
  options.suggest = data[0] & 8;
  options.shapes = kShapes[(data[0] >> 4) & 3];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

  try {
    std::vector<std::string> warnings;
    ParseLenientJson(kFile, text, 1, &warnings);
    for (const std::string& w : warnings) FUZZ_CHECK(fuzz::HasPlace(w, kFile), "warning without a place: " + Show(w));
  } catch (const Error& e) {
    FUZZ_CHECK(fuzz::HasPlace(e.what(), kFile), std::string("lenient JSON error without a place: ") + Show(e.what(), 300));
  } catch (const std::exception& e) {
    fuzz::Fail(__FILE__, __LINE__, "only grader::Error escapes ParseLenientJson", Show(e.what(), 300));
  }

  ImportResult imported;
  try {
    imported = ImportSeedRubric(kFile, text, options);
  } catch (const Error& e) {
    std::string m = e.what();
    FUZZ_CHECK(fuzz::HasPlace(m, kFile) || m.compare(0, 10, "seed.txt: ") == 0,
               "error without the file and its place: " + Show(m, 300));
    return 0;
  } catch (const std::exception& e) {
    fuzz::Fail(__FILE__, __LINE__, "only grader::Error escapes ImportSeedRubric", Show(e.what(), 300));
  }
  for (const std::string& w : imported.warnings)
    FUZZ_CHECK(fuzz::HasPlace(w, kFile), "warning without a place: " + Show(w, 300));

  std::string json = imported.rubric.dump(2);
  Rubric rubric;
  try {
    rubric = ParseRubric("imported.json", json);
  } catch (const std::exception& e) {
    fuzz::Fail(__FILE__, __LINE__, "the imported rubric loads",
               std::string(e.what()) + "\nimported rubric:\n" + json.substr(0, 4000));
  }
  FUZZ_CHECK(rubric.problem == options.problem, "imported for problem '" + rubric.problem + "'");
  FUZZ_CHECK(imported.suggestions.empty() || options.suggest, "suggestions without --suggest");
  size_t deterministic = 0;
  for (const RubricItem* item : rubric.AllItems()) deterministic += item->kind != "llm";
  FUZZ_CHECK(deterministic == imported.suggestions.size(),
             std::to_string(imported.suggestions.size()) + " suggestions, but " + std::to_string(deterministic) +
                 " items are not llm items");

  const Problem& problem = BuiltinProblems().Get(options.problem);
  static std::map<std::string, std::pair<AnswerKey, std::string>> keys;
  auto it = keys.find(problem.id);
  if (it == keys.end()) {
    AnswerKey key = BuildKey(problem, problem.Defaults());
    std::string version = KeyVersion(key);
    it = keys.emplace(problem.id, std::make_pair(std::move(key), version)).first;
  }
  Result r = fuzz::GradeDeterministic(rubric, it->second.first, kResponse, it->second.second);
  fuzz::CheckResult(rubric, r, kResponse);
  return 0;
}
