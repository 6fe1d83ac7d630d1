#include "sync/client/sync_worker.h"

namespace stem::sync {

SyncWorker::SyncWorker(SyncWorkerOptions options, Post post, OnStatus on_status)
    : options_(std::move(options)), post_(std::move(post)), on_status_(std::move(on_status)) {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

SyncWorker::~SyncWorker() { Stop(); }

void SyncWorker::SyncNow() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
  }
  cv_.notify_all();
}

void SyncWorker::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  cv_.notify_all();
  thread_.join();
}

bool SyncWorker::Wait(std::stop_token stop, std::chrono::milliseconds d, bool wake_on_request) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, stop, d, [&] { return wake_on_request && requested_; });
  return !stop.stop_requested();
}

SyncStatus SyncWorker::RunPass(Store& store, std::stop_token stop) {
  SyncStatus st;
  Result<SyncSettings> settings = store.GetSyncSettings();
  if (settings.ok() && settings->enrolled()) {
    st.enrolled = true;
    std::unique_ptr<HttpTransport> transport;
    if (options_.make_transport) {
      transport = options_.make_transport(*settings);
    } else {
      TransportOptions t;
      t.ca_file = settings->ca_file;
      transport = MakeCurlTransport(t);
    }
    SyncOptions o = options_.sync;
    o.sleep = [this, stop](std::chrono::milliseconds d) { return Wait(stop, d, false); };
    SyncClient client(store, *transport, o);
    SyncReport report = client.RunOnce();
    st.hub_reachable = report.hub_reachable;
    if (!report.outcome.ok()) {
      st.problem = report.outcome.reason();
      st.needs_operator = st.problem == "unauthorized";
    }
  } else {
    st.problem = settings.ok() ? "not_enrolled" : settings.status().reason();
  }
  if (Result<StoreSummary> sum = store.Summary(); sum.ok()) {
    st.waiting = sum->outbox_depth;
    st.last_sync_at = sum->last_sync_at;
  }
  if (Result<std::vector<QuarantinedRecord>> q = store.ListQuarantine(); q.ok()) {
    st.quarantined = static_cast<int64_t>(q->size());
  }
  return st;
}

void SyncWorker::Loop(std::stop_token stop) {
  Result<Store> store = Store::Open(options_.store_path, options_.store_options);
  if (!store.ok()) {
    SyncStatus st;
    st.problem = store.status().reason();
    post_([cb = on_status_, st] { cb(st); });
    return;
  }
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mu_);
      requested_ = false;
    }
    SyncStatus st = RunPass(*store, stop);
    if (stop.stop_requested()) break;
    post_([cb = on_status_, st] { cb(st); });
    if (!Wait(stop, options_.interval, true)) break;
  }
}

}  // namespace stem::sync
