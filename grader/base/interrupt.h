// Ctrl-C during a long run. While a StopOnInterrupt is alive, the first
// SIGINT or SIGTERM only records that a stop was asked for: the run checks
// Requested() between submissions, finishes the ones in hand, keeps what it
// graded and says how to resume. The handler is reset on first use, so a
// second Ctrl-C ends the process at once (the default action).
//
//   StopOnInterrupt stop;
//   for (...) { if (StopOnInterrupt::Requested()) break; ... }
#ifndef GRADER_BASE_INTERRUPT_H_
#define GRADER_BASE_INTERRUPT_H_

#include "grader/base/error.h"

namespace grader {

// The exit code of a run stopped by a signal, as a shell reports it (128 + SIGINT).
constexpr ExitCode kExitInterrupted = static_cast<ExitCode>(130);

class StopOnInterrupt {
 public:
  StopOnInterrupt();   // installs the handlers (one-shot) and clears the flag
  ~StopOnInterrupt();  // restores the handlers that were there before
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

  // The signal that asked for a stop (SIGINT, SIGTERM), or 0.
  static int Requested();
  // Asks for a stop as the signal `sig` would (for tests).
  static void Request(int sig);
};

}  // namespace grader

#endif  // GRADER_BASE_INTERRUPT_H_
