// Applications saved for later in the store: sealed at rest, never synced, found only with
// the code and the birth date together, locked after wrong tries, expired on time, deleted
// with the response that finishes them. Real SQLite files, a fake clock.
#include <fstream>
#include <iterator>

#include "data/drafts/draft_seal.h"
#include "data/forms/bundled_forms.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using nlohmann::json;
using Code = Status::Code;

class StoreDrafts : public StoreFixture {
 protected:
  void SetUp() override {
    Result<Store> store = Store::Create(dir_.File("kiosk.db"), Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
    STEM_ASSERT_OK(InstallBundledForms(*store_));
  }

  DraftToSave HalfFilled() {
    DraftToSave d;
    d.form_id = "scholarship-application";
    d.form_version = 1;
    d.language = "es";
    d.page = "household_income";
    d.answers = {{"student_first_name", "Minh"},
                 {"student_last_name", "Nguyễn"},
                 {"essay_why_attend", "Minh builds cardboard robots every weekend"}};
    d.birth_date = "2016-04-03";
    return d;
  }

  std::string FileBytes() {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_.File(std::string("kiosk.db") + suffix), std::ios::binary);
      all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }

  int64_t DraftRows() { return RawDb(dir_.File("kiosk.db")).Int("SELECT count(*) FROM drafts"); }

  std::optional<Store> store_;
};

TEST_F(StoreDrafts, ADraftIsSealedNeverSyncedAndResumesWhereItWasLeft) {
  int64_t records = AllRecords(*store_).size();
  int64_t outbox = OutboxDepth(*store_);
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft saved, store_->SaveDraft(HalfFilled()));
  EXPECT_TRUE(drafts::IsResumeCodeShape(saved.resume_code)) << saved.resume_code;
  EXPECT_EQ(saved.expires_at, clock_.Now() + 14 * kDay);
  EXPECT_EQ(static_cast<int64_t>(AllRecords(*store_).size()), records);
  EXPECT_EQ(OutboxDepth(*store_), outbox);
  EXPECT_EQ(FileBytes().find("cardboard robots"), std::string::npos);
  EXPECT_EQ(FileBytes().find("Nguy"), std::string::npos);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t live, store_->CountDrafts());
  EXPECT_EQ(live, 1);

  // Typed in lower case with a dash, as a family might.
  std::string typed = saved.resume_code.substr(0, 3) + "-" + saved.resume_code.substr(3);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  STEM_ASSERT_OK_AND_ASSIGN(ResumedDraft resumed, store_->ResumeDraft(typed, "2016-04-03"));
  EXPECT_EQ(resumed.id, saved.id);
  EXPECT_EQ(resumed.form_id, "scholarship-application");
  EXPECT_EQ(resumed.form_version, 1);
  EXPECT_EQ(resumed.language, "es");
  EXPECT_EQ(resumed.page, "household_income");
  EXPECT_EQ(resumed.answers, HalfFilled().answers);
  EXPECT_EQ(resumed.resume_code, saved.resume_code);
  EXPECT_EQ(resumed.expires_at, saved.expires_at);
}

TEST_F(StoreDrafts, AWrongBirthDateLooksLikeAnUnknownCodeAndFiveLockTheDraft) {
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft saved, store_->SaveDraft(HalfFilled()));
  std::string other = saved.resume_code == "BCDFGH" ? "BCDFGJ" : "BCDFGH";
  Result<ResumedDraft> unknown = store_->ResumeDraft(other, "2016-04-03");
  EXPECT_TRUE(HasStatus(unknown, Code::kNotFound, "draft_not_found"));
  for (int i = 1; i < Store::kDraftTriesBeforeLock; ++i) {
    Result<ResumedDraft> wrong = store_->ResumeDraft(saved.resume_code, "2016-03-04");
    EXPECT_TRUE(HasStatus(wrong, Code::kNotFound, "draft_not_found")) << "try " << i;
    EXPECT_EQ(wrong.status().detail(), unknown.status().detail());
  }
  // Unknown codes count against no draft: the fifth wrong birth date locks this one.
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(other, "2016-04-03"), Code::kNotFound, "draft_not_found"));
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(saved.resume_code, "2016-03-04"), Code::kNotFound,
                        "draft_not_found"));
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(saved.resume_code, "2016-04-03"), Code::kDenied,
                        "draft_locked"));
  clock_.Advance(std::chrono::minutes(Store::kDraftLockMinutes) - std::chrono::seconds(1));
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(saved.resume_code, "2016-04-03"), Code::kDenied,
                        "draft_locked"));
  clock_.Advance(std::chrono::seconds(2));
  STEM_EXPECT_OK(store_->ResumeDraft(saved.resume_code, "2016-04-03"));
  // The count starts again after the lock and after a right try: four wrong ones do not lock.
  for (int i = 1; i < Store::kDraftTriesBeforeLock; ++i) {
    EXPECT_TRUE(HasCode(store_->ResumeDraft(saved.resume_code, "2015-04-03"), Code::kNotFound));
  }
  STEM_EXPECT_OK(store_->ResumeDraft(saved.resume_code, "2016-04-03"));
}

TEST_F(StoreDrafts, DraftsExpireAfterTheAdminsDaysAndTheirAnswersGo) {
  STEM_ASSERT_OK(store_->SetDraftDays(2));
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft kept, store_->SaveDraft(HalfFilled()));
  DraftToSave second = HalfFilled();
  second.birth_date = "2012-01-31";
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft forgotten, store_->SaveDraft(second));
  EXPECT_EQ(kept.expires_at, clock_.Now() + 2 * kDay);
  clock_.Advance(2 * kDay + std::chrono::seconds(1));
  STEM_ASSERT_OK_AND_ASSIGN(int64_t live, store_->CountDrafts());
  EXPECT_EQ(live, 0);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t changed, store_->ExpireDrafts());
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(RawDb(dir_.File("kiosk.db")).Int("SELECT count(*) FROM drafts WHERE sealed IS NOT NULL"), 0);
  // The family with the right code and birth date hears "expired"; a wrong date, "not found".
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(kept.resume_code, "2016-04-01"), Code::kNotFound,
                        "draft_not_found"));
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(kept.resume_code, "2016-04-03"), Code::kConflict,
                        "draft_expired"));
  EXPECT_EQ(DraftRows(), 1);  // said once, then gone
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(kept.resume_code, "2016-04-03"), Code::kNotFound,
                        "draft_not_found"));
  clock_.Advance(30 * kDay);
  STEM_ASSERT_OK(store_->ExpireDrafts());
  EXPECT_EQ(DraftRows(), 0);
  EXPECT_TRUE(HasStatus(store_->ResumeDraft(forgotten.resume_code, "2012-01-31"), Code::kNotFound,
                        "draft_not_found"));
}

TEST_F(StoreDrafts, ACodeFromAnotherKioskFindsNothingHere) {
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft saved, store_->SaveDraft(HalfFilled()));
  ScriptedRandom other_random(7);
  StoreOptions other = Options();
  other.random = &other_random;
  STEM_ASSERT_OK_AND_ASSIGN(Store elsewhere, Store::Create(dir_.File("other.db"), other));
  EXPECT_TRUE(HasStatus(elsewhere.ResumeDraft(saved.resume_code, "2016-04-03"), Code::kNotFound,
                        "draft_not_found"));
  // Copying the drafts' rows to the other kiosk does not help: its salt gives other tags.
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft theirs, elsewhere.SaveDraft(HalfFilled()));
  EXPECT_TRUE(HasCode(store_->ResumeDraft(theirs.resume_code, "2016-04-03"), Code::kNotFound));
}

TEST_F(StoreDrafts, SavingAResumedDraftAgainKeepsItsCodeAndOneRow) {
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft saved, store_->SaveDraft(HalfFilled()));
  STEM_ASSERT_OK_AND_ASSIGN(ResumedDraft resumed, store_->ResumeDraft(saved.resume_code, "2016-04-03"));
  DraftToSave again = HalfFilled();
  again.answers["household_size"] = 3;
  again.page = "essay_why_attend";
  again.resume_code = resumed.resume_code;
  again.replaces = resumed.id;
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft resaved, store_->SaveDraft(again));
  EXPECT_EQ(resaved.resume_code, saved.resume_code);
  EXPECT_NE(resaved.id, saved.id);
  EXPECT_EQ(DraftRows(), 1);
  STEM_ASSERT_OK_AND_ASSIGN(ResumedDraft later, store_->ResumeDraft(saved.resume_code, "2016-04-03"));
  EXPECT_EQ(later.answers["household_size"], 3);
  EXPECT_EQ(later.page, "essay_why_attend");
}

TEST_F(StoreDrafts, SubmittingTheApplicationDeletesItsDraftInTheSameSave) {
  STEM_ASSERT_OK(store_->SetSealingKey(seal::Generate().public_key.Base64()));
  STEM_ASSERT_OK_AND_ASSIGN(SavedDraft saved, store_->SaveDraft(HalfFilled()));
  ResponseToSave r;
  r.form_id = "scholarship-application";
  r.answers = HalfFilled().answers;  // incomplete: refused, and the draft stays
  r.draft_id = saved.id;
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome refused, store_->SaveResponse(r));
  EXPECT_FALSE(refused.saved);
  EXPECT_EQ(DraftRows(), 1);
  r.form_id = "post-event-survey";  // any finished save deletes the draft it names
  r.answers = {{"child_had_fun", "5"}};
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome done, store_->SaveResponse(r));
  ASSERT_TRUE(done.saved) << (done.errors.empty() ? "" : done.errors[0].path);
  EXPECT_EQ(DraftRows(), 0);
  EXPECT_TRUE(HasCode(store_->ResumeDraft(saved.resume_code, "2016-04-03"), Code::kNotFound));
}

TEST_F(StoreDrafts, BadInputIsRefusedAndWritesNothing) {
  auto before = TableCounts(dir_.File("kiosk.db"));
  DraftToSave bad = HalfFilled();
  bad.birth_date = "2016-02-30";
  EXPECT_TRUE(HasStatus(store_->SaveDraft(bad), Code::kInvalidArgument, "invalid_birth_date"));
  bad = HalfFilled();
  bad.answers = json::array();
  EXPECT_TRUE(HasStatus(store_->SaveDraft(bad), Code::kInvalidArgument, "invalid_answers"));
  bad = HalfFilled();
  bad.form_id = "../etc";
  EXPECT_TRUE(HasStatus(store_->SaveDraft(bad), Code::kInvalidArgument, "invalid_form_id"));
  bad = HalfFilled();
  bad.resume_code = "AEIOU1";
  EXPECT_TRUE(HasStatus(store_->SaveDraft(bad), Code::kInvalidArgument, "resume_code_shape"));
  bad = HalfFilled();
  bad.answers["essay_why_attend"] = std::string(1 << 20, 'x');
  EXPECT_TRUE(HasStatus(store_->SaveDraft(bad), Code::kInvalidArgument, "draft_too_large"));
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
  for (const char* code : {"", "BCD23", "BCD2345", "AEIOU1", "BCD 23 4 5"}) {
    EXPECT_TRUE(HasStatus(store_->ResumeDraft(code, "2016-04-03"), Code::kInvalidArgument,
                          "resume_code_shape"))
        << code;
  }
  EXPECT_TRUE(HasStatus(store_->ResumeDraft("BCD234", "04/03/2016"), Code::kInvalidArgument,
                        "invalid_birth_date"));
  EXPECT_TRUE(HasStatus(store_->ResumeDraft("BCD234", "2016-04-03"), Code::kNotFound,
                        "draft_not_found"));  // no draft was ever saved here
  EXPECT_TRUE(HasStatus(store_->SetDraftDays(0), Code::kInvalidArgument, "draft_days_range"));
  EXPECT_TRUE(HasStatus(store_->SetDraftDays(91), Code::kInvalidArgument, "draft_days_range"));
  STEM_ASSERT_OK_AND_ASSIGN(int days, store_->DraftDays());
  EXPECT_EQ(days, 14);
}

}  // namespace
}  // namespace stem::test
