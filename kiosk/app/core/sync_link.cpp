#include "kiosk/app/core/sync_link.h"

#include <ctime>

#include "data/clock.h"
#include "data/store/store.h"
#include "kiosk/app/core/worker_store.h"
#include "sync/client/sync_client.h"

namespace stem::kiosk {

HubState HubStateOf(bool running, bool syncing, const std::optional<sync::SyncStatus>& last) {
  if (!running) return HubState::kNotSetUp;
  if (syncing) return HubState::kSyncing;
  if (!last) return HubState::kNotCheckedYet;
  if (last->needs_operator || last->problem == "unauthorized") return HubState::kAccessWithdrawn;
  return last->hub_reachable ? HubState::kReachable : HubState::kNotReachable;
}

SyncLink::SyncLink(std::string store_path, Post post)
    : store_path_(std::move(store_path)), post_(std::move(post)) {}

SyncLink::~SyncLink() {
  Stop();
  if (enroll_.joinable()) enroll_.join();
}

void SyncLink::StartIfEnrolled() {
  if (worker_ != nullptr) return;
  Result<Store> store = OpenWorkerStore(store_path_);
  if (!store.ok()) return;
  Result<SyncSettings> settings = store->GetSyncSettings();
  if (!settings.ok() || !settings->enrolled()) return;
  sync::SyncWorkerOptions o;
  o.store_path = store_path_;
  o.store_options.check_integrity = false;  // as OpenWorkerStore: the app's first connection did
  // A pass runs at start: show it as syncing until it reports.
  syncing_ = true;
  worker_ = std::make_unique<sync::SyncWorker>(
      std::move(o), post_, [this](const sync::SyncStatus& st) { Reported(st); });
  Changed();
}

void SyncLink::SyncNow() {
  if (worker_ == nullptr) return;
  syncing_ = true;
  worker_->SyncNow();
  Changed();
}

void SyncLink::Stop() {
  if (worker_ != nullptr) worker_->Stop();
  worker_.reset();
  syncing_ = false;
}

bool SyncLink::Enroll(const std::string& hub_url, const std::string& code, OnEnrolled done) {
  if (enrolling_) return false;
  if (enroll_.joinable()) enroll_.join();  // the previous job has finished: it posted
  enrolling_ = true;
  Changed();
  // A new enrollment replaces the old token: the worker restarts with it afterwards.
  Stop();
  enroll_ = std::jthread([this, hub_url, code, done = std::move(done)] {
    Status s;
    if (Result<Store> store = OpenWorkerStore(store_path_); !store.ok()) {
      s = store.status();
    } else {
      std::unique_ptr<sync::HttpTransport> transport = sync::MakeCurlTransport({});
      sync::SyncClient client(*store, *transport);
      s = client.Enroll(hub_url, code, "");
    }
    post_([this, s, done] {
      enrolling_ = false;
      StartIfEnrolled();
      Changed();
      done(s);
    });
  });
  return true;
}

int SyncLink::Watch(std::function<void()> changed) {
  watchers_[next_watch_] = std::move(changed);
  return next_watch_++;
}

void SyncLink::Unwatch(int id) { watchers_.erase(id); }

void SyncLink::Changed() {
  // A watcher may unwatch while being told: iterate over a copy.
  std::map<int, std::function<void()>> now = watchers_;
  for (auto& [id, f] : now) {
    if (watchers_.count(id) > 0) f();
  }
}

void SyncLink::Reported(const sync::SyncStatus& st) {
  last_ = st;
  syncing_ = false;
  Changed();
}

std::optional<std::string> LocalSyncTime(const std::optional<std::string>& utc) {
  TimePoint t;
  if (!utc || !ParseUtc(*utc, &t)) return std::nullopt;
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&secs, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return std::string(buf);
}

}  // namespace stem::kiosk
