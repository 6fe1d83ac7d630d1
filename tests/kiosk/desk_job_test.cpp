// Desk check-in and check-out off the UI thread, on a real store file: results arrive through
// the injected post function only after commit; a duplicate comes back with who and when; a
// wrong pickup code writes nothing; jobs already given finish when the worker goes away.
#include "kiosk/app/core/desk_job.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "data/store/store.h"
#include "tests/data/store_fixture.h"
#include "tests/kiosk/ui_queue.h"

namespace stem::kiosk {
namespace {

class DeskJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("kiosk.db");
    Result<Store> s = Store::Create(path_);
    ASSERT_TRUE(s.ok());
    std::string today = LocalDay(SystemClock().Now());
    Result<Event> e = s->CreateEvent({"Camp", "camp", today, today, ""});
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_TRUE(s->ImportRoster(e->id,
                                "first_name,last_name,birth_date,grade,guardian_name,phone,"
                                "confirmation_code\n"
                                "Ana,Ruiz,2015-01-01,4,Rosa Ruiz,5550001,C0001\n"
                                "Ben,Okafor,2016-02-02,3,Ada Okafor,5550002,C0002\n")
                    .ok());
    ana_ = s->FindByConfirmationCode(e->id, "C0001")->id;
    ben_ = s->FindByConfirmationCode(e->id, "C0002")->id;
  }

  StoreSummary Summary() {
    Result<Store> s = Store::Open(path_);
    Result<StoreSummary> sum = s->Summary();
    EXPECT_TRUE(sum.ok());
    return sum.ok() ? *sum : StoreSummary{};
  }
  int64_t Records(const std::string& type) { return Summary().records_by_type[type]; }

  test::TempDir dir_;  // removed with everything in it after the test
  std::string path_;
  std::string ana_;
  std::string ben_;
};

TEST_F(DeskJobTest, CheckInResultIsPostedAfterCommit) {
  UiQueue ui;
  std::optional<DeskResult> got;
  DeskWorker worker(path_, ui.post());
  worker.CheckIn({ana_, "", std::nullopt, "desk"}, [&](DeskResult r) { got = std::move(r); });
  ASSERT_TRUE(ui.WaitFor(1));
  EXPECT_FALSE(got.has_value()) << "not before the UI thread runs the posted function";
  EXPECT_EQ(Records("checkin"), 1) << "committed before the result was posted";
  ui.RunAll();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->status.ok()) << got->status.ToString();
  EXPECT_EQ(got->pickup_code.size(), 4u);
  EXPECT_FALSE(got->overrode);
}

TEST_F(DeskJobTest, DuplicateComesBackWithWhoAndWhen) {
  UiQueue ui;
  std::vector<DeskResult> got;
  DeskWorker worker(path_, ui.post());
  auto keep = [&](DeskResult r) { got.push_back(std::move(r)); };
  worker.CheckIn({ana_, "", std::nullopt, "Dana"}, keep);
  worker.CheckIn({ana_, "", std::nullopt, "Eli"}, keep);
  ASSERT_TRUE(ui.WaitFor(2));
  ui.RunAll();
  ASSERT_EQ(got.size(), 2u);
  ASSERT_TRUE(got[0].status.ok());
  EXPECT_EQ(got[1].status.reason(), "duplicate_checkin");
  ASSERT_TRUE(got[1].open.has_value());
  EXPECT_EQ(got[1].open->volunteer, "Dana") << "the first volunteer, who holds the check-in";
  EXPECT_EQ(got[1].open->device_short.size(), 8u);
  EXPECT_FALSE(got[1].open->checked_in_at.empty());
  EXPECT_EQ(Records("checkin"), 1);

  // With a reason it goes through, as an override.
  worker.CheckIn({ana_, "", "Lost the slip", "Eli"}, keep);
  ASSERT_TRUE(ui.WaitFor(1));
  ui.RunAll();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[2].status.ok()) << got[2].status.ToString();
  EXPECT_TRUE(got[2].overrode);
  EXPECT_FALSE(got[2].open.has_value());
}

TEST_F(DeskJobTest, WrongCodeIsRefusedAndTheRightOneChecksOut) {
  Result<Store> s = Store::Open(path_);
  DeskResult in = RunCheckIn(*s, {ben_, "", std::nullopt, "desk"});
  ASSERT_TRUE(in.status.ok()) << in.status.ToString();
  std::string wrong = in.pickup_code == "BCDF" ? "BCDG" : "BCDF";
  DeskResult refused = RunCheckOut(*s, {ben_, "", wrong, std::nullopt, "desk"});
  EXPECT_EQ(refused.status.reason(), "wrong_pickup_code");
  EXPECT_EQ(Records("checkout"), 0);
  std::string typed = in.pickup_code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  DeskResult out = RunCheckOut(*s, {ben_, "", " " + typed, std::nullopt, "desk"});
  EXPECT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.method, "pickup_code");
  EXPECT_EQ(Summary().checked_in_now, 0);
}

TEST_F(DeskJobTest, JobsGivenFinishWhenTheWorkerGoesAway) {
  UiQueue ui;
  int done = 0;
  {
    DeskWorker worker(path_, ui.post());
    worker.CheckIn({ana_, "", std::nullopt, "desk"}, [&](DeskResult) { ++done; });
    worker.CheckIn({ben_, "", std::nullopt, "desk"}, [&](DeskResult) { ++done; });
    worker.CheckOut({ben_, "", std::nullopt, "Guardian lost the code", "desk"},
                    [&](DeskResult) { ++done; });
  }  // joins here
  EXPECT_EQ(ui.size(), 3u);
  EXPECT_EQ(done, 0) << "finalize runs only on the UI thread";
  ui.RunAll();
  EXPECT_EQ(done, 3);
  EXPECT_EQ(Records("checkin"), 2);
  EXPECT_EQ(Records("checkout"), 1);
}

TEST_F(DeskJobTest, AnUnusableStoreIsAnErrorNotACrash) {
  UiQueue ui;
  std::optional<DeskResult> got;
  DeskWorker worker((dir_.path() / "missing" / "kiosk.db").string(), ui.post());
  worker.CheckIn({ana_, "", std::nullopt, "desk"}, [&](DeskResult r) { got = std::move(r); });
  ASSERT_TRUE(ui.WaitFor(1));
  ui.RunAll();
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->status.ok());
  EXPECT_EQ(Records("checkin"), 0);
}

}  // namespace
}  // namespace stem::kiosk
