#include "grader/cli/command.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include "grader/base/error.h"
#ifdef GRADER_MIMALLOC
#include <mimalloc.h>
#endif
#include "grader/batch/batch.h"
#include "grader/base/suggest.h"

namespace grader {
namespace {

std::map<std::string, Command>& Table() {
  static std::map<std::string, Command> table;
  return table;
}

}  // namespace

CommandRegistration::CommandRegistration(Command command) {
  std::string name = command.name;
  if (!Table().emplace(name, std::move(command)).second) {
    std::fprintf(stderr, "grader: internal error: command '%s' registered twice\n", name.c_str());
    std::abort();
  }
}

std::vector<Command> Commands() {
  std::vector<Command> out;
  for (const auto& [name, command] : Table()) out.push_back(command);
  return out;
}

std::string SuggestCommand(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& [candidate, command] : Table()) names.push_back(candidate);
  return ClosestName(name, names);
}

namespace {

// The allocator that serves malloc in this process, for --version (speed
// depends on it: see the top CMakeLists.txt).
std::string AllocatorName() {
#ifdef GRADER_MIMALLOC
  void* p = std::malloc(64);
  const bool ours = mi_is_in_heap_region(p);
  std::free(p);
  const int v = mi_version();  // e.g. 209 for 2.0.9
  if (ours) return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
  return "system malloc (mimalloc is linked but does not serve malloc)";
#else
  return "system malloc";
#endif
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"grader: answer keys, extraction and rubric grading for quantitative ML homework"};
  app.set_version_flag("--version", "grader 0.1.0\nallocator: " + AllocatorName());
  app.require_subcommand(1);
  app.fallthrough(false);
  std::map<CLI::App*, std::function<int()>> actions;
  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    actions[sub] = command.setup(sub);
  }
  if (argc >= 2 && argv[1][0] != '-' && Table().count(argv[1]) == 0) {
    std::string hint = SuggestCommand(argv[1]);
    std::cerr << "grader: error: unknown command '" << argv[1] << "'";
    if (!hint.empty()) std::cerr << "; did you mean '" << hint << "'?";
    std::cerr << "\nrun 'grader --help' for the list of commands\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (auto& [sub, action] : actions) {
      if (sub->parsed()) return action();
    }
    return kExitUsage;
  } catch (const Error& e) {
    std::cerr << "grader: error: " << e.what() << "\n";
    return e.code();
  } catch (const std::exception& e) {
    std::cerr << "grader: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

void PrintBatchReport(const BatchReport& r, const std::string& out_dir) {
  for (const std::string& note : r.notes) std::cerr << "grader: note: " << note << "\n";
  std::cout << "graded " << r.graded << " of " << r.total << " submissions";
  if (r.reused) std::cout << " (" << r.reused << " unchanged since the last run, reused)";
  if (r.errors) std::cout << "; " << r.errors << " could not be graded (see grades.csv and summary.html)";
  if (r.unscored_items) std::cout << "; " << r.unscored_items << " items left unscored";
  if (r.review_items) std::cout << "; " << r.review_items << " items need review (see review.csv)";
  if (r.skipped)
    std::cout << "; " << r.skipped << (r.skipped == 1 ? " entry" : " entries")
              << " of the input folders skipped (hidden files and the like; see summary.html)";
  std::cout << "\nsummary: " << (std::filesystem::path(out_dir) / "summary.html").string() << "\n";
}

}  // namespace grader
