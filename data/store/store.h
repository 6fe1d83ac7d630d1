// Store: the kiosk's durable offline store, one SQLite file.
//
// Everything a family or volunteer does is saved here first, with no network. A save returns
// only after SQLite committed it with synchronous=FULL in WAL mode, and the record and its
// outbox entry are written in the same transaction, so what the caller reports as saved
// survives a crash or a power cut and will be uploaded by sync exactly once.
//
// Ownership: a Store owns its connection. It borrows the Clock and Random given in
// StoreOptions, which must outlive it. Thread safety: one thread at a time; open a second
// Store on the same file for another thread or process (SQLite's locking and the busy
// timeout arbitrate).
// Errors: every call returns a Status or Result; on error nothing was written.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "data/forms/form_answers.h"
#include "data/forms/form_spec.h"
#include "data/random.h"
#include "data/store/records.h"
#include "data/seal.h"
#include "data/status.h"
#include "data/store/sync_records.h"

namespace stem {

namespace sql {
class Connection;
}

struct StoreOptions {
  const Clock* clock = nullptr;  // SystemClock when null
  Random* random = nullptr;      // SecureRandom when null
  int busy_timeout_ms = 5000;
  // Open runs SQLite's quick_check, which reads every page (seconds on a 100,000-person
  // roster). A second connection in a process that already opened the file checked may skip it.
  bool check_integrity = true;
};

class Store {
 public:
  // Opens an existing kiosk store and brings its schema up to date. Refuses, changing
  // nothing, a file that is missing, not SQLite, another application's database, corrupt, or
  // from a newer version of this software.
  static Result<Store> Open(const std::string& path, const StoreOptions& options = {});
  // Creates a new store (or opens an existing one, as Open does) and gives the device its id.
  static Result<Store> Create(const std::string& path, const StoreOptions& options = {});
  // A throwaway store in memory, for tests.
  static Result<Store> CreateInMemory(const StoreOptions& options = {});
  // Opens a store stopped at `version` (no further migrations), for migration tests.
  static Result<Store> CreateAtVersionForTest(const std::string& path, int version,
                                              const StoreOptions& options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& device_id() const { return device_id_; }
  Result<int> SchemaVersion();
  // The full SQLite integrity check ("ok" or the first problems found).
  Result<std::string> IntegrityCheck();

  // Events and their activities (sessions). CreateEvent also writes an audit record
  // ("event_created", with the event's name, kind and dates) so that the hub learns of it.
  Result<Event> CreateEvent(const NewEvent& event);
  Result<std::vector<Event>> ListEvents();
  Result<Event> GetEvent(const std::string& id);
  Status UseEvent(const std::string& id);
  // The event chosen with UseEvent; NotFound("no_current_event") before that.
  Result<Event> CurrentEvent();
  Result<Activity> AddActivity(const std::string& event_id, const NewActivity& activity);
  Result<std::vector<Activity>> ListActivities(const std::string& event_id);

  // Roster. ImportRoster checks every row first; one bad row rejects the whole file.
  Result<RosterImportReport> ImportRoster(const std::string& event_id, const std::string& csv);
  Result<std::vector<RosterHit>> SearchRoster(const std::string& event_id,
                                              const std::string& text, int limit = 20);
  // How many students SearchRoster(event_id, text, ...) would find, counted up to `cap`
  // (1..10000; `cap` means "cap or more"): a list that shows the first few says how many in
  // all. Reads the index only; its cost follows `cap`.
  Result<int> CountRosterMatches(const std::string& event_id, const std::string& text, int cap);
  Result<Person> GetPerson(const std::string& id);
  // Every person on this kiosk (every event), guardians before the students that refer to
  // them, for exports.
  Status ForEachPerson(const std::function<Status(const Person&)>& visit);
  // The student of `event_id` with this confirmation code (any case, spaces ignored).
  Result<Person> FindByConfirmationCode(const std::string& event_id, const std::string& code);

  // Records. Each returns after the record and its outbox entry were committed.
  Result<RegistrationResult> Register(const NewRegistration& registration);
  Result<CheckInResult> CheckIn(const CheckInRequest& request);
  Result<CheckOutResult> CheckOut(const CheckOutRequest& request);
  // `person` with their pickup list and no-pickup flag filled in (GetPerson leaves them empty).
  Result<Person> WithPickup(Person person);
  // Whether `name` is the student's guardian or an adult on their pickup list (case, accents
  // and spacing ignored); false for "".
  Result<bool> CollectorListed(const Person& student, const std::string& name);
  // The open check-in of a student (in `activity_id`, "" for the whole event): who recorded
  // it and when, for the words of a refused duplicate. nullopt when there is none.
  Result<std::optional<OpenCheckInInfo>> FindOpenCheckIn(const std::string& person_id,
                                                         const std::string& activity_id = "");
  // The latest open check-in of a student in any activity (for a badge or a pickup stub).
  Result<std::optional<OpenCheckInInfo>> LatestOpenCheckIn(const std::string& person_id);
  // Writes a form response as given, without checking it against a form spec: for scripted
  // and internal use. Answers from people go through SaveResponse.
  Result<RecordRef> SubmitForm(const FormSubmission& submission);
  // An audit record (what happened at this kiosk, for the hub's log); about a person of an
  // event when those are given.
  Result<RecordRef> Audit(const std::string& action, const nlohmann::json& detail,
                          const std::string& event_id = "", const std::string& person_id = "");

  // Forms. InstallForm checks the spec fully first; installing the same id and version again
  // is a no-op when the spec is identical and refused when it differs. A new version is
  // reported to the hub in an audit record ("form_installed", with the spec) unless
  // `report_to_hub` is false (the bundled forms, which the hub knows already).
  Result<FormInfo> InstallForm(const std::string& spec_json, bool report_to_hub = true);
  Result<std::vector<FormInfo>> ListForms();
  // The spec (JSON text) of every installed version of every form.
  Result<std::vector<std::string>> FormSpecs();
  // The latest installed version when `version` is 0.
  Result<std::shared_ptr<const forms::FormSpec>> GetForm(const std::string& form_id,
                                                         int version = 0);
  // Ok when this kiosk can take answers to the form: it is installed and, when it asks
  // sensitive questions, the nonprofit's public key is set (else Conflict "no_public_key").
  Status CheckCanAnswer(const std::string& form_id);
  // Checks the answers against the latest version of the form (skip logic, types,
  // constraints), seals the sensitive ones and saves the response. Answers that need
  // attention come back in `errors`, in `language`, and nothing is saved. A registration
  // form that fills person fields (forms/person_fields.h) also puts each child it describes on
  // the roster of `event_id`, as Register does, in the same transaction: when any child cannot
  // be registered, nothing is saved. A correction (`supersedes`) registers no one again.
  Result<SaveOutcome> SaveResponse(const ResponseToSave& response);

  // Applications saved for later (store_drafts.cpp). Never synced and never in a record.
  // SaveDraft seals the answers under the resume code and the child's birth date and returns
  // the code, made new unless the draft was resumed (then the same code, and the draft it
  // replaces is deleted in the same transaction). It expires after DraftDays().
  Result<SavedDraft> SaveDraft(const DraftToSave& draft);
  // Opens a draft by what the family typed. Errors, in the order they are checked:
  // InvalidArgument "resume_code_shape" (not 6 characters of the code alphabet) or
  // "invalid_birth_date"; NotFound "draft_not_found" for an unknown code and for a wrong birth
  // date alike (the wrong try is counted against that draft); Denied "draft_locked" after
  // kDraftTriesBeforeLock wrong tries, for kDraftLockMinutes; Conflict "draft_expired" for
  // the right code and birth date of an expired draft (which is then deleted).
  Result<ResumedDraft> ResumeDraft(const std::string& typed_code, const std::string& birth_date);
  Status DeleteDraft(const std::string& id);
  // Drops the answers of expired drafts and deletes drafts expired for 30 days; how many
  // drafts were changed.
  Result<int64_t> ExpireDrafts();
  // Drafts that can still be resumed.
  Result<int64_t> CountDrafts();
  Result<int> DraftDays();  // default 14
  Status SetDraftDays(int days);  // 1 to 90
  static constexpr int kDraftTriesBeforeLock = 5;
  static constexpr int kDraftLockMinutes = 15;

  // The nonprofit's public key, to which sensitive answers are sealed.
  Status SetSealingKey(const std::string& public_key_base64);
  Result<std::optional<seal::PublicKey>> SealingKey();

  // Settings of the touchscreen app (data/store_kiosk_settings.cpp), kept in the store so
  // they survive restarts: `name` is a slug ("idle_timeout_s"), `value` at most 4 KiB of
  // UTF-8 text. The app gives values their meaning; nullopt when never set.
  Result<std::optional<std::string>> KioskSetting(const std::string& name);
  Status SetKioskSetting(const std::string& name, const std::string& value);

  // Figures for `status` and the volunteer desk.
  Result<StoreSummary> Summary();
  // Calls `visit` for every record still on this device, oldest first.
  Status ForEachRecord(const std::function<void(const StoredRecord&)>& visit);

  // Sync's side: records up to `through_seq` were acknowledged by the hub.
  Status MarkAcked(int64_t through_seq);
  Status SetLastSync(TimePoint when);
  // Sync (store_sync.cpp). Unacknowledged records with seq > after_seq, oldest first: at most
  // `max_records`, stopping once `max_bytes` of payload are reached (always at least one) and
  // at the first gap, so a page is a contiguous range.
  Result<std::vector<StoredRecord>> OutboxPage(int64_t after_seq, size_t max_records,
                                               size_t max_bytes);
  // Applies a hub's answer in one transaction: records <= acked_through are acknowledged,
  // `rejected` ones are quarantined, and the last sync time is set.
  Status ApplyAck(int64_t acked_through, const std::vector<QuarantinedRecord>& rejected);
  Result<std::vector<QuarantinedRecord>> ListQuarantine();
  // The hub holds only up to `hub_acked_through` (it was restored from a backup): records
  // after it still on this kiosk go back in the queue. Returns how many were re-queued.
  Result<int64_t> RequeueAfter(int64_t hub_acked_through);
  Result<SyncSettings> GetSyncSettings();
  // Saves the enrollment (hub URL, device token and name, CA file) in one transaction.
  Status SetSyncEnrollment(const SyncSettings& settings);
  // Applies one page of the hub's roster in one transaction: events are added when missing,
  // people written with source "hub" (never over a walk-up or locally imported person, never
  // touching check-ins), and the roster cursor advanced to `next_cursor`. A page with an
  // invalid entry is refused whole. Returns how many people were written. `forms`, when
  // given, are the form versions the hub published since the forms cursor: each is installed
  // in the same transaction (not reported back to the hub) and the forms cursor advanced; a
  // version this kiosk cannot load, or holds with other content, is skipped (the kiosk keeps
  // its own, and its responses reach the hub with it).
  Result<int64_t> ApplyRosterPage(const std::vector<Event>& events,
                                  const std::vector<HubRosterEntry>& people, int64_t next_cursor,
                                  const HubFormsPage* forms = nullptr);

  // Retention: deletes records acknowledged by the hub and created more than `days` days ago.
  // Unacknowledged and quarantined (hub-rejected) records are never deleted. Returns how many
  // were deleted.
  Result<int64_t> Purge(int days);
  Result<int> RetentionDays();  // default 30
  Status SetRetentionDays(int days);

 private:
  struct Private;
  Store(std::unique_ptr<Private> p);
  static Result<Store> OpenImpl(const std::string& path, bool create, int stop_at_version,
                                const StoreOptions& options);
  Result<std::optional<OpenCheckInInfo>> OpenCheckInOf(const std::string& person_id,
                                                       const std::string* activity_id);
  std::unique_ptr<Private> p_;
  std::string device_id_;
};

}  // namespace stem
