// `grader import-rubric`: convert a seed-format rubric to the JSON format.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "grader/base/atomic_file.h"
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

int RunImport(const ImportArgs& a) {
  std::ifstream in(a.input, std::ios::binary);
  if (!in) throw Error("cannot read '" + a.input + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  ImportOptions options = a.options;
  ProblemSet loaded;
  if (!a.problems_dir.empty()) {
    loaded = LoadProblemDir(a.problems_dir);
    options.problems = &loaded;
  }
  ImportResult r = ImportSeedRubric(a.input, buf.str(), options);
  for (const std::string& w : r.warnings) std::cerr << "grader: warning: " << w << "\n";
  for (const std::string& s : r.suggestions) std::cerr << "grader: suggestion: " << s << "\n";
  std::string text = r.rubric.dump(2) + "\n";
  // The imported rubric must load; a failure here is a bug in the importer.
  ParseRubric(a.output.empty() ? "<imported>" : a.output, text, options.problems);
  if (a.output.empty() || a.output == "-") {
    std::cout << text;
  } else {
    WriteFileAtomic(a.output, text);
    std::cerr << "wrote " << a.output << "\n";
  }
  return kExitOk;
}

std::function<int()> SetupImport(CLI::App* app) {
  auto a = std::make_shared<ImportArgs>();
  app->add_option("file", a->input, "seed-format rubric (# <field>: sections)")->required();
  app->add_option("--problem", a->options.problem, "the problem the rubric grades (see 'grader problems')")->required();
  app->add_option("--problems", a->problems_dir, "load problem definitions from DIR instead of the built-in ones")
      ->type_name("DIR");
  app->add_option("-o,--out", a->output, "write the JSON rubric here (default: standard output)");
  app->add_option("--id", a->options.rubric_id, "rubric id (default: <problem>-imported)");
  app->add_option("--shapes", a->options.shapes, "which forms to import: all, criteria, checklist, errors")
      ->check(CLI::IsMember({"all", "criteria", "checklist", "errors"}));
  app->add_flag("--suggest", a->options.suggest,
                "replace items that plainly ask for a number or formula in the key by deterministic checks");
  return [a] { return RunImport(*a); };
}

const CommandRegistration kImport({"import-rubric", "convert a seed-format rubric to the JSON rubric format",
                                   SetupImport});

}  // namespace
}  // namespace grader
