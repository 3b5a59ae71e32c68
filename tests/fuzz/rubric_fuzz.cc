// Fuzz target: loading rubric JSON (rubric.h, json_source.h, the check
// kinds' Compile).
//
// Invariants, for any input:
// - ParseRubric either returns a rubric or throws grader::Error whose message
//   starts with the file name and a line:col ("rubric.json:3:17: ..."); no
//   other exception, no crash; nesting deeper than kMaxJsonDepth is refused
//   with such an error;
// - a loaded rubric is consistent: positive points, floor <= cap, every item
//   compiled, ids unique;
// - grading a fixed response with a loaded rubric gives a result within the
//   rubric's bounds (result_check.h), twice the same.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "grader/rubric/grade.h"
#include "grader/base/json_source.h"
#include "grader/rubric/rubric.h"
#include "grader/base/error.h"
#include "reference/key.h"
#include "reference/problem.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/result_check.h"

namespace grader {
namespace {

using fuzz::Show;

constexpr const char* kFile = "rubric.json";

// A response with something for most check kinds: labelled parts, numbers
// with units, an equation, claims.
constexpr const char* kResponse =
    "(a) The model has 2,127,057,600 parameters; in fp32 that is 8.5 GB (4 bytes each).\n"
    "The feed-forward layers hold most of them: 48 * 3 * 1600 * 6400 = 1,474,560,000.\n"
    "(b) Forward FLOPs: about 4.51e12. Attention is not the largest part.\n"
    "(c) The FFN (SwiGLU) dominates the FLOPs.\n"
    "(d) small 3.5e11, medium 1.03e12, large 2.26e12 FLOPs; the FFN share grows with size.\n"
    "(e) 1.5e14 FLOPs; attention rises to 66%. LoRA needs 4k(m + l) bytes, N_opt = 0.6 C^{0.45}.\n";

const AnswerKey& KeyFor(const std::string& problem_id, std::string* version) {
  static std::map<std::string, std::pair<AnswerKey, std::string>> keys;
  auto it = keys.find(problem_id);
  if (it == keys.end()) {
    const Problem& p = BuiltinProblems().Get(problem_id);
    AnswerKey key = BuildKey(p, p.Defaults());
    std::string v = KeyVersion(key);
    it = keys.emplace(problem_id, std::make_pair(std::move(key), v)).first;
  }
  *version = it->second.second;
  return it->second.first;
}

void CheckLoaded(const Rubric& r) {
  FUZZ_CHECK(r.points > 0, "loaded with points " + ExactString(r.points));
  FUZZ_CHECK(r.floor <= r.cap, "loaded with floor above cap");
  FUZZ_CHECK(BuiltinProblems().Find(r.problem) != nullptr, "loaded for unknown problem '" + r.problem + "'");
  std::set<std::string> ids;
  for (const RubricItem* item : r.AllItems()) {
    FUZZ_CHECK(item->check != nullptr, "item '" + item->id + "' has no compiled check");
    FUZZ_CHECK(ids.insert(item->id).second, "duplicate item id '" + item->id + "'");
    FUZZ_CHECK(item->weight >= 0, "item '" + item->id + "' has negative weight");
  }
  for (const Deduction& d : r.deductions) FUZZ_CHECK(d.points < 0, "deduction '" + d.item.id + "' is not negative");
}

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  std::string text(reinterpret_cast<const char*>(data), size);
  Rubric rubric;
  try {
    rubric = ParseRubric(kFile, text);
  } catch (const Error& e) {
    FUZZ_CHECK(fuzz::HasPlace(e.what(), kFile), std::string("error without file:line:col: ") + Show(e.what(), 300));
    return 0;
  } catch (const std::exception& e) {
    fuzz::Fail(__FILE__, __LINE__, "only grader::Error escapes", std::string("exception: ") + Show(e.what(), 300));
  }
  CheckLoaded(rubric);
  std::string version;
  const AnswerKey& key = KeyFor(rubric.problem, &version);
  Result r = fuzz::GradeDeterministic(rubric, key, kResponse, version);
  fuzz::CheckResult(rubric, r, kResponse);
  return 0;
}
