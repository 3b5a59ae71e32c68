// Statistics for batch summaries, and the one place the reports turn a
// double into text. Plain doubles: these describe a class's scores, they are
// not grades, so exact arithmetic buys nothing here.
//
//   Mean({1, 2, 6})                  // 3
//   Median({1, 2, 6, 7})             // 4
//   Histogram({0, 5, 10}, 10, 10)    // {1, 0, 0, 0, 0, 1, 0, 0, 0, 1}
//   BootstrapMeanInterval({..}, 2000, seed)  // {low, high}, the same for the same seed
//   ShowNumber(2.0 / 3)              // "0.67"
#ifndef GRADER_REPORTS_STATS_H_
#define GRADER_REPORTS_STATS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

// Each returns 0 for an empty list.
double Mean(const std::vector<double>& xs);
double Median(std::vector<double> xs);  // the mean of the middle two for even sizes
double StdDev(const std::vector<double>& xs);  // sample (n - 1); 0 for one value

// Counts of `xs` in `bins` equal bins over [0, max]: bin i holds
// [i*max/bins, (i+1)*max/bins), the last also holds max. Values below 0 go
// to the first bin, above max to the last. max <= 0: everything in bin 0.
std::vector<int> Histogram(const std::vector<double>& xs, double max, int bins);

struct Interval {
  double low = 0;
  double high = 0;
};

// The percentile bootstrap interval for the mean of `xs` at `level` (0.95):
// `resamples` resamples with replacement drawn from SplitMix64(seed)
// (grader/base/random.h); the bounds are the sorted means at
// floor(r*(1-level)/2) and ceil(r*(1+level)/2) - 1. Empty `xs`: {0, 0}.
Interval BootstrapMeanInterval(const std::vector<double>& xs, int resamples, uint64_t seed, double level = 0.95);

// A seed for a name (FNV-1a, grader/base/hash.h), so each model's interval
// does not depend on which other models are in the batch.
uint64_t SeedFor(std::string_view name);

// `x` rounded half away from zero to at most `decimals` places, trailing
// zeros dropped, "-0" shown as "0": 12.5 -> "12.5", 3.14159 -> "3.14", 7 -> "7".
std::string ShowNumber(double x, int decimals = 2);

// `x` in hundredths, rounded half away from zero (what ShowNumber shows).
long long Cents(double x);

// `values` in hundredths that add up to exactly `total_cents`: each rounded
// to the nearest hundredth, then the difference (at most one hundredth per
// value when total_cents is Cents of their sum) moved one hundredth at a time
// to the values whose rounding lost (or gained) the most, earlier values
// first on ties. So the parts a page shows add up to the total it shows.
//   SplitCents({10.0/3, 10.0/3, 10.0/3}, 1000)  // {334, 333, 333}
std::vector<long long> SplitCents(const std::vector<double>& values, long long total_cents);

// SplitCents where some values keep fixed hundredths (`fixed[i]`, e.g. an
// item at full credit keeps its max points) and the others take the
// difference; when no value is free (or the fixed ones alone miss the total)
// every value may move.
std::vector<long long> SplitCentsKeeping(const std::vector<double>& values,
                                         const std::vector<std::optional<long long>>& fixed, long long total_cents);

// Hundredths as ShowNumber shows them: 1234 -> "12.34", -200 -> "-2".
std::string ShowCents(long long cents);

// `fraction` (0..1) as a percentage with at most one decimal: 0.8339 -> "83.4%".
std::string ShowPercent(double fraction);

}  // namespace grader

#endif  // GRADER_REPORTS_STATS_H_
