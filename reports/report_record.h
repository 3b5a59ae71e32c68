// One submission as every batch report reads it (feedback pages, grades.csv,
// Gradescope, the summary): plain structs holding what a line of
// results.jsonl holds, minus what no report shows (sources, hashes, spans'
// byte offsets, metadata).
//
//   ReportRecord r = ReportFromResult(id, file_id, model, std::move(result));  // freshly graded
//   ReportRecord r = ReportFromJson(Record::parse(line));  // from results.jsonl
//
// The two agree field for field, so a record reused from an earlier run and
// a freshly graded one render the same (tests/reports/report_record_test.cc).
// Numbers are what the JSON line holds: JsonNumber() of the exact values.
//
// Statuses are enums (an item's: grader/rubric/status.h; a record's:
// RecordStatus below). A line of an older or hand-edited results.jsonl may
// hold a name that is not one of them: an unknown item status reads as
// fail, an unknown record status as error (the reports already counted both
// so: as a failed item, as a row that was not graded; grades.csv's status
// column now says "error" for it rather than repeating the unknown name).
#ifndef GRADER_REPORTS_REPORT_RECORD_H_
#define GRADER_REPORTS_REPORT_RECORD_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/batch_record.h"
#include "grader/rubric/score.h"

namespace grader {

// Whether a submission was graded: "graded" or "error" in results.jsonl.
enum class RecordStatus { kGraded, kError };
const char* StatusName(RecordStatus status);
// nullopt for a name other than "graded" and "error".
std::optional<RecordStatus> ParseRecordStatus(std::string_view name);

struct ReportItem {
  std::string id, kind, title, part;
  ItemStatus status = ItemStatus::kUnscored;  // pass, partial, fail, unscored, review; deductions: pass, applied, unscored, review
  std::optional<double> credit;
  double points = 0;
  double max_points = 0;  // deductions: the size of one deduction
  int applied = 0;        // deductions
  std::string expected, found, convention, mistake, feedback, mistake_feedback, detail;
  struct Quote {
    std::string text;
    long long line = 0, column = 0;
    long long begin = -1, end = -1;  // byte offsets in the response (-1: unknown)
  };
  std::vector<Quote> evidence;
  bool found_is_guess = false;          // "found_guess": found is only the likeliest reading
  std::vector<std::string> derivation;  // the key's derivation of `expected`
  bool staff = false;  // visibility "staff"
  bool overridden = false;
  std::string override_comment;
  // Status review: why the check is unsure, and the competing readings as
  // written, best first (staff only: student views never show them).
  std::string review;
  std::vector<std::string> candidates;
  bool NeedsReview() const { return status == ItemStatus::kReview; }
};

// What an item's credit stands for whatever its status: for a review item the
// status its provisional credit would have (pass, partial, fail, applied,
// unscored); for any other item its status.
ItemStatus ProvisionalStatus(const ReportItem& item, bool deduction);

struct ReportCriterion {
  std::string id, title, part;
  double weight = 0, points = 0;
  std::optional<double> credit;  // nullopt: unscored
  std::vector<ReportItem> items;
};

struct ReportRecord {
  std::string id, file_id, model;
  RecordStatus status = RecordStatus::kError;
  std::string error;
  double score = 0, max = 0, normalized = 0, scored_max = 0;
  int unscored = 0;
  int review = 0;  // items with status review
  std::vector<ReportCriterion> criteria;
  std::vector<ReportItem> checklist, deductions;
  // The student's own parameters: "variant" and "params" of the line.
  std::string variant;
  std::vector<std::pair<std::string, std::string>> params;
  // The response itself, when the caller has it (the batch sets it while
  // writing the student's files; results.jsonl does not hold it).
  std::string text;
  bool graded() const { return status == RecordStatus::kGraded; }
};

// From a results.jsonl record (missing fields read as empty or 0).
ReportRecord ReportFromJson(const Record& record);

// From a fresh result, whose texts it takes over (write the results line
// first); id, file_id and model as the record will carry them.
ReportRecord ReportFromResult(const std::string& id, const std::string& file_id, const std::string& model,
                              Result&& result);

// An error record.
ReportRecord ReportError(const std::string& id, const std::string& file_id, const std::string& model,
                         const std::string& error);

}  // namespace grader

#endif  // GRADER_REPORTS_REPORT_RECORD_H_
