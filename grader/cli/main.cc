// grader: the command-line entry point. Everything lives in the libraries;
// the subcommands are registered in grader/cli/cmd_*.cc.
#include "grader/cli/command.h"

int main(int argc, char** argv) { return grader::RunCli(argc, argv); }
