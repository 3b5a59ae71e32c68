// Grading one submission of a batch: a pure function from a submission, its
// key and the human and judge decisions about it to its results.jsonl line
// and the record every report reads. No files, no threads.
//
//   GradedLine g = GradeSubmission(plan.rubric, job);
//   g.line;     // {"id": ..., "status": "graded", "score": ..., "result": {...}}
//   g.record;   // ReportFromResult of the same result
#ifndef GRADER_BATCH_GRADE_ONE_H_
#define GRADER_BATCH_GRADE_ONE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "grader/batch/inputs.h"
#include "grader/batch/plan.h"
#include "grader/llm/judge.h"
#include "grader/rubric/rubric.h"
#include "grader/rubric/score.h"
#include "reports/report_record.h"

namespace grader {

// The judge's verdicts for one submission, by item id.
using ItemVerdicts = std::map<std::string, JudgeVerdict>;

// Everything one submission is graded with.
struct SubmissionJob {
  const Submission& submission;
  const std::string& file_id;
  const KeyEntry& key;
  const std::string& content_hash;  // ContentHash(submission.text)
  const std::string& fingerprint;   // SubmissionFingerprint(...)
  const std::vector<Override>* overrides = nullptr;  // human decisions, or nullptr
  const ItemVerdicts* verdicts = nullptr;            // the judge's, or nullptr
};

struct GradedLine {
  std::string line;  // one line of results.jsonl, without the newline
  ReportRecord record;
};

// Grades one submission. An exception while grading becomes an error line
// ("internal error while grading: ..."), never a throw.
GradedLine GradeSubmission(const Rubric& rubric, const SubmissionJob& job);

// The line and record of a submission that cannot be graded.
GradedLine ErrorSubmission(const Submission& s, const std::string& file_id, const std::string& error);

// What decides whether an earlier record of this submission can be reused:
// a hash over everything its line depends on.
struct FingerprintInputs {
  std::string content_hash, rubric_version, key_version, overrides, judge, file_id;
  bool gradescope = false;
  std::string head;  // SubmissionHead: id, source, model, metadata, ... as the line has them
};
std::string SubmissionFingerprint(const FingerprintInputs& in);

// The fields a submission's line starts with (id, file id, source, model,
// problem, variant, params, metadata), as JSON text: part of its
// fingerprint, so that a record whose metadata changed is written again.
std::string SubmissionHead(const Submission& s, const std::string& file_id);

// The judge's settings as they enter fingerprints ("no-judge" without one).
std::string JudgeFingerprint(const JudgeOptions& judge);

// The reference answer shown to the judge for an llm item of `part` ("" =
// the whole key), at most about 2,000 bytes.
std::string JudgeReferenceFor(const AnswerKey& key, const std::string& part);

}  // namespace grader

#endif  // GRADER_BATCH_GRADE_ONE_H_
