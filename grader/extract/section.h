// Problem sections: the stretch of a multi-problem writeup that answers one
// problem.
//
// Real writeups answer several problems in one file, each under a heading
// that names it, and number their parts afresh in each:
//
//   # Problem `transformer_accounting`:      <- ours: the section starts here
//   1. ...  2. ...
//   # Problem `learning_rate_tuning`:        <- another problem: it ends here
//   1. ...
//
// A problem heading is a line that names a problem: a Markdown (#) or Typst
// (=) heading, a line starting with "Problem", "Exercise" or "Task", or a
// Typst call such as #problem("name", ...), holding an identifier
// (snake_case, camelCase, or in backticks or brackets); or a short line that
// is exactly one of the problem's names ("transformer_accounting:"). A
// heading is ours when it holds one of the problem's names, compared without
// case, spaces or punctuation ("Transformer accounting" names
// transformer_accounting).
//
// Our section runs from our heading to the next problem heading that is not
// ours, or to the next Markdown/Typst heading above ours in level. With
// several headings of ours, the longest section wins. With no heading of
// ours, the section is the text before the first problem heading (a file
// that starts with our answers, then other problems); with no problem
// heading at all, the whole text.
//
//   Document doc("# Problem (a_b)\n1. x\n# Problem (c_d)\n1. y\n");
//   Section s = FindSection(doc, {"a_b"});
//   // doc.View(s.range) == "# Problem (a_b)\n1. x\n", s.how == "heading"
#ifndef GRADER_EXTRACT_SECTION_H_
#define GRADER_EXTRACT_SECTION_H_

#include <string>
#include <vector>

#include "grader/extract/document.h"

namespace grader {

struct Section {
  Range range;
  std::string heading;  // our heading line as written ("" when none)
  // "heading" (under our heading), "before others" (no heading of ours; the
  // text before the first other problem), "whole" (no problem headings),
  // "none" (the text holds only other problems' sections).
  std::string how;
};

// Finds the section answering the problem called `names` (its id, title and
// aliases). With no names, the whole text.
Section FindSection(const Document& doc, const std::vector<std::string>& names);

// Lowercase letters and digits only: "Transformer_Accounting" ->
// "transformeraccounting".
std::string NameKey(std::string_view text);

}  // namespace grader

#endif  // GRADER_EXTRACT_SECTION_H_
