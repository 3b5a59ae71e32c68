#include "grader/extract/span.h"

#include <algorithm>
#include <cstring>

#include "grader/extract/line_starts.h"

namespace grader {

std::string_view Span::Quote(std::string_view original) const {
  if (begin > end || end > original.size()) return {};
  return original.substr(begin, end - begin);
}

std::string Span::Where() const { return std::to_string(line) + ":" + std::to_string(col); }

LineIndex::LineIndex(std::string_view text) {
  // (Room for lines of 32 bytes on average: prose lines are longer, so
  // rarely a regrowth.)
  starts_.reserve(text.size() / 32 + 1);
  ForEachNewlineBatch(text, [&](const size_t* at, size_t count) {
    // (Copied in one go, then moved one on: no capacity check per line.)
    const size_t old = starts_.size();
    starts_.insert(starts_.end(), at, at + count);
    for (size_t k = old; k < starts_.size(); ++k) ++starts_[k];
  });
}

int LineIndex::Line(size_t offset) const {
  // The number of line starts at or before `offset` (std::upper_bound's
  // index), by a binary search whose step is a conditional move rather than
  // a branch: starts_ is never empty and starts_[0] == 0.
  const size_t* base = starts_.data();
  size_t n = starts_.size();
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half] <= offset ? base + half : base;
    n -= half;
  }
  return static_cast<int>(base - starts_.data()) + (*base <= offset ? 1 : 0);
}

int LineIndex::Column(size_t offset) const {
  return static_cast<int>(offset - starts_[Line(offset) - 1]) + 1;
}

Span LineIndex::MakeSpan(size_t begin, size_t end) const {
  // Callers make spans in reading order (the quantities of a response, its
  // equations): the next span's line is nearly always the last one's or a
  // few lines on. The last line found is kept per thread and tried first,
  // moving forward a few lines; a hint that does not fit (another index, an
  // earlier offset, a far jump) falls back to the binary search, so any hint
  // gives the same line.
  static thread_local size_t last_line = 0;
  const size_t n = starts_.size();
  size_t line = last_line;
  if (line == 0 || line > n || starts_[line - 1] > begin) {
    line = static_cast<size_t>(Line(begin));
  } else {
    int step = 0;
    while (line < n && starts_[line] <= begin && step < 8) {
      ++line;
      ++step;
    }
    if (line < n && starts_[line] <= begin) line = static_cast<size_t>(Line(begin));
  }
  last_line = line;
  Span s;
  s.begin = begin;
  s.end = end;
  s.line = static_cast<int>(line);
  s.col = static_cast<int>(begin - starts_[line - 1]) + 1;
  size_t last = end > begin ? end - 1 : begin;
  // Nearly every span ends on the line it begins on: no second search then.
  s.end_line = line >= n || last < starts_[line] ? s.line : Line(last);
  s.end_col = static_cast<int>(last - starts_[s.end_line - 1]) + 1;
  return s;
}

}  // namespace grader
