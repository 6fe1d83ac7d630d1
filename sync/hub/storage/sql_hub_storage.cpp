#include "sync/hub/storage/sql_hub_storage.h"

#include "sync/hub/storage/sql_hub_storage_internal.h"

#include <sodium.h>

#include <chrono>
#include <string_view>
#include <thread>

#include "data/forms/bundled_forms.h"
#include "data/sqlite/sqlite.h"
#include "sync/hub/storage/db/pg_db.h"
#include "sync/hub/storage/db/sqlite_db.h"
#include "data/sqlite/sqlite_backup.h"
#include "data/validate.h"
#include "sync/hub/storage/sql_read_model.h"
#include "sync/protocol/hash.h"

namespace stem::hub {
namespace {

constexpr std::chrono::hours kEnrollmentCodeLifetime{24 * 7};

std::string RandomCode() {
  static constexpr std::string_view kAlphabet = "23456789BCDFGHJKMNPQRSTVWXZ";
  std::string code;
  for (int i = 0; i < 10; ++i) {
    if (i == 5) code += '-';
    code += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return code;
}

std::string RandomToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

// Codes are typed by people: compare without case, spaces or dashes.
std::string NormalizeCode(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
  }
  return out;
}

std::string RecordJson(const sync::BatchRecord& r) {
  nlohmann::json j = {{"seq", r.seq},          {"id", r.id},
                      {"type", r.type},        {"event_id", r.event_id},
                      {"person_id", r.person_id}, {"supersedes", r.supersedes},
                      {"created_at", r.created_at}, {"payload", r.payload}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

SqlHubStorage::SqlHubStorage(std::unique_ptr<Private> p) : p_(std::move(p)) {}
SqlHubStorage::~SqlHubStorage() = default;

namespace {

// The hub's SQLite file, checked and brought up to date.
Result<std::unique_ptr<db::Connection>> OpenSqlite(const std::string& path, bool create) {
  STEM_ASSIGN_OR_RETURN(
      sql::Connection db,
      sql::Connection::Open(path, create ? sql::Connection::Mode::kReadWriteCreate
                                         : sql::Connection::Mode::kReadWrite));
  STEM_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));
  Result<int64_t> app = db.QueryInt("PRAGMA application_id");
  if (!app.ok()) return Status::NotAStore(path + " is not a hub database (not SQLite)");
  STEM_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  STEM_ASSIGN_OR_RETURN(int64_t tables, db.QueryInt("SELECT count(*) FROM sqlite_schema"));
  if (*app != schema::kApplicationId && !(*app == 0 && version == 0 && tables == 0)) {
    return Status::NotAStore(path + " is another application's database, not a hub database");
  }
  if (version > schema::kVersion) {
    return Status::TooNew(path + " was written by a newer stem-hub; update the software");
  }
  STEM_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = WAL"));
  STEM_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL"));
  std::unique_ptr<db::Connection> connection = db::FromSqlite(std::move(db));
  STEM_RETURN_IF_ERROR(schema::Upgrade(*connection, version));
  return connection;
}

// The hub's PostgreSQL database (a libpq URI), checked and brought up to date.
Result<std::unique_ptr<db::Connection>> OpenPostgres(const std::string& url, bool create) {
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> connection, db::ConnectPostgres(url));
  STEM_RETURN_IF_ERROR(pg_schema::Upgrade(*connection, create, SafeLocation(url)));
  return connection;
}

}  // namespace

std::string SafeLocation(const std::string& location) {
  if (!db::IsPostgresUrl(location)) return location;
  // postgresql://user:password@host/db?...: the password never goes into a message.
  size_t scheme = location.find("://") + 3;
  size_t at = location.find('@', scheme);
  size_t slash = location.find('/', scheme);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return location;
  size_t colon = location.find(':', scheme);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon) + location.substr(at);
}

Result<std::unique_ptr<SqlHubStorage>> SqlHubStorage::Open(const std::string& path,
                                                           bool create, const Clock* clock) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> connection,
                        db::IsPostgresUrl(path) ? OpenPostgres(path, create)
                                                : OpenSqlite(path, create));
  auto storage = std::unique_ptr<SqlHubStorage>(
      new SqlHubStorage(std::make_unique<Private>(std::move(connection), clock)));
  storage->p_->path = path;
  // The hub knows every version of the forms kiosks ship with, earlier ones too.
  for (const auto* list : {&EarlierBundledForms(), &BundledForms()}) {
    for (const BundledForm& f : *list) {
      STEM_RETURN_IF_ERROR(storage->AddForm(std::string(f.json), "bundled").status());
    }
  }
  return storage;
}

Result<std::unique_ptr<HubStorage>> SqlHubStorage::OpenReader() {
  // WAL: this connection's reads see a consistent snapshot while the hub keeps writing.
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> reader,
                        Open(p_->path, false, p_->clock));
  return std::unique_ptr<HubStorage>(std::move(reader));
}

Result<std::string> SqlHubStorage::AddDevice(const std::string& name) {
  STEM_RETURN_IF_ERROR(validate::Text("name", name, 100, true));
  std::lock_guard lock(p_->mu);
  std::string code = RandomCode();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO devices(name, code_hash, created_at) VALUES (?, ?, ?) "
                     "ON CONFLICT(name) DO NOTHING"));
  s.Bind(1, name).Bind(2, sync::Sha256Hex(NormalizeCode(code))).Bind(3, p_->Now());
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) {
    return Status::AlreadyExists("device_exists", "a device named \"" + name + "\" exists");
  }
  return code;
}

Result<std::vector<DeviceInfo>> SqlHubStorage::ListDevices() {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT d.name, coalesce(d.kiosk_id, ''), coalesce(p.acked_through, 0), "
                     "d.revoked_at IS NOT NULL, d.created_at, "
                     "(SELECT count(*) FROM records r WHERE r.device_id = d.kiosk_id) "
                     "FROM devices d LEFT JOIN progress p ON p.kiosk_id = d.kiosk_id "
                     "ORDER BY d.name"));
  std::vector<DeviceInfo> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), s.Text(1), s.Int(2), s.Int(3) != 0, s.Text(4), s.Int(5)});
  }
  return out;
}

Status SqlHubStorage::RevokeDevice(const std::string& name) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("UPDATE devices SET revoked_at = coalesce(revoked_at, ?), code_hash = NULL "
                     "WHERE name = ?"));
  s.Bind(1, p_->Now()).Bind(2, name);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) return Status::NotFound("unknown_device", "no device named \"" + name + "\"");
  return Status::Ok();
}

Result<sync::EnrollResponse> SqlHubStorage::Enroll(const sync::EnrollRequest& request) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      db::Statement find,
      p_->db.Prepare("SELECT name, created_at FROM devices WHERE code_hash = ? AND "
                     "revoked_at IS NULL"));
  find.Bind(1, sync::Sha256Hex(NormalizeCode(request.code)));
  STEM_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return Status::Denied("bad_enrollment_code", "unknown or already used code");
  std::string name = find.Text(0);
  // A code written on a note at setup should not work for ever.
  bool expired = find.Text(1) < FormatUtc(p_->clock->Now() - kEnrollmentCodeLifetime);
  find.Reset();
  if (expired) {
    return Status::Denied("expired_enrollment_code",
                          "this enrollment code has expired; add the device under a new name");
  }
  STEM_ASSIGN_OR_RETURN(db::Statement taken,
                        p_->db.Prepare("SELECT name FROM devices WHERE kiosk_id = ?"));
  taken.Bind(1, request.device_id);
  STEM_ASSIGN_OR_RETURN(bool is_taken, taken.Step());
  if (is_taken) {
    return Status::Conflict("kiosk_already_enrolled",
                            "this kiosk is already enrolled as \"" + taken.Text(0) + "\"");
  }
  std::string token = RandomToken();
  STEM_ASSIGN_OR_RETURN(
      db::Statement upd,
      p_->db.Prepare("UPDATE devices SET code_hash = NULL, token_hash = ?, kiosk_id = ? "
                     "WHERE name = ?"));
  upd.Bind(1, sync::Sha256Hex(token)).Bind(2, request.device_id).Bind(3, name);
  STEM_RETURN_IF_ERROR(upd.Run());
  STEM_ASSIGN_OR_RETURN(
      db::Statement prog,
      p_->db.Prepare("INSERT INTO progress(kiosk_id) VALUES (?) ON CONFLICT DO NOTHING"));
  prog.Bind(1, request.device_id);
  STEM_RETURN_IF_ERROR(prog.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return sync::EnrollResponse{name, token};
}

Result<DeviceInfo> SqlHubStorage::Authenticate(const std::string& token) {
  if (!sync::IsSha256Hex(token)) return Status::Denied("bad_token", "malformed token");
  std::lock_guard lock(p_->mu);
  // The token is looked up by its hash; a timing difference reveals nothing about the token.
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT d.name, d.kiosk_id, coalesce(p.acked_through, 0), "
                     "d.revoked_at IS NOT NULL, d.created_at FROM devices d "
                     "LEFT JOIN progress p ON p.kiosk_id = d.kiosk_id WHERE d.token_hash = ?"));
  s.Bind(1, sync::Sha256Hex(token));
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Denied("bad_token", "unknown token");
  DeviceInfo d{s.Text(0), s.Text(1), s.Int(2), s.Int(3) != 0, s.Text(4), 0};
  if (d.revoked) return Status::Denied("revoked", "this device was revoked");
  s.Reset();
  // When it last called, for the staff pages: written at most once a minute per kiosk.
  TimePoint now = p_->clock->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement seen,
      p_->db.Prepare("UPDATE devices SET last_seen_at = ?1 WHERE name = ?2 AND last_seen_at < ?3"));
  seen.Bind(1, FormatUtc(now)).Bind(2, d.name).Bind(3, FormatUtc(now - std::chrono::minutes(1)));
  STEM_RETURN_IF_ERROR(seen.Run());
  return d;
}

Result<sync::RecordResult> SqlHubStorage::Private::IngestOne(const std::string& device,
                                                                const sync::BatchRecord& r,
                                                                const std::string& now) {
  sync::RecordResult result{r.seq, sync::RecordOutcome::kStored, ""};
  auto conflict = [&](const std::string& reason) -> Result<sync::RecordResult> {
    std::string body = RecordJson(r);
    STEM_ASSIGN_OR_RETURN(
        db::Statement c,
        db.Prepare("INSERT INTO conflicts(device_id, seq, content_sha, record_json, reason, "
                   "received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    c.Bind(1, device).Bind(2, r.seq).Bind(3, sync::Sha256Hex(body)).Bind(4, body);
    c.Bind(5, reason).Bind(6, now);
    STEM_RETURN_IF_ERROR(c.Run());
    return sync::RecordResult{r.seq, sync::RecordOutcome::kConflict, reason};
  };
  // What is already stored at (device, seq): the same record again, or another one.
  auto stored = [&]() -> Result<std::optional<sync::RecordResult>> {
    STEM_ASSIGN_OR_RETURN(
        db::Statement have,
        db.Prepare("SELECT id, type, event_id, person_id, supersedes, created_at, payload "
                   "FROM records WHERE device_id = ? AND seq = ?"));
    have.Bind(1, device).Bind(2, r.seq);
    STEM_ASSIGN_OR_RETURN(bool exists, have.Step());
    if (!exists) return std::optional<sync::RecordResult>();
    sync::BatchRecord old{r.seq,         have.Text(0), have.Text(1), have.Text(2),
                          have.Text(3),  have.Text(4), have.Text(5), have.Text(6)};
    if (old == r) return std::optional(sync::RecordResult{r.seq, sync::RecordOutcome::kDuplicate, ""});
    STEM_ASSIGN_OR_RETURN(sync::RecordResult c, conflict("different_content"));
    return std::optional(c);
  };
  Status valid = sync::ValidateRecord(r);
  if (!valid.ok()) {
    STEM_ASSIGN_OR_RETURN(std::optional<sync::RecordResult> known, stored());
    if (known) return *known;
  }
  if (const Status& v = valid; !v.ok()) {
    STEM_ASSIGN_OR_RETURN(
        db::Statement rej,
        db.Prepare("INSERT INTO rejections(device_id, seq, reason, received_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    rej.Bind(1, device).Bind(2, r.seq).Bind(3, v.reason()).Bind(4, now);
    STEM_RETURN_IF_ERROR(rej.Run());
    return sync::RecordResult{r.seq, sync::RecordOutcome::kRejected, v.reason()};
  }
  STEM_ASSIGN_OR_RETURN(
      db::Statement ins,
      db.Prepare("INSERT INTO records(device_id, seq, id, type, event_id, person_id, supersedes, "
                 "created_at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT DO NOTHING" + db.Returning("rowid")));
  ins.Bind(1, device).Bind(2, r.seq).Bind(3, r.id).Bind(4, r.type).Bind(5, r.event_id);
  ins.Bind(6, r.person_id).Bind(7, r.supersedes).Bind(8, r.created_at).Bind(9, r.payload);
  ins.Bind(10, now);
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> rowid, ins.RunInsert());
  if (!rowid) {
    // Not added: this (device, seq) is stored already, or the id is another record's.
    STEM_ASSIGN_OR_RETURN(std::optional<sync::RecordResult> known, stored());
    if (known) return *known;
    return conflict("id_reused");
  }
  if (read_model) {
    STEM_RETURN_IF_ERROR(read_model_writer.Apply(db, *rowid, device, r));
  }
  if (r.type == "form_response" && !r.supersedes.empty()) {
    // A corrected scholarship application keeps its review: the review follows the newest.
    for (const char* table : {"reviews", "review_history"}) {
      STEM_ASSIGN_OR_RETURN(db::Statement moved,
                            db.Prepare(std::string("UPDATE ") + table +
                                       " SET record_id = ? WHERE record_id = ?"));
      moved.Bind(1, r.id).Bind(2, r.supersedes);
      STEM_RETURN_IF_ERROR(moved.Run());
    }
  }
  return result;
}

Result<int64_t> SqlHubStorage::Private::AdvanceAckedThrough(const std::string& device) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement ins,
      db.Prepare("INSERT INTO progress(kiosk_id) VALUES (?) ON CONFLICT DO NOTHING"));
  ins.Bind(1, device);
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_ASSIGN_OR_RETURN(db::Statement get,
                        db.Prepare("SELECT acked_through FROM progress WHERE kiosk_id = ?"));
  get.Bind(1, device);
  STEM_ASSIGN_OR_RETURN(bool row, get.Step());
  if (!row) return Status::Internal("progress row missing");
  int64_t acked = get.Int(0);
  get.Reset();
  // The seqs held after it, a thousand at a time, while they follow on without a gap.
  STEM_ASSIGN_OR_RETURN(
      db::Statement next,
      db.Prepare("SELECT seq FROM records WHERE device_id = ?1 AND seq > ?2 AND seq <= ?2 + 1000 "
                 "UNION SELECT seq FROM rejections WHERE device_id = ?1 AND seq > ?2 AND "
                 "seq <= ?2 + 1000 ORDER BY 1"));
  int64_t start = acked;
  while (true) {
    int64_t from = acked;
    next.Reset();
    next.Bind(1, device).Bind(2, from);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool r, next.Step());
      if (!r || next.Int(0) != acked + 1) break;
      ++acked;
    }
    if (acked != from + 1000) break;
  }
  next.Reset();
  if (acked != start) {
    STEM_ASSIGN_OR_RETURN(
        db::Statement upd,
        db.Prepare("UPDATE progress SET acked_through = ? WHERE kiosk_id = ?"));
    upd.Bind(1, acked).Bind(2, device);
    STEM_RETURN_IF_ERROR(upd.Run());
  }
  return acked;
}

Result<sync::Ack> SqlHubStorage::IngestBatch(const sync::Batch& batch) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  if (p_->db.dialect() == db::Dialect::kPostgres) {
    // Hub processes sharing the database take one device's batches in turn (a kiosk that
    // retries through another hub): the check for what is stored and the acked-through
    // sequence then see every earlier batch of that device. SQLite's write lock does this.
    STEM_ASSIGN_OR_RETURN(db::Statement turn,
                          p_->db.Prepare("SELECT pg_advisory_xact_lock(hashtext(?))"));
    STEM_RETURN_IF_ERROR(turn.Bind(1, "device:" + batch.device_id).Step().status());
  }
  sync::Ack ack;
  ack.device_id = batch.device_id;
  std::string now = p_->Now();
  ack.results.reserve(batch.records.size());
  // A batch that fails rolls back: question numbers made in it are forgotten with it.
  struct ForgetUnlessCommitted {
    read_model::Writer& writer;
    bool committed = false;
    ~ForgetUnlessCommitted() {
      if (!committed) writer.Forget();
    }
  } forget{p_->read_model_writer};
  for (const sync::BatchRecord& r : batch.records) {
    STEM_ASSIGN_OR_RETURN(sync::RecordResult res, p_->IngestOne(batch.device_id, r, now));
    ack.results.push_back(std::move(res));
    if (p_->ingest_delay_ms > 0 && ack.results.size() == batch.records.size() / 2) {
      std::this_thread::sleep_for(std::chrono::milliseconds(p_->ingest_delay_ms));
    }
  }
  if (!batch.records.empty()) {
    // A record stored after an earlier rejection of the same seq supersedes that rejection.
    STEM_ASSIGN_OR_RETURN(
        db::Statement unrej,
        p_->db.Prepare("DELETE FROM rejections WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3 "
                       "AND EXISTS (SELECT 1 FROM records x WHERE x.device_id = ?1 AND "
                       "x.seq = rejections.seq)"));
    unrej.Bind(1, batch.device_id).Bind(2, batch.records.front().seq);
    unrej.Bind(3, batch.records.back().seq);
    STEM_RETURN_IF_ERROR(unrej.Run());
  }
  STEM_ASSIGN_OR_RETURN(ack.acked_through, p_->AdvanceAckedThrough(batch.device_id));
  STEM_RETURN_IF_ERROR(txn.Commit());
  forget.committed = true;
  return ack;
}

Status SqlHubStorage::ForEachRecord(const std::string& event_id,
                                       const std::function<Status(const HubRecord&)>& visit) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.PrepareStream("SELECT device_id, seq, id, type, event_id, person_id, supersedes, "
                     "created_at, payload, received_at FROM records "
                     "WHERE ?1 = '' OR event_id = ?1 ORDER BY device_id, seq"));
  s.Bind(1, event_id);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    HubRecord h{s.Text(0),
                {s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7),
                 s.Text(8)},
                s.Text(9)};
    STEM_RETURN_IF_ERROR(visit(h));
  }
  return Status::Ok();
}

void SqlHubStorage::SetIngestDelayForTest(int ms) { p_->ingest_delay_ms = ms; }

Status SqlHubStorage::Backup(const std::string& path) {
  std::lock_guard lock(p_->mu);
  sql::Connection* sqlite = db::SqliteOf(p_->db);
  if (sqlite == nullptr) {
    return Status::InvalidArgument(
        "postgres_backup", "a hub on PostgreSQL is backed up with PostgreSQL's own pg_dump "
                           "(for example: pg_dump -Fc -f hub.dump DATABASE)");
  }
  return sql::BackupDatabase(*sqlite, path);
}

Result<int64_t> SqlHubStorage::CountConflicts() {
  std::lock_guard lock(p_->mu);
  return p_->db.QueryInt("SELECT count(*) FROM conflicts");
}

Result<int64_t> SqlHubStorage::CountRejections() {
  std::lock_guard lock(p_->mu);
  return p_->db.QueryInt("SELECT count(*) FROM rejections");
}

Result<HubEvent> SqlHubStorage::CreateEvent(const HubEvent& event) {
  STEM_RETURN_IF_ERROR(validate::Text("name", event.name, 200, true));
  if (event.kind != "fair" && event.kind != "camp") {
    return Status::InvalidArgument("invalid_kind", "kind must be fair or camp");
  }
  if (!IsValidDate(event.starts_on) || !IsValidDate(event.ends_on) ||
      event.ends_on < event.starts_on) {
    return Status::InvalidArgument("invalid_dates", "dates must be YYYY-MM-DD, end >= start");
  }
  std::lock_guard lock(p_->mu);
  HubEvent e = event;
  e.id = "ev-" + RandomToken().substr(0, 12);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO events(id, name, kind, starts_on, ends_on, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)"));
  s.Bind(1, e.id).Bind(2, e.name).Bind(3, e.kind).Bind(4, e.starts_on).Bind(5, e.ends_on);
  s.Bind(6, p_->Now());
  STEM_RETURN_IF_ERROR(s.Run());
  return e;
}

}  // namespace stem::hub
