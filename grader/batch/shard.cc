#include "grader/batch/shard.h"

#include <cctype>
#include <filesystem>

#include "grader/base/atomic_file.h"
#include "grader/base/error.h"
#include "grader/base/hash.h"
#include "grader/base/random.h"
#include "grader/base/read_file.h"
#include "grader/base/sha256.h"
#include "grader/rubric/grade.h"
#include "grader/rubric/score.h"
#include "reference/key.h"
#include "reference/problem.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

// A whole number of at most 9 digits, or -1.
long ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 9) return -1;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
  return std::stol(text);
}

// Feeds `text` to `h` with its length first, so that no two sequences of
// fields hash alike.
void Field(Sha256& h, std::string_view text) {
  h.Update(std::to_string(text.size()));
  h.Update(":");
  h.Update(text);
}

}  // namespace

ShardSpec ParseShard(const std::string& text) {
  const std::string shown = "--shard '" + text + "'";
  size_t slash = text.find('/');
  if (slash == std::string::npos)
    throw Error(shown + ": expected K/N, the K-th of N slices counted from 0 (e.g. --shard 0/4 ... --shard 3/4)");
  std::string k = text.substr(0, slash), n = text.substr(slash + 1);
  if (k.empty())
    throw Error(shown + ": K is empty; is the variable that should give it set " +
                "($SLURM_ARRAY_TASK_ID in a Slurm job array, $JOB_COMPLETION_INDEX in a Kubernetes Indexed Job)?");
  if (n.empty()) throw Error(shown + ": N is empty; expected K/N, e.g. --shard 0/4");
  long kv = ParseCount(k), nv = ParseCount(n);
  if (kv < 0 || nv < 0) throw Error(shown + ": K and N must be whole numbers, as in --shard 0/4");
  if (nv == 0) throw Error(shown + ": N must be at least 1");
  if (nv > kMaxShards) throw Error(shown + ": N may be at most " + std::to_string(kMaxShards));
  if (kv >= nv)
    throw Error(shown + ": K must be below N (0 to " + std::to_string(nv - 1) +
                "); a Slurm array numbered from 1 (--array=1-" + n + ") needs --shard $((SLURM_ARRAY_TASK_ID-1))/" + n);
  return ShardSpec{static_cast<int>(kv), static_cast<int>(nv)};
}

std::string ShardText(const ShardSpec& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

int ShardOf(std::string_view key, int count) {
  // FNV-1a's low bits are a poor spread on their own (the lowest is the
  // parity of the bytes), so the hash is mixed before the modulo.
  return static_cast<int>(SplitMix64Hash(Fnv1a64(key)) % static_cast<uint64_t>(count));
}

void SliceToShard(BatchPlan* plan, const BatchOptions& o, const Problem* problem) {
  const ShardSpec& spec = o.shard;
  ShardSlice& slice = plan->shard;
  slice.total = plan->subs.size();
  slice.skipped_total = plan->skipped.size();

  // The whole plan, as every shard of the same inputs sees it: who (ids and
  // file ids), and where from (sources and skipped paths, which are
  // relative or absolute as the inputs were given).
  Sha256 who, where;
  Field(who, std::to_string(slice.total));
  for (size_t i = 0; i < plan->subs.size(); ++i) {
    Field(who, plan->subs.id(i));
    Field(who, plan->FileId(i));
    Field(where, plan->subs.Get(i).source);
  }
  Field(who, std::to_string(slice.skipped_total));
  for (const SkippedEntry& e : plan->skipped) {
    Field(where, e.path);
    Field(who, e.reason);
  }
  slice.plan_hash = who.HexDigest();
  slice.sources_hash = where.HexDigest();

  // The default key's version tells a changed problem definition apart.
  if (problem) {
    try {
      slice.key_version = KeyVersion(BuildKey(*problem, KeyRequest{o.variant, o.sets}));
    } catch (const Error& e) {
      slice.key_version = std::string("error: ") + e.what();
    }
  }
  if (!o.roster.empty()) {
    slice.roster_hash = ContentHash(ReadFileOrThrow(o.roster, "roster"));
  }

  // Keep this shard's submissions, in plan order.
  // The renamed file ids (sorted by index) follow their submissions to
  // their new indices.
  std::vector<std::pair<size_t, std::string>> renamed;
  auto next_renamed = plan->renamed_file_ids.begin();
  for (size_t i = 0; i < plan->subs.size(); ++i) {
    while (next_renamed != plan->renamed_file_ids.end() && next_renamed->first < i) ++next_renamed;
    if (ShardOf(plan->subs.id(i), spec.count) != spec.index) continue;
    if (next_renamed != plan->renamed_file_ids.end() && next_renamed->first == i)
      renamed.emplace_back(slice.rows.size(), std::move(next_renamed->second));
    slice.rows.push_back(i);
  }
  size_t row = 0;
  plan->subs.KeepIf([&](size_t i) { return row < slice.rows.size() && slice.rows[row] == i ? (++row, true) : false; });
  plan->renamed_file_ids = std::move(renamed);
  const size_t kept = slice.rows.size();
  size_t kept_skipped = 0;
  for (size_t i = 0; i < plan->skipped.size(); ++i) {
    if (ShardOf(plan->skipped[i].path, spec.count) != spec.index) continue;
    if (kept_skipped != i) plan->skipped[kept_skipped] = std::move(plan->skipped[i]);
    slice.skipped_rows.push_back(i);
    ++kept_skipped;
  }
  plan->skipped.resize(kept_skipped);
  std::string note = "shard " + ShardText(spec) + ": " + std::to_string(kept) + " of the " +
                     std::to_string(slice.total) + " submissions";
  if (slice.skipped_total)
    note += " and " + std::to_string(kept_skipped) + " of the " + std::to_string(slice.skipped_total) +
            " skipped entries";
  plan->notes.push_back(note + "; 'grader merge' puts the " + std::to_string(spec.count) + " shard folders together");
}

void WriteShardManifest(const std::string& dir, const BatchOptions& o, const BatchPlan& plan) {
  const fs::path path = fs::path(dir) / kShardManifest;
  if (!o.shard.active()) {
    std::error_code ec;
    fs::remove(path, ec);  // an earlier sharded run's; this folder is whole now
    return;
  }
  const ShardSlice& s = plan.shard;
  ojson j;
  j["shard"] = ShardText(o.shard);
  j["index"] = o.shard.index;
  j["count"] = o.shard.count;
  j["grader"] = GraderVersion();
  j["rubric"] = plan.rubric.version;
  j["key"] = s.key_version;
  j["roster"] = s.roster_hash;
  j["plan"] = s.plan_hash;
  j["sources"] = s.sources_hash;
  j["submissions"] = s.total;
  j["skipped_entries"] = s.skipped_total;
  j["rows"] = s.rows;
  j["skipped_rows"] = s.skipped_rows;
  WriteFileAtomic(path.string(), j.dump() + "\n");
}

}  // namespace grader
