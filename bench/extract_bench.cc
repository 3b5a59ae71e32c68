// Throughput of extraction on real responses: seeds 002, 003 and 004
// replicated to about 4 MB, reported as MB/s (10^6 bytes per second) of
// response text per core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "grader/extract/extract.h"

namespace grader {
namespace {

std::string ReadSeed(const std::string& prefix) {
  // The seed names carry a hash; match on the numeric prefix.
  for (const char* name : {"002_b4d7ad0926eb3fc7.txt", "003_3481338b44f4d9e3.txt", "004_b14c3983825096cc.txt"}) {
    if (std::string(name).rfind(prefix, 0) != 0) continue;
    std::ifstream in(std::string(GRADER_SEEDS_DIR) + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return "";
}

const std::string& Corpus() {
  static const std::string corpus = [] {
    std::string one = ReadSeed("002") + "\n\n" + ReadSeed("003") + "\n\n" + ReadSeed("004") + "\n\n";
    if (one.size() < 1000) {
      std::cerr << "extract_bench: seeds not found in " << GRADER_SEEDS_DIR << "\n";
      std::exit(1);
    }
    std::string all;
    while (all.size() < 4000000) all += one;
    return all;
  }();
  return corpus;
}

void SetRate(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(Corpus().size()));
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * Corpus().size() / 1e6,
                                              benchmark::Counter::kIsRate);
}

// Full extraction: document, parts, quantities, equations, claims index.
void BM_Extract(benchmark::State& state) {
  ExtractOptions options;
  options.part_ids = {"a", "b", "c", "d", "e"};
  for (auto _ : state) {
    Extractions x = Extract(Corpus(), options);
    benchmark::DoNotOptimize(x.quantities.data());
  }
  SetRate(state);
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// One full extraction and nothing else, for instruction counts:
//   valgrind --tool=callgrind extract_bench --benchmark_filter=BM_OneExtract
void BM_OneExtract(benchmark::State& state) { BM_Extract(state); }
BENCHMARK(BM_OneExtract)->Unit(benchmark::kMillisecond)->Iterations(1);

// The stages on their own, to see where the time goes.
void BM_Document(benchmark::State& state) {
  for (auto _ : state) {
    Document doc(Corpus());
    benchmark::DoNotOptimize(doc.units().data());
  }
  SetRate(state);
}
BENCHMARK(BM_Document)->Unit(benchmark::kMillisecond);

void BM_Quantities(benchmark::State& state) {
  Document doc(Corpus());
  for (auto _ : state) benchmark::DoNotOptimize(FindQuantities(doc).size());
  SetRate(state);
}
BENCHMARK(BM_Quantities)->Unit(benchmark::kMillisecond);

void BM_Equations(benchmark::State& state) {
  Document doc(Corpus());
  for (auto _ : state) benchmark::DoNotOptimize(FindEquations(doc).size());
  SetRate(state);
}
BENCHMARK(BM_Equations)->Unit(benchmark::kMillisecond);

void BM_Segments(benchmark::State& state) {
  Document doc(Corpus());
  for (auto _ : state) benchmark::DoNotOptimize(MapParts(doc, {"a", "b", "c"}).parts.size());
  SetRate(state);
}
BENCHMARK(BM_Segments)->Unit(benchmark::kMillisecond);

void BM_Claims(benchmark::State& state) {
  Document doc(Corpus());
  for (auto _ : state) benchmark::DoNotOptimize(Claims(doc).clauses().size());
  SetRate(state);
}
BENCHMARK(BM_Claims)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace grader

BENCHMARK_MAIN();
