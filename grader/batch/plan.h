// Planning a batch: everything decided before the first submission is
// graded. Reads the rubric, collects the inputs, applies the roster and the
// overrides, builds one answer key per distinct parameter set and fixes each
// submission's file id. Nothing is graded or written here.
//
//   BatchPlan plan = PlanBatch(options);
//   plan.subs.Get(i);                // submission i, in input order (subs.id(i): its id)
//   plan.KeyOf(i).key;               // its answer key (or .error: bad parameters)
//   plan.FileId(i);                  // the name its files get
//
// Memory per submission is small (issue 13): the submissions are a compact
// table (submission_table.h), file ids are kept only where they differ from
// the id, and the key is a 4-byte index.
#ifndef GRADER_BATCH_PLAN_H_
#define GRADER_BATCH_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/batch/batch.h"
#include "grader/batch/submission_table.h"
#include "grader/rubric/grade.h"
#include "grader/rubric/rubric.h"
#include "grader/rubric/score.h"
#include "reference/key.h"
#include "reports/batch_record.h"

namespace grader {

// The answer key of one parameter set, built once and shared.
struct KeyEntry {
  AnswerKey key;
  std::string version;
  // GradingExtractOptions(key), made once and read by every submission
  // graded with this key; empty: each submission makes its own.
  std::optional<ExtractOptions> extract;
  std::string error;  // bad parameters for this submission
};

// What `--shard K/N` kept of the whole plan (shard.h), for the shard's
// manifest (shard.json) that `grader merge` reads.
struct ShardSlice {
  size_t total = 0;                  // submissions of the whole plan
  size_t skipped_total = 0;          // skipped entries of the whole plan
  std::vector<size_t> rows;          // each kept submission's index in the whole plan (parallel to subs)
  std::vector<size_t> skipped_rows;  // each kept skipped entry's index in the whole plan
  std::string plan_hash;             // of the whole plan's ids, file ids and skipped entries' count and reasons
  std::string sources_hash;          // of the whole plan's sources and skipped entries' paths
  std::string key_version;           // of the run's default key ("" without a problem)
  std::string roster_hash;           // of the roster file ("" without one)
};

struct BatchPlan {
  Rubric rubric;
  std::shared_ptr<const ProblemSet> problems;  // where the rubric's problem was found (keeps it alive)
  RubricSummary summary;
  BatchInputOptions input;  // as the workers read deferred submissions
  bool judging = false;     // a judge endpoint is set
  SubmissionTable subs;
  // The file ids that differ from their submission's id, by index (sorted).
  std::vector<std::pair<size_t, std::string>> renamed_file_ids;
  std::vector<KeyEntry> keys;         // one per distinct parameter set
  std::vector<int> key_index;         // parallel to subs; -1: no key (the submission has an error)
  std::map<std::string, std::vector<Override>> overrides;  // by submission id
  std::map<std::string, std::string> override_text;        // id -> canonical text, for fingerprints
  std::vector<std::string> notes;     // for the TA: left-out problems, roster notes, renamed ids
  std::vector<SkippedEntry> skipped;  // entries of the input folders that are not submissions, and why
  ShardSlice shard;                   // with --shard: what this shard kept (empty otherwise)

  size_t size() const { return subs.size(); }
  const KeyEntry& KeyOf(size_t i) const { return keys[static_cast<size_t>(key_index[i])]; }
  // The name submission i's files get (feedback/<file id>.md, ...).
  std::string FileId(size_t i) const;
};

// Plans the batch `options` describe. Throws grader::Error for problems with
// the run itself (a bad rubric, roster or overrides file, an input that does
// not exist, an override naming an unknown submission or rubric item, a
// roster column that is not a parameter); a bad submission becomes one with
// `error` set.
BatchPlan PlanBatch(const BatchOptions& options);

}  // namespace grader

#endif  // GRADER_BATCH_PLAN_H_
