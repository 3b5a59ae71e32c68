#include "grader/base/interrupt.h"

#include <signal.h>

#include <atomic>

namespace grader {
namespace {

std::atomic<int> requested{0};
static_assert(std::atomic<int>::is_always_lock_free, "the flag is set in a signal handler");

struct sigaction previous_int, previous_term;

void OnSignal(int sig) { requested.store(sig, std::memory_order_relaxed); }

}  // namespace

StopOnInterrupt::StopOnInterrupt() {
  requested.store(0);
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_RESTART;  // one-shot: a second signal takes the default action
  sigaction(SIGINT, &sa, &previous_int);
  sigaction(SIGTERM, &sa, &previous_term);
}

StopOnInterrupt::~StopOnInterrupt() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int StopOnInterrupt::Requested() { return requested.load(std::memory_order_relaxed); }

void StopOnInterrupt::Request(int sig) { requested.store(sig); }

}  // namespace grader
