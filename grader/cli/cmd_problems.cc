// `grader problems` and `grader solvers`: what can be keyed, and how.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "grader/base/suggest.h"
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
  auto name = std::make_shared<std::string>();
  app->add_option("solver", *name, "show only this solver");
  return [name] {
    std::vector<const Solver*> solvers = AllSolvers();
    if (!name->empty()) {
      const Solver* one = FindSolver(*name);
      if (!one) {
        std::vector<std::string> names;
        for (const Solver* s : solvers) names.push_back(s->name());
        std::string hint = ClosestName(*name, names);
        throw Error("unknown solver '" + *name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      solvers = {one};
    }
    for (const Solver* s : solvers) {
      std::cout << s->name() << ": " << s->description() << "\n  inputs:\n";
      for (const InputSpec& in : s->inputs())
        std::cout << "    " << in.name << " = " << in.default_value << "  [" << Range(in) << "]"
                  << (in.unit.empty() ? "" : " " + in.unit) << "  " << in.description << "\n";
      // The outputs, as the defaults produce them: what `from` and formulas
      // may name (COMPUTATION.OUTPUT), each with its unit.
      std::cout << "  outputs:\n";
      SolverResult r = s->Solve(BindInputs(*s, {}));
      for (const Output& o : r.outputs())
        std::cout << "    " << o.id << "  [" << (o.number ? (o.unit.empty() ? "1" : o.unit) : "text") << "]  "
                  << o.description << "\n";
      std::cout << "\n";
    }
    return static_cast<int>(kExitOk);
  };
}

const CommandRegistration kProblems({"problems", "list problems, their parts and parameters", SetupProblems});
const CommandRegistration kSolvers({"solvers", "list reference solvers, their inputs and their outputs with units", SetupSolvers});

}  // namespace
}  // namespace grader
