// SqlHubStorage: the roster the hub publishes to kiosks (schema version 2), a change
// cursor over it, and its people in the read model.
#include <set>

#include "data/store/roster_csv.h"
#include "sync/hub/storage/sql_hub_storage_internal.h"
#include "sync/protocol/hash.h"
#include "sync/protocol/roster_page.h"

namespace stem::hub {

Result<int64_t> SqlHubStorage::ImportRoster(const std::string& event_id,
                                               const std::string& csv) {
  STEM_ASSIGN_OR_RETURN(std::vector<RosterRow> rows,
                        ParseRosterCsv(csv, LocalDay(p_->clock->Now())));
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(db::Statement ev, p_->db.Prepare("SELECT 1 FROM events WHERE id = ?"));
  ev.Bind(1, event_id);
  STEM_ASSIGN_OR_RETURN(bool known, ev.Step());
  if (!known) return Status::NotFound("unknown_event", "there is no event " + event_id);
  // Ids derive from what identifies a student, so a re-import updates instead of duplicating.
  std::string now = p_->Now();
  STEM_RETURN_IF_ERROR(read_model::CountStudentsLater(p_->db));
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->read_model_writer.Folder(p_->db));
  auto publish = [&](sync::RosterPerson rp) -> Status {
    rp.person.event_id = event_id;
    STEM_RETURN_IF_ERROR(read_model::PublishRosterPerson(p_->db, *folder, rp.person, now,
                                                             "hub roster"));
    STEM_ASSIGN_OR_RETURN(db::Statement del,
                          p_->db.Prepare("DELETE FROM roster WHERE person_id = ?"));
    del.Bind(1, rp.person.id);
    STEM_RETURN_IF_ERROR(del.Run());
    STEM_ASSIGN_OR_RETURN(
        db::Statement ins,
        p_->db.Prepare("INSERT INTO roster(person_id, event_id, person_json) VALUES (?, ?, ?)"));
    ins.Bind(1, rp.person.id).Bind(2, event_id).Bind(3, sync::EncodeRosterPerson(rp));
    return ins.Run();
  };
  for (const RosterRow& row : rows) {
    const Person& st = row.student;
    std::string key = event_id + "|" +
                      (st.confirmation_code ? "code|" + *st.confirmation_code
                                            : "name|" + st.given_name + "|" + st.family_name +
                                                  "|" + st.birth_date.value_or(""));
    std::string id = "hub-" + sync::Sha256Hex(key).substr(0, 28);
    sync::RosterPerson student{st, ""};
    student.person.id = id;
    student.person.role = "student";
    if (!row.guardian.given_name.empty()) {
      sync::RosterPerson guardian{row.guardian, ""};
      guardian.person.id = id + "-g";
      guardian.person.role = "guardian";
      STEM_RETURN_IF_ERROR(publish(guardian));  // before the student that refers to them
      student.person.guardian_id = guardian.person.id;
      student.guardian_name = row.guardian.given_name + " " + row.guardian.family_name;
    }
    STEM_RETURN_IF_ERROR(publish(student));
  }
  STEM_RETURN_IF_ERROR(read_model::RecountStudents(p_->db, event_id));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return static_cast<int64_t>(rows.size());
}

Result<sync::RosterPage> SqlHubStorage::RosterPage(int64_t after_cursor, int limit) {
  std::lock_guard lock(p_->mu);
  sync::RosterPage page;
  page.next_cursor = after_cursor;
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT cursor, person_json FROM roster WHERE cursor > ? ORDER BY cursor "
                     "LIMIT ?"));
  s.Bind(1, after_cursor).Bind(2, static_cast<int64_t>(limit) + 1);
  std::set<std::string> event_ids;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (static_cast<int>(page.people.size()) == limit) {
      page.more = true;
      break;
    }
    STEM_ASSIGN_OR_RETURN(sync::RosterPerson rp, sync::DecodeRosterPerson(s.Text(1)));
    event_ids.insert(rp.person.event_id);
    page.next_cursor = s.Int(0);
    page.people.push_back(std::move(rp));
  }
  for (const std::string& id : event_ids) {
    STEM_ASSIGN_OR_RETURN(
        db::Statement e,
        p_->db.Prepare("SELECT id, name, kind, starts_on, ends_on FROM events WHERE id = ?"));
    e.Bind(1, id);
    STEM_ASSIGN_OR_RETURN(bool row, e.Step());
    if (row) page.events.push_back({e.Text(0), e.Text(1), e.Text(2), e.Text(3), e.Text(4), ""});
  }
  return page;
}

}  // namespace stem::hub
