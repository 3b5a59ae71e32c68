// Segmentation: which part of a problem each stretch of a response answers.
//
// A label starts a segment only at the start of a line, after optional
// Markdown decoration (indentation, "#", "- ", "**"):
//
//   (a)  a.  a)  Part (b)  (b)(i)  (h4)  - (d)  **(c)**  ## (e) Memory
//   Question 5   5.   1. LoRA   2.transformer   (iii)   ii.
//
// Numbers are questions, letters are parts, roman numerals are sub-parts
// (an "i" right after part "h" is a letter). A label must move forward at
// its level ("(b)" after "(e)" is an item inside (e), not part (b); "1)"
// inside question 7 is a list item), so mentions and sub-lists do not start
// parts. Text before the first label is the preamble (key "").
//
// Given the problem's part ids ("a", "b", "5c", "bii"), MapParts finds each
// one's range: the first run of segments whose key ends in or starts with
// the id. When the response does not label its parts with the ids, a
// response that restates the questions as list items ending in '?' is cut
// there when their count matches ("questions" strategy); an answer with no
// labels at all is one part.
//
//   Document doc("(a) 8.5 GB\n(b) 2e18 FLOPs\n");
//   PartMap m = MapParts(doc, {"a", "b", "c"});
//   // m.parts[0].id == "a", m.missing == {"c"}
#ifndef GRADER_EXTRACT_SEGMENT_H_
#define GRADER_EXTRACT_SEGMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "grader/extract/quantity.h"
#include "grader/extract/section.h"

namespace grader {

struct Segment {
  std::string question;  // "5", or "" when none seen yet
  std::string letter;    // "b", "h4"
  std::string roman;     // "ii"
  std::string key;       // question + letter + roman: "5bii"; "" = preamble
  std::string label;     // as written, e.g. "**(c)**"
  Range label_range;
  Range range;           // from the label's line to the next segment
  Span span;
  int run = 0;           // counts restarts: labels that begin again at the first letter after
                         // a run of three or more (questions restated, then answered)
};

struct FoundPart {
  std::string id;        // as given
  Range range;
  Span span;
  std::string label;     // the first segment's label as written
  // How it was found: "label" ((a), a., Part (a)), "number" (1. for part
  // a), "preamble" (the text before the second part's label), "content"
  // (the writer's own labels, aligned by title, words and units), "restated"
  // (restated questions), "whole" (the one part).
  std::string how;
  bool unsure = false;   // found, but weakly: staff should confirm
};

// What MapParts knows of one part of the problem.
struct PartSpec {
  std::string id;
  std::string title;
  std::string statement;
  std::vector<std::string> dimensions;  // of the answers it asks for ("byte", "FLOP")
};

struct SegmentOptions {
  std::optional<Range> scope;    // the whole text by default
  bool numbers_as_items = false;  // "1." is a list item, not a question
  bool typst_items = false;       // "+ " at the start of a line numbers the next question
};

struct PartMap {
  std::vector<Segment> segments;
  std::vector<FoundPart> parts;            // found parts, in the order of the ids
  std::vector<std::string> missing;   // ids with no segment
  std::string strategy;               // "labels", "numbers", "content", "questions", "whole", "none"
  Section section;                    // the problem's section of the text
  // Returns the part with this id, or null.
  const FoundPart* Find(const std::string& id) const;
};

// Cuts the document at part labels.
std::vector<Segment> Segments(const Document& doc, const SegmentOptions& options = {});

// Maps part ids to ranges. With no ids, every labelled segment becomes a
// part with its key as id (and an unlabelled answer one part with id "").
PartMap MapParts(const Document& doc, const std::vector<std::string>& part_ids = {});
// With what the problem says of its parts and its names: finds the
// problem's section first (section.h), then its parts in any common layout.
// `quantities` (the document's, in order) tell which units each stretch
// holds.
PartMap MapParts(const Document& doc, const std::vector<PartSpec>& parts, const std::vector<std::string>& names,
                 const std::vector<Quantity>& quantities);
// The same with the section already found (FindSection(doc, names)).
PartMap MapPartsInSection(const Document& doc, const std::vector<PartSpec>& parts, Section section,
                 const std::vector<Quantity>& quantities);

// Returns the id normalised for matching: lowercase, letters and digits only
// ("(b)(ii)" -> "bii", "Q5" -> "q5").
std::string NormalisePartId(std::string_view id);

}  // namespace grader

#endif  // GRADER_EXTRACT_SEGMENT_H_
