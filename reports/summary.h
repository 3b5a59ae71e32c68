// summary.md and summary.html, and the numbers behind them: one pass over a
// batch's records that counts, averages and ranks, so both pages show the
// same figures and each renderer (summary_md.cc, summary_html.cc) only lays
// them out.
//
//   WriteFileAtomic(dir + "/summary.md", SummaryMarkdown(records, rubric));
//   WriteFileAtomic(dir + "/summary.html", SummaryHtml(records, rubric));
//
//   BatchSummary s = Summarize(records, rubric);
//   s.graded;           // 4 (records with status "graded")
//   s.mean;             // mean score in points over graded records
//   s.histogram;        // 10 counts over [0, rubric.points]
//   s.items[0].pass;    // submissions where the first item passed
//   s.models[0].ci;     // bootstrap 95% interval of one model's mean score
//
// Statistics use every graded record; error records are only counted and
// listed. Staff-only items are included: the summary is for staff.
// Deterministic: the same records give the same summary (the bootstrap uses
// a fixed seed per model name).
#ifndef GRADER_REPORTS_SUMMARY_H_
#define GRADER_REPORTS_SUMMARY_H_

#include <string>
#include <vector>

#include <map>
#include <utility>

#include "reports/batch_record.h"
#include "reports/report_format.h"
#include "reports/report_record.h"
#include "reports/stats.h"

namespace grader {

inline constexpr int kHistogramBins = 10;
inline constexpr int kBootstrapResamples = 2000;
inline constexpr size_t kTopMistakes = 10;
inline constexpr size_t kLosersListed = 20;     // students listed per item who lost it
inline constexpr size_t kWrongValuesShown = 3;  // most common wrong values per item
inline constexpr size_t kWrongValuesKept = 1000;  // distinct wrong values counted per item

// How many skipped entries the summary lists (run.json has them all).
inline constexpr size_t kSkippedShown = 50;
// How many students and error rows the summary lists: the first ones in
// input order (grades.csv and results.jsonl have them all). A page of a
// million rows is read by nobody, and holding them would make the batch's
// memory grow with its size (issue 13).
inline constexpr size_t kStudentsShown = 5000;
inline constexpr size_t kErrorsShown = 5000;

struct BatchSummary {
  std::string rubric_id;
  FeedbackKinds feedback;  // which per-student pages exist to link to
  std::string title;  // rubric title, else its id
  int records = 0;
  int graded = 0;
  int errors = 0;
  double max = 0;  // rubric points (else the largest record max)
  double mean = 0, median = 0, sd = 0, min = 0, top = 0;  // of graded scores
  double mean_normalized = 0;                              // 0..1
  std::vector<int> histogram;                              // kHistogramBins bins over [0, max]

  struct CriterionStat {
    std::string id, title;
    double weight = 0;
    bool staff_only = false;
    int scored = 0;  // graded records where the criterion has a credit
    double mean_points = 0, mean_credit = 0;
  };
  std::vector<CriterionStat> criteria;

  // Entries of the input folders that were neither graded nor errors (path,
  // why): hidden files, what a student's folder holds besides its answers.
  std::vector<std::pair<std::string, std::string>> skipped;

  // One per rubric item, in the order first seen (rubric order).
  struct ItemStat {
    std::string section;  // criterion id, "checklist" or "deductions"
    std::string id, title;
    bool deduction = false;
    bool staff = false;
    int pass = 0, partial = 0, fail = 0, unscored = 0;  // deductions: applied counts as fail
    // Results with status review, also counted above by what their
    // provisional credit stands for (ProvisionalStatus, report_record.h).
    int review = 0;
    // Who lost it (partial, fail; deductions: applied), by their
    // provisional credit: the first kLosersListed ids (and file ids, for
    // links to feedback/<file_id>.html), in input order, and the most
    // common values they gave (found as written; "(no matching answer)"
    // where the check found none), most common first.
    std::vector<std::string> losers, loser_files;
    std::vector<std::pair<std::string, int>> wrong_values;
    int Lost() const { return partial + fail; }
    int Total() const { return pass + partial + fail + unscored; }
    int Scored() const { return pass + partial + fail; }
  };
  std::vector<ItemStat> items;

  struct MistakeStat {
    std::string item;  // item id
    std::string label;
    int count = 0;
  };
  std::vector<MistakeStat> mistakes;  // most common first, at most kTopMistakes
  int distinct_mistakes = 0;

  int with_unscored = 0;     // graded submissions with at least one unscored item
  int unscored_items = 0;    // unscored item results over all graded submissions
  int item_results = 0;      // all item results over all graded submissions
  int review_items = 0;      // review item results over all graded submissions (review.csv's rows)
  int with_review = 0;       // graded submissions with at least one review item

  // Every submission, in input order: what a TA opens next (the first
  // kStudentsShown; `records` counts them all).
  struct StudentRow {
    std::string id, file_id;
    std::string status;  // GradebookStatus (grades_csv.h)
    double score = 0, max = 0, pending = 0;
    bool graded = false;
  };
  std::vector<StudentRow> students;

  struct ErrorRow {
    std::string id, error;
  };
  std::vector<ErrorRow> error_rows;  // the first kErrorsShown; `errors` counts them all

  // Present when any record has a "model" (records without one are "(none)").
  struct ModelStat {
    std::string name;
    int graded = 0, errors = 0;
    double mean = 0;  // points
    Interval ci;      // bootstrap 95% interval of the mean, points
    std::vector<int> pass, scored;  // per entry of `items`
  };
  std::vector<ModelStat> models;  // sorted by name
};

BatchSummary Summarize(const std::vector<Record>& records, const RubricSummary& rubric);

// The same, one record at a time, keeping counts, the scores and one short
// row per student (what the batch runner uses, so its memory grows by a
// row, not a record, per submission).
//
//   SummaryBuilder b(rubric);
//   for (...) b.Add(record);
//   BatchSummary s = b.Finish();
class SummaryBuilder {
 public:
  explicit SummaryBuilder(const RubricSummary& rubric);
  void Add(const ReportRecord& record);
  BatchSummary Finish() const;

 private:
  static constexpr const char* kNoModel = "(none)";
  struct Model {
    BatchSummary::ModelStat stat;
    std::vector<double> scores;
  };
  RubricSummary rubric_;
  BatchSummary s_;
  std::vector<double> scores_;
  double normalized_sum_ = 0;
  std::map<std::pair<std::string, std::string>, size_t> item_index_;  // (section, id) -> index in s_.items
  std::map<std::pair<std::string, std::string>, int> mistake_counts_;
  std::map<std::string, Model> models_;  // sorted by name
  std::vector<std::map<std::string, int>> wrong_values_;  // per entry of s_.items
  bool any_model_ = false;
};

// Summarize() rendered as Markdown tables (summary_md.h).
std::string SummaryMarkdown(const std::vector<Record>& records, const RubricSummary& rubric);

// Summarize() rendered as one self-contained HTML page with inline SVG
// charts (summary_html.h).
std::string SummaryHtml(const std::vector<Record>& records, const RubricSummary& rubric);

// "0-10", "10-20", ... for histogram bin `i` of `bins` over [0, max].
std::string BinLabel(int i, int bins, double max);

}  // namespace grader

#endif  // GRADER_REPORTS_SUMMARY_H_
