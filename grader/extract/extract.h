// Extract: the one entry point from response text to everything the rubric
// engine reads.
//
//   response text ─► Document (normalised, lines, sentences, code blocks)
//                 ─► parts (segment.h), quantities (quantity.h),
//                    equations (equation.h), claims index (claims.h),
//                    final answers (final_answer.h), diagnostics
//
// Nothing downstream re-parses the raw text: checks ask the Extractions.
//
//   ExtractOptions options;
//   options.part_ids = {"a", "b", "c"};
//   Extractions x = Extract(text, options);
//   for (const Quantity* q : x.QuantitiesIn("a")) ...
//   auto answers = x.FinalAnswers("a");     // heaviest first
//   auto said = x.Asserts("c", "feed-?forward|FFN|SwiGLU", "most|dominat");
//   nlohmann::json j = ToJson(x);
#ifndef GRADER_EXTRACT_EXTRACT_H_
#define GRADER_EXTRACT_EXTRACT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grader/extract/claims.h"
#include "grader/extract/document.h"
#include "grader/extract/equation.h"
#include "grader/extract/final_answer.h"
#include "grader/extract/quantity.h"
#include "grader/extract/segment.h"

namespace grader {

struct ExtractOptions {
  std::vector<std::string> part_ids;  // the problem's parts; empty: use labels
  // Richer: what the problem says of each part (then part_ids is ignored),
  // and the names its section may go by in a multi-problem writeup.
  std::vector<PartSpec> parts;
  std::vector<std::string> names;
  // Read quantities, equations, claims and final answers only in the lines of the
  // problem's section (with `parts`): every scope a check asks about lies
  // there, and a writeup answering several problems is read in part. What is
  // read inside the section is what a whole reading finds there; numbers
  // outside it, and their diagnostics, are not read. The whole text is read
  // when a part falls outside the section or a text is large enough for the
  // kMaxQuantities or kMaxEquations caps to apply.
  bool section_only = false;
};

struct Extractions {
  Document doc;
  PartMap parts;
  std::vector<Quantity> quantities;  // in reading order
  std::vector<Equation> equations;   // in reading order
  Claims claims;
  std::vector<Diagnostic> diagnostics;
  mutable std::map<std::string, std::vector<FinalAnswer>> final_answers_cache;
  mutable std::vector<bool> operands_cache;
  mutable bool operands_done = false;

  // Returns the range of part `id` ("" or an unknown id: the problem's
  // section, the whole text when it has no problem headings).
  Range PartRange(const std::string& id) const;
  // Returns the quantities inside `scope` / part `id`.
  std::vector<const Quantity*> QuantitiesIn(Range scope) const;
  std::vector<const Quantity*> QuantitiesIn(const std::string& part_id) const;
  std::vector<const Equation*> EquationsIn(const std::string& part_id) const;
  // Returns the part's candidate answers, heaviest first (empty when the part
  // is missing).
  // Computed once per part and remembered (an Extractions belongs to one
  // thread at a time).
  const std::vector<FinalAnswer>& FinalAnswers(const std::string& part_id) const;
  // For each quantity (by index): true when it is an operand inside a
  // calculation's side that is not the chain's last ("3640 × 8.64e19 ≈
  // 3.14e23": the 3640 and the 8.64e19), i.e. an intermediate. A quantity
  // that is a whole side ("\frac{60}{41.7}") is that side's value, not an
  // operand. Computed once.
  const std::vector<bool>& Operands() const;
  // Returns the clauses of part `id` asserting subject/predicate (RE2).
  std::vector<ClaimMatch> Asserts(const std::string& part_id, const ClaimQuery& query) const;
  std::vector<ClaimMatch> Asserts(const std::string& part_id, std::string_view subject_re,
                                  std::string_view predicate_re) const;
  // Returns true when part `id` was found.
  bool HasPart(const std::string& id) const;
};

// Reads everything from `text`. Never fails: unreadable pieces become
// diagnostics.
Extractions Extract(std::string text, const ExtractOptions& options = {});

// Serialises parts, quantities, equations, final answers and diagnostics.
nlohmann::json ToJson(const Extractions& x);
// Returns why an equation side has no value ("power too large (more than
// 10000 digits)", "unknown variable 'x'", a parse error), or "" when it has.
std::string SideError(const EquationSide& side);
nlohmann::json ToJson(const Span& span);

}  // namespace grader

#endif  // GRADER_EXTRACT_EXTRACT_H_
