// Batch grading: many submissions, one rubric, outputs people use.
//
//   BatchOptions o;
//   o.rubric_path = "rubrics/cs336-transformer-accounting.json";
//   o.inputs = {"submissions/"};
//   o.out_dir = "out";
//   BatchReport r = RunBatch(o);   // out/results.jsonl, grades.csv, feedback/, summary.html ...
//
// A run is a plan (plan.h: inputs, roster, overrides, keys, file ids), what
// an earlier run into the folder already graded (prior_run.h), one pure
// grading step per submission (grade_one.h) on an ordered worker pool
// (ordered_pool.h), and the registered report formats (reports/
// report_format.h), which receive every record in input order: the main
// thread streams results.jsonl, grades.csv and the summary's counts as
// submissions finish, workers write the per-student files, and workers read
// each response only when they grade it, so memory stays flat however many
// submissions there are. Every shared
// output is committed atomically at the end; while grading, each new record
// is appended to out/.journal.jsonl, so an interrupted run resumes: a rerun
// reuses every record whose response, rubric, key, grader, overrides and
// judge settings are unchanged (its "fingerprint") and grades the rest.
#ifndef GRADER_BATCH_BATCH_H_
#define GRADER_BATCH_BATCH_H_

#include <string>
#include <vector>

#include "grader/batch/inputs.h"
#include "grader/llm/judge.h"
#include "reports/batch_record.h"

namespace grader {

// `--shard K/N`: grade only the K-th of N slices of the inputs (shard.h).
// count 0: not sharded, the whole batch.
struct ShardSpec {
  int index = 0;
  int count = 0;
  bool active() const { return count > 0; }
};

struct BatchOptions {
  std::string rubric_path;
  std::string problems_dir;     // "": built-in problems, then problems/ beside the rubric
  std::vector<std::string> inputs;
  std::string out_dir;
  int jobs = 0;                 // 0: every core
  bool quiet = false;           // no progress line
  bool gradescope = false;      // also write gradescope/<id>/results.json
  std::string feedback;         // --feedback: which per-student pages ("" = all; see ParseFeedbackKinds)
  bool force = false;           // regrade even unchanged submissions
  std::string roster;           // CSV: id[,variant][,PARAM...]
  std::string overrides;        // CSV: id,check,credit[,comment]
  std::vector<std::string> sets;  // NAME=VALUE for every submission
  long variant = -1;            // for every submission without its own
  BatchInputOptions input;
  JudgeOptions judge;           // judge.endpoint "": llm items stay unscored
  ClientOptions client;
  ShardSpec shard;              // --shard K/N (shard.h); run.json keeps it, so regrade grades the same slice
  bool keep_scores = false;     // fill BatchReport::scores (regrade compares them); else none is kept
};

struct ReportRecord;  // reports/report_record.h

struct BatchReport {
  size_t total = 0, graded = 0, errors = 0, reused = 0, unscored_items = 0;
  size_t review_items = 0;        // items with status review (review.csv's rows)
  size_t skipped = 0;             // entries of the input folders that are not submissions (run.json lists them)
  std::vector<std::string> notes;   // renamed ids, roster notes, judge usage
  struct Score {
    std::string id;
    bool graded = false;
    double score = 0;
    std::string error;
  };
  std::vector<Score> scores;        // in input order, with BatchOptions::keep_scores only

  // Counts one finished record (graded or not) in input order; its score is
  // kept in `scores` when `keep_score` (what `regrade` compares).
  void Count(const ReportRecord& rec, bool keep_score);
};

// Runs the batch. Throws grader::Error for problems with the run itself (a
// bad rubric, an unreadable roster, an input that does not exist), never
// for a bad submission.
BatchReport RunBatch(const BatchOptions& options);

// The options a batch ran with, stored as out/run.json for `grader regrade`,
// with absolute paths so that regrade works from any directory.
nlohmann::ordered_json OptionsToJson(const BatchOptions& o);
BatchOptions OptionsFromJson(const nlohmann::json& j);

}  // namespace grader

#endif  // GRADER_BATCH_BATCH_H_
