// Scoring: runs a rubric's checks on one response and adds up the points,
// keeping every decision with its evidence.
//
//   Result r = GradeResponse(rubric, key, Extract(text), options);
//   r.score, r.max, r.normalized
#ifndef GRADER_RUBRIC_SCORE_H_
#define GRADER_RUBRIC_SCORE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/rubric/rubric.h"
#include "grader/rubric/status.h"

namespace grader {

struct ItemResult {
  const RubricItem* item = nullptr;
  std::optional<Exact> credit;  // nullopt: unscored
  // StatusOf(credit, whether a deduction); kReview when the check is unsure
  // (outcome.review non-empty) and no override settled it. The credit is
  // then the check's best reading and counts as any other, provisionally;
  // outcome.review holds the reason and outcome.candidates the competing
  // readings. A review item without a credit is also counted as unscored.
  ItemStatus status = ItemStatus::kUnscored;
  Exact max_points = 0;         // the item's share of its criterion or checklist
  Exact points = 0;             // earned (deductions: applied, <= 0)
  int applications = 0;         // deductions: how many times applied
  CheckOutcome outcome;
  bool overridden = false;      // a human override replaced the decision
  std::string override_comment;
  bool NeedsReview() const { return status == ItemStatus::kReview; }
};

struct CriterionResult {
  const Criterion* criterion = nullptr;
  std::optional<Exact> credit;  // nullopt when every item is unscored
  Exact points = 0;             // earned before deductions
  Exact deducted = 0;           // deductions charged to this criterion (<= 0)
  std::vector<ItemResult> items;
};

struct Result {
  std::string rubric_id;
  std::string problem_id;
  Exact score = 0;
  Exact max = 0;         // the rubric's points
  Exact scored_max = 0;  // max without unscored items (the denominator)
  Exact normalized = 0;  // score / scored_max
  int scored = 0;        // items decided
  int unscored = 0;      // items left for a judge or a human
  int review = 0;        // items with status review (counted in `scored` too)
  std::vector<CriterionResult> criteria;
  std::vector<ItemResult> checklist;
  std::vector<ItemResult> deductions;
  std::string rubric_version, key_version, grader_version;
};

// A human decision that replaces an automatic one.
struct Override {
  std::string item_id;
  Exact credit = 0;
  std::string comment;
};

// Computes the result from the outcomes of every item. `outcome_of` is
// called once per item, in rubric order.
Result Score(const Rubric& rubric, const std::function<CheckOutcome(const RubricItem&)>& outcome_of,
             const std::vector<Override>& overrides = {});

// An item's status from its credit: unscored without one; else pass at full
// credit; else a deduction is applied, and any other item partial, or fail
// at no credit.
ItemStatus StatusOf(const std::optional<Exact>& credit, bool deduction);

// The status an item gets: StatusOf(credit, deduction), except kReview when
// `review` (the check's reason to be unsure) is non-empty and the credit was
// not set by a human override.
ItemStatus ItemStatusOf(const std::optional<Exact>& credit, bool deduction, const std::string& review, bool overridden);

// The grader's version string, part of every result.
const char* GraderVersion();

}  // namespace grader

#endif  // GRADER_RUBRIC_SCORE_H_
