#include "grader/base/text_position.h"

#include "grader/base/utf8.h"

namespace grader {

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
