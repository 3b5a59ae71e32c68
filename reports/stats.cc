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

}  // namespace grader
