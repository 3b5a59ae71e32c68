// `grader key`: regenerate answer keys.
#include <iostream>
#include <memory>

#include "grader/base/atomic_file.h"
#include "grader/cli/command.h"
#include "grader/base/error.h"
#include "reference/key_render.h"

namespace grader {
namespace {

struct KeyOptions {
  std::string problem;
  std::vector<std::string> sets;
  long variant = -1;
  bool json = false;
  bool all = false;
  std::string out;
  std::string problems_dir;
};

int RunKey(const KeyOptions& o) {
  ProblemSet loaded;
  if (!o.problems_dir.empty()) loaded = LoadProblemDir(o.problems_dir);
  const ProblemSet& set = o.problems_dir.empty() ? BuiltinProblems() : loaded;
  if (o.all == !o.problem.empty()) throw Error("name one PROBLEM or give --all");
  if (o.all && o.out.empty()) throw Error("--all needs --out DIR");
  if (o.all && !o.sets.empty()) throw Error("--set applies to one problem; it cannot be combined with --all");

  std::vector<const Problem*> problems;
  if (o.all) {
    for (const Problem& p : set.problems()) problems.push_back(&p);
  } else {
    problems.push_back(&set.Get(o.problem));
  }
  // Build every key before writing anything: an error leaves no files.
  std::vector<AnswerKey> keys;
  for (const Problem* p : problems) keys.push_back(BuildKey(*p, KeyRequest{o.variant, o.sets}));
  if (o.out.empty()) {
    const AnswerKey& key = keys.front();
    std::cout << (o.json ? KeyToJson(key).dump(2) + "\n" : KeyToMarkdown(key));
    return kExitOk;
  }
  for (const AnswerKey& key : keys) {
    std::string base = o.out + "/" + key.problem_id;
    WriteFileAtomic(base + ".json", KeyToJson(key).dump(2) + "\n");
    WriteFileAtomic(base + ".md", KeyToMarkdown(key));
    std::cout << "wrote " << base << ".md and " << base << ".json (" << key.answers.size() << " answers)\n";
  }
  return kExitOk;
}

std::function<int()> SetupKey(CLI::App* app) {
  auto o = std::make_shared<KeyOptions>();
  app->add_option("problem", o->problem, "problem id (see 'grader problems')");
  app->add_option("--set", o->sets, "override a parameter, NAME=VALUE (repeatable)")->type_name("NAME=VALUE");
  app->add_option("--variant", o->variant,
                  "draw parameters deterministically from the declared ranges (0 = defaults)")
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--json", o->json, "print JSON instead of Markdown");
  app->add_flag("--all", o->all, "regenerate every problem's key (needs --out)");
  app->add_option("--out", o->out, "write <problem>.md and <problem>.json into DIR")->type_name("DIR");
  app->add_option("--problems", o->problems_dir, "load problem definitions from DIR instead of the built-in ones")
      ->type_name("DIR");
  app->footer(
      "Examples:\n"
      "  grader key cs336-transformer-accounting\n"
      "  grader key cs336-transformer-accounting --set num_layers=24 --set d_model=1024 --json\n"
      "  grader key eecs182-lora --variant 7\n"
      "  grader key --all --out keys");
  return [o] { return RunKey(*o); };
}

const CommandRegistration kKey({"key", "print or regenerate answer keys with their derivations", SetupKey});

}  // namespace
}  // namespace grader
