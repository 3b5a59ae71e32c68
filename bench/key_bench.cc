// Answer-key regeneration: BuildKey for a fresh variant of each built-in
// problem (Problem::Variant draws and checks the parameters, every solver
// runs in exact arithmetic and the key carries its conventions, known
// mistakes and derivations). Reported as keys per second.
//
//   BM_Key/<problem>            the key as grading builds it (derivations
//                               written when first read)
//   BM_KeyWithVersion/<problem> and its KeyVersion (what `grader grade`
//                               does per distinct key: the numbers and text,
//                               and the problem definition's hash in place
//                               of the derivations, which stay unwritten)
//   BM_KeyCs336Rendered         the Markdown sheet as well (`grader key`)
//
// `key_bench --key_versions` prints every shipped problem's KeyVersion at its
// defaults and variants 1-40, 99, 250, 1000 and 12345 instead of timing.
//
// For instruction counts per key (load-independent), run one benchmark under
// callgrind with a fixed number of keys (--key_iterations=N; without it each
// benchmark runs for a second) and divide the inclusive count of KeysFor by N:
//   valgrind --tool=callgrind ./bench/key_bench --key_iterations=1000
//     --benchmark_filter='BM_KeyWithVersion/eecs182-lora/'   (one command)
// The first keys of a process fill the solvers' caches (eecs182-chinchilla-fermi
// computes 143 distinct 50-digit fits, one per alpha and beta, then reuses
// them): a steady-state count is the difference of the counts of two runs,
// N = 2000 and N = 1000, over 1000.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "grader/rubric/grade.h"
#include "reference/key.h"
#include "reference/key_render.h"

namespace grader {
namespace {

void KeysFor(benchmark::State& state, const std::string& id, bool version) {
  const Problem& problem = BuiltinProblems().Get(id);
  long variant = 1;
  for (auto _ : state) {
    // A new variant each time: nothing is reused between iterations.
    AnswerKey key = BuildKey(problem, problem.Variant(variant), variant);
    benchmark::DoNotOptimize(key.answers.data());
    if (version) {
      std::string v = KeyVersion(key);
      benchmark::DoNotOptimize(v.data());
    }
    ++variant;
  }
  state.counters["keys/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The Markdown solution sheet as well (what `grader key` writes).
void BM_KeyCs336Rendered(benchmark::State& state) {
  const Problem& problem = BuiltinProblems().Get("cs336-transformer-accounting");
  long variant = 1;
  for (auto _ : state) {
    AnswerKey key = BuildKey(problem, problem.Variant(variant), variant);
    std::string md = KeyToMarkdown(key);
    benchmark::DoNotOptimize(md.data());
    ++variant;
  }
  state.counters["keys/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KeyCs336Rendered)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

// One benchmark per shipped problem, so that a new problem file gets one
// (registered from main: the solvers register themselves during static
// initialisation, in no particular order with this file).
// `iterations` > 0: that many keys per benchmark instead of a second's worth.
void RegisterKeyBenchmarks(long iterations) {
  auto time = [iterations](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMicrosecond);
    if (iterations > 0) b->Iterations(iterations);
    else b->MinTime(1.0);
  };
  for (const Problem& p : BuiltinProblems().problems()) {
    const std::string id = p.id;
    time(benchmark::RegisterBenchmark(("BM_Key/" + id).c_str(),
                                      [id](benchmark::State& state) { KeysFor(state, id, false); }));
    time(benchmark::RegisterBenchmark(("BM_KeyWithVersion/" + id).c_str(),
                                      [id](benchmark::State& state) { KeysFor(state, id, true); }));
  }
}

// --key_versions: prints "problem variant version" for every shipped
// problem at its defaults and a fixed set of variants, instead of timing
// (compare the lines before and after a change to the key or KeyVersion).
void PrintKeyVersions() {
  std::vector<long> variants = {-1};
  for (long v = 1; v <= 40; ++v) variants.push_back(v);
  for (long v : {99L, 250L, 1000L, 12345L}) variants.push_back(v);
  for (const Problem& p : BuiltinProblems().problems())
    for (long v : variants)
      std::printf("%s %ld %s\n", p.id.c_str(), v, KeyVersion(BuildKey(p, KeyRequest{v, {}})).c_str());
}

}  // namespace grader

int main(int argc, char** argv) {
  // --key_iterations=N (ours, removed before Google Benchmark reads the rest).
  long iterations = 0;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string flag = "--key_iterations=";
    if (arg == "--key_versions") {
      grader::PrintKeyVersions();
      return 0;
    }
    if (arg.rfind(flag, 0) == 0) {
      iterations = std::stol(arg.substr(flag.size()));
      continue;
    }
    argv[kept++] = argv[i];
  }
  argc = kept;
  grader::RegisterKeyBenchmarks(iterations);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
