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
};

struct FoundPart {
  std::string id;        // as given
  Range range;
  Span span;
  std::string label;     // the first segment's label as written
};

struct PartMap {
  std::vector<Segment> segments;
  std::vector<FoundPart> parts;            // found parts, in the order of the ids
  std::vector<std::string> missing;   // ids with no segment
  std::string strategy;               // "labels", "questions", "whole", "none"
  // Returns the part with this id, or null.
  const FoundPart* Find(const std::string& id) const;
};

// Cuts the document at part labels.
std::vector<Segment> Segments(const Document& doc);

// Maps part ids to ranges. With no ids, every labelled segment becomes a
// part with its key as id (and an unlabelled answer one part with id "").
PartMap MapParts(const Document& doc, const std::vector<std::string>& part_ids = {});

// Returns the id normalised for matching: lowercase, letters and digits only
// ("(b)(ii)" -> "bii", "Q5" -> "q5").
std::string NormalisePartId(std::string_view id);

}  // namespace grader

#endif  // GRADER_EXTRACT_SEGMENT_H_
