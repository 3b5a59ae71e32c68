// `grader import-rubric`: convert a seed-format rubric to the JSON format.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "grader/base/atomic_file.h"
#include "grader/base/read_file.h"
#include "grader/cli/command.h"
#include "grader/rubric/rubric.h"
#include "grader/rubric/seed_import.h"
#include "grader/base/error.h"

namespace grader {
namespace {

struct ImportArgs {
  std::string input;
  std::string output;
  ImportOptions options;
  std::string problems_dir;
};

// Imports one form and writes it to `output` ("" or "-": standard output).
void ImportOne(const ImportArgs& a, const std::string& text, ImportOptions options, const std::string& output) {
  ImportResult r = ImportSeedRubric(a.input, text, options);
  for (const std::string& w : r.warnings) std::cerr << "grader: warning: " << w << "\n";
  for (const std::string& s : r.suggestions) std::cerr << "grader: suggestion: " << s << "\n";
  std::string json = r.rubric.dump(2) + "\n";
  // The imported rubric must load; a failure here is a bug in the importer.
  ParseRubric(output.empty() ? "<imported>" : output, json, options.problems);
  if (output.empty() || output == "-") {
    std::cout << json;
  } else {
    WriteFileAtomic(output, json);
    std::cerr << "wrote " << output << " (" << r.form << ")\n";
  }
}

int RunImport(const ImportArgs& a) {
  const std::string input_text = ReadFileOrThrow(a.input);
  ImportOptions options = a.options;
  ProblemSet loaded;
  if (!a.problems_dir.empty()) {
    loaded = LoadProblemDir(a.problems_dir);
    options.problems = &loaded;
  }
  if (options.shapes != "each") {
    ImportOne(a, input_text, options, a.output);
    return kExitOk;
  }
  // Each form to its own file: OUT.json -> OUT.rubric.json, OUT.checklist.json, ...
  if (a.output.empty() || a.output == "-") throw Error("--shapes each writes one file per form: give -o FILE.json");
  std::string stem = a.output.size() > 5 && a.output.substr(a.output.size() - 5) == ".json"
                         ? a.output.substr(0, a.output.size() - 5) : a.output;
  std::vector<std::string> forms = SeedRubricForms(input_text);
  if (forms.empty()) throw Error(a.input + ": nothing to import");
  for (const std::string& form : forms) {
    options.shapes = form;
    if (a.options.rubric_id.empty()) options.rubric_id = (a.options.problem.empty() ? "imported" : a.options.problem + "-imported") + "-" + form;
    ImportOne(a, input_text, options, stem + "." + form + ".json");
  }
  return kExitOk;
}

std::function<int()> SetupImport(CLI::App* app) {
  auto a = std::make_shared<ImportArgs>();
  app->add_option("file", a->input, "seed-format rubric (# <field>: sections)")->required();
  app->add_option("--problem", a->options.problem,
                  "the problem the rubric grades (see 'grader problems'); without it, a rubric without a key");
  app->add_option("--problems", a->problems_dir, "load problem definitions from DIR instead of the built-in ones")
      ->type_name("DIR");
  app->add_option("-o,--out", a->output, "write the JSON rubric here (default: standard output)");
  app->add_option("--id", a->options.rubric_id, "rubric id (default: <problem>-imported)");
  app->add_option("--shapes", a->options.shapes,
                  "which one of the file's alternative rubrics to import: auto (default: expert_rubric, else the "
                  "brainstormed criteria, else the checklist, else the errors), rubric, brainstormed, checklist, errors, "
                  "or each (every form to its own file)")
      ->check(CLI::IsMember({"auto", "all", "rubric", "brainstormed", "criteria", "checklist", "errors", "each"}));
  app->add_flag("--suggest", a->options.suggest,
                "replace items that plainly ask for a number or formula in the key by deterministic checks");
  return [a] { return RunImport(*a); };
}

const CommandRegistration kImport({"import-rubric", "convert a seed-format rubric to the JSON rubric format",
                                   SetupImport});

}  // namespace
}  // namespace grader
