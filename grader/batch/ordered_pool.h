// An ordered, bounded worker pool: `jobs` threads compute work(i) for
// i = 0..n-1, and the calling thread receives every result in index order,
// as soon as all earlier ones are done. Workers stay at most `window`
// indices ahead of the consumer, so at most `window` results are held
// however large n is.
//
//   RunOrdered<std::string>(n, /*jobs=*/2, /*window=*/128,
//       [&](size_t i) { return Grade(i); },             // on a worker
//       [&](size_t i, std::string&& r) { Write(r); },   // on this thread, i = 0, 1, 2, ...
//       [&](size_t done) { progress.Update(done); });   // while waiting, every ~200 ms
//
// work() must not throw (catch inside it); consume() may, and the pool then
// lets the workers finish the window, joins them and rethrows.
//
// The consumer sleeps until a run of results (half the window) is ready,
// not just the next one, and workers are woken only when one waits for a
// slot: one wake-up per item costs more than grading many of them.
#ifndef GRADER_BATCH_ORDERED_POOL_H_
#define GRADER_BATCH_ORDERED_POOL_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace grader {

template <typename T, typename Work, typename Consume, typename Idle>
void RunOrdered(size_t n, int jobs, size_t window, Work work, Consume consume, Idle idle) {
  if (n == 0) return;
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(n)));
  window = std::max<size_t>(window, 2);
  struct Slot {
    bool ready = false;
    T value{};
  };
  std::vector<Slot> slots(window);  // item i lives in slots[i % window]
  const size_t batch = window / 2;
  std::mutex mu;
  std::condition_variable slot_ready, slot_free;
  // Who sleeps (guarded by mu), so that nobody is woken for nothing.
  size_t main_waits_for = static_cast<size_t>(-1);
  int workers_waiting = 0;
  size_t committed = 0;  // items consumed (guarded by mu)
  bool stop = false;     // the consumer failed (guarded by mu)
  std::atomic<size_t> next{0};

  auto worker = [&] {
    while (true) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      {
        std::unique_lock<std::mutex> lock(mu);
        if (i >= committed + window) {
          ++workers_waiting;
          slot_free.wait(lock, [&] { return stop || i < committed + window; });
          --workers_waiting;
        }
        if (stop) return;
      }
      T value = work(i);
      bool wake = false;
      {
        std::lock_guard<std::mutex> lock(mu);
        Slot& slot = slots[i % window];
        slot.value = std::move(value);
        slot.ready = true;
        wake = i >= main_waits_for;
      }
      if (wake) slot_ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(jobs));
  for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);

  std::exception_ptr failure;
  for (size_t i = 0; i < n && !failure; ++i) {
    Slot& slot = slots[i % window];
    T taken;
    bool wake = false;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!slot.ready) {
        main_waits_for = std::min(i + batch, n - 1);
        while (!slot.ready) {
          slot_ready.wait_for(lock, std::chrono::milliseconds(200));
          lock.unlock();
          idle(i);
          lock.lock();
          main_waits_for = i;  // woken early or out of order: wait for this one
        }
        main_waits_for = static_cast<size_t>(-1);
      }
      taken = std::move(slot.value);
      slot = Slot();
      ++committed;
      wake = workers_waiting > 0;
    }
    if (wake) slot_free.notify_all();
    try {
      consume(i, std::move(taken));
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (failure) {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
  }
  slot_free.notify_all();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace grader

#endif  // GRADER_BATCH_ORDERED_POOL_H_
