// `grader merge`: the folders of `grader grade --shard K/N` (shard.h), one
// per K, into one output folder identical to what a single run of the same
// command without --shard writes.
//
//   MergeOptions m;
//   m.shards = {"out-0", "out-1", "out-2", "out-3"};
//   m.out_dir = "graded";
//   BatchReport r = MergeShards(m);
//
// Nothing is graded again. The records of results.jsonl are put back in the
// single run's order (each shard's shard.json says where its records stand
// in the whole plan), and every shared output (results.jsonl, grades.csv,
// gradebook.csv, review.csv, summary.md and summary.html) is rendered from
// them by the same registered report formats as a run renders records it
// reuses (reports/report_format.h). The per-student files (feedback/,
// staff/, gradescope/) are taken from the shard that wrote them (they hold
// the response itself, which only the shard read): hard-linked when the
// shard is on the same file system, else copied. run.json is the
// single run's: the shards' options without "shard", and every skipped
// entry in the single run's order. A run.json holds no timings, so nothing
// in the merged folder differs from a single run's; shard.json is not
// copied.
//
// The shards are refused, naming the folder, when they do not belong
// together: a folder that is not a shard's output or whose run did not finish
// (a .journal.jsonl left), a different N, the same K twice, a K missing, other
// options (rubric path, inputs, --set, --roster, --gradescope, ...), other
// inputs (the whole plan's ids, file names and sources), another rubric,
// problem definition, roster or grader version, or a results.jsonl that
// does not hold the records shard.json lists. The rubric (and the roster) are
// read again from where run.json says, to render the reports; each must be
// unchanged since the shards ran.
#ifndef GRADER_BATCH_MERGE_H_
#define GRADER_BATCH_MERGE_H_

#include <string>
#include <vector>

#include "grader/batch/batch.h"

namespace grader {

struct MergeOptions {
  std::vector<std::string> shards;  // the shard folders, in any order
  std::string out_dir;
  std::string problems_dir;  // "": the folder the shards used
  int jobs = 0;              // 0: every core (copying per-student files)
};

// Merges. Throws grader::Error (exit code 2), naming the folder, when the
// shards do not belong together or the output cannot be written; the
// output folder is then left as it was, apart from per-student files.
// The report counts what a single run would have reported.
BatchReport MergeShards(const MergeOptions& options);

}  // namespace grader

#endif  // GRADER_BATCH_MERGE_H_
