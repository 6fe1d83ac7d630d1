// SyncWorker: background sync for the kiosk app. Owns a std::jthread and, on that thread,
// its own Store connection to the kiosk's file (the UI thread keeps its own). Runs a pass
// at start, every `interval`, and whenever SyncNow() is called; after each pass it hands a
// SyncStatus to the owner through the injected `post` function (wx CallAfter in the app, a
// queue in tests), never touching the owner's objects from its thread.
//
// Ownership: owns its thread, Store and transport; Stop() (or the destructor) wakes any wait,
// abandons retries and joins. Thread safety: SyncNow() and Stop() may be called from any
// thread. Errors: reported in SyncStatus (a reason slug for the UI to put into words).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "data/store/store.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_client.h"

namespace stem::sync {

// What the volunteer desk and admin screens show.
struct SyncStatus {
  bool enrolled = false;
  bool hub_reachable = false;
  int64_t waiting = 0;  // records not yet at the hub
  std::optional<std::string> last_sync_at;
  int64_t quarantined = 0;
  std::string problem;        // "" or a reason slug: "unauthorized", "hub_unreachable", ...
  bool needs_operator = false;  // 401/403: someone must enroll the kiosk again
};

struct SyncWorkerOptions {
  std::string store_path;
  // How the worker opens its connection; an app whose first connection already ran the
  // integrity check turns it off here rather than read every page again.
  StoreOptions store_options;
  std::chrono::milliseconds interval{60'000};
  SyncOptions sync;  // sleep is supplied by the worker (interruptible by Stop)
  // Makes the transport for the worker's thread; MakeCurlTransport when empty.
  std::function<std::unique_ptr<HttpTransport>(const SyncSettings&)> make_transport;
};

class SyncWorker {
 public:
  using Post = std::function<void(std::function<void()>)>;
  using OnStatus = std::function<void(const SyncStatus&)>;

  SyncWorker(SyncWorkerOptions options, Post post, OnStatus on_status);
  ~SyncWorker();
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void SyncNow();
  void Stop();

 private:
  void Loop(std::stop_token stop);
  bool Wait(std::stop_token stop, std::chrono::milliseconds d, bool wake_on_request);
  SyncStatus RunPass(Store& store, std::stop_token stop);

  SyncWorkerOptions options_;
  Post post_;
  OnStatus on_status_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  bool requested_ = false;
  std::jthread thread_;  // last: started after everything it uses exists
};

}  // namespace stem::sync
