// One background thread with its own connection to the kiosk's store, running jobs in order.
//
// StoreWorker owns one std::jthread and, on that thread only, one Store connection to the
// file named at construction (opened at the first job; SQLite arbitrates with the UI's
// connection). Jobs run one at a time in the order Add() was called, each returning only
// after its commit; each result then goes to the injected `post` function, which runs it on
// the UI thread (CallAfter in the app, a queue in tests). No thread is started per job, so a
// busy day adds jobs to a queue, not threads to the process.
// Add() may be called from any thread. The destructor finishes the jobs already given (a
// save or a check-in that was tapped is not dropped half-way) and then joins.
// Errors are values: a job's result type carries a `Status status` member. When the store
// cannot be opened, every job gets that status (the open is tried again at each job) and
// never runs; nothing is written.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "data/status.h"

namespace stem {
class Store;
}

namespace stem::kiosk {

class StoreWorker {
 public:
  using Post = std::function<void(std::function<void()>)>;

  StoreWorker(std::string store_path, Post post);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  // Queues `job`; its result (or the store's open error in `status`) goes to `done` through
  // `post`. JobResult must be default-constructible and copyable, with a `Status status`.
  template <typename JobResult>
  void Add(std::function<JobResult(Store&)> job, std::function<void(JobResult)> done) {
    Enqueue([this, job = std::move(job), done = std::move(done)](Store* store,
                                                                 const Status& open_error) {
      JobResult result;
      if (store != nullptr) {
        result = job(*store);
      } else {
        result.status = open_error;
      }
      post_([done, result = std::move(result)]() { done(result); });
    });
  }

 private:
  // Runs on the worker thread with its connection, or with nullptr and why it could not open.
  using Task = std::function<void(Store*, const Status&)>;
  void Enqueue(Task task);
  void Loop();

  std::string store_path_;
  Post post_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
  std::jthread thread_;  // last: started once everything it uses exists
};

}  // namespace stem::kiosk
