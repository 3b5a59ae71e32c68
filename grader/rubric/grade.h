// Grading one response: extraction, every check of the rubric, scoring.
//
//   const Problem& p = BuiltinProblems().Get(rubric.problem);
//   AnswerKey key = BuildKey(p, p.Defaults());
//   Result r = GradeText(rubric, key, response_text);
#ifndef GRADER_RUBRIC_GRADE_H_
#define GRADER_RUBRIC_GRADE_H_

#include <functional>
#include <string>
#include <vector>

#include "grader/extract/extract.h"
#include "grader/rubric/score.h"
#include "reference/key.h"

namespace grader {

struct GradeOptions {
  std::vector<Override> overrides;  // human decisions, applied on top
  // Decides items that need judgment (llm); nullptr: they stay unscored.
  std::function<CheckOutcome(const RubricItem&, const CheckContext&)> judge;
  // The key's content hash when the caller already has it (KeyVersion
  // reads every answer of the key).
  std::string key_version;
  // GradingExtractOptions(key) when the caller keeps it once per key (a
  // batch grading many submissions against one key); nullptr: made here.
  const ExtractOptions* extract = nullptr;
};

// Grades `text` against `rubric` with the answer key `key`.
// What extraction should know of the key's problem: its parts (titles,
// statements, the dimensions of the answers each asks for) and its names.
ExtractOptions ExtractOptionsFor(const AnswerKey& key);
// ExtractOptionsFor(key) as GradeText reads a text: only the problem's section.
ExtractOptions GradingExtractOptions(const AnswerKey& key);

Result GradeText(const Rubric& rubric, const AnswerKey& key, const std::string& text, const GradeOptions& options = {});

// Grades already-extracted text.
Result GradeExtractions(const Rubric& rubric, const AnswerKey& key, const Extractions& x,
                        const GradeOptions& options = {});

// The content hash of a key, for result versions: its numbers and text and,
// in place of its derivations, the problem definition's hash (grade.cc).
std::string KeyVersion(const AnswerKey& key);

}  // namespace grader

#endif  // GRADER_RUBRIC_GRADE_H_
