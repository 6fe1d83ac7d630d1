#include "data/sqlite/sqlite.h"

#include <sqlite3.h>

#include <unordered_map>

namespace stem::sql {

// Prepared statements kept for reuse: parsing and planning the same SQL again costs more
// than running it for most of the store's small statements.
struct StatementCache {
  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  static constexpr size_t kMaxEntries = 128;
  std::unordered_map<std::string, Entry> entries;  // nodes stay put: Entry* are stable

  ~StatementCache() {
    for (auto& [sql, entry] : entries) sqlite3_finalize(entry.stmt);
  }
};

void ConnectionCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void StatementCacheDeleter::operator()(StatementCache* cache) const { delete cache; }

void StatementFinalizer::operator()(sqlite3_stmt* stmt) const {
  if (in_use == nullptr) {
    sqlite3_finalize(stmt);
    return;
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  *in_use = false;
}

Status StatusFromSqlite(sqlite3* db, int rc, std::string_view what) {
  std::string detail(what);
  detail += ": ";
  detail += (db != nullptr) ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::Ok();
    case SQLITE_NOTADB:
      return Status::NotAStore(detail);
    case SQLITE_CORRUPT:
      return Status::Corruption(detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(detail);
    case SQLITE_CONSTRAINT:
      return Status::Conflict("constraint", detail);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status::IoError(detail);
    default:
      return Status::Internal(detail);
  }
}

Result<Connection> Connection::Open(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  std::string name = path;
  if (mode == Mode::kReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
  if (mode == Mode::kMemory) {
    flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
    name = ":memory:";
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  Connection conn(raw);  // owns raw even on failure
  if (rc != SQLITE_OK) return StatusFromSqlite(raw, rc, "cannot open the database file");
  sqlite3_extended_result_codes(raw, 1);
  return conn;
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  return rc == SQLITE_OK ? Status::Ok() : StatusFromSqlite(db_.get(), rc, "statement failed");
}

Connection::Connection(sqlite3* db) : db_(db), cache_(new StatementCache) {}

Result<Statement> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  bool cacheable = cache_ != nullptr;
  if (cacheable) {
    auto it = cache_->entries.find(key);
    if (it != cache_->entries.end()) {
      StatementCache::Entry& entry = it->second;
      if (!entry.in_use) {
        entry.in_use = true;
        return Statement(db_.get(), entry.stmt, &entry.in_use);
      }
      cacheable = false;  // in use further up the stack: this one is prepared afresh
    } else if (cache_->entries.size() >= StatementCache::kMaxEntries) {
      cacheable = false;
    }
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                              cacheable ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return StatusFromSqlite(db_.get(), rc, "cannot prepare a statement");
  }
  if (!cacheable || stmt == nullptr) return Statement(db_.get(), stmt);
  StatementCache::Entry& entry = cache_->entries[std::move(key)];
  entry.stmt = stmt;
  entry.in_use = true;
  return Statement(db_.get(), stmt, &entry.in_use);
}

Result<int64_t> Connection::QueryInt(std::string_view sql) {
  STEM_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  STEM_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
  if (!has_row) return Status::Internal("query returned no row");
  return stmt.Int(0);
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_.get()); }

int64_t Connection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }

Statement& Statement::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_.get(), index);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_rc_ != 0) return StatusFromSqlite(db_, bind_rc_, "cannot bind a value");
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = StatusFromSqlite(db_, rc, "statement failed");
  sqlite3_reset(stmt_.get());
  return status;
}

Status Statement::Run() {
  Result<bool> r = Step();
  if (!r.ok()) return r.status();
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_rc_ = 0;
}

std::string Statement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_.get(), column);
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

std::string Statement::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_.get(), column);
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double Statement::Double(int column) const { return sqlite3_column_double(stmt_.get(), column); }
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Statement::ValueType Statement::TypeOf(int column) const {
  switch (sqlite3_column_type(stmt_.get(), column)) {
    case SQLITE_INTEGER:
      return ValueType::kInteger;
    case SQLITE_FLOAT:
      return ValueType::kReal;
    case SQLITE_TEXT:
      return ValueType::kText;
    case SQLITE_BLOB:
      return ValueType::kBlob;
    default:
      return ValueType::kNull;
  }
}

Result<Transaction> Transaction::Begin(Connection& db) {
  // Inside an open transaction, a savepoint: the caller's transaction decides what commits.
  if (sqlite3_get_autocommit(db.raw()) == 0) {
    STEM_RETURN_IF_ERROR(db.Exec("SAVEPOINT stem_nested"));
    return Transaction(&db, /*nested=*/true);
  }
  STEM_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db, /*nested=*/false);
}

Transaction::~Transaction() {
  if (db_ == nullptr || sqlite3_get_autocommit(db_->raw()) != 0) return;
  if (nested_) {
    (void)db_->Exec("ROLLBACK TO stem_nested; RELEASE stem_nested");
  } else {
    (void)db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("commit of a finished transaction");
  Status s = db_->Exec(nested_ ? "RELEASE stem_nested" : "COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace stem::sql
