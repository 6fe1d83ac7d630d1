// SqlHubStorage, second half: form versions, events as listed, and the read model's
// queries for exports and pages (the SQL is in sql_read_model.cpp).
#include "data/forms/form_spec.h"
#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {

Result<std::vector<HubEventInfo>> SqlHubStorage::ListEvents() {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT id, name, kind, starts_on, ends_on, source, "
                     "(SELECT count(*) FROM records r WHERE r.event_id = e.id), venue, "
                     "coalesce((SELECT d.name FROM devices d WHERE d.kiosk_id = e.device_id), "
                     "e.device_id) FROM events e "
                     "UNION ALL "
                     "SELECT r.event_id, '', '', '', '', 'records only', count(*), '', '' "
                     "FROM records r WHERE r.event_id != '' AND NOT EXISTS (SELECT 1 FROM "
                     "events e WHERE e.id = r.event_id) GROUP BY r.event_id ORDER BY 4, 2, 1"));
  std::vector<HubEventInfo> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)},
                   s.Text(5), s.Int(6), s.Text(7), s.Text(8)});
  }
  return out;
}

Result<std::vector<HubEventInfo>> SqlHubStorage::ListEventsUncounted() {
  std::lock_guard lock(p_->mu);
  // Events only records name are found by walking the records' event index one distinct id
  // at a time (a seek each), not by reading every record.
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("WITH RECURSIVE ids(id) AS ("
                     "SELECT (SELECT min(event_id) FROM records WHERE event_id > '') "
                     "UNION ALL SELECT (SELECT min(event_id) FROM records WHERE event_id > ids.id) "
                     "FROM ids WHERE ids.id IS NOT NULL) "
                     "SELECT id, name, kind, starts_on, ends_on, source, venue, "
                     "coalesce((SELECT d.name FROM devices d WHERE d.kiosk_id = e.device_id), "
                     "e.device_id) FROM events e "
                     "UNION ALL SELECT id, '', '', '', '', 'records only', '', '' FROM ids "
                     "WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = ids.id) "
                     "ORDER BY 4, 2, 1"));
  std::vector<HubEventInfo> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)},
                   s.Text(5), -1, s.Text(6), s.Text(7)});
  }
  return out;
}

Result<std::map<std::string, std::string>> SqlHubStorage::KioskNames() {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT kiosk_id, name FROM devices WHERE kiosk_id IS NOT NULL"));
  std::map<std::string, std::string> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out[s.Text(0)] = s.Text(1);
  }
  return out;
}

Status SqlHubStorage::AddKioskRosterPeople(const std::vector<Person>& people) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->read_model_writer.Folder(p_->db));
  for (const Person& p : people) {
    STEM_RETURN_IF_ERROR(read_model::PublishRosterPerson(p_->db, *folder, p, now, "kiosk roster"));
  }
  return txn.Commit();
}

Result<bool> SqlHubStorage::EventKnown(const std::string& event_id) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT EXISTS (SELECT 1 FROM events WHERE id = ?1) OR "
                     "EXISTS (SELECT 1 FROM records WHERE event_id = ?1)"));
  s.Bind(1, event_id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row && s.Int(0) != 0;
}

Result<HubForm> SqlHubStorage::AddForm(const std::string& spec_json, const std::string& source) {
  STEM_ASSIGN_OR_RETURN(forms::FormSpec spec, forms::LoadFormSpecOrError(spec_json));
  // Kept normalised, as kiosks keep it, so the same spec with other spacing is the same.
  HubForm form{spec.id, spec.version, spec.kind, nlohmann::json::parse(spec_json).dump(),
               source, p_->Now()};
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(bool added, read_model::AddForm(p_->db, form));
  // Published from here (also a version a kiosk reported first): kiosks download it.
  if (source == "hub") STEM_RETURN_IF_ERROR(read_model::PublishForm(p_->db, spec.id, spec.version));
  STEM_RETURN_IF_ERROR(txn.Commit());
  if (!added) {
    STEM_ASSIGN_OR_RETURN(std::vector<HubForm> known, read_model::ListForms(p_->db, spec.id));
    for (const HubForm& f : known) {
      if (f.version == spec.version) return f;
    }
  }
  return form;
}

Result<std::vector<PublishedForm>> SqlHubStorage::PublishedForms(int64_t after_cursor,
                                                                     int limit) {
  std::lock_guard lock(p_->mu);
  return read_model::PublishedForms(p_->db, after_cursor, limit);
}

Result<std::vector<HubForm>> SqlHubStorage::ListForms(const std::string& form_id) {
  std::lock_guard lock(p_->mu);
  return read_model::ListForms(p_->db, form_id);
}

Status SqlHubStorage::ForEachPerson(const ExportFilter& filter,
                                       const std::function<Status(const PersonRow&)>& visit) {
  std::lock_guard lock(p_->mu);
  return read_model::ForEachPerson(p_->db, filter, visit);
}

Status SqlHubStorage::ForEachAttendance(
    const ExportFilter& filter, const std::function<Status(const AttendanceRow&)>& visit) {
  std::lock_guard lock(p_->mu);
  return read_model::ForEachAttendance(p_->db, filter, visit);
}

Status SqlHubStorage::ForEachLabelPrint(const ExportFilter& filter,
                                        const std::function<Status(const LabelPrint&)>& visit) {
  std::lock_guard lock(p_->mu);
  return read_model::ForEachLabelPrint(p_->db, filter, visit);
}

Status SqlHubStorage::ForEachResponse(const std::string& form_id, const ExportFilter& filter,
                                         const std::function<Status(const ResponseRow&)>& visit) {
  std::lock_guard lock(p_->mu);
  return read_model::ForEachResponse(p_->db, form_id, filter, visit);
}

Result<std::vector<QuestionKey>> SqlHubStorage::FormQuestions(const std::string& form_id) {
  std::lock_guard lock(p_->mu);
  return read_model::FormQuestions(p_->db, form_id);
}

Result<std::vector<std::string>> SqlHubStorage::FormsWithResponses(const ExportFilter& filter) {
  std::lock_guard lock(p_->mu);
  return read_model::FormsWithResponses(p_->db, filter);
}

Result<std::vector<UnknownFormVersion>> SqlHubStorage::UnknownFormVersions(
    const ExportFilter& filter) {
  std::lock_guard lock(p_->mu);
  return read_model::UnknownFormVersions(p_->db, filter);
}

void SqlHubStorage::SetReadModelForBench(bool on) { p_->read_model = on; }

}  // namespace stem::hub
