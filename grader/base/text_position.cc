#include "grader/base/text_position.h"

#include <algorithm>

#include "grader/base/utf8.h"

namespace grader {

namespace {

// Walks characters (see text_position.h) from `from` until `to` is reached
// or passed (an offset inside a character passes it); adds them to *cols
// and returns the offset reached.
size_t Walk(std::string_view text, size_t from, size_t to, size_t* cols) {
  size_t i = from;
  while (i < to) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : Utf8Length(text, i);
    i += len ? len : 1;  // a byte that is not UTF-8 is one column, as U+FFFD
    ++*cols;
  }
  return i;
}

}  // namespace

LineColIndex::LineColIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) starts_.push_back(i + 1);
}

std::string LineColIndex::LineCol(std::string_view text, size_t offset, int first_line) const {
  const size_t end = offset < text.size() ? offset : text.size();
  size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), end) - starts_.begin()) - 1;
  // From the previous position when it is on this line and not past `end`.
  size_t from = starts_[line], col = 1;
  if (line == cursor_line_ && cursor_offset_ >= from && cursor_offset_ <= end) {
    from = cursor_offset_;
    col = cursor_col_;
  }
  size_t reached = Walk(text, from, end, &col);
  cursor_line_ = line;
  cursor_offset_ = reached;
  cursor_col_ = col;
  return std::to_string(static_cast<long long>(line) + first_line) + ":" + std::to_string(col);
}

std::string LineCol(std::string_view text, size_t offset, int first_line) {
  long long line = first_line;
  size_t col = 1;
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end;) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
      ++i;
      continue;
    }
    size_t len = c < 0x80 ? 1 : Utf8Length(text, i);
    i += len ? len : 1;  // a byte that is not UTF-8 is one column, as U+FFFD
    ++col;
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace grader
