// The read model's SQL on the hub's SQLite database (see read_model.h): its schema, how a
// stored record changes it, and the streaming reads that pages and exports use.
//
// Every function runs on a connection the caller owns and guards (SqlHubStorage's mutex)
// and inside the caller's transaction where it writes. Errors: Status from SQLite. A record
// whose payload lacks what its type needs adds nothing here (it is still stored and in the
// raw export).
#pragma once

#include <functional>
#include <string>
#include <memory>
#include <string_view>
#include <vector>

#include "data/status.h"
#include "data/store/records.h"
#include "sync/hub/storage/dashboard.h"
#include "sync/hub/storage/read_model.h"
#include "sync/protocol/batch.h"

namespace stem {
class TextFolder;
}
namespace stem::hub::db {
class Connection;
class Statement;
}

namespace stem::hub::read_model {

// An answer's value and its storage class as two columns of a row, for a query over
// `answers` AS `alias`: SQLite keeps the class in the value itself (typeof), PostgreSQL in
// answers.kind beside it.
std::string AnswerValueSql(const db::Connection& db, std::string_view alias);
// The storage class of answers AS `alias`: "integer", "real", "text", "blob" or "null".
std::string AnswerKindSql(const db::Connection& db, std::string_view alias);
// An answer as AnswerValueSql put it in columns `column` and `column + 1` of a row.
AnswerValue ReadValue(const db::Statement& s, int column);

// Schema version 3: forms, people, check-ins and check-outs, responses and answers.
extern const std::string_view kSchemaV3;
// Schema version 4: events made on kiosks (device, venue) and the forms published to kiosks.
extern const std::string_view kSchemaV4;

// Writes stored records into the read model: parses each payload once (simdjson, into a
// parser it reuses) and numbers questions as it meets them, remembering the numbers.
// One per connection; not thread safe (the storage's mutex guards it).
class Writer {
 public:
  Writer();
  ~Writer();
  // Applies one record just stored (its rowid in `records` is `rowid`) to the read model.
  Status Apply(db::Connection& db, int64_t rowid, const std::string& device_id,
               const sync::BatchRecord& r);
  // Question numbers made inside a transaction that then rolled back are wrong: call this
  // after any failed transaction.
  void Forget();
  // The folder of people's search words on `db` (made on first use).
  Result<const TextFolder*> Folder(db::Connection& db);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds the read model from every stored record (the migration to schema version 3), or
// with `audits_only` applies only the audit records (events and forms kiosks reported: the
// migration to version 4).
Status Rebuild(db::Connection& db, bool audits_only = false);
// Publishes a known form version to kiosks (again: no change).
Status PublishForm(db::Connection& db, const std::string& form_id, int version);
// Published form versions after `after_cursor`, at most `limit`, in publishing order.
Result<std::vector<PublishedForm>> PublishedForms(db::Connection& db, int64_t after_cursor,
                                                  int limit);
// A person of a roster (`source` "hub roster": stem-hub roster import, replacing an earlier
// import; "kiosk roster": a kiosk's own, never over a person a registration recorded).
Status PublishRosterPerson(db::Connection& db, const TextFolder& folder, const Person& person,
                           const std::string& now, const std::string& source);

// Schema version 6: the people search's words, and indexes the staff pages read by. Written
// so that it may run again (the rebuild from version 2 and below makes it first).
extern const std::string_view kSchemaV6;
// Schema version 8: the overview's counts per event (students; responses per form), kept
// by triggers on people and responses.
extern const std::string_view kSchemaV8;
// Schema version 10 (PostgreSQL 11): the labels kiosks printed (kiosks' "label_printed"
// audit records), for the person page and the exports. Written so that it may run again.
extern const std::string_view kSchemaV10;
// Schema version 11 (PostgreSQL 12): people staff merged (the merged person stays, its row
// names the person it was merged into; undoing deletes the row; the audit log keeps both).
extern const std::string_view kSchemaV11;
// A transaction about to write many students of one event (a roster import) counts them
// once, at the end, with RecountStudents: on PostgreSQL one counter row updated tens of
// thousands of times in one transaction grows quadratically. On SQLite the triggers count
// as they go (cheaply) and both do nothing.
Status CountStudentsLater(db::Connection& db);
// Sets the event's student count to its rows, inside the caller's transaction. Holds the
// counters' table until commit, so no other writer counts a student it cannot see.
Status RecountStudents(db::Connection& db, const std::string& event_id);
// Replaces the search words of a person (folded names, confirmation code, phone digits: all
// of them and the last 10, 7 and 4). IndexAllPeople does it for every person.
Status IndexPersonWords(db::Connection& db, const TextFolder& folder, const PersonRow& p);
Status IndexAllPeople(db::Connection& db);

// The staff pages' views (dashboard.h); see HubStorage for their contracts.
Result<EventOverview> Overview(db::Connection& db, const std::string& event_id,
                               const std::string& today);
Result<std::vector<PersonRow>> SearchPeople(db::Connection& db, const TextFolder& folder,
                                            const std::string& text, int limit);
Result<PersonDetail> PersonPage(db::Connection& db, const std::string& person_id);
Result<ResponsePage> Responses(db::Connection& db, const ResponseQuery& query);
Result<ResponseDetail> FindResponse(db::Connection& db, const std::string& record_id);
// Current responses to scholarship forms with their reviews (see HubStorage::Applications).
Result<std::vector<Application>> Applications(db::Connection& db, const std::string& status,
                                              const std::string& reviewer, int limit);
// Survey results (see HubStorage::CountResponses, AnswerCounts, TextAnswers).
Result<int64_t> CountResponses(db::Connection& db, const std::string& form_id,
                               const std::string& event_id);
Result<std::vector<AnswerCount>> AnswerCounts(db::Connection& db, const std::string& form_id,
                                              const std::string& event_id,
                                              const std::vector<int64_t>& qids);
Result<std::vector<std::string>> TextAnswers(db::Connection& db, const std::string& form_id,
                                             const std::string& event_id, int64_t qid, int limit);
// A review as kept (JSON of its saved fields) and back.
std::string ReviewJson(const Review& r);
Review ReviewFromJson(const std::string& record_id, const std::string& json);

Status ForEachPerson(db::Connection& db, const ExportFilter& filter,
                     const std::function<Status(const PersonRow&)>& visit);
Status ForEachLabelPrint(db::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const LabelPrint&)>& visit);
Status ForEachAttendance(db::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const AttendanceRow&)>& visit);
// Responses to `form_id` (current ones; with filter.history also those corrected since),
// oldest first, each with its answers; one response in memory at a time.
Status ForEachResponse(db::Connection& db, const std::string& form_id,
                       const ExportFilter& filter,
                       const std::function<Status(const ResponseRow&)>& visit);
// The ids of the forms that have responses (in the event, when the filter names one).
// The numbered questions of a form (every version, and any id its answers used).
Result<std::vector<QuestionKey>> FormQuestions(db::Connection& db, const std::string& form_id);
Result<std::vector<std::string>> FormsWithResponses(db::Connection& db,
                                                    const ExportFilter& filter);
Result<std::vector<UnknownFormVersion>> UnknownFormVersions(db::Connection& db,
                                                            const ExportFilter& filter);

// Form versions. AddForm refuses a different spec under a known (id, version) and is a
// no-op for the same one; the spec must already have been checked by the form loader.
Result<bool> AddForm(db::Connection& db, const HubForm& form);
Result<std::vector<HubForm>> ListForms(db::Connection& db, const std::string& form_id);

}  // namespace stem::hub::read_model
