// Imports rubrics written in the seed "# <field>:" text format (see
// ../shared/seeds/000_*.txt): an instruction, an expert solution, a flat
// checklist, a list of errors with negative deltas, and weighted criteria.
//
// The hand-written JSON blocks of that format can be slightly malformed.
// What is unambiguous is repaired with a warning naming line and column (a
// missing comma between two strings or objects, strings written back to
// back, a trailing comma); anything else is refused with the place.
//
//   ImportResult r = ImportSeedRubric("seed.txt", text, options);
//   r.rubric   // JSON in the rubrics/README.md format
//   r.warnings // "seed.txt:52:5: inserted a missing comma"
#ifndef GRADER_RUBRIC_SEED_IMPORT_H_
#define GRADER_RUBRIC_SEED_IMPORT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace grader {

struct ImportOptions {
  std::string problem;      // the problem the rubric grades ("": a rubric without a key)
  const class ProblemSet* problems = nullptr;  // where to find it (null: the built-in problems)
  std::string rubric_id;    // default: "<problem>-imported"
  bool suggest = false;     // replace items that plainly ask for a key value or formula by deterministic checks
  // Which one of the file's rubric forms to import (they are alternative
  // rubrics for the same question, never added up): "auto" (the first
  // present of expert_rubric, expert_brainstormed_rubric, expert_checklist,
  // expert_list_error_rubric), "rubric", "brainstormed" ("criteria"),
  // "checklist" or "errors". "all" is the old name of "auto".
  std::string shapes = "auto";
};

struct ImportResult {
  nlohmann::ordered_json rubric;
  std::vector<std::string> warnings;    // repairs made, with file:line:col
  std::vector<std::string> suggestions; // deterministic checks proposed (--suggest)
  std::string form;                     // the form imported: rubric, brainstormed, checklist or errors
};

// A seed file split into its "# <field>:" sections.
struct SeedField {
  std::string name;
  std::string value;  // the text after the header line, trimmed
  int line = 0;       // line of the first value line (1-based)
};
std::vector<SeedField> SplitSeedFields(const std::string& text);

// Parses a JSON block, repairing unambiguous slips. `first_line` is the
// block's line in the file, for messages. Throws grader::Error
// "file:line:col: ..." when it cannot.
nlohmann::json ParseLenientJson(const std::string& file, const std::string& text, int first_line,
                                std::vector<std::string>* warnings);

ImportResult ImportSeedRubric(const std::string& file, const std::string& text, const ImportOptions& options);

// The forms the file holds, in the order "auto" prefers them.
std::vector<std::string> SeedRubricForms(const std::string& text);

}  // namespace grader

#endif  // GRADER_RUBRIC_SEED_IMPORT_H_
