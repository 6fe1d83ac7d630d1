// HubStorage: where the hub keeps devices, received records, conflicts, rejections, events
// and the published roster. An interface so that a PostgreSQL backend can follow the SQLite
// one (sql_hub_storage.h) without touching the server or the admin commands.
//
// Contract: IngestBatch stores a batch in one transaction with insert-if-absent on
// (device, seq): a record already stored with the same content is a duplicate; with other
// content it is a conflict, kept apart for review and never overwriting; a record failing
// ValidateRecord is rejected with its reason, not blocking the others. The answer lists
// every record's outcome and the device's contiguous acked-through sequence (seq <= it are
// all stored or rejected).
// Thread safety: implementations are safe to call from several server threads at once.
// Errors: Status values; secrets (codes, tokens) are stored only as SHA-256 hashes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/status.h"
#include "sync/hub/storage/dashboard.h"
#include "sync/hub/storage/read_model.h"
#include "sync/protocol/batch.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/roster_page.h"

namespace stem::hub {

struct DeviceInfo {
  std::string name;
  std::string kiosk_id;  // empty until enrolled
  int64_t acked_through = 0;
  bool revoked = false;
  std::string created_at;
  int64_t records = 0;
};

struct HubRecord {
  std::string device_id;
  sync::BatchRecord record;
  std::string received_at;
};

struct HubEvent {
  std::string id;
  std::string name;
  std::string kind;
  std::string starts_on;
  std::string ends_on;
};

// An event as `stem-hub event list` shows it.
struct HubEventInfo {
  HubEvent event;          // name, kind and dates empty when only records name it
  std::string source;      // "hub", "kiosk" (made on a kiosk), or "records only"
  int64_t records = 0;     // records stored for it
  std::string venue;       // as the kiosk that made it gave it
  std::string device;      // the kiosk that made it (its name at the hub, else its id)
};

// A staff account as `stem-hub user list` shows it (never its password hash).
struct StaffUser {
  std::string email;
  std::string role;  // viewer, reviewer, staff, admin (accounts/accounts.h)
  bool has_password = false;
  bool disabled = false;
  std::string created_at;
  bool sensitive_data = false;  // given the right to open sealed answers (staff; see accounts.h)
};

// One line of the hub's audit log: who did what, when (no secrets, no answers).
struct AuditEntry {
  std::string at;
  std::string actor;
  std::string action;
  std::string detail;
};

class HubStorage {
 public:
  virtual ~HubStorage() = default;

  // Another connection to the same database, for a long read (an export to download) that
  // must not hold this one's lock while it runs.
  virtual Result<std::unique_ptr<HubStorage>> OpenReader() = 0;

  // Devices. AddDevice returns the one-time enrollment code (shown once, stored hashed).
  virtual Result<std::string> AddDevice(const std::string& name) = 0;
  virtual Result<std::vector<DeviceInfo>> ListDevices() = 0;
  // A revoked device keeps its data; its token stops working.
  virtual Status RevokeDevice(const std::string& name) = 0;
  // Trades a one-time code for a token bound to the kiosk's device id. Denied
  // "bad_enrollment_code" for an unknown, used or revoked code, "expired_enrollment_code"
  // for one issued more than 7 days ago.
  virtual Result<sync::EnrollResponse> Enroll(const sync::EnrollRequest& request) = 0;
  // The device a token belongs to; Denied "bad_token" / "revoked" otherwise.
  virtual Result<DeviceInfo> Authenticate(const std::string& token) = 0;

  virtual Result<sync::Ack> IngestBatch(const sync::Batch& batch) = 0;

  // Streams stored records (of one event, or all when `event_id` is empty) in
  // (device, seq) order with bounded memory.
  virtual Status ForEachRecord(const std::string& event_id,
                               const std::function<Status(const HubRecord&)>& visit) = 0;
  virtual Result<int64_t> CountConflicts() = 0;
  virtual Result<int64_t> CountRejections() = 0;

  virtual Result<HubEvent> CreateEvent(const HubEvent& event) = 0;
  // Events made here, events kiosks made (from their audit records), and event ids that
  // only records name; by start date.
  virtual Result<std::vector<HubEventInfo>> ListEvents() = 0;
  // The same events without counting their records (records -1), for pages: quick whatever
  // the number of records.
  virtual Result<std::vector<HubEventInfo>> ListEventsUncounted() = 0;
  // Kiosk id -> the name it was added under, for pages and exports.
  virtual Result<std::map<std::string, std::string>> KioskNames() = 0;

  // Publishes a roster CSV (every row or none) for an event; re-importing a student (same
  // confirmation code, else name and birth date) updates them. Returns the students imported.
  virtual Result<int64_t> ImportRoster(const std::string& event_id, const std::string& csv) = 0;
  // Roster changes after `after_cursor`, at most `limit` people, oldest change first.
  virtual Result<sync::RosterPage> RosterPage(int64_t after_cursor, int limit) = 0;

  // People a kiosk holds without a record of them (its own roster import, the hub's roster
  // it downloaded), for `kioskctl export`: written to the read model's people as "kiosk
  // roster", never over a person a record registered.
  virtual Status AddKioskRosterPeople(const std::vector<Person>& people) = 0;

  // Whether the hub knows the event: created here, or named by a stored record.
  virtual Result<bool> EventKnown(const std::string& event_id) = 0;

  // Form versions (bundled ones are known from the start). AddForm checks the spec as a kiosk
  // does; the same spec again changes nothing, a different one under a known version is
  // refused (AlreadyExists "form_version_exists").
  virtual Result<HubForm> AddForm(const std::string& spec_json, const std::string& source) = 0;
  // Every known version of `form_id` (of every form when empty), by id then version.
  virtual Result<std::vector<HubForm>> ListForms(const std::string& form_id) = 0;
  // Versions added with source "hub" are published to kiosks, which download them with the
  // roster: those after `after_cursor`, at most `limit`.
  virtual Result<std::vector<PublishedForm>> PublishedForms(int64_t after_cursor, int limit) = 0;

  // Staff accounts. AddUser: AlreadyExists "user_exists"; the others NotFound "unknown_user".
  // `password_hash` empty: none yet (a sign-in link sets it). Every change writes the audit
  // log in the same transaction, as `actor`.
  virtual Result<StaffUser> AddUser(const std::string& email, const std::string& role,
                                    const std::string& password_hash, const std::string& actor) = 0;
  virtual Result<std::vector<StaffUser>> ListUsers() = 0;
  virtual Status SetUserRole(const std::string& email, const std::string& role,
                             const std::string& actor) = 0;
  virtual Status DisableUser(const std::string& email, const std::string& actor) = 0;
  // Gives or takes away the "sensitive data" right (opening sealed answers; accounts.h says
  // which roles it counts for). Audited as sensitive_data_granted / sensitive_data_withdrawn.
  virtual Status SetSensitiveData(const std::string& email, bool allowed,
                                  const std::string& actor) = 0;
  // Clears the password and signs the account out of everything; a new link replaces any
  // earlier one.
  virtual Status ResetUser(const std::string& email, const std::string& actor) = 0;
  virtual Status AddSignInLink(const std::string& email, const std::string& token_hash,
                               const std::string& expires_at) = 0;
  virtual Result<std::vector<AuditEntry>> AuditLog(int limit) = 0;
  // Writes one line of the audit log (`detail`: a JSON object, never a secret).
  virtual Status Audit(const std::string& actor, const std::string& action,
                       const std::string& detail_json) = 0;

  // Signing in (dashboard.h). UserCredentials: NotFound "unknown_user".
  virtual Result<StaffCredentials> UserCredentials(const std::string& email) = 0;
  // The account a sign-in link (by its token's hash) belongs to: Denied "bad_link" when
  // unknown or used, "expired_link" when older than its 72 hours.
  virtual Result<std::string> SignInLinkEmail(const std::string& token_hash) = 0;
  // Sets the account's password from its link, uses the link up and audits it.
  virtual Result<std::string> UseSignInLink(const std::string& token_hash,
                                            const std::string& password_hash) = 0;
  // A wrong password (or an unknown account) typed from `address`: kept for the throttle and
  // audited. SignInFailureAt: the time of the `nth` most recent failure (1 = the latest) of
  // the account (`by_address` false) or the address since `since`; "" when fewer.
  virtual Status RecordSignInFailure(const std::string& email, const std::string& address) = 0;
  virtual Result<std::string> SignInFailureAt(bool by_address, const std::string& key, int nth,
                                              const std::string& since) = 0;
  // Sessions, by the SHA-256 of their cookie. StartSession audits the sign-in. FindSession
  // answers NotFound "no_session" for an unknown, ended, idle (last used before
  // `idle_since`) or disabled account's session, and otherwise marks it used now.
  virtual Status StartSession(const std::string& session_hash, const std::string& email,
                              const std::string& csrf, const std::string& address) = 0;
  // `touch` false: a page's own polling, which must not keep an unattended session alive.
  virtual Result<StaffSession> FindSession(const std::string& session_hash,
                                           const std::string& idle_since, bool touch = true) = 0;
  virtual Status EndSession(const std::string& session_hash) = 0;

  // Personal API tokens (dashboard.h), by the SHA-256 of the token. Creating and revoking
  // are audited. RevokeApiToken: NotFound "unknown_token" unless `email` owns token `id`.
  // FindApiToken: Denied "bad_token" (unknown, revoked, or its account disabled).
  virtual Result<int64_t> AddApiToken(const std::string& email, const std::string& name,
                                      const std::string& access, const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ApiTokens(const std::string& email) = 0;
  virtual Status RevokeApiToken(const std::string& email, int64_t id) = 0;
  virtual Result<ApiCaller> FindApiToken(const std::string& token_hash) = 0;

  // The pages' views of the read model (dashboard.h). `today` is the hub's local day.
  virtual Result<EventOverview> Overview(const std::string& event_id,
                                         const std::string& today) = 0;
  virtual Result<std::vector<KioskStatus>> Kiosks() = 0;
  // Keeps what the kiosk `name` reports holding (written only when it changed, or once a
  // minute).
  virtual Status ReportKiosk(const std::string& name, const KioskReport& report) = 0;
  // People whose names, phone or confirmation code match every word of `text` (accents and
  // case ignored, each word whole or as the start of one), at most `limit`.
  virtual Result<std::vector<PersonRow>> SearchPeople(const std::string& text, int limit) = 0;
  // NotFound "unknown_person".
  virtual Result<PersonDetail> PersonPage(const std::string& person_id) = 0;
  // One child (or guardian) registered twice: from now on `merged_id` counts as `into_id` in
  // the attendance, the responses and the exports (whose people sheet says where each merged
  // person went); nothing is deleted, and UndoMerge puts it back. Both must be people of one
  // event and role. Errors, nothing written: NotFound "unknown_person"; InvalidArgument
  // "merge_itself", "merge_across_events", "merge_across_roles", "bad_reason" (over 500
  // bytes); Conflict "already_merged" (either was merged into someone: merge into that one),
  // "has_merged" (others were merged into `merged_id`: undo those first). Audited as
  // person_merged with both ids.
  virtual Status MergePeople(const std::string& merged_id, const std::string& into_id,
                             const std::string& reason, const std::string& actor) = 0;
  // NotFound "not_merged". Audited as person_unmerged.
  virtual Status UndoMerge(const std::string& merged_id, const std::string& actor) = 0;
  // InvalidArgument "bad_cursor" for a cursor this hub did not make.
  virtual Result<ResponsePage> Responses(const ResponseQuery& query) = 0;
  // NotFound "unknown_response" (also for a record that is not a form response).
  virtual Result<ResponseDetail> FindResponse(const std::string& record_id) = 0;

  // Scholarship review (dashboard.h). Applications: current responses to scholarship forms,
  // oldest first, of one status ("" for all) and reviewer ("" for anyone), at most `limit`.
  virtual Result<std::vector<Application>> Applications(const std::string& status,
                                                        const std::string& reviewer,
                                                        int limit) = 0;
  // The application's review ("new", version 0, when nobody reviewed it yet); NotFound
  // "unknown_application" when the record is not a current scholarship application.
  virtual Result<Review> GetReview(const std::string& record_id) = 0;
  // Saves `review` over version `review.version`, as `actor`; Conflict "review_changed"
  // (nothing written) when someone saved it since. Returns it as saved (version + 1).
  virtual Result<Review> SaveReview(const Review& review, const std::string& actor) = 0;
  virtual Result<std::vector<ReviewChange>> ReviewHistory(const std::string& record_id) = 0;

  // Survey results over the current responses to `form_id` (of one event, or all when
  // `event_id` is empty): how many, each answer's count for the questions `qids`, and the
  // newest `limit` answers to a text question.
  virtual Result<int64_t> CountResponses(const std::string& form_id, const std::string& event_id) = 0;
  virtual Result<std::vector<AnswerCount>> AnswerCounts(const std::string& form_id,
                                                        const std::string& event_id,
                                                        const std::vector<int64_t>& qids) = 0;
  virtual Result<std::vector<std::string>> TextAnswers(const std::string& form_id,
                                                       const std::string& event_id, int64_t qid,
                                                       int limit) = 0;

  // Hub settings (the review rubric): "" when unset.
  virtual Result<std::string> Setting(const std::string& key) = 0;
  virtual Status SetSetting(const std::string& key, const std::string& value,
                            const std::string& actor) = 0;

  // The read model (read_model.h), streamed with bounded memory. The visitor must not call
  // back into the storage.
  virtual Status ForEachPerson(const ExportFilter& filter,
                               const std::function<Status(const PersonRow&)>& visit) = 0;
  virtual Status ForEachAttendance(const ExportFilter& filter,
                                   const std::function<Status(const AttendanceRow&)>& visit) = 0;
  virtual Status ForEachResponse(const std::string& form_id, const ExportFilter& filter,
                                 const std::function<Status(const ResponseRow&)>& visit) = 0;
  // The badges and pickup stubs kiosks printed (or tried to), oldest first.
  virtual Status ForEachLabelPrint(const ExportFilter& filter,
                                   const std::function<Status(const LabelPrint&)>& visit) = 0;
  virtual Result<std::vector<QuestionKey>> FormQuestions(const std::string& form_id) = 0;
  virtual Result<std::vector<std::string>> FormsWithResponses(const ExportFilter& filter) = 0;
  virtual Result<std::vector<UnknownFormVersion>> UnknownFormVersions(
      const ExportFilter& filter) = 0;
};

}  // namespace stem::hub
