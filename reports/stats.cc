#include "reports/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "grader/base/hash.h"
#include "grader/base/random.h"

namespace grader {

double Mean(const std::vector<double>& xs) {
  if (xs.empty()) return 0;
  double sum = 0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double Median(std::vector<double> xs) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  size_t n = xs.size();
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double StdDev(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = Mean(xs);
  double sum = 0;
  for (double x : xs) sum += (x - mean) * (x - mean);
  return std::sqrt(sum / static_cast<double>(xs.size() - 1));
}

std::vector<int> Histogram(const std::vector<double>& xs, double max, int bins) {
  std::vector<int> counts(std::max(bins, 1), 0);
  for (double x : xs) {
    int bin = 0;
    if (max > 0 && x > 0) {
      // x * bins / max, not x / (max / bins): exact for scores on bin edges.
      double position = x * counts.size() / max;
      bin = position >= static_cast<double>(counts.size()) ? static_cast<int>(counts.size()) - 1
                                                           : static_cast<int>(std::floor(position));
    }
    ++counts[bin];
  }
  return counts;
}

Interval BootstrapMeanInterval(const std::vector<double>& xs, int resamples, uint64_t seed, double level) {
  if (xs.empty() || resamples <= 0) return {};
  SplitMix64 rng(seed);
  std::vector<double> means(resamples);
  for (double& m : means) {
    double sum = 0;
    for (size_t i = 0; i < xs.size(); ++i) sum += xs[rng.Below(xs.size())];
    m = sum / static_cast<double>(xs.size());
  }
  std::sort(means.begin(), means.end());
  double r = resamples;
  size_t low = static_cast<size_t>(std::floor(r * (1 - level) / 2));
  size_t high = static_cast<size_t>(std::ceil(r * (1 + level) / 2)) - 1;
  low = std::min(low, means.size() - 1);
  high = std::min(std::max(high, low), means.size() - 1);
  return {means[low], means[high]};
}

uint64_t SeedFor(std::string_view name) { return Fnv1a64(name); }

std::string ShowNumber(double x, int decimals) {
  double scale = std::pow(10.0, decimals);
  double k = std::round(x * scale);
  if (decimals >= 0 && decimals <= 6 && std::fabs(k) < 1e15) {
    // The common case without printf: k holds the digits exactly.
    unsigned long long a = static_cast<unsigned long long>(std::fabs(k));
    unsigned long long p = 1;
    for (int i = 0; i < decimals; ++i) p *= 10;
    std::string s = (k < 0 && a != 0 ? "-" : "") + std::to_string(a / p);
    unsigned long long frac = a % p;
    if (frac != 0) {
      std::string digits = std::to_string(frac);
      digits.insert(0, static_cast<size_t>(decimals) - digits.size(), '0');
      while (digits.back() == '0') digits.pop_back();
      s += "." + digits;
    }
    return s;
  }
  double rounded = k / scale;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string ShowPercent(double fraction) { return ShowNumber(fraction * 100, 1) + "%"; }

long long Cents(double x) { return std::llround(x * 100); }

std::vector<long long> SplitCents(const std::vector<double>& values, long long total_cents) {
  std::vector<long long> out(values.size());
  long long sum = 0;
  for (size_t i = 0; i < values.size(); ++i) sum += out[i] = Cents(values[i]);
  if (values.empty()) return out;
  std::vector<bool> moved(values.size(), false);
  while (sum != total_cents) {
    const int step = total_cents > sum ? 1 : -1;
    size_t best = values.size();
    double best_gap = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      double gap = (values[i] * 100 - static_cast<double>(out[i])) * step;  // what rounding took away
      if ((best == values.size() || gap > best_gap) && !moved[i]) best = i, best_gap = gap;
    }
    if (best == values.size()) {  // every value moved once: start over (a total far from the sum)
      std::fill(moved.begin(), moved.end(), false);
      continue;
    }
    out[best] += step;
    moved[best] = true;
    sum += step;
  }
  return out;
}

std::vector<long long> SplitCentsKeeping(const std::vector<double>& values,
                                         const std::vector<std::optional<long long>>& fixed, long long total_cents) {
  std::vector<long long> out(values.size());
  std::vector<size_t> open;
  std::vector<double> open_values;
  long long kept = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i < fixed.size() && fixed[i]) {
      kept += out[i] = *fixed[i];
    } else {
      open.push_back(i);
      open_values.push_back(values[i]);
    }
  }
  if (open.empty()) return kept == total_cents ? out : SplitCents(values, total_cents);
  std::vector<long long> got = SplitCents(open_values, total_cents - kept);
  for (size_t k = 0; k < open.size(); ++k) out[open[k]] = got[k];
  return out;
}

std::string ShowCents(long long cents) { return ShowNumber(static_cast<double>(cents) / 100); }

}  // namespace grader
