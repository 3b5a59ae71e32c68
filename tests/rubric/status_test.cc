// Item statuses: the enum, the names results.jsonl carries, and how a credit
// becomes a status.
#include "grader/rubric/status.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "grader/rubric/score.h"

namespace grader {
namespace {

TEST_CASE("ItemStatus: every status name parses back to itself", "[rubric][status]") {
  std::set<std::string> names;
  for (ItemStatus s : kItemStatuses) {
    INFO(StatusName(s));
    CHECK(ParseStatus(StatusName(s)) == s);
    names.insert(StatusName(s));
  }
  // The names results.jsonl has always written, one per status, and "review".
  CHECK(names == std::set<std::string>{"pass", "partial", "fail", "unscored", "applied", "review"});
  CHECK(std::string(StatusName(ItemStatus::kReview)) == "review");
}

TEST_CASE("ItemStatus: an unknown name does not parse", "[rubric][status]") {
  for (const char* name : {"", "passed", "failed", "Pass", "PASS", " pass", "pass ", "graded", "error", "unscored\n"}) {
    INFO('"' << name << '"');
    CHECK_FALSE(ParseStatus(name).has_value());
  }
}

TEST_CASE("ItemStatus: StatusOf decides from the credit, a deduction passes or is applied", "[rubric][status]") {
  const std::optional<Exact> none, zero = Exact(0), half = Exact(1, 2), full = Exact(1);
  CHECK(StatusOf(none, false) == ItemStatus::kUnscored);
  CHECK(StatusOf(full, false) == ItemStatus::kPass);
  CHECK(StatusOf(half, false) == ItemStatus::kPartial);
  CHECK(StatusOf(zero, false) == ItemStatus::kFail);
  CHECK(StatusOf(none, true) == ItemStatus::kUnscored);
  CHECK(StatusOf(full, true) == ItemStatus::kPass);
  CHECK(StatusOf(half, true) == ItemStatus::kApplied);
  CHECK(StatusOf(zero, true) == ItemStatus::kApplied);
}

}  // namespace
}  // namespace grader
