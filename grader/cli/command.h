// The CLI's subcommand table. Each subcommand lives in its own cmd_*.cc and
// registers itself; main.cc builds `--help`, dispatch and "did you mean"
// suggestions from this table.
//
// To add a command, implement a setup function and register it:
//
//   namespace {
//   std::function<int()> SetupHello(CLI::App* app) {
//     auto name = std::make_shared<std::string>("world");
//     app->add_option("--name", *name, "who to greet");
//     return [name] { std::cout << "hello " << *name << "\n"; return 0; };
//   }
//   const CommandRegistration kHello({"hello", "print a greeting", SetupHello});
//   }  // namespace
#ifndef GRADER_CLI_COMMAND_H_
#define GRADER_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace grader {

struct Command {
  std::string name;
  std::string summary;  // one line, shown in `grader --help`
  // Declares the subcommand's options on `app` and returns the action to
  // run after parsing; the action returns the process exit code.
  std::function<std::function<int()>(CLI::App* app)> setup;
};

// Returns the registered commands, sorted by name.
std::vector<Command> Commands();

// Registers a command at static-initialisation time; duplicate names abort.
struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

// Returns the registered command name closest to `name` (edit distance at
// most 2), or "" when none is close.
std::string SuggestCommand(const std::string& name);

struct BatchReport;  // grader/batch/batch.h

// What `grader grade` and `grader merge` print when a batch is done: its
// notes on stderr, then the counts and where the summary is on stdout.
void PrintBatchReport(const BatchReport& r, const std::string& out_dir);

// Runs the CLI: parses argv, dispatches, maps errors to exit codes.
int RunCli(int argc, char** argv);

}  // namespace grader

#endif  // GRADER_CLI_COMMAND_H_
