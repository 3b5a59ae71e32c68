#include "grader/extract/span.h"

#include <algorithm>
#include <cstring>

namespace grader {

std::string_view Span::Quote(std::string_view original) const {
  if (begin > end || end > original.size()) return {};
  return original.substr(begin, end - begin);
}

std::string Span::Where() const { return std::to_string(line) + ":" + std::to_string(col); }

LineIndex::LineIndex(std::string_view text) {
  const char* base = text.data();
  const char* p = base;
  const char* stop = base + text.size();
  while (p < stop) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(stop - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<size_t>(p - base));
  }
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
  Span s;
  s.begin = begin;
  s.end = end;
  s.line = Line(begin);
  s.col = static_cast<int>(begin - starts_[s.line - 1]) + 1;
  size_t last = end > begin ? end - 1 : begin;
  // Nearly every span ends on the line it begins on: no second search then.
  const size_t next = static_cast<size_t>(s.line);  // index of the next line's start
  s.end_line = next >= starts_.size() || last < starts_[next] ? s.line : Line(last);
  s.end_col = static_cast<int>(last - starts_[s.end_line - 1]) + 1;
  return s;
}

}  // namespace grader
