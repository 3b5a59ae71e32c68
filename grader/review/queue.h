// The review queue: every item of a graded folder that the grader marked
// review (results.jsonl) or that a TA has decided (overrides.csv), grouped
// by check, then by the value the grader read, so that ten students who
// wrote the same "7.92 GB" are settled with one click.
//
//   std::vector<Record> records = ...;                       // results.jsonl
//   ReviewQueue q = BuildQueue(records, RubricItemOrder(rubric), LatestDecisions(ReadDecisions(csv)));
//   for (const QueueCheck& c : q.checks)                       // rubric order
//     for (const QueueGroup& g : c.groups)                     // largest group first
//       for (size_t i : g.items) q.items[i];                   // input order
//
// And what a TA may give an item: CreditChoices(spec, key) lists full
// credit, the check's partial tiers, the key's known mistakes (with their
// credit), the levels of a levelled item, and zero.
#ifndef GRADER_REVIEW_QUEUE_H_
#define GRADER_REVIEW_QUEUE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/review/decisions.h"
#include "reports/batch_record.h"

namespace grader {

struct AnswerKey;
struct Rubric;

struct EvidenceSpan {
  long long begin = -1, end = -1;  // byte offsets in the response (-1: unknown)
  long long line = 0, column = 0;
  std::string quote;
};

struct QueueItem {
  std::string submission;  // record id
  std::string criterion;   // criterion id, "checklist" or "deductions"
  std::string item, kind, title, part;
  std::string found, expected, reason, detail;
  std::vector<std::string> candidates;
  std::string credit;      // the provisional credit as recorded ("" unscored)
  bool deduction = false;
  bool review = false;     // status review in results.jsonl
  std::vector<EvidenceSpan> evidence;
  std::optional<Decision> decision;  // the latest, from overrides.csv
  bool pending() const { return !decision.has_value(); }
};

struct QueueGroup {
  std::string read;            // the value read, whitespace collapsed ("" nothing read)
  std::vector<size_t> items;   // into ReviewQueue::items
};

struct QueueCheck {
  std::string item, title, kind, part, criterion;
  std::vector<QueueGroup> groups;
};

struct ReviewQueue {
  std::vector<QueueItem> items;
  std::vector<QueueCheck> checks;
  size_t pending = 0;  // items without a decision
};

// Every item id of `rubric` in rubric order: criteria, checklist, deductions.
std::vector<std::string> RubricItemOrder(const Rubric& rubric);

// The items of one record (criteria, checklist, deductions), review or not.
std::vector<QueueItem> RecordItems(const Record& record);

// Builds the queue from graded records. Checks follow `item_order` (ids not
// in it come after, by name); groups within a check put the most items
// first, then the first seen; items keep the records' order.
ReviewQueue BuildQueue(const std::vector<Record>& records, const std::vector<std::string>& item_order,
                       const std::map<std::pair<std::string, std::string>, Decision>& decisions);
// The same from the items already read: every review item of every graded
// record, plus any item that has a decision (RecordItems order), decisions
// not yet attached.
ReviewQueue BuildQueueFromItems(std::vector<QueueItem> items, const std::vector<std::string>& item_order,
                                const std::map<std::pair<std::string, std::string>, Decision>& decisions);

// The value read as groups compare it: trimmed, runs of white space as one space.
std::string GroupRead(const std::string& found);

struct CreditChoice {
  std::string label;   // "full credit", "within ±10%", "mistake: one embedding table", "zero"
  std::string credit;  // exact text for overrides.csv: "1", "0.5", "2/3"
};

// The credits a TA may give the item whose rubric JSON is `spec` (its
// "kind", "partial", "credit", "levels", "answer", "mistakes"), best first,
// without repeats: full, partial tiers, the known mistakes of its key answer
// (when `key` holds it), levels, zero. A deduction's full credit means "not
// applied". Never empty.
std::vector<CreditChoice> CreditChoices(const nlohmann::json& spec, const AnswerKey* key, bool deduction);

// Each rubric item's JSON object, by item id, from the rubric file's root.
std::map<std::string, nlohmann::json> RubricItemSpecs(const nlohmann::json& rubric_root);

}  // namespace grader

#endif  // GRADER_REVIEW_QUEUE_H_
