// Item statuses: what the decision on one rubric item was, under the names
// results.jsonl, the readable result, feedback, Gradescope and the summaries
// use for it.
//
//   pass       full credit (a deduction: not charged)
//   partial    some credit, not full
//   fail       no credit
//   unscored   no decision yet (an llm item without a judge, a manual item)
//   applied    a deduction charged (its check got less than full credit)
//   review     the check is unsure and staff should confirm; the credit is
//              the check's best reading and counts in the score as any
//              other (provisionally); the reason and the competing readings
//              travel with the item and review.csv lists it. A human
//              override settles it (the status is then the override's).
//
//   StatusName(ItemStatus::kApplied)  // "applied"
//   ParseStatus("partial")            // ItemStatus::kPartial; nullopt for a name not above
#ifndef GRADER_RUBRIC_STATUS_H_
#define GRADER_RUBRIC_STATUS_H_

#include <optional>
#include <string_view>

namespace grader {

enum class ItemStatus { kPass, kPartial, kFail, kUnscored, kApplied, kReview };

// Every status, in the order above.
inline constexpr ItemStatus kItemStatuses[] = {ItemStatus::kPass, ItemStatus::kPartial, ItemStatus::kFail,
                                               ItemStatus::kUnscored, ItemStatus::kApplied, ItemStatus::kReview};

// The status's name as results.jsonl writes it.
const char* StatusName(ItemStatus status);
// The status a name stands for (exact, lower case), nullopt when none.
std::optional<ItemStatus> ParseStatus(std::string_view name);

}  // namespace grader

#endif  // GRADER_RUBRIC_STATUS_H_
