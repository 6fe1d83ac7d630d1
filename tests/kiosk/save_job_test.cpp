// Saving off the UI thread on a real store file: the result arrives through the injected
// post function only after commit; bad answers save nothing; a registration adds children.
#include "kiosk/app/core/save_job.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <optional>

#include "data/bundled_forms.h"
#include "data/store.h"

namespace stem::kiosk {
namespace {

using nlohmann::json;

class SaveJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kiosk-save-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "kiosk.db").string();
    Result<Store> s = Store::Create(path_);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(InstallBundledForms(*s).ok());
    std::string today = LocalDay(SystemClock().Now());
    Result<Event> e = s->CreateEvent({"Fair", "camp", today, today, ""});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    event_id_ = e->id;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int64_t Records() {
    Result<Store> s = Store::Open(path_);
    int64_t n = 0;
    EXPECT_TRUE(s->ForEachRecord([&](const StoredRecord&) { ++n; }).ok());
    return n;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::string event_id_;
};

json Survey() {
  return json::parse(R"({"child_had_fun": "5", "child_learned": "4", "recommend": 10})");
}

TEST_F(SaveJobTest, ResultIsPostedAfterCommit) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::function<void()>> queue;
  std::optional<SaveResult> got;
  {
    SaveWorker worker([&](std::function<void()> f) {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(std::move(f));
      cv.notify_all();
    });
    SaveRequest req{path_, {"post-event-survey", "en", Survey(), event_id_, "", ""}, false};
    worker.Start(req, [&](SaveResult r) { got = std::move(r); });
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return !queue.empty(); }));
    EXPECT_FALSE(got.has_value());  // not before the UI thread runs the posted function
  }
  queue.front()();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->status.ok()) << got->status.ToString();
  EXPECT_FALSE(got->response_id.empty());
  EXPECT_EQ(Records(), 1);
}

TEST_F(SaveJobTest, BadAnswersSaveNothing) {
  SaveRequest req{path_, {"post-event-survey", "es", json::parse(R"({"recommend": 99})"),
                          event_id_, "", ""}, false};
  SaveResult r = RunSave(req);
  EXPECT_FALSE(r.status.ok());
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(Records(), 0);
}

TEST_F(SaveJobTest, MissingStoreIsAnError) {
  SaveRequest req{(dir_ / "nope.db").string(), {"post-event-survey", "en", Survey(), "", "", ""},
                  false};
  EXPECT_FALSE(RunSave(req).status.ok());
}

}  // namespace
}  // namespace stem::kiosk
