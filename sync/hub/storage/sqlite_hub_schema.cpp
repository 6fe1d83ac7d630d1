// The hub database's schema, version by version, and the upgrade from any earlier version:
// each step in its own transaction, skipped when another process took it meanwhile.
#include <string_view>

#include "sync/hub/storage/db/db.h"
#include "sync/hub/storage/sql_hub_storage_internal.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub::schema {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE devices (
  name        TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  code_hash   TEXT UNIQUE,          -- NULL once the code was used
  token_hash  TEXT UNIQUE,          -- NULL until enrolled
  kiosk_id    TEXT UNIQUE,          -- the kiosk store's device id
  revoked_at  TEXT,
  created_at  TEXT NOT NULL
);
-- Per kiosk (enrolled or known through USB batches): all seq <= acked_through are here.
CREATE TABLE progress (
  kiosk_id      TEXT PRIMARY KEY,
  acked_through INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE records (
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  id          TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  person_id   TEXT NOT NULL,
  supersedes  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  payload     TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX records_event ON records(event_id, device_id, seq);
-- A different record under a known (device, seq), or a reused id: kept for review.
CREATE TABLE conflicts (
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  content_sha TEXT NOT NULL,
  record_json TEXT NOT NULL,
  reason      TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (device_id, seq, content_sha)
);
CREATE TABLE rejections (
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
);
CREATE TABLE events (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('fair', 'camp')),
  starts_on  TEXT NOT NULL,
  ends_on    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

// v2: the published roster; `cursor` grows with every change, so kiosks download changes.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE roster (
  cursor      INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id   TEXT NOT NULL UNIQUE,
  event_id    TEXT NOT NULL REFERENCES events(id),
  person_json TEXT NOT NULL
);
)sql";

// v5: staff accounts, their one-time sign-in links, and the audit log of staff actions.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE users (
  email         TEXT PRIMARY KEY,            -- lower-cased
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'staff', 'admin')),
  password_hash TEXT NOT NULL DEFAULT '',    -- Argon2id (libsodium); '' until set
  disabled_at   TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
);
CREATE TABLE signin_links (
  token_hash TEXT PRIMARY KEY,               -- SHA-256 of the token; the token is never kept
  email      TEXT NOT NULL REFERENCES users(email),
  expires_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

// v6: the staff pages: sessions, the sign-in throttle's failures, when each kiosk last called
// (and the read model's people search words and indexes: read_model::kSchemaV6).
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,               -- SHA-256 of the cookie; the cookie is never kept
  email      TEXT NOT NULL REFERENCES users(email),
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used  TEXT NOT NULL
);
CREATE INDEX sessions_email ON sessions(email);
CREATE TABLE signin_failures (
  id      INTEGER PRIMARY KEY,
  email   TEXT NOT NULL,
  address TEXT NOT NULL,
  at      TEXT NOT NULL
);
CREATE INDEX signin_failures_email ON signin_failures(email, at);
CREATE INDEX signin_failures_address ON signin_failures(address, at);
ALTER TABLE devices ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
)sql";

// v7: scholarship reviews (the current state and every save), hub settings (the rubric),
// personal API tokens, and what each kiosk reports holding.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE TABLE reviews (
  record_id  TEXT PRIMARY KEY,  -- the application: a response's record id
  status     TEXT NOT NULL CHECK (status IN ('new', 'in_review', 'awarded', 'waitlisted',
                                             'declined')),
  reviewer   TEXT NOT NULL,
  scores     TEXT NOT NULL,     -- JSON object: rubric line id -> points
  score      REAL,              -- their total; NULL when nothing is scored
  notes      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX reviews_status ON reviews(status, reviewer);
CREATE TABLE review_history (
  id        INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  saved     TEXT NOT NULL       -- JSON: status, reviewer, scores, score, notes, version
);
CREATE INDEX review_history_record ON review_history(record_id, id);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Personal API tokens for the nonprofit's own tools (kept only as SHA-256).
CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  email      TEXT NOT NULL REFERENCES users(email),
  name       TEXT NOT NULL,
  access     TEXT NOT NULL CHECK (access IN ('read', 'write')),
  created_at TEXT NOT NULL,
  last_used  TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT ''
);
-- What each kiosk last reported holding: its release, records waiting, quarantined.
ALTER TABLE devices ADD COLUMN app_version TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN waiting INTEGER NOT NULL DEFAULT -1;
ALTER TABLE devices ADD COLUMN quarantined INTEGER NOT NULL DEFAULT -1;
ALTER TABLE devices ADD COLUMN reported_at TEXT NOT NULL DEFAULT '';
)sql";

// v9: the "sensitive data" right a staff account may be given (opening sealed answers).
constexpr std::string_view kSchemaV9 = R"sql(
ALTER TABLE users ADD COLUMN sensitive_data INTEGER NOT NULL DEFAULT 0;
)sql";

// One schema step in its own transaction, skipped when another process took it meanwhile.
Status MigrateTo(db::Connection& db, int version, std::string_view sql) {
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
  STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
  if (again < version) {
    STEM_RETURN_IF_ERROR(db.Exec(sql));
    STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(version)));
  }
  return txn.Commit();
}

}  // namespace

Status Upgrade(db::Connection& db, int64_t version) {
  if (version < 1) {
    STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
    STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
    if (again < 1) {
      STEM_RETURN_IF_ERROR(db.Exec(kSchema));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = 1"));
    }
    STEM_RETURN_IF_ERROR(txn.Commit());
  }
  if (version < 2) STEM_RETURN_IF_ERROR(MigrateTo(db, 2, kSchemaV2));
  if (version < 3) {
    // The read model, built from the records already stored, in the same transaction.
    STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
    STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
    if (again < 3) {
      // Version 4's columns too: the rebuild writes events kiosks reported.
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV3));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV4));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV6));  // the rebuild writes search words
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV10));  // and the labels printed
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV11));  // its people queries read merges
      STEM_RETURN_IF_ERROR(read_model::Rebuild(db));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = 4"));
    }
    STEM_RETURN_IF_ERROR(txn.Commit());
  } else if (version < 4) {
    // Events and forms kiosks reported before the hub kept them.
    STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
    STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
    if (again < 4) {
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV4));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV10));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV11));
      STEM_RETURN_IF_ERROR(read_model::Rebuild(db, /*audits_only=*/true));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = 4"));
    }
    STEM_RETURN_IF_ERROR(txn.Commit());
  }
  if (version < 5) STEM_RETURN_IF_ERROR(MigrateTo(db, 5, kSchemaV5));
  if (version < 6) {
    // Every person known so far gets their search words, in the same transaction.
    STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
    STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
    if (again < 6) {
      STEM_RETURN_IF_ERROR(db.Exec(kSchemaV6));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV6));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV11));  // the people query reads merges
      STEM_RETURN_IF_ERROR(read_model::IndexAllPeople(db));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = 6"));
    }
    STEM_RETURN_IF_ERROR(txn.Commit());
  }
  if (version < 7) STEM_RETURN_IF_ERROR(MigrateTo(db, 7, kSchemaV7));
  if (version < 8) STEM_RETURN_IF_ERROR(MigrateTo(db, 8, read_model::kSchemaV8));
  if (version < 9) STEM_RETURN_IF_ERROR(MigrateTo(db, 9, kSchemaV9));
  if (version < 10) {
    // The labels kiosks printed, from the audit records already stored.
    STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(db));
    STEM_ASSIGN_OR_RETURN(int64_t again, db.QueryInt("PRAGMA user_version"));
    if (again < 10) {
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV10));
      STEM_RETURN_IF_ERROR(db.Exec(read_model::kSchemaV11));
      STEM_RETURN_IF_ERROR(read_model::Rebuild(db, /*audits_only=*/true));
      STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = 10"));
    }
    STEM_RETURN_IF_ERROR(txn.Commit());
  }
  if (version < 11) STEM_RETURN_IF_ERROR(MigrateTo(db, 11, read_model::kSchemaV11));
  return Status::Ok();
}

}  // namespace stem::hub::schema
