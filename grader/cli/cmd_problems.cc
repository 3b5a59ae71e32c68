// `grader problems` and `grader solvers`: what can be keyed, and how.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "grader/cli/command.h"
#include "grader/base/error.h"
#include "reference/problem.h"

namespace grader {
namespace {

std::string Range(const InputSpec& s) {
  if (s.type == InputType::kChoice) {
    std::string out;
    for (const auto& c : s.choices) out += (out.empty() ? "" : "|") + c;
    return out;
  }
  if (s.type == InputType::kBoolean) return "true|false";
  std::string lo = s.min ? ExactString(*s.min) : "", hi = s.max ? ExactString(*s.max) : "";
  if (lo.empty() && hi.empty()) return InputTypeName(s.type);
  return std::string(InputTypeName(s.type)) + " " + (lo.empty() ? "..." : lo) + ".." + (hi.empty() ? "" : hi);
}

std::function<int()> SetupProblems(CLI::App* app) {
  auto json = std::make_shared<bool>(false);
  auto dir = std::make_shared<std::string>();
  app->add_flag("--json", *json, "print JSON");
  app->add_option("--problems", *dir, "load problem definitions from DIR instead of the built-in ones")
      ->type_name("DIR");
  return [json, dir] {
    ProblemSet loaded;
    if (!dir->empty()) loaded = LoadProblemDir(*dir);
    const ProblemSet& set = dir->empty() ? BuiltinProblems() : loaded;
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Problem& p : set.problems()) {
      if (*json) {
        nlohmann::ordered_json j{{"id", p.id}, {"title", p.title}};
        nlohmann::ordered_json params = nlohmann::ordered_json::array();
        for (const Parameter& q : p.parameters)
          params.push_back({{"name", q.spec.name}, {"type", InputTypeName(q.spec.type)},
                            {"default", q.spec.default_value}, {"range", Range(q.spec)},
                            {"description", q.spec.description}, {"variant", q.variant.has_value()}});
        j["parameters"] = params;
        nlohmann::ordered_json parts = nlohmann::ordered_json::array();
        for (const Part& part : p.parts) parts.push_back({{"id", part.id}, {"answers", part.answers}});
        j["parts"] = parts;
        out.push_back(j);
        continue;
      }
      std::cout << p.id << "  " << p.title << "\n  parts:";
      for (const Part& part : p.parts) std::cout << " (" << part.id << ")";
      std::cout << "  answers: " << p.answers.size() << "\n";
      for (const Parameter& q : p.parameters)
        std::cout << "    " << q.spec.name << " = " << q.spec.default_value << "  [" << Range(q.spec) << "]"
                  << (q.variant ? " varies" : "") << "  " << q.spec.description << "\n";
      std::cout << "\n";
    }
    if (*json) std::cout << out.dump(2) << "\n";
    return static_cast<int>(kExitOk);
  };
}

std::function<int()> SetupSolvers(CLI::App* app) {
  return [] {
    for (const Solver* s : AllSolvers()) {
      std::cout << s->name() << ": " << s->description() << "\n";
      for (const InputSpec& in : s->inputs())
        std::cout << "    " << in.name << " = " << in.default_value << "  [" << Range(in) << "]"
                  << (in.unit.empty() ? "" : " " + in.unit) << "  " << in.description << "\n";
      std::cout << "\n";
    }
    return static_cast<int>(kExitOk);
  };
}

const CommandRegistration kProblems({"problems", "list problems, their parts and parameters", SetupProblems});
const CommandRegistration kSolvers({"solvers", "list reference solvers and their documented inputs", SetupSolvers});

}  // namespace
}  // namespace grader
