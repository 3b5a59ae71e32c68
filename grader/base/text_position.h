// "line:col" for messages that point into a text file: a rubric or problem
// file with a JSON error, a seed rubric being imported.
//
//   LineCol("{\n  \"x\": 1,\n}", 12)   // "3:1"
//   LineCol("caf\xC3\xA9 x", 6)        // "1:6": é is one column
//   LineCol(block, offset, 12)         // lines counted from 12: `block` starts on line 12
//
// Why messages count characters and spans count bytes: a message is read by
// a person, who looks for the place in an editor, and editors count
// characters, so here a column is one character: one valid UTF-8 sequence,
// or one byte that is not part of one (which an editor shows as one U+FFFD;
// grader/base/utf8.h). Spans (Span and LineIndex, grader/extract/span.h) are
// evidence positions: they are written into results.jsonl beside byte
// offsets, programs read them to index the original bytes, and they must not
// change between versions, so their columns count bytes (as clang and ninja
// do). On ASCII text the two agree.
#ifndef GRADER_BASE_TEXT_POSITION_H_
#define GRADER_BASE_TEXT_POSITION_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

// Returns "line:col" of byte `offset` in `text`: the line is `first_line`
// plus the '\n's before `offset`, the column 1 plus the characters between
// the line's start and `offset` (see above). An offset past the end is the
// end; an offset inside a character is that character's column + 1.
std::string LineCol(std::string_view text, size_t offset, int first_line = 1);

// The same "line:col" for many offsets of one text, each in time
// proportional to log(lines) plus the distance from the line's start (or
// from the previous offset, when offsets come in increasing order on one
// line, as a minified file's do): a file with 600,000 positions is indexed
// once, not scanned from its start for each. The text is passed to every
// call (it must be the same text); not safe to share between threads.
class LineColIndex {
 public:
  explicit LineColIndex(std::string_view text);
  std::string LineCol(std::string_view text, size_t offset, int first_line = 1) const;

 private:
  std::vector<size_t> starts_;  // offset of each line's first byte
  mutable size_t cursor_offset_ = 0, cursor_col_ = 1, cursor_line_ = 0;
};

}  // namespace grader

#endif  // GRADER_BASE_TEXT_POSITION_H_
