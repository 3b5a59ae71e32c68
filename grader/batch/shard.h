// Sharding a batch over several machines: `grader grade ... --shard K/N`
// grades the K-th of N slices of the inputs into its own folder, and
// `grader merge` (merge.h) puts the N folders together again.
//
//   ShardSpec s = ParseShard("1/4");        // throws grader::Error (exit 2) for "4/4", "x/4", "/4", "0/0"
//   ShardOf("alice", 4);                    // 0..3, the same on every machine
//
// Which slice a submission belongs to depends only on its id (a hash of it,
// mixed, modulo N), never on the order of the files on disk, on the other
// submissions or on the machine: adding a student moves no one else to
// another shard, so a rerun of each shard into its folder still reuses
// every unchanged record. A skipped entry of an input folder (a hidden
// file, ...) belongs to the shard its path hashes to, so that every entry
// of the inputs is accounted for by exactly one shard. Duplicate ids share a
// shard (their error rows are decided over the whole plan, as in a single
// run).
//
// Every shard plans the whole batch (inputs, roster, overrides, file ids)
// exactly as a single run does, and only then keeps its slice: file names,
// "did you mean"s and duplicate-id errors are the same as a single run's.
// Beside the usual outputs of its slice, a shard writes shard.json, what
// `grader merge` needs to check the shards belong together and to restore
// the single run's order:
//
//   {"shard": "1/4", "index": 1, "count": 4,
//    "grader": "grader 0.1.0", "rubric": "<version>", "key": "<version of the default key>",
//    "roster": "<hash>", "plan": "<sha-256 of the whole plan's ids>", "sources": "<... of its sources>",
//    "submissions": 1000, "skipped_entries": 3,
//    "rows": [2, 5, ...],          this shard's submissions' places in the whole plan, in order
//    "skipped_rows": [1]}          likewise for its skipped entries (run.json lists them)
#ifndef GRADER_BATCH_SHARD_H_
#define GRADER_BATCH_SHARD_H_

#include <string>
#include <string_view>

#include "grader/batch/batch.h"
#include "grader/batch/plan.h"

namespace grader {

// The largest N accepted by --shard.
inline constexpr int kMaxShards = 100000;

// Reads "K/N" (0 <= K < N <= kMaxShards). Throws grader::Error, exit code 2,
// saying what is wrong: "/4" (an unset $SLURM_ARRAY_TASK_ID), "4/4" (an
// array numbered from 1), "0/0", "x/4".
ShardSpec ParseShard(const std::string& text);
// "K/N".
std::string ShardText(const ShardSpec& shard);

// The shard (0..count-1) of a submission id or a skipped entry's path.
int ShardOf(std::string_view key, int count);

// Keeps the slice `o.shard` of `plan` (after its inputs, roster, overrides
// and file ids, before its keys): drops the other submissions and skipped
// entries and fills plan->shard. `problem` is the rubric's (null: none).
void SliceToShard(BatchPlan* plan, const BatchOptions& o, const Problem* problem);

// Writes DIR/shard.json for a sharded run; for a run without --shard,
// removes a shard.json an earlier sharded run into DIR left.
void WriteShardManifest(const std::string& dir, const BatchOptions& o, const BatchPlan& plan);

inline constexpr const char* kShardManifest = "shard.json";

}  // namespace grader

#endif  // GRADER_BATCH_SHARD_H_
