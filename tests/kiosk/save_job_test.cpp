// Saving off the UI thread on a real store file: the result arrives through the injected
// post function only after commit; bad answers save nothing; many saves run in order on one
// thread (the process's thread count does not grow with them); saves already started finish
// when the worker goes away; a store that cannot be opened is an error for each save.
#include "kiosk/app/core/save_job.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include "data/forms/bundled_forms.h"
#include "data/store/store.h"
#include "tests/data/store_fixture.h"
#include "tests/kiosk/ui_queue.h"

namespace stem::kiosk {
namespace {

using nlohmann::json;

// Threads of this process right now (the kernel's list, not the library's).
size_t ThreadCount() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++n;
  }
  return n;
}

json Survey() {
  return json::parse(R"({"child_had_fun": "5", "child_learned": "4", "recommend": 10})");
}

class SaveJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("kiosk.db");
    Result<Store> s = Store::Create(path_);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(InstallBundledForms(*s).ok());
    std::string today = LocalDay(SystemClock().Now());
    Result<Event> e = s->CreateEvent({"Fair", "camp", today, today, ""});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    event_id_ = e->id;
  }

  int64_t Records() { return static_cast<int64_t>(RecordIds().size()); }
  // The ids of the responses in the store, in the order they were written (not the audit
  // record of the event's creation).
  std::vector<std::string> RecordIds() {
    Result<Store> s = Store::Open(path_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return {};
    std::vector<std::pair<int64_t, std::string>> rows;
    EXPECT_TRUE(
        s->ForEachRecord([&](const StoredRecord& r) {
           if (r.type == "form_response") rows.emplace_back(r.seq, r.id);
         }).ok());
    std::sort(rows.begin(), rows.end());
    std::vector<std::string> ids;
    for (auto& row : rows) ids.push_back(std::move(row.second));
    return ids;
  }
  SaveRequest Request(int recommend) {
    json answers = Survey();
    answers["recommend"] = recommend;
    return {{"post-event-survey", "en", answers, event_id_, "", "", ""}};
  }

  test::TempDir dir_;  // removed with everything in it after the test
  std::string path_;
  std::string event_id_;
};

TEST_F(SaveJobTest, ResultIsPostedAfterCommit) {
  UiQueue ui;
  std::optional<SaveResult> got;
  {
    SaveWorker worker(path_, ui.post());
    worker.Start(Request(10), [&](SaveResult r) { got = std::move(r); });
    ASSERT_TRUE(ui.WaitFor(1));
    EXPECT_FALSE(got.has_value());  // not before the UI thread runs the posted function
    EXPECT_EQ(Records(), 1) << "committed before the result was posted";
  }
  ui.RunAll();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->status.ok()) << got->status.ToString();
  EXPECT_FALSE(got->response_id.empty());
  EXPECT_EQ(Records(), 1);
}

TEST_F(SaveJobTest, BadAnswersSaveNothing) {
  SaveRequest req{
      {"post-event-survey", "es", json::parse(R"({"recommend": 99})"), event_id_, "", "", ""}};
  Result<Store> store = Store::Open(path_);
  ASSERT_TRUE(store.ok());
  SaveResult r = RunSave(*store, req);
  EXPECT_FALSE(r.status.ok());
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(Records(), 0);
}

TEST_F(SaveJobTest, AStoreThatCannotOpenIsAnErrorForEachSave) {
  UiQueue ui;
  std::vector<SaveResult> got;
  SaveWorker worker((dir_.path() / "missing" / "kiosk.db").string(), ui.post());
  for (int i = 0; i < 3; ++i) {
    worker.Start(Request(i), [&](SaveResult r) { got.push_back(std::move(r)); });
  }
  ASSERT_TRUE(ui.WaitFor(3));
  ui.RunAll();
  ASSERT_EQ(got.size(), 3u);
  for (const SaveResult& r : got) {
    EXPECT_FALSE(r.status.ok());
    EXPECT_FALSE(r.status.reason().empty()) << "a reason the UI can put into words";
    EXPECT_TRUE(r.response_id.empty());
  }
  EXPECT_EQ(Records(), 0);
}

TEST_F(SaveJobTest, ManySavesRunInOrderAndAllCommit) {
  constexpr int kSaves = 50;
  UiQueue ui;
  std::vector<std::pair<int, SaveResult>> got;
  std::vector<int64_t> committed_when_posted;
  {
    // Counts the store's records as each result is posted: the commit comes first.
    SaveWorker worker(path_, [&](std::function<void()> f) {
      committed_when_posted.push_back(Records());
      ui.post()(std::move(f));
    });
    for (int i = 0; i < kSaves; ++i) {
      worker.Start(Request(i % 11), [&got, i](SaveResult r) { got.emplace_back(i, std::move(r)); });
    }
    ASSERT_TRUE(ui.WaitFor(kSaves));
  }
  ui.RunAll();
  ASSERT_EQ(got.size(), static_cast<size_t>(kSaves));
  std::vector<std::string> ids;
  for (int i = 0; i < kSaves; ++i) {
    EXPECT_EQ(got[i].first, i) << "results come back in the order the saves were given";
    EXPECT_TRUE(got[i].second.status.ok()) << got[i].second.status.ToString();
    EXPECT_EQ(committed_when_posted[i], i + 1) << "save " << i << " was posted before its commit";
    ids.push_back(got[i].second.response_id);
  }
  EXPECT_EQ(RecordIds(), ids) << "the store holds every save, written in the order given";
}

TEST_F(SaveJobTest, ThreadCountDoesNotGrowWithTheNumberOfSaves) {
  constexpr int kSaves = 50;
  UiQueue ui;
  // The first result waits at this gate until every save has been given, so any thread a
  // save started is still alive when the threads are counted.
  std::mutex gate_mu;
  std::condition_variable gate_cv;
  bool gate_open = false;
  const size_t before = ThreadCount();
  size_t while_busy = 0;
  size_t after = 0;
  {
    SaveWorker worker(path_, [&](std::function<void()> f) {
      {
        std::unique_lock<std::mutex> lock(gate_mu);
        gate_cv.wait(lock, [&] { return gate_open; });
      }
      ui.post()(std::move(f));
    });
    for (int i = 0; i < kSaves; ++i) worker.Start(Request(i % 11), [](SaveResult) {});
    while_busy = ThreadCount();
    {
      std::lock_guard<std::mutex> lock(gate_mu);
      gate_open = true;
    }
    gate_cv.notify_all();
    ASSERT_TRUE(ui.WaitFor(kSaves));
    after = ThreadCount();
  }
  EXPECT_LE(while_busy, before + 1) << "one worker thread for all " << kSaves << " saves";
  EXPECT_LE(after, before + 1);
  EXPECT_LE(ThreadCount(), before) << "the worker's thread is joined with it";
  ui.RunAll();
  EXPECT_EQ(Records(), kSaves);
}

TEST_F(SaveJobTest, SavesGivenFinishWhenTheWorkerGoesAway) {
  constexpr int kSaves = 20;
  UiQueue ui;
  int done = 0;
  {
    SaveWorker worker(path_, ui.post());
    for (int i = 0; i < kSaves; ++i) worker.Start(Request(i % 11), [&](SaveResult) { ++done; });
  }  // drains, then joins
  EXPECT_EQ(ui.size(), static_cast<size_t>(kSaves)) << "every save given was finished";
  EXPECT_EQ(done, 0) << "finalize runs only on the UI thread";
  EXPECT_EQ(Records(), kSaves);
  ui.RunAll();
  EXPECT_EQ(done, kSaves);
}

}  // namespace
}  // namespace stem::kiosk
