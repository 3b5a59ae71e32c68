// `grader grade`: grade one response (a file or standard input) against a
// rubric and print the result.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "grader/command.h"
#include "grader/grade.h"
#include "reference/error.h"
#include "reports/result_json.h"
#include "reports/result_text.h"

namespace grader {
namespace {

struct GradeArgs {
  std::string rubric;
  std::string input;
  bool json = false;
  bool student_view = false;
  std::vector<std::string> sets;
  long variant = -1;
};

std::string ReadInput(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read '" + path + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int RunGrade(const GradeArgs& a) {
  Rubric rubric = LoadRubricFile(a.rubric);
  const Problem& problem = BuiltinProblems().Get(rubric.problem);
  ParamValues values = a.variant >= 0 ? problem.Variant(a.variant) : problem.Defaults();
  problem.Apply(a.sets, &values);
  AnswerKey key = BuildKey(problem, values, a.variant >= 0 ? std::optional<long>(a.variant) : std::nullopt);
  Result r = GradeText(rubric, key, ReadInput(a.input));
  if (a.json) {
    std::cout << ResultToJson(r, !a.student_view).dump(2) << "\n";
  } else {
    std::cout << ResultToText(r, !a.student_view);
  }
  return kExitOk;
}

std::function<int()> SetupGrade(CLI::App* app) {
  auto a = std::make_shared<GradeArgs>();
  app->add_option("--rubric", a->rubric, "rubric file (rubrics/*.json)")->required();
  app->add_option("input", a->input, "the response to grade (a file, or - for standard input)")->required();
  app->add_flag("--json", a->json, "print the result as JSON");
  app->add_flag("--student", a->student_view, "hide staff-only items");
  app->add_option("--set", a->sets, "grade against the key with this parameter, NAME=VALUE (repeatable)");
  app->add_option("--variant", a->variant, "grade against the key of this variant")->check(CLI::NonNegativeNumber);
  return [a] { return RunGrade(*a); };
}

const CommandRegistration kGrade({"grade", "grade a response against a rubric, with evidence for every point",
                                  SetupGrade});

}  // namespace
}  // namespace grader
