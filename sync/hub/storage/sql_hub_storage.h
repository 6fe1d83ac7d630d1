// SqlHubStorage: HubStorage on SQL, written once for both of the hub's databases through the
// seam of storage/db/: one SQLite file (WAL, synchronous=FULL; the embedded default) or a
// PostgreSQL database (libpq; several hub processes may share it). One connection guarded
// by a mutex: SQLite serialises writers anyway, and a batch is one short transaction; on
// PostgreSQL, hub processes are the unit of parallelism.
// Ownership: owns its connection. Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "data/clock.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

// `location` as it may be shown: a PostgreSQL URI without its password.
std::string SafeLocation(const std::string& location);

class SqlHubStorage final : public HubStorage {
 public:
  // Opens (creating when `create`) the hub database and brings its schema up to date:
  // `location` is an SQLite file's path or a PostgreSQL URI (postgresql://...; the database
  // must exist, the hub makes its tables). Refuses another application's database or one a
  // newer hub wrote.
  static Result<std::unique_ptr<SqlHubStorage>> Open(const std::string& location, bool create,
                                                     const Clock* clock = nullptr);
  ~SqlHubStorage() override;

  Result<std::unique_ptr<HubStorage>> OpenReader() override;
  Result<std::string> AddDevice(const std::string& name) override;
  Result<std::vector<DeviceInfo>> ListDevices() override;
  Status RevokeDevice(const std::string& name) override;
  Result<sync::EnrollResponse> Enroll(const sync::EnrollRequest& request) override;
  Result<DeviceInfo> Authenticate(const std::string& token) override;
  Result<sync::Ack> IngestBatch(const sync::Batch& batch) override;
  Status ForEachRecord(const std::string& event_id,
                       const std::function<Status(const HubRecord&)>& visit) override;
  Result<int64_t> CountConflicts() override;
  Result<int64_t> CountRejections() override;
  Result<HubEvent> CreateEvent(const HubEvent& event) override;
  Result<std::vector<HubEventInfo>> ListEvents() override;
  Result<std::vector<HubEventInfo>> ListEventsUncounted() override;
  Result<std::map<std::string, std::string>> KioskNames() override;
  Result<int64_t> ImportRoster(const std::string& event_id, const std::string& csv) override;
  Result<sync::RosterPage> RosterPage(int64_t after_cursor, int limit) override;
  Result<bool> EventKnown(const std::string& event_id) override;
  Status AddKioskRosterPeople(const std::vector<Person>& people) override;
  Result<HubForm> AddForm(const std::string& spec_json, const std::string& source) override;
  Result<std::vector<HubForm>> ListForms(const std::string& form_id) override;
  Result<StaffUser> AddUser(const std::string& email, const std::string& role,
                            const std::string& password_hash, const std::string& actor) override;
  Result<std::vector<StaffUser>> ListUsers() override;
  Status SetSensitiveData(const std::string& email, bool allowed, const std::string& actor) override;
  Status SetUserRole(const std::string& email, const std::string& role,
                     const std::string& actor) override;
  Status DisableUser(const std::string& email, const std::string& actor) override;
  Status ResetUser(const std::string& email, const std::string& actor) override;
  Status AddSignInLink(const std::string& email, const std::string& token_hash,
                       const std::string& expires_at) override;
  Result<std::vector<AuditEntry>> AuditLog(int limit) override;
  Status Audit(const std::string& actor, const std::string& action,
               const std::string& detail_json) override;
  Result<StaffCredentials> UserCredentials(const std::string& email) override;
  Result<std::string> SignInLinkEmail(const std::string& token_hash) override;
  Result<std::string> UseSignInLink(const std::string& token_hash,
                                    const std::string& password_hash) override;
  Status RecordSignInFailure(const std::string& email, const std::string& address) override;
  Result<std::string> SignInFailureAt(bool by_address, const std::string& key, int nth,
                                      const std::string& since) override;
  Status StartSession(const std::string& session_hash, const std::string& email,
                      const std::string& csrf, const std::string& address) override;
  Result<StaffSession> FindSession(const std::string& session_hash,
                                   const std::string& idle_since, bool touch = true) override;
  Status EndSession(const std::string& session_hash) override;
  Result<int64_t> AddApiToken(const std::string& email, const std::string& name,
                              const std::string& access, const std::string& token_hash) override;
  Result<std::vector<ApiToken>> ApiTokens(const std::string& email) override;
  Status RevokeApiToken(const std::string& email, int64_t id) override;
  Result<ApiCaller> FindApiToken(const std::string& token_hash) override;
  Result<EventOverview> Overview(const std::string& event_id, const std::string& today) override;
  Result<std::vector<KioskStatus>> Kiosks() override;
  Status ReportKiosk(const std::string& name, const KioskReport& report) override;
  Result<std::vector<PersonRow>> SearchPeople(const std::string& text, int limit) override;
  Result<PersonDetail> PersonPage(const std::string& person_id) override;
  Status MergePeople(const std::string& merged_id, const std::string& into_id,
                     const std::string& reason, const std::string& actor) override;
  Status UndoMerge(const std::string& merged_id, const std::string& actor) override;
  Result<ResponsePage> Responses(const ResponseQuery& query) override;
  Result<ResponseDetail> FindResponse(const std::string& record_id) override;
  Result<std::vector<Application>> Applications(const std::string& status,
                                                const std::string& reviewer, int limit) override;
  Result<Review> GetReview(const std::string& record_id) override;
  Result<Review> SaveReview(const Review& review, const std::string& actor) override;
  Result<std::vector<ReviewChange>> ReviewHistory(const std::string& record_id) override;
  Result<int64_t> CountResponses(const std::string& form_id, const std::string& event_id) override;
  Result<std::vector<AnswerCount>> AnswerCounts(const std::string& form_id,
                                                const std::string& event_id,
                                                const std::vector<int64_t>& qids) override;
  Result<std::vector<std::string>> TextAnswers(const std::string& form_id,
                                               const std::string& event_id, int64_t qid,
                                               int limit) override;
  Result<std::string> Setting(const std::string& key) override;
  Status SetSetting(const std::string& key, const std::string& value,
                    const std::string& actor) override;
  Result<std::vector<PublishedForm>> PublishedForms(int64_t after_cursor, int limit) override;
  Status ForEachPerson(const ExportFilter& filter,
                       const std::function<Status(const PersonRow&)>& visit) override;
  Status ForEachAttendance(const ExportFilter& filter,
                           const std::function<Status(const AttendanceRow&)>& visit) override;
  Status ForEachResponse(const std::string& form_id, const ExportFilter& filter,
                         const std::function<Status(const ResponseRow&)>& visit) override;
  Status ForEachLabelPrint(const ExportFilter& filter,
                           const std::function<Status(const LabelPrint&)>& visit) override;
  Result<std::vector<QuestionKey>> FormQuestions(const std::string& form_id) override;
  Result<std::vector<std::string>> FormsWithResponses(const ExportFilter& filter) override;
  Result<std::vector<UnknownFormVersion>> UnknownFormVersions(const ExportFilter& filter) override;

  // Ingests without writing the read model, for the benchmark that prices the read model.
  void SetReadModelForBench(bool on);

  // Fault injection for tests: sleep this long in the middle of each batch's transaction,
  // so that a test can kill the hub while a batch is half written.
  void SetIngestDelayForTest(int ms);

  // Writes a consistent copy of the hub database to a new file at `path` while the hub may
  // keep serving (sql::BackupDatabase: refuses an existing file, leaves none on failure).
  Status Backup(const std::string& path);

 private:
  struct Private;
  explicit SqlHubStorage(std::unique_ptr<Private> p);
  std::unique_ptr<Private> p_;
};

}  // namespace stem::hub
