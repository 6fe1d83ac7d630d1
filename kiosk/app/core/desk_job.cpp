#include "kiosk/app/core/desk_job.h"

#include "data/store.h"
#include "kiosk/app/core/worker_store.h"

namespace stem::kiosk {

DeskResult RunCheckIn(Store& store, const CheckInRequest& request) {
  DeskResult out;
  Result<CheckInResult> r = store.CheckIn(request);
  if (!r.ok()) {
    out.status = r.status();
    if (r.status().reason() == "duplicate_checkin") {
      // Read after the refusal, in its own statement: the words only, nothing depends on it.
      Result<std::optional<OpenCheckInInfo>> open =
          store.FindOpenCheckIn(request.person_id, request.activity_id);
      if (open.ok()) out.open = *open;
    }
    return out;
  }
  out.pickup_code = r->pickup_code;
  out.overrode = r->overrode;
  return out;
}

DeskResult RunCheckOut(Store& store, const CheckOutRequest& request) {
  DeskResult out;
  Result<CheckOutResult> r = store.CheckOut(request);
  if (!r.ok()) {
    out.status = r.status();
    return out;
  }
  out.method = r->method;
  return out;
}

DeskWorker::DeskWorker(std::string store_path, Post post)
    : store_path_(std::move(store_path)), post_(std::move(post)), thread_([this] { Loop(); }) {}

DeskWorker::~DeskWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  // thread_ joins as it is destroyed, after the jobs already given.
}

void DeskWorker::CheckIn(CheckInRequest request, Done done) {
  Add([request = std::move(request)](Store& s) { return RunCheckIn(s, request); }, std::move(done));
}

void DeskWorker::CheckOut(CheckOutRequest request, Done done) {
  Add([request = std::move(request)](Store& s) { return RunCheckOut(s, request); },
      std::move(done));
}

void DeskWorker::Add(Job job, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.emplace_back(std::move(job), std::move(done));
  }
  wake_.notify_all();
}

void DeskWorker::Loop() {
  std::optional<Store> store;  // this thread's connection
  for (;;) {
    std::pair<Job, Done> next;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      next = std::move(jobs_.front());
      jobs_.pop_front();
    }
    DeskResult result;
    if (!store) {
      Result<Store> opened = OpenWorkerStore(store_path_);
      if (opened.ok()) {
        store.emplace(std::move(opened).value());
      } else {
        result.status = opened.status();  // tried again at the next job
      }
    }
    if (store) result = next.first(*store);
    post_([done = std::move(next.second), result = std::move(result)]() { done(result); });
  }
}

}  // namespace stem::kiosk
