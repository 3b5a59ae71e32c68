#include "grader/batch/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace grader {

ProgressLine::ProgressLine(bool enabled, size_t total, std::FILE* out, Clock clock, Columns columns)
    : enabled_(enabled),
      total_(total),
      out_(out ? out : stderr),
      clock_(clock ? std::move(clock) : [] { return std::chrono::steady_clock::now(); }),
      columns_(std::move(columns)) {
  start_ = last_ = clock_();
}

std::string ProgressLine::Format(size_t done, size_t total, double seconds, int columns) {
  double rate = seconds > 0 ? done / seconds : 0;
  double eta = rate > 0 ? (total - done) / rate : 0;
  char buf[4][96];
  std::snprintf(buf[0], sizeof buf[0], "grading %zu/%zu  %.0f/s  ETA %.0fs   ", done, total, rate, eta);
  std::snprintf(buf[1], sizeof buf[1], "%zu/%zu ETA %.0fs ", done, total, eta);
  std::snprintf(buf[2], sizeof buf[2], "%zu/%zu ", done, total);
  std::snprintf(buf[3], sizeof buf[3], "%zu%% ", total ? done * 100 / total : 100);
  // The first form that fits; past the last, whatever of it fits.
  const size_t room = columns > 0 ? static_cast<size_t>(columns - 1) : SIZE_MAX;
  std::string text = buf[3];
  for (const char* form : buf) {
    if (std::char_traits<char>::length(form) <= room) {
      text = form;
      break;
    }
  }
  if (text.size() > room) text.resize(room);
  return "\r" + text;
}

int ProgressLine::Width() const {
  if (columns_) return columns_();
  struct winsize ws;
  if (::ioctl(fileno(out_), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* env = std::getenv("COLUMNS")) {
    int c = std::atoi(env);
    if (c > 0) return c;
  }
  return 80;
}

void ProgressLine::Update(size_t done) {
  if (!enabled_) return;
  auto now = clock_();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  std::string line = Format(done, total_, std::chrono::duration<double>(now - start_).count(), Width());
  // A shorter line than the last one drawn (or a narrower terminal) erases
  // what the last one left, within the width.
  const size_t room = static_cast<size_t>(std::max(1, Width()) - 1);
  const size_t want = std::min(drawn_, room) + 1;
  if (line.size() < want) line.append(want - line.size(), ' ');
  drawn_ = std::max(drawn_, line.size() - 1);
  std::fputs(line.c_str(), out_);
}

void ProgressLine::Clear() {
  if (!enabled_ || drawn_ == 0) return;
  const size_t room = static_cast<size_t>(std::max(1, Width()) - 1);
  std::fprintf(out_, "\r%s\r", std::string(std::min(drawn_, room), ' ').c_str());
}

}  // namespace grader
