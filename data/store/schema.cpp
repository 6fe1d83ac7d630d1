#include "data/store/schema.h"

namespace stem::schema {
namespace {

// v1: the device, settings, events and the append-only record log with its outbox.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE device (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  device_id  TEXT NOT NULL,
  next_seq   INTEGER NOT NULL CHECK (next_seq >= 1),
  created_at TEXT NOT NULL
);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE events (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind       TEXT NOT NULL CHECK (kind IN ('fair', 'camp')),
  starts_on  TEXT NOT NULL,
  ends_on    TEXT NOT NULL,
  venue      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE TABLE activities (
  id        TEXT PRIMARY KEY,
  event_id  TEXT NOT NULL REFERENCES events(id),
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  capacity  INTEGER CHECK (capacity IS NULL OR capacity > 0),
  UNIQUE (event_id, name)
);
-- Every fact this device recorded. Immutable: a correction is a new row whose
-- `supersedes` names the old one. Rows leave only through retention, once acknowledged.
CREATE TABLE records (
  seq        INTEGER PRIMARY KEY,          -- this device's monotonic sequence
  id         TEXT NOT NULL UNIQUE,         -- UUIDv7
  device_id  TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN
               ('registration', 'checkin', 'checkout', 'form_response', 'audit')),
  event_id   TEXT,
  person_id  TEXT,
  supersedes TEXT,
  created_at TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload))
);
CREATE UNIQUE INDEX records_supersedes ON records(supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX records_type ON records(type);
-- What still has to reach the hub; acked_at is set when the hub acknowledged it.
CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY REFERENCES records(seq) ON DELETE CASCADE,
  enqueued_at TEXT NOT NULL,
  acked_at    TEXT
);
CREATE INDEX outbox_unacked ON outbox(seq) WHERE acked_at IS NULL;
CREATE TRIGGER records_are_append_only BEFORE UPDATE ON records
BEGIN
  SELECT RAISE(ABORT, 'records are append-only');
END;
CREATE TRIGGER records_leave_only_when_acked BEFORE DELETE ON records
WHEN NOT EXISTS (SELECT 1 FROM outbox WHERE seq = OLD.seq AND acked_at IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'unacknowledged records are never deleted');
END;
)sql";

// v2: the roster (people expected at an event) and its accent-insensitive search index.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE people (
  id                TEXT PRIMARY KEY,
  event_id          TEXT NOT NULL REFERENCES events(id),
  role              TEXT NOT NULL CHECK (role IN ('student', 'guardian')),
  given_name        TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 200),
  family_name       TEXT NOT NULL CHECK (length(family_name) <= 200),
  birth_date        TEXT,
  grade             TEXT,
  school            TEXT,
  phone             TEXT,
  email             TEXT,
  confirmation_code TEXT,
  guardian_id       TEXT REFERENCES people(id),
  allergy_flag      INTEGER NOT NULL DEFAULT 0 CHECK (allergy_flag IN (0, 1)),
  source            TEXT NOT NULL CHECK (source IN ('import', 'walkup', 'hub')),
  record_id         TEXT
);
CREATE UNIQUE INDEX people_code ON people(event_id, confirmation_code)
  WHERE confirmation_code IS NOT NULL;
CREATE INDEX people_event_role ON people(event_id, role);
CREATE INDEX people_guardian ON people(guardian_id);
-- One search document per student: the student's names, the guardian's name, phone digits
-- and the confirmation code. unicode61 with remove_diacritics 2 folds case and accents
-- ("Nguyễn" is found by "nguyen").
CREATE VIRTUAL TABLE people_search USING fts5(
  name, guardian, phone, code,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
)sql";

// v3: check-ins, check-outs and form responses, projected from their records for fast rules.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE checkins (
  record_id       TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  event_id        TEXT NOT NULL,
  activity_id     TEXT NOT NULL DEFAULT '',   -- '' is the whole event
  person_id       TEXT NOT NULL,
  local_day       TEXT NOT NULL,
  pickup_code     TEXT,
  override_reason TEXT,
  checked_in_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX checkins_pickup_code_per_day ON checkins(local_day, pickup_code)
  WHERE pickup_code IS NOT NULL;
CREATE INDEX checkins_person ON checkins(person_id, activity_id);
CREATE TABLE checkouts (
  record_id       TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  checkin_id      TEXT NOT NULL UNIQUE,
  method          TEXT NOT NULL CHECK (method IN ('pickup_code', 'override', 'no_code_needed')),
  override_reason TEXT,
  checked_out_at  TEXT NOT NULL
);
CREATE TABLE form_responses (
  record_id    TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
  form_id      TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  event_id     TEXT,
  person_id    TEXT
);
CREATE INDEX form_responses_form ON form_responses(form_id);
)sql";

// v4: installed form specs, one row per version; responses name the version they answered.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE forms (
  form_id      TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  kind         TEXT NOT NULL CHECK (kind IN ('registration', 'scholarship', 'survey')),
  spec         TEXT NOT NULL CHECK (json_valid(spec)),
  installed_at TEXT NOT NULL,
  PRIMARY KEY (form_id, version)
);
)sql";

// v5: roster search as an ordered index of folded words, so type-ahead reads only the first
// matches in order instead of ranking every match (a one-letter prefix matches thousands).
// kind: 0 the student's names, 1 the guardian's, 2 the confirmation code, 3 phone numbers.
// sort: the folded "family given" name, so equal words list alphabetically. The words are
// taken over from the full-text index they replace; stem_fold is registered by the store.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE roster_keys (
  event_id     TEXT NOT NULL,
  kind         INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
  key          TEXT NOT NULL,
  sort         TEXT NOT NULL,
  person_rowid INTEGER NOT NULL
);
CREATE UNIQUE INDEX roster_keys_lookup ON roster_keys(event_id, kind, key, sort, person_rowid);
CREATE INDEX roster_keys_person ON roster_keys(person_rowid, key);
CREATE VIRTUAL TABLE temp.v5_people_terms USING fts5vocab(main, people_search, instance);
INSERT OR IGNORE INTO roster_keys(event_id, kind, key, sort, person_rowid)
  SELECT p.event_id,
         CASE t.col WHEN 'name' THEN 0 WHEN 'guardian' THEN 1 WHEN 'code' THEN 2 ELSE 3 END,
         t.term, substr(stem_fold(p.family_name || ' ' || p.given_name), 1, 32), t.doc
  FROM temp.v5_people_terms t JOIN people p ON p.rowid = t.doc;
DROP TABLE temp.v5_people_terms;
DROP TABLE people_search;
)sql";

// v6: records the hub rejected, kept out of the upload queue and shown at the volunteer desk.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE sync_quarantine (
  seq            INTEGER PRIMARY KEY REFERENCES records(seq) ON DELETE CASCADE,
  reason         TEXT NOT NULL,
  quarantined_at TEXT NOT NULL
);
)sql";

// v7: applications saved for later on this kiosk, each sealed under its resume code and the
// child's birth date (data/drafts/draft_seal.h). Never synced: no record, no outbox entry.
// `lookup` finds a draft by its code; `sealed` (the answers) is dropped when it expires,
// leaving `proof` so that the family who comes back hears "expired" rather than "not found".
constexpr std::string_view kV7 = R"sql(
CREATE TABLE drafts (
  id           TEXT PRIMARY KEY,
  lookup       TEXT NOT NULL UNIQUE,
  salt         BLOB NOT NULL,
  sealed       BLOB,
  proof        BLOB NOT NULL,
  saved_at     TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  failed_tries INTEGER NOT NULL DEFAULT 0 CHECK (failed_tries >= 0),
  locked_until TEXT
);
)sql";

// v8: who may collect a student (besides the guardian), and whether someone must not: JSON
// {"adults": [{"name", "relationship", "phone"}], "no_pickup": true}; no row when the family
// gave neither. Kept beside people (not a column of it) so that reading a person stays the
// same query at every schema version.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE student_pickup (
  person_id TEXT PRIMARY KEY REFERENCES people(id),
  pickup    TEXT NOT NULL CHECK (json_valid(pickup))
);
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "device, settings, events, record log and outbox", kV1},
      {2, "roster and roster search", kV2},
      {3, "check-ins, check-outs and form responses", kV3},
      {4, "installed form specs", kV4},
      {5, "roster search as an ordered word index", kV5},
      {6, "sync quarantine", kV6},
      {7, "applications saved for later", kV7},
      {8, "who may collect a student", kV8},
  };
  return kMigrations;
}

int LatestVersion() { return Migrations().back().version; }

}  // namespace stem::schema
