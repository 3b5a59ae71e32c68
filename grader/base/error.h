// The project's one error type. Library code throws grader::Error for
// expected failures it cannot return as a value (a bad problem file, an
// unknown parameter); the CLI catches it at the boundary, prints
// "grader: error: <message>" and exits with the error's code.
#ifndef GRADER_BASE_ERROR_H_
#define GRADER_BASE_ERROR_H_

#include <stdexcept>
#include <string>

namespace grader {

// Process exit codes, shared by every command.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // the command ran but reports a failure (e.g. a test)
  kExitUsage = 2,     // bad input: usage, unknown name, unreadable file
  kExitInternal = 3,  // a bug: an unexpected exception
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ExitCode code = kExitUsage)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace grader

#endif  // GRADER_BASE_ERROR_H_
