#include "kiosk/app/core/store_worker.h"

#include <optional>

#include "data/store/store.h"
#include "kiosk/app/core/worker_store.h"

namespace stem::kiosk {

StoreWorker::StoreWorker(std::string store_path, Post post)
    : store_path_(std::move(store_path)), post_(std::move(post)), thread_([this] { Loop(); }) {}

StoreWorker::~StoreWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  // thread_ joins as it is destroyed, after the tasks already given.
}

void StoreWorker::Enqueue(Task task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_all();
}

void StoreWorker::Loop() {
  std::optional<Store> store;  // this thread's connection
  for (;;) {
    Task next;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to do
      next = std::move(tasks_.front());
      tasks_.pop_front();
    }
    Status open_error;
    if (!store) {
      Result<Store> opened = OpenWorkerStore(store_path_);
      if (opened.ok()) {
        store.emplace(std::move(opened).value());
      } else {
        open_error = opened.status();  // tried again at the next task
      }
    }
    next(store ? &*store : nullptr, open_error);
  }
}

}  // namespace stem::kiosk
