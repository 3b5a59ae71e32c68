// Fuzz target: grading a whole response (grade.h) with the shipped rubric
// rubrics/cs336-transformer-accounting.json and the problem's default key.
//
// Invariants, for any response:
// - the score lies within the rubric's floor and cap (0 and 100), every
//   item's credit within [0, 1] and its points within its share, every
//   deduction within its points times its max_count, the criteria's
//   deductions within their caps (result_check.h);
// - every piece of evidence lies in the response and quotes its bytes;
// - grading twice (from the text, and from extractions) gives byte-identical
//   result JSON; the result and the extractions serialise to JSON (what
//   `grader grade --json` and `grader extract --json` print) (result_check.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/extract/extract.h"
#include "grader/rubric/grade.h"
#include "grader/rubric/rubric.h"
#include "reference/key.h"
#include "reference/problem.h"
#include "reports/result_json.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/result_check.h"

namespace grader {
namespace {

struct Setup {
  Rubric rubric;
  AnswerKey key;
  std::string key_version;
  Setup() {
    rubric = LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
    const Problem& p = BuiltinProblems().Get(rubric.problem);
    key = BuildKey(p, p.Defaults());
    key_version = KeyVersion(key);
  }
};

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  static const Setup setup;
  std::string response(reinterpret_cast<const char*>(data), size);
  Result r = fuzz::GradeDeterministic(setup.rubric, setup.key, response, setup.key_version);
  fuzz::CheckResult(setup.rubric, r, response);
  FUZZ_CHECK(setup.rubric.floor == 0 && setup.rubric.cap == 100 && r.max == 100, "the rubric's bounds changed");
  return 0;
}
