// One graded submission as the batch runner stores it: a line of
// results.jsonl. Reports (CSV, Gradescope, feedback, summaries) are rendered
// from these records only, so a record reused from an earlier run and a
// freshly graded one look the same to every renderer.
//
// A record (keys in this order; absent keys are omitted):
//   {"id": "alice",                      submission id (unique in the batch)
//    "file_id": "alice",                 the sanitised id used for file names
//    "source": "subs/alice.md",          where it came from ("answers.jsonl:12", "-")
//    "model": "gpt-x", "problem": "...", "variant": 3, "params": {"d_model": "1024"},
//    "metadata": {...},                  extra JSONL fields, kept as given
//    "content_hash": "…32 hex…",         of the response bytes
//    "status": "graded" | "error",
//    "error": "empty file",              why it was not graded (status "error")
//    "score": 83.39, "max": 100, "normalized": 0.8339, "scored_max": 100,
//    "unscored": 2,
//    "review": 1,                        items with status "review" (absent when none)
//    "result": {...},                    ResultToJson(result) (reports/result_json.h), status "graded" only
//    "overrides": [{"item": "x", "credit": 1, "comment": "..."}],
//    "versions": {"rubric": "…", "key": "…", "grader": "grader 0.1.0"}}
#ifndef GRADER_REPORTS_BATCH_RECORD_H_
#define GRADER_REPORTS_BATCH_RECORD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace grader {

using Record = nlohmann::ordered_json;

// Reads a number field of a record (0 when absent or not a number).
inline double RecordNumber(const Record& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0;
}

// Reads a field as text: strings as they are, other values as JSON, "" when
// absent or null.
inline std::string RecordString(const Record& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// What the renderers need to know about the rubric besides the records.
struct RubricSummary {
  std::string id;
  std::string title;
  std::string problem;
  double points = 0;
  struct Criterion {
    std::string id;
    std::string title;
    double weight = 0;
    bool staff_only = false;
  };
  std::vector<Criterion> criteria;
  bool has_checklist = false;
  // Per rubric item: its kind and what students see of it (Reveal,
  // grader/rubric/rubric.h).
  struct Item {
    std::string id, kind;
    bool expected = true, derivation = false, feedback = true;
  };
  std::vector<Item> items;
  bool reveal_adjustments = true;  // the rubric's "reveal": {"adjustments"}
  // The item with `id`, or a default one (everything the defaults reveal).
  const Item& FindItem(const std::string& id) const;
};

// What the renderers need to know about `rubric` (reports read only this and
// the records).
struct Rubric;
RubricSummary SummariseRubric(const Rubric& rubric);

}  // namespace grader

#endif  // GRADER_REPORTS_BATCH_RECORD_H_
