// Check-in and check-out: pickup codes, duplicates, overrides, capacity, and the figures the
// volunteer desk shows.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/pickup_code.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using Code = Status::Code;
using nlohmann::json;

class StoreCheckIn : public StoreFixture {
 protected:
  void SetUp() override {
    Result<Store> store = Store::CreateInMemory(Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
    Result<Event> fair = store_->CreateEvent(Fair());
    ASSERT_TRUE(fair.ok());
    fair_ = fair->id;
    Result<Event> camp = store_->CreateEvent(Camp());
    ASSERT_TRUE(camp.ok());
    camp_ = camp->id;
    STEM_ASSERT_OK(store_->ImportRoster(fair_, GeneratedRoster(10)));
    STEM_ASSERT_OK(store_->ImportRoster(camp_, GeneratedRoster(kCampStudents)));
  }

  std::string Student(const std::string& event, int i) {
    char code[32];
    std::snprintf(code, sizeof code, "C%04d", i);
    Result<Person> p = store_->FindByConfirmationCode(event, code);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->id : "";
  }

  Result<CheckInResult> In(const std::string& person, const std::string& activity = "",
                           std::optional<std::string> reason = std::nullopt) {
    return store_->CheckIn({person, activity, std::move(reason), "Volunteer Vi"});
  }
  Result<CheckOutResult> Out(const std::string& person, std::optional<std::string> code,
                             std::optional<std::string> reason = std::nullopt,
                             const std::string& activity = "") {
    return store_->CheckOut({person, activity, std::move(code), std::move(reason), "Vi"});
  }

  static constexpr int kCampStudents = 320;
  std::optional<Store> store_;
  std::string fair_;
  std::string camp_;
};

// A walk-up of the camp whose family named one adult besides the guardian (and said someone
// must not collect the child).
TEST_F(StoreCheckIn, OnlyTheGuardianOrAListedAdultCollectsWithoutAnOverride) {
  NewRegistration reg;
  reg.event_id = camp_;
  reg.student.given_name = "Ana";
  reg.student.family_name = "Pérez";
  reg.student.pickup_adults = {{"Rosa  Díaz", "abuela", "5550001111"}};
  reg.student.no_pickup_flag = true;
  reg.guardian.given_name = "María";
  reg.guardian.family_name = "Pérez";
  STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult ana, store_->Register(reg));
  STEM_ASSERT_OK_AND_ASSIGN(Person plain, store_->GetPerson(ana.student_id));
  EXPECT_TRUE(plain.pickup_adults.empty());  // GetPerson leaves them out
  STEM_ASSERT_OK_AND_ASSIGN(Person full, store_->WithPickup(plain));
  ASSERT_EQ(full.pickup_adults.size(), 1u);
  EXPECT_EQ(full.pickup_adults[0].relationship, "abuela");
  EXPECT_TRUE(full.no_pickup_flag);
  json reg_payload = PayloadOf(*store_, ana.record.id);
  EXPECT_EQ(reg_payload["student"]["pickup_adults"][0]["name"], "Rosa  Díaz");
  EXPECT_EQ(reg_payload["student"]["no_pickup_flag"], true);

  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(ana.student_id));
  auto out = [&](const std::string& who, std::optional<std::string> reason = std::nullopt) {
    CheckOutRequest r{ana.student_id, "", in.pickup_code, std::move(reason), "Vi"};
    r.collected_by = who;
    return store_->CheckOut(r);
  };
  Footprint before = FootprintOf(*store_);
  EXPECT_TRUE(HasStatus(out("Pedro Pérez"), Status::Code::kConflict, "collector_not_listed"));
  EXPECT_TRUE(HasStatus(out(""), Status::Code::kConflict, "collector_not_listed"));
  EXPECT_TRUE(HasCode(out(std::string(201, 'x')), Status::Code::kInvalidArgument));
  EXPECT_EQ(FootprintOf(*store_), before);
  // Case, accents and spacing do not matter, as in the roster search.
  for (const char* typed : {" maría   PÉREZ ", "Maria Perez", "rosa diaz"}) {
    STEM_ASSERT_OK_AND_ASSIGN(bool listed, store_->CollectorListed(full, typed));
    EXPECT_TRUE(listed) << typed;
  }
  STEM_ASSERT_OK_AND_ASSIGN(bool listed, store_->CollectorListed(full, "María"));
  EXPECT_FALSE(listed);
  // A listed adult, typed with other capitals and spaces: no override needed.
  STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult done, out("rosa díaz"));
  EXPECT_TRUE(done.collector_listed);
  EXPECT_EQ(done.method, "pickup_code");
  json payload = PayloadOf(*store_, done.record.id);
  EXPECT_EQ(payload["collected_by"], "rosa díaz");
  EXPECT_EQ(payload["collector_listed"], true);

  // Someone not on the list, with an override and its reason.
  STEM_ASSERT_OK_AND_ASSIGN(in, In(ana.student_id));
  STEM_ASSERT_OK_AND_ASSIGN(done, out("Pedro Pérez", "mother called the desk"));
  EXPECT_FALSE(done.collector_listed);
  EXPECT_EQ(done.method, "override");
  payload = PayloadOf(*store_, done.record.id);
  EXPECT_EQ(payload["collector_listed"], false);
  EXPECT_EQ(payload["override_reason"], "mother called the desk");

  // A child without a list needs no named collector.
  std::string kid = Student(camp_, 2);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult kin, In(kid));
  STEM_EXPECT_OK(Out(kid, kin.pickup_code));
}

TEST_F(StoreCheckIn, AtAFairThereIsNoPickupCode) {
  std::string kid = Student(fair_, 1);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(kid));
  EXPECT_EQ(in.pickup_code, "");
  EXPECT_FALSE(in.overrode);
  std::optional<StoredRecord> r = RecordById(*store_, in.record.id);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->type, "checkin");
  EXPECT_EQ(r->event_id, fair_);
  EXPECT_EQ(r->person_id, kid);
  EXPECT_EQ(r->supersedes, "");
  json payload = json::parse(r->payload);
  EXPECT_FALSE(payload.contains("pickup_code"));
  EXPECT_FALSE(payload.contains("override_reason"));
  EXPECT_EQ(payload["person_id"], kid);
  EXPECT_EQ(payload["activity_id"], "");
  EXPECT_EQ(payload["local_day"], LocalDay(clock_.Now()));
  EXPECT_EQ(payload["volunteer"], "Volunteer Vi");

  // No code is needed to leave a fair, and one typed anyway is ignored.
  STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult out, Out(kid, "ZZZZ"));
  EXPECT_EQ(out.method, "no_code_needed");
  EXPECT_EQ(out.checkin_id, in.record.id);
}

TEST_F(StoreCheckIn, AtACampEachCheckInGetsAWellFormedPickupCode) {
  std::string kid = Student(camp_, 1);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(kid));
  EXPECT_EQ(in.pickup_code.size(), kPickupCodeLength);
  EXPECT_TRUE(IsWellFormedPickupCode(in.pickup_code)) << in.pickup_code;
  json payload = PayloadOf(*store_, in.record.id);
  EXPECT_EQ(payload["pickup_code"], in.pickup_code);
  EXPECT_EQ(RecordById(*store_, in.record.id)->event_id, camp_);
}

TEST_F(StoreCheckIn, PickupCodesAreDistinctWithinADay) {
  std::set<std::string> codes;
  for (int i = 1; i <= 300; ++i) {
    // Every check-in first draws the same code, so all but the first must draw again.
    random_.QueueCode("BCDH");
    STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(Student(camp_, i)));
    EXPECT_TRUE(IsWellFormedPickupCode(in.pickup_code)) << in.pickup_code;
    EXPECT_TRUE(codes.insert(in.pickup_code).second) << "repeated code " << in.pickup_code;
  }
  EXPECT_EQ(codes.size(), 300u);
  EXPECT_EQ(codes.count("BCDH"), 1u);
}

TEST_F(StoreCheckIn, ANewDayMayReuseACode) {
  random_.QueueCode("MNPQ");
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult day1, In(Student(camp_, 1)));
  EXPECT_EQ(day1.pickup_code, "MNPQ");

  // Same day: the code is taken, so the store draws again.
  random_.QueueCode("MNPQ");
  random_.QueueCode("RSTV");
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult same_day, In(Student(camp_, 2)));
  EXPECT_EQ(same_day.pickup_code, "RSTV");
  EXPECT_EQ(random_.queued(), 0u);

  clock_.Advance(kDay);
  random_.QueueCode("MNPQ");
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult day2, In(Student(camp_, 3)));
  EXPECT_EQ(day2.pickup_code, "MNPQ") << "yesterday's codes do not block today's";
  EXPECT_EQ(PayloadOf(*store_, day2.record.id)["local_day"], LocalDay(clock_.Now()));

  // Blocked combinations are never handed out.
  random_.QueueCode("FCK2");
  random_.QueueCode("WXZ2");
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult clean, In(Student(camp_, 4)));
  EXPECT_EQ(clean.pickup_code, "WXZ2");
}

TEST_F(StoreCheckIn, DuplicateCheckInIsRefusedAndWritesNothing) {
  for (const std::string& event : {fair_, camp_}) {
    SCOPED_TRACE(event == fair_ ? "fair" : "camp");
    std::string kid = Student(event, 2);
    STEM_ASSERT_OK_AND_ASSIGN(CheckInResult first, In(kid));
    const Footprint before = FootprintOf(*store_);
    Result<CheckInResult> again = In(kid);
    EXPECT_TRUE(HasStatus(again, Code::kConflict, "duplicate_checkin"));
    EXPECT_NE(again.status().detail().find(first.record.id), std::string::npos)
        << "the detail names the open check-in: " << again.status().detail();
    EXPECT_EQ(FootprintOf(*store_), before);
  }
}

TEST_F(StoreCheckIn, TheOpenCheckInTellsWhoRecordedItAndWhen) {
  std::string kid = Student(camp_, 5);
  STEM_ASSERT_OK_AND_ASSIGN(std::optional<OpenCheckInInfo> none, store_->FindOpenCheckIn(kid));
  EXPECT_FALSE(none.has_value());

  const std::string when = FormatUtc(clock_.Now());
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult first, In(kid));
  STEM_ASSERT_OK_AND_ASSIGN(std::optional<OpenCheckInInfo> open, store_->FindOpenCheckIn(kid));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->record_id, first.record.id);
  EXPECT_EQ(open->checked_in_at, when);
  EXPECT_EQ(open->volunteer, "Volunteer Vi");
  EXPECT_EQ(open->device_id, store_->device_id());
  EXPECT_EQ(open->device_short, store_->device_id().substr(store_->device_id().size() - 8));
  EXPECT_EQ(open->station_name, "") << "not enrolled: the hub has no name for this kiosk yet";
  // The refusal's detail names the time and the kiosk, not the volunteer.
  Result<CheckInResult> again = In(kid);
  EXPECT_NE(again.status().detail().find("at " + when + " on kiosk " + open->device_short),
            std::string::npos)
      << again.status().detail();
  EXPECT_EQ(again.status().detail().find("Vi"), std::string::npos) << again.status().detail();

  // Enrolled, the kiosk is known by the name the hub gave it.
  SyncSettings enrolled;
  enrolled.hub_url = "https://hub.example.org";
  enrolled.device_token = "token";
  enrolled.device_name = "Front table";
  STEM_ASSERT_OK(store_->SetSyncEnrollment(enrolled));
  STEM_ASSERT_OK_AND_ASSIGN(open, store_->FindOpenCheckIn(kid));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->station_name, "Front table");

  // Another activity has no open check-in; after check-out neither has the event.
  STEM_ASSERT_OK_AND_ASSIGN(Activity robots, store_->AddActivity(camp_, {"Robots", std::nullopt}));
  STEM_ASSERT_OK_AND_ASSIGN(none, store_->FindOpenCheckIn(kid, robots.id));
  EXPECT_FALSE(none.has_value());
  STEM_ASSERT_OK(Out(kid, first.pickup_code));
  STEM_ASSERT_OK_AND_ASSIGN(none, store_->FindOpenCheckIn(kid));
  EXPECT_FALSE(none.has_value());
}

TEST_F(StoreCheckIn, AnActivityIsSeparateFromTheWholeEvent) {
  STEM_ASSERT_OK_AND_ASSIGN(Activity robots, store_->AddActivity(camp_, {"Robots", std::nullopt}));
  STEM_ASSERT_OK_AND_ASSIGN(Activity rockets, store_->AddActivity(camp_, {"Rockets", std::nullopt}));
  std::string kid = Student(camp_, 3);
  STEM_ASSERT_OK(In(kid));
  STEM_ASSERT_OK(In(kid, robots.id));
  STEM_ASSERT_OK(In(kid, rockets.id));
  EXPECT_TRUE(HasStatus(In(kid, robots.id), Code::kConflict, "duplicate_checkin"));
}

TEST_F(StoreCheckIn, OverrideWithAReasonSupersedesTheOpenCheckIn) {
  std::string kid = Student(camp_, 4);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult first, In(kid));
  clock_.Advance(std::chrono::minutes(5));
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult second, In(kid, "", "Lost the pickup slip"));
  EXPECT_TRUE(second.overrode);
  EXPECT_TRUE(IsWellFormedPickupCode(second.pickup_code));
  EXPECT_NE(second.pickup_code, first.pickup_code);
  std::optional<StoredRecord> r = RecordById(*store_, second.record.id);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->supersedes, first.record.id);
  json payload = json::parse(r->payload);
  EXPECT_EQ(payload["override_reason"], "Lost the pickup slip");
  EXPECT_EQ(payload["pickup_code"], second.pickup_code);

  STEM_ASSERT_OK(store_->UseEvent(camp_));
  STEM_ASSERT_OK_AND_ASSIGN(StoreSummary sum, store_->Summary());
  EXPECT_EQ(sum.checked_in_now, 1);

  // Only the new check-in is open: its code works, the old one no longer does.
  EXPECT_TRUE(HasStatus(Out(kid, first.pickup_code), Code::kDenied, "wrong_pickup_code"));
  STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult out, Out(kid, second.pickup_code));
  EXPECT_EQ(out.checkin_id, second.record.id);
  EXPECT_TRUE(HasStatus(Out(kid, second.pickup_code), Code::kNotFound, "not_checked_in"));
}

TEST_F(StoreCheckIn, AReasonWhenNothingNeedsOverridingIsNoOverride) {
  STEM_ASSERT_OK_AND_ASSIGN(Activity roomy, store_->AddActivity(camp_, {"Roomy", 50}));
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult a, In(Student(camp_, 5), "", "just because"));
  EXPECT_FALSE(a.overrode);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult b, In(Student(camp_, 6), roomy.id, "just because"));
  EXPECT_FALSE(b.overrode) << "the activity has room; nothing was overridden";
  EXPECT_EQ(RecordById(*store_, b.record.id)->supersedes, "");
}

TEST_F(StoreCheckIn, WrongPickupCodeIsDeniedAndWritesNothing) {
  std::string kid = Student(camp_, 7);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(kid));
  STEM_ASSERT_OK(store_->UseEvent(camp_));
  const Footprint before = FootprintOf(*store_);
  std::string wrong = in.pickup_code;
  wrong[3] = wrong[3] == 'B' ? 'C' : 'B';
  for (const std::optional<std::string>& code :
       {std::optional<std::string>(wrong), std::optional<std::string>(""),
        std::optional<std::string>(in.pickup_code.substr(0, 3)),
        std::optional<std::string>(in.pickup_code + "B"),
        std::optional<std::string>("' OR '1'='1")}) {
    SCOPED_TRACE(*code);
    EXPECT_TRUE(HasStatus(Out(kid, code), Code::kDenied, "wrong_pickup_code"));
    EXPECT_EQ(FootprintOf(*store_), before);
  }
  EXPECT_TRUE(HasStatus(Out(kid, std::nullopt), Code::kInvalidArgument, "pickup_code_required"));
  EXPECT_EQ(FootprintOf(*store_), before);
  EXPECT_EQ(before.checked_in_now, 1);
}

TEST_F(StoreCheckIn, TheRightCodeMayBeTypedInLowercaseOrWithSpaces) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  struct Typing {
    std::string name;
    std::function<std::string(const std::string&)> type;
  };
  std::vector<Typing> typings = {
      {"as printed", [](const std::string& c) { return c; }},
      {"lowercase", lower},
      {"spaced", [](const std::string& c) { return " " + c.substr(0, 2) + " " + c.substr(2) + " "; }},
      {"dashed", [](const std::string& c) { return c.substr(0, 2) + "-" + c.substr(2); }},
      {"lower and spaced",
       [lower](const std::string& c) { return lower(c.substr(0, 1) + " " + c.substr(1)); }},
      {"tabbed", [](const std::string& c) { return "\t" + c + "\t"; }},
  };
  int i = 10;
  for (const Typing& t : typings) {
    SCOPED_TRACE(t.name);
    std::string kid = Student(camp_, i++);
    STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(kid));
    STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult out, Out(kid, t.type(in.pickup_code)));
    EXPECT_EQ(out.method, "pickup_code");
    EXPECT_EQ(out.checkin_id, in.record.id);
    std::optional<StoredRecord> r = RecordById(*store_, out.record.id);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->type, "checkout");
    json payload = json::parse(r->payload);
    EXPECT_EQ(payload["method"], "pickup_code");
    EXPECT_EQ(payload["checkin_id"], in.record.id);
    EXPECT_FALSE(payload.contains("override_reason"));
    EXPECT_EQ(payload.dump().find(in.pickup_code), std::string::npos)
        << "the check-out record does not repeat the secret";
  }
}

TEST_F(StoreCheckIn, OverrideCheckOutRecordsMethodAndReason) {
  std::string kid = Student(camp_, 20);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, In(kid));
  STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult out,
                            Out(kid, std::nullopt, "Guardian showed photo ID"));
  EXPECT_EQ(out.method, "override");
  EXPECT_EQ(out.checkin_id, in.record.id);
  json payload = PayloadOf(*store_, out.record.id);
  EXPECT_EQ(payload["method"], "override");
  EXPECT_EQ(payload["override_reason"], "Guardian showed photo ID");
  EXPECT_EQ(payload["volunteer"], "Vi");
  EXPECT_TRUE(HasStatus(Out(kid, in.pickup_code), Code::kNotFound, "not_checked_in"));

  // A wrong code with an override reason is an override, not a denial.
  std::string other = Student(camp_, 21);
  STEM_ASSERT_OK(In(other));
  STEM_ASSERT_OK_AND_ASSIGN(CheckOutResult forced, Out(other, "XXXX", "Code slip torn"));
  EXPECT_EQ(forced.method, "override");
  EXPECT_TRUE(HasStatus(Out(Student(camp_, 22), std::nullopt, ""), Code::kInvalidArgument,
                        "invalid_override_reason"));
}

TEST_F(StoreCheckIn, CheckOutWhenNotCheckedInIsNotFound) {
  const Footprint before = FootprintOf(*store_);
  EXPECT_TRUE(HasStatus(Out(Student(fair_, 3), std::nullopt), Code::kNotFound, "not_checked_in"));
  EXPECT_TRUE(HasStatus(Out(Student(camp_, 30), "BCDH"), Code::kNotFound, "not_checked_in"));
  EXPECT_TRUE(HasStatus(Out("no-such-person", std::nullopt), Code::kNotFound, "unknown_person"));
  EXPECT_EQ(FootprintOf(*store_), before);
  // Checked in to the event is not checked in to an activity.
  STEM_ASSERT_OK_AND_ASSIGN(Activity robots, store_->AddActivity(camp_, {"Robots", std::nullopt}));
  std::string kid = Student(camp_, 31);
  STEM_ASSERT_OK(In(kid));
  EXPECT_TRUE(HasStatus(Out(kid, std::nullopt, "reason", robots.id), Code::kNotFound,
                        "not_checked_in"));
}

TEST_F(StoreCheckIn, AFullActivityRefusesUnlessOverridden) {
  STEM_ASSERT_OK_AND_ASSIGN(Activity lab, store_->AddActivity(fair_, {"Slime lab", 2}));
  std::string a = Student(fair_, 1), b = Student(fair_, 2), c = Student(fair_, 3),
              d = Student(fair_, 4);
  STEM_ASSERT_OK(In(a, lab.id));
  STEM_ASSERT_OK(In(b, lab.id));
  const Footprint before = FootprintOf(*store_);
  Result<CheckInResult> full = In(c, lab.id);
  EXPECT_TRUE(HasStatus(full, Code::kConflict, "activity_full"));
  EXPECT_NE(full.status().detail().find("(2 places)"), std::string::npos) << full.status().detail();
  EXPECT_EQ(FootprintOf(*store_), before);
  // Someone already inside gets "duplicate", not "full".
  EXPECT_TRUE(HasStatus(In(a, lab.id), Code::kConflict, "duplicate_checkin"));
  // The whole event has no capacity.
  STEM_ASSERT_OK(In(c));

  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult over, In(c, lab.id, "Sibling of a helper"));
  EXPECT_TRUE(over.overrode);
  EXPECT_EQ(PayloadOf(*store_, over.record.id)["override_reason"], "Sibling of a helper");
  EXPECT_EQ(RecordById(*store_, over.record.id)->supersedes, "");

  // Three are inside a room for two: one leaving still leaves it full.
  STEM_ASSERT_OK(Out(a, std::nullopt, std::nullopt, lab.id));
  EXPECT_TRUE(HasStatus(In(d, lab.id), Code::kConflict, "activity_full"));
  STEM_ASSERT_OK(Out(b, std::nullopt, std::nullopt, lab.id));
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult fits, In(d, lab.id));
  EXPECT_FALSE(fits.overrode);
}

TEST_F(StoreCheckIn, UnknownActivityIsNotFound) {
  STEM_ASSERT_OK_AND_ASSIGN(Activity camp_only, store_->AddActivity(camp_, {"Camp only", 5}));
  const Footprint before = FootprintOf(*store_);
  EXPECT_TRUE(HasStatus(In(Student(fair_, 1), "no-such-activity"), Code::kNotFound,
                        "unknown_activity"));
  EXPECT_TRUE(HasStatus(In(Student(fair_, 1), camp_only.id), Code::kNotFound,
                        "unknown_activity"));
  EXPECT_TRUE(HasStatus(In(Student(fair_, 1), "no-such-activity", "override"), Code::kNotFound,
                        "unknown_activity"));
  EXPECT_EQ(FootprintOf(*store_), before);
}

TEST_F(StoreCheckIn, SummaryFiguresMatchWhatHappened) {
  STEM_ASSERT_OK_AND_ASSIGN(StoreSummary none, store_->Summary());
  EXPECT_FALSE(none.current_event_id.has_value());
  EXPECT_EQ(none.checked_in_now, 0);
  // Two events made and their two rosters imported.
  EXPECT_EQ(none.records_by_type, (std::map<std::string, int64_t>{{"audit", 4}}));

  STEM_ASSERT_OK(store_->UseEvent(camp_));
  STEM_ASSERT_OK_AND_ASSIGN(Activity robots, store_->AddActivity(camp_, {"Robots", std::nullopt}));
  std::string a = Student(camp_, 1), b = Student(camp_, 2), c = Student(camp_, 3);
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in_a, In(a));
  STEM_ASSERT_OK(In(a, robots.id));        // same student, second place: counted once
  STEM_ASSERT_OK(In(b));
  STEM_ASSERT_OK(In(b, "", "Reprinted badge"));  // supersedes: still one open check-in
  STEM_ASSERT_OK(In(c));
  STEM_ASSERT_OK(Out(a, in_a.pickup_code));
  STEM_ASSERT_OK(In(Student(fair_, 1)));  // another event does not count here
  STEM_ASSERT_OK(store_->SubmitForm({"survey", 1, camp_, a, {{"q", 1}}, ""}));

  STEM_ASSERT_OK_AND_ASSIGN(StoreSummary sum, store_->Summary());
  EXPECT_EQ(sum.device_id, store_->device_id());
  EXPECT_EQ(sum.current_event_id, std::optional<std::string>(camp_));
  EXPECT_EQ(sum.current_event_name, std::optional<std::string>("Robotics Camp"));
  EXPECT_EQ(sum.roster_students, kCampStudents);
  EXPECT_EQ(sum.checked_in_now, 3) << "a in Robots, b, c";
  EXPECT_EQ(sum.checked_in_today, 3);
  EXPECT_EQ(sum.records_by_type, (std::map<std::string, int64_t>{
                                     {"audit", 4}, {"checkin", 6}, {"checkout", 1},
                                     {"form_response", 1}}));
  EXPECT_EQ(sum.outbox_depth, 12);
  EXPECT_FALSE(sum.last_sync_at.has_value());

  STEM_ASSERT_OK(Out(a, std::nullopt, "Left with camp staff", robots.id));
  STEM_ASSERT_OK(store_->MarkAcked(4));
  STEM_ASSERT_OK(store_->SetLastSync(clock_.Now()));
  STEM_ASSERT_OK_AND_ASSIGN(sum, store_->Summary());
  EXPECT_EQ(sum.checked_in_now, 2);
  EXPECT_EQ(sum.checked_in_today, 3) << "today counts everyone who came, also those who left";
  EXPECT_EQ(sum.outbox_depth, 13 - 4);
  EXPECT_EQ(sum.last_sync_at, std::optional<std::string>(FormatUtc(clock_.Now())));

  // The next day: nobody came yet today, but those never checked out are still open.
  clock_.Advance(kDay);
  STEM_ASSERT_OK_AND_ASSIGN(sum, store_->Summary());
  EXPECT_EQ(sum.checked_in_now, 2);
  EXPECT_EQ(sum.checked_in_today, 0);
  STEM_ASSERT_OK(In(Student(camp_, 9)));
  STEM_ASSERT_OK_AND_ASSIGN(sum, store_->Summary());
  EXPECT_EQ(sum.checked_in_now, 3);
  EXPECT_EQ(sum.checked_in_today, 1);
}

}  // namespace
}  // namespace stem::test
