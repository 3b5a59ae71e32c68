// `grader merge DIR... --out OUT`: the folders of `grader grade --shard K/N`
// into one output folder, identical to a single run's (grader/batch/merge.h).
#include <memory>

#include "grader/base/error.h"
#include "grader/batch/merge.h"
#include "grader/cli/command.h"

namespace grader {
namespace {

std::function<int()> SetupMerge(CLI::App* app) {
  auto m = std::make_shared<MergeOptions>();
  app->add_option("shards", m->shards,
                  "the --out folders of 'grader grade ... --shard K/N', one for each K from 0 to N-1, in any order")
      ->required()
      ->type_name("DIR");
  app->add_option("--out", m->out_dir,
                  "the merged folder: results.jsonl, grades.csv, gradebook.csv, review.csv, feedback/, staff/, "
                  "gradescope/, summary.md and summary.html, run.json, as one run without --shard writes them")
      ->required()
      ->type_name("DIR");
  app->add_option("--problems", m->problems_dir,
                  "load problem definitions from DIR (default: the folder the shards used)")
      ->type_name("DIR");
  app->add_option("-j,--jobs", m->jobs, "parallel workers copying per-student files (default: every core)");
  app->footer(
      "Each shard graded the inputs whose id hashes to its K (grader grade --help, --shard). The merge grades\n"
      "nothing: it puts the shards' records back in the single run's order, renders the shared reports from\n"
      "them, copies each student's files from their shard and writes the single run's run.json. It refuses,\n"
      "naming the folder, shards that do not belong together: a folder graded without --shard or whose run\n"
      "did not finish, a different N, a K given twice or missing, other options, other inputs or input paths,\n"
      "another rubric, problem, roster or grader version. The rubric and roster are read again from where\n"
      "run.json says, and must be unchanged.\n"
      "Exit code: 0, or 1 when some submission could not be graded (as 'grader grade'), 2 when refused.\n"
      "\n"
      "Examples:\n"
      "  for k in 0 1 2 3; do grader grade --rubric R.json subs/ --out part-$k --shard $k/4; done\n"
      "  grader merge part-0 part-1 part-2 part-3 --out graded\n"
      "  Slurm: examples/cluster/slurm.sbatch; Kubernetes: examples/cluster/k8s-indexed-job.yaml");
  return [m] {
    BatchReport r = MergeShards(*m);
    PrintBatchReport(r, m->out_dir);
    return static_cast<int>(r.errors > 0 ? kExitFailure : kExitOk);
  };
}

const CommandRegistration kMerge(
    {"merge", "join the folders of 'grader grade --shard K/N' into one, as a single run writes it", SetupMerge});

}  // namespace
}  // namespace grader
