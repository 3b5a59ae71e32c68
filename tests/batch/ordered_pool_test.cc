// RunOrdered: results arrive in index order whatever the workers' timing,
// no more than `window` are outstanding, and a failing consumer stops the
// pool and reaches the caller.
#include "grader/batch/ordered_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

TEST_CASE("ordered pool: every result once, in index order", "[batch][pool]") {
  for (int jobs : {1, 2, 4}) {
    for (size_t window : {2u, 3u, 64u}) {
      const size_t n = 300;
      std::vector<size_t> got;
      std::atomic<int> in_flight{0}, most{0};
      grader::RunOrdered<size_t>(
          n, jobs, window,
          [&](size_t i) {
            int now = ++in_flight;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {
            }
            // Uneven work, so that later items often finish first.
            if (i % 13 == 0) std::this_thread::sleep_for(std::chrono::microseconds(20));
            --in_flight;
            return i * i;
          },
          [&](size_t i, size_t&& v) {
            CHECK(v == i * i);
            got.push_back(i);
          },
          [](size_t) {});
      REQUIRE(got.size() == n);
      for (size_t i = 0; i < n; ++i) REQUIRE(got[i] == i);
      CHECK(most.load() <= jobs);
    }
  }
}

TEST_CASE("ordered pool: workers stay within the window of the consumer", "[batch][pool]") {
  const size_t window = 4;
  std::atomic<size_t> consumed{0};
  std::atomic<size_t> furthest_ahead{0};
  grader::RunOrdered<int>(
      200, 3, window,
      [&](size_t i) {
        size_t ahead = i - std::min(i, consumed.load());
        size_t seen = furthest_ahead.load();
        while (ahead > seen && !furthest_ahead.compare_exchange_weak(seen, ahead)) {
        }
        return 0;
      },
      [&](size_t i, int&&) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        consumed = i + 1;
      },
      [](size_t) {});
  CHECK(consumed.load() == 200);
  // The consumer counts an item when it is done with it; the pool frees its
  // slot just before, so a worker may be one further ahead.
  CHECK(furthest_ahead.load() <= window + 1);
  CHECK(furthest_ahead.load() >= 1);
}

TEST_CASE("ordered pool: a consumer's exception stops the run and is rethrown", "[batch][pool]") {
  std::atomic<size_t> worked{0};
  std::vector<size_t> got;
  auto run = [&] {
    grader::RunOrdered<size_t>(
        100000, 2, 8,
        [&](size_t i) {
          ++worked;
          return i;
        },
        [&](size_t i, size_t&&) {
          if (i == 10) throw std::runtime_error("disk full");
          got.push_back(i);
        },
        [](size_t) {});
  };
  CHECK_THROWS_WITH(run(), "disk full");
  CHECK(got.size() == 10);
  CHECK(worked.load() <= 10 + 1 + 8 + 2);  // the window and the items in hand, not all 100,000
}

TEST_CASE("ordered pool: nothing to do", "[batch][pool]") {
  int calls = 0;
  grader::RunOrdered<int>(0, 2, 8, [&](size_t) { return ++calls; }, [&](size_t, int&&) { ++calls; }, [](size_t) {});
  CHECK(calls == 0);
}
