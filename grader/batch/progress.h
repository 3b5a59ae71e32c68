// The progress line of a long run on a terminal:
//   "\rgrading 4096/10000  2911/s  ETA 2s   "
// redrawn at most every 200 ms, and erased when the run ends. Silent when
// disabled (--quiet, or standard error is not a terminal). The line never
// wraps: on a narrow terminal it drops words ("4096/10000 ETA 2s",
// "4096/10000", "40%") until it fits the width, read again at every draw.
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
  // The terminal's width in columns (0: unknown).
  using Columns = std::function<int()>;
  // Writes to `out` (stderr when null); `clock` and `columns` are for tests
  // (by default the width is asked of `out`'s terminal, then $COLUMNS).
  ProgressLine(bool enabled, size_t total, std::FILE* out = nullptr, Clock clock = nullptr, Columns columns = nullptr);
  // Redraws the line for `done` items finished, unless it was drawn less
  // than 200 ms ago.
  void Update(size_t done);
  // Erases the line (when one was enabled).
  void Clear();
  // The text Update draws for `done` items after `seconds`, on a terminal
  // `columns` wide (0: no limit): at most columns - 1 characters after the
  // carriage return, so the cursor never reaches the last column.
  static std::string Format(size_t done, size_t total, double seconds, int columns = 0);

 private:
  int Width() const;
  bool enabled_;
  size_t total_;
  std::FILE* out_;
  Clock clock_;
  Columns columns_;
  std::chrono::steady_clock::time_point start_, last_;
  size_t drawn_ = 0;  // the widest line drawn, which Clear erases
};

}  // namespace grader

#endif  // GRADER_BATCH_PROGRESS_H_
