// SyncWorker against a real hub: its own thread and store connection, status posted through
// the injected function, SyncNow wakes it, Stop joins.
#include "sync/client/sync_worker.h"

#include <condition_variable>
#include <deque>
#include <mutex>

#include "sync/client/sync_client.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

// Stands in for the UI thread's event queue.
class PostQueue {
 public:
  void Post(std::function<void()> f) {
    std::lock_guard lock(mu_);
    q_.push_back(std::move(f));
    cv_.notify_all();
  }
  // Runs posted work on this thread until `done` holds or the time is up.
  bool RunUntil(const std::function<bool()>& done, std::chrono::seconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    std::unique_lock lock(mu_);
    while (!done()) {
      if (!cv_.wait_until(lock, until, [&] { return !q_.empty(); })) return false;
      auto f = std::move(q_.front());
      q_.pop_front();
      lock.unlock();
      f();
      lock.lock();
    }
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> q_;
};

TEST(SyncWorker, SyncsInTheBackgroundAndPostsStatus) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string kiosk = MakeKiosk(dir, "k1", 20);
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", hub.url(), hub.AddDevice("Desk")}), 0);

  PostQueue ui;
  std::vector<sync::SyncStatus> seen;
  std::thread::id ui_thread = std::this_thread::get_id();
  bool on_ui_thread = true;
  sync::SyncWorkerOptions o;
  o.store_path = kiosk;
  o.interval = std::chrono::hours(1);  // only the first pass and SyncNow
  o.sync.backoff.base = std::chrono::milliseconds(20);
  {
    sync::SyncWorker worker(o, [&](std::function<void()> f) { ui.Post(std::move(f)); },
                            [&](const sync::SyncStatus& s) {
                              on_ui_thread = on_ui_thread && std::this_thread::get_id() == ui_thread;
                              seen.push_back(s);
                            });
    ASSERT_TRUE(ui.RunUntil([&] { return !seen.empty(); }, std::chrono::seconds(20)));
    EXPECT_TRUE(seen.back().enrolled);
    EXPECT_TRUE(seen.back().hub_reachable);
    EXPECT_EQ(seen.back().waiting, 0);
    EXPECT_TRUE(seen.back().problem.empty()) << seen.back().problem;
    EXPECT_TRUE(seen.back().last_sync_at.has_value());

    { ASSERT_TRUE(Store::Open(kiosk)->Audit("later", {}).ok()); }
    worker.SyncNow();
    ASSERT_TRUE(ui.RunUntil([&] { return seen.size() >= 2; }, std::chrono::seconds(20)));
    EXPECT_EQ(seen.back().waiting, 0);

    // The hub goes away: the next pass says so, promptly, and stopping does not hang.
    hub.Kill(SIGTERM);
    { ASSERT_TRUE(Store::Open(kiosk)->Audit("offline", {}).ok()); }
    worker.SyncNow();
    ASSERT_TRUE(ui.RunUntil([&] { return seen.size() >= 3; }, std::chrono::seconds(60)));
    EXPECT_FALSE(seen.back().hub_reachable);
    EXPECT_EQ(seen.back().problem, "hub_unreachable");
    EXPECT_EQ(seen.back().waiting, 1);
    worker.Stop();
  }
  EXPECT_TRUE(on_ui_thread);
  EXPECT_EQ(HubRecords(hub.db()).size(), 21u);
}

}  // namespace
}  // namespace stem::test
