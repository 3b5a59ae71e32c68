#include "grader/rubric/status.h"

namespace grader {

const char* StatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kPass: return "pass";
    case ItemStatus::kPartial: return "partial";
    case ItemStatus::kFail: return "fail";
    case ItemStatus::kUnscored: return "unscored";
    case ItemStatus::kApplied: return "applied";
    case ItemStatus::kReview: return "review";
  }
  return "unscored";
}

std::optional<ItemStatus> ParseStatus(std::string_view name) {
  for (ItemStatus s : kItemStatuses)
    if (name == StatusName(s)) return s;
  return std::nullopt;
}

}  // namespace grader
