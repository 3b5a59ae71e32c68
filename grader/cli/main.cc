// grader: the command-line entry point. Everything lives in the libraries;
// the subcommands are registered in grader/cli/cmd_*.cc.
#include <csignal>

#include "grader/cli/command.h"

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must fail the write that hits it (EFBIG),
  // which the run reports and stops on cleanly, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  return grader::RunCli(argc, argv);
}
