// What the UI thread's event queue is in the app, for the worker tests: functions a worker
// posts wait here until the test (the "UI thread") runs them. post() may be called from any
// thread; RunAll() runs what is waiting, in the order it was posted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "kiosk/app/core/store_worker.h"

namespace stem::kiosk {

class UiQueue {
 public:
  StoreWorker::Post post() {
    return [this](std::function<void()> f) {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(f));
      cv_.notify_all();
    };
  }
  // True once at least n functions wait (within a minute: the machine may be loaded).
  bool WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return queue_.size() >= n; });
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
  }
  void RunAll() {
    std::vector<std::function<void()>> q;
    {
      std::lock_guard<std::mutex> lock(mu_);
      q.swap(queue_);
    }
    for (auto& f : q) f();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void()>> queue_;
};

}  // namespace stem::kiosk
