// The read model's SQL on the hub's SQLite database (see read_model.h): its schema, how a
// stored record changes it, and the streaming reads that pages and exports use.
//
// Every function runs on a connection the caller owns and guards (SqliteHubStorage's mutex)
// and inside the caller's transaction where it writes. Errors: Status from SQLite. A record
// whose payload lacks what its type needs adds nothing here (it is still stored and in the
// raw export).
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "data/status.h"
#include "data/store/records.h"
#include "sync/hub/storage/read_model.h"
#include "sync/protocol/batch.h"

namespace stem::sql {
class Connection;
}

namespace stem::hub::read_model {

// Schema version 3: forms, people, check-ins and check-outs, responses and answers.
extern const std::string_view kSchemaV3;

// The numbers of questions (form, repeat group, question id) already read or made on this
// connection. Entries made inside a transaction that then rolled back are wrong: Forget()
// after any failed transaction.
class QuestionIds {
 public:
  Result<int64_t> Get(sql::Connection& db, const std::string& form_id, const std::string& repeat_id,
                      const std::string& question_id);
  void Forget() { ids_.clear(); }

 private:
  std::unordered_map<std::string, int64_t> ids_;
};

// Applies one record just stored (its rowid in `records` is `rowid`) to the read model.
Status Apply(sql::Connection& db, QuestionIds& questions, int64_t rowid,
             const std::string& device_id, const sync::BatchRecord& r);
// Builds the read model from every stored record (the migration to schema version 3).
Status Rebuild(sql::Connection& db);
// A person of a roster (`source` "hub roster": stem-hub roster import, replacing an earlier
// import; "kiosk roster": a kiosk's own, never over a person a registration recorded).
Status PublishRosterPerson(sql::Connection& db, const Person& person, const std::string& now,
                           const std::string& source);

Status ForEachPerson(sql::Connection& db, const ExportFilter& filter,
                     const std::function<Status(const PersonRow&)>& visit);
Status ForEachAttendance(sql::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const AttendanceRow&)>& visit);
// Responses to `form_id` (current ones; with filter.history also those corrected since),
// oldest first, each with its answers; one response in memory at a time.
Status ForEachResponse(sql::Connection& db, const std::string& form_id,
                       const ExportFilter& filter,
                       const std::function<Status(const ResponseRow&)>& visit);
// The ids of the forms that have responses (in the event, when the filter names one).
// The numbered questions of a form (every version, and any id its answers used).
Result<std::vector<QuestionKey>> FormQuestions(sql::Connection& db, const std::string& form_id);
Result<std::vector<std::string>> FormsWithResponses(sql::Connection& db,
                                                    const ExportFilter& filter);
Result<std::vector<UnknownFormVersion>> UnknownFormVersions(sql::Connection& db,
                                                            const ExportFilter& filter);

// Form versions. AddForm refuses a different spec under a known (id, version) and is a
// no-op for the same one; the spec must already have been checked by the form loader.
Result<bool> AddForm(sql::Connection& db, const HubForm& form);
Result<std::vector<HubForm>> ListForms(sql::Connection& db, const std::string& form_id);

}  // namespace stem::hub::read_model
