#include "grader/batch/progress.h"

namespace grader {

ProgressLine::ProgressLine(bool enabled, size_t total, std::FILE* out, Clock clock)
    : enabled_(enabled), total_(total), out_(out ? out : stderr), clock_(clock ? std::move(clock) : [] {
        return std::chrono::steady_clock::now();
      }) {
  start_ = last_ = clock_();
}

std::string ProgressLine::Format(size_t done, size_t total, double seconds) {
  double rate = seconds > 0 ? done / seconds : 0;
  double eta = rate > 0 ? (total - done) / rate : 0;
  char buf[128];
  std::snprintf(buf, sizeof buf, "\rgrading %zu/%zu  %.0f/s  ETA %.0fs   ", done, total, rate, eta);
  return buf;
}

void ProgressLine::Update(size_t done) {
  if (!enabled_) return;
  auto now = clock_();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  std::string line = Format(done, total_, std::chrono::duration<double>(now - start_).count());
  std::fputs(line.c_str(), out_);
}

void ProgressLine::Clear() {
  if (enabled_) std::fprintf(out_, "\r%60s\r", "");
}

}  // namespace grader
