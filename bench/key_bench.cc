// Answer-key regeneration: BuildKey for a fresh variant of each built-in
// problem (every solver runs in exact arithmetic and the key carries its
// conventions, known mistakes and derivations). Reported as keys per second.
#include <benchmark/benchmark.h>

#include "reference/key.h"
#include "reference/key_render.h"

namespace grader {
namespace {

void KeysFor(benchmark::State& state, const std::string& id) {
  const Problem& problem = BuiltinProblems().Get(id);
  long variant = 1;
  for (auto _ : state) {
    // A new variant each time: nothing is reused between iterations.
    AnswerKey key = BuildKey(problem, problem.Variant(variant), variant);
    benchmark::DoNotOptimize(key.answers.data());
    ++variant;
  }
  state.counters["keys/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_KeyCs336(benchmark::State& state) { KeysFor(state, "cs336-transformer-accounting"); }
void BM_KeyLora(benchmark::State& state) { KeysFor(state, "eecs182-lora"); }
void BM_KeyChinchillaFermi(benchmark::State& state) { KeysFor(state, "eecs182-chinchilla-fermi"); }
BENCHMARK(BM_KeyCs336)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_KeyLora)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_KeyChinchillaFermi)->Unit(benchmark::kMillisecond)->MinTime(1.0);

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
}  // namespace grader

BENCHMARK_MAIN();
