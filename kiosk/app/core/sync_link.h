// SyncLink: the kiosk app's connection to its hub. Owns the SyncWorker (its own thread and
// Store connection) once the store is enrolled, and an enrollment job that runs off the UI
// thread. Results come back through the injected `post` function (wx CallAfter guarded by a
// weak reference in the app), so every callback and every accessor runs on the UI thread.
//
// Screens watch it with Watch()/Unwatch() to redraw the sync line. Ownership: owned by the
// kiosk frame; the destructor stops the worker and joins the enrollment thread. Errors: the
// enrollment Status and SyncStatus::problem are reason slugs; the UI puts them into words.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "data/status.h"
#include "sync/client/sync_worker.h"

namespace stem::kiosk {

// What the sync line says about the hub. Access withdrawn (the hub answered 401/403) wins
// over "reachable": the hub answered, but this kiosk may no longer send to it.
enum class HubState { kNotSetUp, kSyncing, kNotCheckedYet, kReachable, kNotReachable, kAccessWithdrawn };
HubState HubStateOf(bool running, bool syncing, const std::optional<sync::SyncStatus>& last);

class SyncLink {
 public:
  using Post = std::function<void(std::function<void()>)>;
  using OnEnrolled = std::function<void(const Status&)>;

  SyncLink(std::string store_path, Post post);
  ~SyncLink();
  SyncLink(const SyncLink&) = delete;
  SyncLink& operator=(const SyncLink&) = delete;

  // Starts the worker when the store is enrolled and no worker runs yet.
  void StartIfEnrolled();
  // Asks for a pass now; no effect when not enrolled.
  void SyncNow();
  void Stop();
  // Enrolls on a background thread; `done` runs on the UI thread. Starts the worker after
  // a success. Returns false (and does nothing) while an enrollment is already running.
  bool Enroll(const std::string& hub_url, const std::string& code, OnEnrolled done);

  bool running() const { return worker_ != nullptr; }
  bool syncing() const { return syncing_; }
  bool enrolling() const { return enrolling_; }
  // The last status a pass reported; empty before the first pass ends.
  const std::optional<sync::SyncStatus>& last() const { return last_; }
  HubState hub_state() const { return HubStateOf(running(), syncing_, last_); }

  int Watch(std::function<void()> changed);
  void Unwatch(int id);

 private:
  void Changed();
  void Reported(const sync::SyncStatus& st);

  std::string store_path_;
  Post post_;
  std::optional<sync::SyncStatus> last_;
  bool syncing_ = false;
  bool enrolling_ = false;
  std::map<int, std::function<void()>> watchers_;
  int next_watch_ = 1;
  std::unique_ptr<sync::SyncWorker> worker_;
  std::jthread enroll_;  // last: joined before anything it uses goes away
};

// "2026-11-22 09:03" in the machine's local time for a stored UTC time; nullopt when absent
// or malformed.
std::optional<std::string> LocalSyncTime(const std::optional<std::string>& utc);

}  // namespace stem::kiosk
