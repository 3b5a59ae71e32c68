// Rubrics: what to check in a response and how many points it is worth.
// The file format is documented in rubrics/README.md.
//
// A rubric combines three shapes (any may be absent):
// - criteria: each worth `weight` points, earned in proportion to the
//   credit of its checks (credit-weighted over their weights);
// - a flat checklist: `points` shared by its items by weight;
// - deductions: a negative `points` applied when the item's check fails,
//   once (or per failing instance when `repeatable`), optionally capped per
//   criterion.
// The score is clamped to [floor, cap].
//
//   Rubric r = LoadRubricFile("rubrics/cs336-transformer-accounting.json");
#ifndef GRADER_RUBRIC_RUBRIC_H_
#define GRADER_RUBRIC_RUBRIC_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/check/check.h"
#include "reference/key.h"
#include "reference/problem.h"

namespace grader {

enum class Visibility { kStudents, kStaff };
// How unscored items (llm/manual without a judge) count.
enum class UnscoredPolicy { kExclude, kZero, kFull };

// What a student's feedback shows of an item (rubric "reveal", per rubric and
// per item; staff views show everything). Patterns, check-internal wording
// and guesses are never shown to students, whatever these say.
struct Reveal {
  bool expected = true;     // the key's value ("Expected: 2,127,057,600 parameters")
  bool derivation = false;  // the key's derivation steps for that value
  bool feedback = true;     // the item's and the known mistake's feedback text
};

struct RubricItem {
  std::string id;
  std::string kind;
  std::string title;       // what the item asks, shown in feedback
  Exact weight = 1;        // relative weight within its criterion or checklist
  std::string part;        // "" = whole response
  std::string feedback;    // shown when the item is missed
  Visibility visibility = Visibility::kStudents;
  Reveal reveal;           // the rubric's "reveal", with the item's own on top
  std::string where;       // "file:line:col" of the item, for messages
  std::shared_ptr<const CompiledCheck> check;
  // Its points: the criterion's (or checklist's) points times weight over
  // the group's total weight. Set by ParseRubric; computed when absent.
  std::optional<Exact> share;
  // The share again as share_num / share_den, with share_den common to the
  // item's group: scoring adds numerators, without normalising a rational
  // per item. Set with `share`.
  Int share_num = 0;
  Int share_den = 0;  // 0: not set
};

struct Criterion {
  std::string id;
  std::string title;
  std::string part;
  Exact weight = 0;                  // points
  std::optional<Exact> deduction_cap;  // most points its deductions may take
  Visibility visibility = Visibility::kStudents;
  std::vector<RubricItem> items;
};

struct Deduction {
  RubricItem item;
  Exact points = 0;                  // negative
  bool repeatable = false;
  int max_count = 1;                 // with repeatable: most applications
  std::string criterion;             // "charge_to": counts against this criterion's deduction_cap
};

struct Rubric {
  std::string id;
  std::string problem;
  std::string title;
  std::string file;
  Exact points = 0;
  Exact floor = 0;
  Exact cap = 0;
  UnscoredPolicy unscored = UnscoredPolicy::kExclude;
  Reveal reveal;                  // the defaults of its items
  // Whether students see the points of staff-only items and criteria as one
  // line ("adjustments by course staff: -2"); false hides the line, and
  // the student's total then differs from the sum of what they see.
  bool reveal_adjustments = true;
  std::vector<Criterion> criteria;
  Exact checklist_points = 0;
  std::vector<RubricItem> checklist;
  std::vector<Deduction> deductions;
  std::string version;  // content hash of the rubric file
  // A rubric without `problem` has no key: the parts its items name, read by
  // their labels ((a), b., Part c) alone.
  std::vector<std::string> keyless_parts;

  // Returns every item (criteria, checklist, deductions), in file order.
  std::vector<const RubricItem*> AllItems() const;
};

// Parses a rubric. `file` names it in errors; the rubric's problem is looked
// up in the built-in problems (or `problems` when given) so that answer ids
// are checked at load time. Throws grader::Error "file:line:col: path:
// message".
Rubric ParseRubric(const std::string& file, const std::string& text, const class ProblemSet* problems = nullptr);

// Reads and parses a rubric file.
Rubric LoadRubricFile(const std::string& path, const class ProblemSet* problems = nullptr);

// The problems a rubric's key comes from, found as every command finds them:
// `problems_dir` when given (that folder only); else the built-in problems
// when they hold the rubric's problem; else a `problems/` folder beside the
// rubric's own folder (rubrics/x.json -> problems/) or inside it. Throws
// grader::Error "unknown problem 'x'" naming the folders looked in. When
// `folder` is given, it receives the folder the problems came from ("" for
// the built-in ones).
std::shared_ptr<const ProblemSet> ProblemsFor(const std::string& problem_id, const std::string& rubric_path,
                                              const std::string& problems_dir, std::string* folder = nullptr);

// A rubric and the problem set it was checked against (kept alive for
// building keys); `problem` is null for a rubric without a key.
struct LoadedRubric {
  Rubric rubric;
  std::shared_ptr<const ProblemSet> problems;
  std::string problems_folder;  // where `problems` came from; "": built in
  const Problem* problem = nullptr;
};

// The key a rubric without a problem grades with: no answers, only the
// parts its items name.
AnswerKey KeylessKey(const Rubric& rubric);

// Reads a rubric, finds its problem (ProblemsFor) and parses it against it.
LoadedRubric LoadRubricWithProblems(const std::string& path, const std::string& problems_dir);

// A short stable content hash (hex) for versioning rubrics, keys and inputs.
std::string ContentHash(const std::string& bytes);

}  // namespace grader

#endif  // GRADER_RUBRIC_RUBRIC_H_
