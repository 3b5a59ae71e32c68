// The progress line of a long run on a terminal:
//   "\rgrading 4096/10000  2911/s  ETA 2s   "
// redrawn at most every 200 ms, and erased when the run ends. Silent when
// disabled (--quiet, or standard error is not a terminal).
#ifndef GRADER_BATCH_PROGRESS_H_
#define GRADER_BATCH_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>

namespace grader {

class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // Writes to `out` (stderr when null); `clock` is for tests.
  ProgressLine(bool enabled, size_t total, std::FILE* out = nullptr, Clock clock = nullptr);
  // Redraws the line for `done` items finished, unless it was drawn less
  // than 200 ms ago.
  void Update(size_t done);
  // Erases the line (when one was enabled).
  void Clear();
  // The text Update draws for `done` items after `seconds`.
  static std::string Format(size_t done, size_t total, double seconds);

 private:
  bool enabled_;
  size_t total_;
  std::FILE* out_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace grader

#endif  // GRADER_BATCH_PROGRESS_H_
