// Check-in and check-out: the rules a volunteer relies on at the table.
#include <cctype>

#include "data/pickup_code.h"
#include "data/text.h"
#include "data/store/store_internal.h"
#include "data/validate.h"

namespace stem {
namespace {

struct OpenCheckIn {
  std::string record_id;
  std::string pickup_code;
  std::string checked_in_at;
  std::string device_id;  // of the kiosk that recorded it
  std::string volunteer;
  std::string activity_id;
};

// The check-in of `person` into `activity` (any activity: nullptr) that was neither
// checked out nor superseded; the latest when several are.
Result<std::optional<OpenCheckIn>> FindOpen(sql::Connection& db, const std::string& person,
                                            const std::string* activity) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT c.record_id, coalesce(c.pickup_code, ''), c.checked_in_at, "
                 "rec.device_id, coalesce(json_extract(rec.payload, '$.volunteer'), ''), "
                 "c.activity_id "
                 "FROM checkins c JOIN records rec ON rec.id = c.record_id "
                 "WHERE c.person_id = ?1 AND (?3 OR c.activity_id = ?2) "
                 "AND NOT EXISTS (SELECT 1 FROM checkouts o WHERE o.checkin_id = c.record_id) "
                 "AND NOT EXISTS (SELECT 1 FROM records r WHERE r.supersedes = c.record_id) "
                 "ORDER BY c.checked_in_at DESC LIMIT 1"));
  s.Bind(1, person).Bind(2, activity ? *activity : std::string()).Bind(3, activity ? 0 : 1);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<OpenCheckIn>();
  return std::optional<OpenCheckIn>(
      OpenCheckIn{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
}

// Compares without an early exit, so timing does not tell how much of a code was right.
bool SameCode(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string ShortDeviceId(const std::string& device_id) {
  // A UUIDv7 begins with its creation time, so kiosks set up the same day share a prefix;
  // the random tail tells them apart.
  return device_id.size() <= 8 ? device_id : device_id.substr(device_id.size() - 8);
}

}  // namespace

Result<std::optional<OpenCheckInInfo>> Store::FindOpenCheckIn(const std::string& person_id,
                                                             const std::string& activity_id) {
  return OpenCheckInOf(person_id, &activity_id);
}

Result<std::optional<OpenCheckInInfo>> Store::LatestOpenCheckIn(const std::string& person_id) {
  return OpenCheckInOf(person_id, nullptr);
}

Result<std::optional<OpenCheckInInfo>> Store::OpenCheckInOf(const std::string& person_id,
                                                           const std::string* activity_id) {
  STEM_ASSIGN_OR_RETURN(std::optional<OpenCheckIn> open, FindOpen(p_->db, person_id, activity_id));
  if (!open) return std::optional<OpenCheckInInfo>();
  OpenCheckInInfo info{open->record_id, open->checked_in_at, open->device_id,
                       ShortDeviceId(open->device_id), "", open->volunteer,
                       open->activity_id, open->pickup_code};
  if (open->device_id == device_id_) {
    STEM_ASSIGN_OR_RETURN(SyncSettings sync, GetSyncSettings());
    info.station_name = sync.device_name;
  }
  return std::optional<OpenCheckInInfo>(std::move(info));
}

Result<CheckInResult> Store::CheckIn(const CheckInRequest& req) {
  STEM_RETURN_IF_ERROR(validate::OverrideReason(req.override_reason));
  STEM_RETURN_IF_ERROR(validate::Text("volunteer", req.volunteer, 100, false));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(Person person, GetPerson(req.person_id));
  if (person.role != "student") {
    return Status::InvalidArgument("not_a_student", "only students are checked in");
  }
  STEM_ASSIGN_OR_RETURN(Event event, GetEvent(person.event_id));
  std::optional<int64_t> capacity;
  if (!req.activity_id.empty()) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement a,
        p_->db.Prepare("SELECT capacity FROM activities WHERE id = ? AND event_id = ?"));
    a.Bind(1, req.activity_id).Bind(2, event.id);
    STEM_ASSIGN_OR_RETURN(bool found, a.Step());
    if (!found) {
      return Status::NotFound("unknown_activity",
                              "there is no activity " + req.activity_id + " at this event");
    }
    if (!a.IsNull(0)) capacity = a.Int(0);
  }
  STEM_ASSIGN_OR_RETURN(std::optional<OpenCheckIn> open,
                        FindOpen(p_->db, person.id, &req.activity_id));
  if (open && !req.override_reason) {
    // The volunteer's name stays out of the detail (it may reach a log); FindOpenCheckIn
    // gives it to the screens that show it.
    return Status::Conflict("duplicate_checkin",
                            "already checked in at " + open->checked_in_at + " on kiosk " +
                                ShortDeviceId(open->device_id) + " (record " + open->record_id +
                                "); an override needs a reason");
  }
  bool full = false;
  if (capacity && !open) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement n,
        p_->db.Prepare("SELECT count(DISTINCT c.person_id) FROM checkins c "
                       "WHERE c.activity_id = ? "
                       "AND NOT EXISTS (SELECT 1 FROM checkouts o WHERE o.checkin_id = c.record_id) "
                       "AND NOT EXISTS (SELECT 1 FROM records r WHERE r.supersedes = c.record_id)"));
    n.Bind(1, req.activity_id);
    STEM_ASSIGN_OR_RETURN(bool has, n.Step());
    full = has && n.Int(0) >= *capacity;
    if (full && !req.override_reason) {
      return Status::Conflict("activity_full", "the activity is full (" +
                                                   std::to_string(*capacity) + " places)");
    }
  }

  std::string today = p_->Today();
  std::string code;
  if (event.is_camp()) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement taken_q,
        p_->db.Prepare("SELECT 1 FROM checkins WHERE local_day = ? AND pickup_code = ?"));
    bool lookup_failed = false;
    code = NewPickupCode(*p_->random, [&](const std::string& c) {
      taken_q.Reset();
      taken_q.Bind(1, today).Bind(2, c);
      Result<bool> row = taken_q.Step();
      if (!row.ok()) lookup_failed = true;
      return !row.ok() || *row;
    });
    if (lookup_failed || code.empty()) {
      return Status::Internal("could not make a unique pickup code for today");
    }
  }
  bool overrode = req.override_reason.has_value() && (open.has_value() || full);
  nlohmann::json payload = {{"person_id", person.id},
                            {"activity_id", req.activity_id},
                            {"local_day", today},
                            {"volunteer", req.volunteer}};
  if (!code.empty()) payload["pickup_code"] = code;
  if (req.override_reason) payload["override_reason"] = *req.override_reason;
  STEM_ASSIGN_OR_RETURN(
      RecordRef ref, p_->AppendRecord("checkin", event.id, person.id,
                                      open ? open->record_id : "", payload));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO checkins(record_id, event_id, activity_id, person_id, "
                     "local_day, pickup_code, override_reason, checked_in_at) "
                     "VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?)"));
  ins.Bind(1, ref.id).Bind(2, event.id).Bind(3, req.activity_id).Bind(4, person.id);
  ins.Bind(5, today).Bind(6, code).Bind(7, req.override_reason).Bind(8, p_->NowUtc());
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return CheckInResult{ref, code, overrode};
}

Result<Person> Store::WithPickup(Person person) {
  STEM_RETURN_IF_ERROR(p_->LoadPickup(&person));
  return person;
}

Result<bool> Store::CollectorListed(const Person& student, const std::string& name) {
  // Names compared as the roster search folds them: case, accents and spacing ignored.
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->Folder());
  auto Comparable = [folder](const std::string& text) { return folder->Fold(text); };
  std::string wanted = Comparable(name);
  if (wanted.empty()) return false;
  for (const PickupAdult& a : student.pickup_adults) {
    if (Comparable(a.name) == wanted) return true;
  }
  if (!student.guardian_id || student.guardian_id->empty()) return false;
  Result<Person> guardian = GetPerson(*student.guardian_id);
  if (!guardian.ok()) {
    if (guardian.status().code() == Status::Code::kNotFound) return false;
    return guardian.status();
  }
  return Comparable(guardian->given_name + " " + guardian->family_name) == wanted;
}

Result<CheckOutResult> Store::CheckOut(const CheckOutRequest& req) {
  STEM_RETURN_IF_ERROR(validate::OverrideReason(req.override_reason));
  STEM_RETURN_IF_ERROR(validate::Text("volunteer", req.volunteer, 100, false));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(Person person, GetPerson(req.person_id));
  STEM_ASSIGN_OR_RETURN(Event event, GetEvent(person.event_id));
  STEM_ASSIGN_OR_RETURN(std::optional<OpenCheckIn> open,
                        FindOpen(p_->db, person.id, &req.activity_id));
  if (!open) {
    return Status::NotFound("not_checked_in", "this student is not checked in here");
  }
  STEM_RETURN_IF_ERROR(p_->LoadPickup(&person));
  STEM_RETURN_IF_ERROR(validate::Text("collected_by", req.collected_by, 200, false));
  STEM_ASSIGN_OR_RETURN(bool listed, CollectorListed(person, req.collected_by));
  if (!person.pickup_adults.empty() && !listed && !req.override_reason) {
    return Status::Conflict("collector_not_listed",
                            "only the guardian or an adult on the child's pickup list may "
                            "collect them without an override");
  }
  std::string method = "no_code_needed";
  if (req.override_reason) {
    method = "override";
  } else if (!open->pickup_code.empty()) {
    if (!req.pickup_code) {
      return Status::InvalidArgument("pickup_code_required",
                                     "check-out at a camp needs the pickup code or an override");
    }
    if (!SameCode(NormalizePickupCode(*req.pickup_code), open->pickup_code)) {
      return Status::Denied("wrong_pickup_code", "the pickup code does not match");
    }
    method = "pickup_code";
  }
  nlohmann::json payload = {{"person_id", person.id},
                            {"activity_id", req.activity_id},
                            {"checkin_id", open->record_id},
                            {"method", method},
                            {"volunteer", req.volunteer}};
  if (req.override_reason) payload["override_reason"] = *req.override_reason;
  if (!req.collected_by.empty()) {
    payload["collected_by"] = Trim(req.collected_by);
    payload["collector_listed"] = listed;
  }
  STEM_ASSIGN_OR_RETURN(RecordRef ref,
                        p_->AppendRecord("checkout", event.id, person.id, "", payload));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO checkouts(record_id, checkin_id, method, override_reason, "
                     "checked_out_at) VALUES (?, ?, ?, ?, ?)"));
  ins.Bind(1, ref.id).Bind(2, open->record_id).Bind(3, method).Bind(4, req.override_reason);
  ins.Bind(5, p_->NowUtc());
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return CheckOutResult{ref, open->record_id, method, listed};
}

}  // namespace stem
