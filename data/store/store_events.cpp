// Events (a fair or a camp) and their activities (sessions with an optional capacity).
#include "data/store/store_internal.h"
#include "data/text.h"
#include "data/uuid.h"
#include "data/validate.h"

namespace stem {
namespace {

Event ReadEvent(const sql::Statement& s) {
  return Event{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
}

constexpr const char* kEventColumns = "id, name, kind, starts_on, ends_on, venue";

}  // namespace

Result<Event> Store::CreateEvent(const NewEvent& e) {
  STEM_RETURN_IF_ERROR(validate::Text("name", e.name, 200, true));
  STEM_RETURN_IF_ERROR(validate::Text("venue", e.venue, 200, false));
  if (e.kind != "fair" && e.kind != "camp") {
    return Status::InvalidArgument("invalid_kind", "kind must be \"fair\" or \"camp\"");
  }
  if (!IsValidDate(e.starts_on)) {
    return Status::InvalidArgument("invalid_start", "start date must be a real date, YYYY-MM-DD");
  }
  if (!IsValidDate(e.ends_on)) {
    return Status::InvalidArgument("invalid_end", "end date must be a real date, YYYY-MM-DD");
  }
  if (e.ends_on < e.starts_on) {
    return Status::InvalidArgument("end_before_start", "the event ends before it starts");
  }
  Event event{NewUuidV7(p_->clock->Now(), *p_->random), Trim(e.name), e.kind, e.starts_on,
              e.ends_on, Trim(e.venue)};
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO events(id, name, kind, starts_on, ends_on, venue, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, event.id).Bind(2, event.name).Bind(3, event.kind).Bind(4, event.starts_on);
  ins.Bind(5, event.ends_on).Bind(6, event.venue).Bind(7, p_->NowUtc());
  STEM_RETURN_IF_ERROR(ins.Run());
  // The hub learns of an event made here (its name, kind and dates) from this audit record.
  STEM_RETURN_IF_ERROR(p_->AppendRecord("audit", event.id, "", "",
                                        {{"action", "event_created"},
                                         {"detail",
                                          {{"id", event.id},
                                           {"name", event.name},
                                           {"kind", event.kind},
                                           {"starts_on", event.starts_on},
                                           {"ends_on", event.ends_on},
                                           {"venue", event.venue}}}})
                           .status());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return event;
}

Result<std::vector<Event>> Store::ListEvents() {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kEventColumns +
                     " FROM events ORDER BY starts_on, name"));
  std::vector<Event> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadEvent(s));
  }
  return out;
}

Result<Event> Store::GetEvent(const std::string& id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kEventColumns + " FROM events WHERE id = ?"));
  s.Bind(1, id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::NotFound("unknown_event", "there is no event with id " + id);
  return ReadEvent(s);
}

Status Store::UseEvent(const std::string& id) {
  STEM_RETURN_IF_ERROR(GetEvent(id).status());
  return p_->PutSetting("current_event", id);
}

Result<Event> Store::CurrentEvent() {
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> id, p_->GetSetting("current_event"));
  if (!id) {
    return Status::NotFound("no_current_event",
                            "no event is chosen for this kiosk; run `kioskctl event use ID`");
  }
  return GetEvent(*id);
}

Result<Activity> Store::AddActivity(const std::string& event_id, const NewActivity& a) {
  STEM_RETURN_IF_ERROR(validate::Text("name", a.name, 200, true));
  if (a.capacity && (*a.capacity < 1 || *a.capacity > 100000)) {
    return Status::InvalidArgument("invalid_capacity", "capacity must be between 1 and 100000");
  }
  STEM_RETURN_IF_ERROR(GetEvent(event_id).status());
  Activity activity{NewUuidV7(p_->clock->Now(), *p_->random), event_id, Trim(a.name),
                    a.capacity};
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO activities(id, event_id, name, capacity) VALUES (?, ?, ?, ?)"));
  ins.Bind(1, activity.id).Bind(2, event_id).Bind(3, activity.name);
  if (a.capacity) {
    ins.Bind(4, *a.capacity);
  } else {
    ins.BindNull(4);
  }
  Status s = ins.Run();
  if (s.code() == Status::Code::kConflict) {
    return Status::AlreadyExists("duplicate_activity",
                                 "this event already has an activity named \"" + activity.name +
                                     "\"");
  }
  STEM_RETURN_IF_ERROR(s);
  return activity;
}

Result<std::vector<Activity>> Store::ListActivities(const std::string& event_id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT id, event_id, name, capacity FROM activities WHERE event_id = ? "
                     "ORDER BY name"));
  s.Bind(1, event_id);
  std::vector<Activity> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    Activity a{s.Text(0), s.Text(1), s.Text(2), std::nullopt};
    if (!s.IsNull(3)) a.capacity = s.Int(3);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace stem
