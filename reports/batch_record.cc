#include "reports/batch_record.h"

#include "grader/rubric/rubric.h"
#include "reference/exact.h"

namespace grader {

RubricSummary SummariseRubric(const Rubric& rubric) {
  RubricSummary s;
  s.id = rubric.id;
  s.title = rubric.title;
  s.problem = rubric.problem;
  s.points = std::stod(RoundSig(rubric.points, 15));
  for (const Criterion& c : rubric.criteria)
    s.criteria.push_back({c.id, c.title, std::stod(RoundSig(c.weight, 15)), c.visibility == Visibility::kStaff});
  s.has_checklist = !rubric.checklist.empty();
  for (const RubricItem* item : rubric.AllItems())
    s.items.push_back({item->id, item->kind, item->reveal.expected, item->reveal.derivation, item->reveal.feedback});
  s.reveal_adjustments = rubric.reveal_adjustments;
  return s;
}

const RubricSummary::Item& RubricSummary::FindItem(const std::string& id) const {
  static const Item kDefault;
  for (const Item& item : items)
    if (item.id == id) return item;
  return kDefault;
}

}  // namespace grader
