// The store's side of sync: the outbox read in pages, the hub's acknowledgements, the
// quarantine of records the hub rejected, and the enrollment settings.
#include <algorithm>

#include "data/store/store_internal.h"
#include "data/validate.h"

namespace stem {
namespace {

constexpr const char* kHubUrl = "sync.hub_url";
constexpr const char* kToken = "sync.device_token";
constexpr const char* kDeviceName = "sync.device_name";
constexpr const char* kCaFile = "sync.ca_file";
constexpr const char* kAckedThrough = "sync.acked_through";
constexpr const char* kRosterCursor = "sync.roster_cursor";
constexpr const char* kFormsCursor = "sync.forms_cursor";

}  // namespace

Result<std::vector<StoredRecord>> Store::OutboxPage(int64_t after_seq, size_t max_records,
                                                    size_t max_bytes) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kRecordColumns +
                     " FROM outbox o JOIN records r USING (seq) WHERE o.acked_at IS NULL AND "
                     "o.seq > ? ORDER BY o.seq LIMIT ?"));
  s.Bind(1, after_seq).Bind(2, static_cast<int64_t>(std::max<size_t>(max_records, 1)));
  std::vector<StoredRecord> page;
  size_t bytes = 0;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    int64_t seq = s.Int(0);
    if (!page.empty() && (seq != page.back().seq + 1 || bytes >= max_bytes)) break;
    StoredRecord r = ReadStoredRecord(s);
    bytes += r.payload.size() + 200;
    page.push_back(std::move(r));
  }
  return page;
}

Status Store::ApplyAck(int64_t acked_through, const std::vector<QuarantinedRecord>& rejected) {
  if (acked_through < 0) return Status::InvalidArgument("invalid_ack", "negative acked_through");
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  std::string now = p_->NowUtc();
  for (const QuarantinedRecord& q : rejected) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement ins,
        p_->db.Prepare("INSERT INTO sync_quarantine(seq, reason, quarantined_at) "
                       "SELECT seq, ?, ? FROM records WHERE seq = ? ON CONFLICT DO NOTHING"));
    ins.Bind(1, q.reason).Bind(2, now).Bind(3, q.seq);
    STEM_RETURN_IF_ERROR(ins.Run());
  }
  STEM_RETURN_IF_ERROR(MarkAcked(acked_through));
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> old, p_->GetSetting(kAckedThrough));
  int64_t before = old ? std::stoll(*old) : 0;
  STEM_RETURN_IF_ERROR(
      p_->PutSetting(kAckedThrough, std::to_string(std::max(before, acked_through))));
  STEM_RETURN_IF_ERROR(SetLastSync(p_->clock->Now()));
  return txn.Commit();
}

Result<std::vector<QuarantinedRecord>> Store::ListQuarantine() {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT q.seq, r.id, r.type, q.reason, q.quarantined_at "
                     "FROM sync_quarantine q JOIN records r USING (seq) ORDER BY q.seq"));
  std::vector<QuarantinedRecord> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
  }
  return out;
}

Result<int64_t> Store::RequeueAfter(int64_t hub_acked_through) {
  if (hub_acked_through < 0) return Status::InvalidArgument("invalid_ack", "negative acked_through");
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("UPDATE outbox SET acked_at = NULL WHERE seq > ? AND acked_at IS NOT NULL"));
  s.Bind(1, hub_acked_through);
  STEM_RETURN_IF_ERROR(s.Run());
  int64_t n = p_->db.Changes();
  STEM_ASSIGN_OR_RETURN(sql::Statement q,
                        p_->db.Prepare("DELETE FROM sync_quarantine WHERE seq > ?"));
  q.Bind(1, hub_acked_through);
  STEM_RETURN_IF_ERROR(q.Run());
  STEM_RETURN_IF_ERROR(p_->PutSetting(kAckedThrough, std::to_string(hub_acked_through)));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return n;
}

Result<SyncSettings> Store::GetSyncSettings() {
  SyncSettings s;
  auto get = [&](const char* key, std::string* out) -> Status {
    STEM_ASSIGN_OR_RETURN(std::optional<std::string> v, p_->GetSetting(key));
    if (v) *out = *v;
    return Status::Ok();
  };
  STEM_RETURN_IF_ERROR(get(kHubUrl, &s.hub_url));
  STEM_RETURN_IF_ERROR(get(kToken, &s.device_token));
  STEM_RETURN_IF_ERROR(get(kDeviceName, &s.device_name));
  STEM_RETURN_IF_ERROR(get(kCaFile, &s.ca_file));
  std::string acked;
  STEM_RETURN_IF_ERROR(get(kAckedThrough, &acked));
  s.acked_through = acked.empty() ? 0 : std::stoll(acked);
  std::string cursor;
  STEM_RETURN_IF_ERROR(get(kRosterCursor, &cursor));
  s.roster_cursor = cursor.empty() ? 0 : std::stoll(cursor);
  std::string forms_cursor;
  STEM_RETURN_IF_ERROR(get(kFormsCursor, &forms_cursor));
  s.forms_cursor = forms_cursor.empty() ? 0 : std::stoll(forms_cursor);
  return s;
}

Status Store::SetSyncEnrollment(const SyncSettings& settings) {
  if (settings.hub_url.rfind("http://", 0) != 0 && settings.hub_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("invalid_hub_url", "the hub URL must start with https://");
  }
  if (settings.device_token.empty()) {
    return Status::InvalidArgument("invalid_token", "the device token is empty");
  }
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_RETURN_IF_ERROR(p_->PutSetting(kHubUrl, settings.hub_url));
  STEM_RETURN_IF_ERROR(p_->PutSetting(kToken, settings.device_token));
  STEM_RETURN_IF_ERROR(p_->PutSetting(kDeviceName, settings.device_name));
  STEM_RETURN_IF_ERROR(p_->PutSetting(kCaFile, settings.ca_file));
  return txn.Commit();
}

Result<int64_t> Store::ApplyRosterPage(const std::vector<Event>& events,
                                       const std::vector<HubRosterEntry>& people,
                                       int64_t next_cursor, const HubFormsPage* forms) {
  if (next_cursor < 0 || (forms && forms->next_cursor < 0)) {
    return Status::InvalidArgument("invalid_cursor", "negative roster cursor");
  }
  std::string today = p_->Today();
  for (const Event& e : events) {
    if (e.id.empty() || e.id.size() > 64 || (e.kind != "fair" && e.kind != "camp") ||
        !IsValidDate(e.starts_on) || !IsValidDate(e.ends_on) || e.ends_on < e.starts_on) {
      return Status::InvalidArgument("invalid_roster_page", "an event of the roster page is malformed");
    }
    STEM_RETURN_IF_ERROR(validate::Text("event name", e.name, 200, true));
  }
  for (const HubRosterEntry& h : people) {
    if (h.person.id.empty() || h.person.id.size() > 64) {
      return Status::InvalidArgument("invalid_roster_page", "a person of the roster page has no id");
    }
    STEM_RETURN_IF_ERROR(validate::PersonFields(h.person, today));
  }
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  std::string now = p_->NowUtc();
  for (const Event& e : events) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement ins,
        p_->db.Prepare("INSERT INTO events(id, name, kind, starts_on, ends_on, venue, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING"));
    ins.Bind(1, e.id).Bind(2, e.name).Bind(3, e.kind).Bind(4, e.starts_on).Bind(5, e.ends_on);
    ins.Bind(6, e.venue).Bind(7, now);
    STEM_RETURN_IF_ERROR(ins.Run());
  }
  int64_t written = 0;
  for (const HubRosterEntry& h : people) {
    STEM_ASSIGN_OR_RETURN(sql::Statement mine,
                          p_->db.Prepare("SELECT source FROM people WHERE id = ?"));
    mine.Bind(1, h.person.id);
    STEM_ASSIGN_OR_RETURN(bool exists, mine.Step());
    if (exists && mine.Text(0) != "hub") continue;  // this kiosk's own person: keep it
    Person p = h.person;
    p.source = "hub";
    STEM_RETURN_IF_ERROR(p_->WritePerson(p, h.guardian_name, ""));
    ++written;
  }
  STEM_RETURN_IF_ERROR(p_->PutSetting(kRosterCursor, std::to_string(next_cursor)));
  if (forms) {
    for (const std::string& spec : forms->specs) {
      Result<FormInfo> installed = p_->InstallForm(spec, /*report_to_hub=*/false);
      // A spec this kiosk cannot load (a newer form engine's) or a version it holds with other
      // content is skipped; anything else (the disk) fails the page.
      if (!installed.ok() && installed.status().code() != Status::Code::kInvalidArgument &&
          installed.status().code() != Status::Code::kAlreadyExists) {
        return installed.status();
      }
    }
    STEM_RETURN_IF_ERROR(p_->PutSetting(kFormsCursor, std::to_string(forms->next_cursor)));
  }
  STEM_RETURN_IF_ERROR(txn.Commit());
  return written;
}

}  // namespace stem
