// Opening, creating and migrating the store.
#include <filesystem>

#include "data/store/schema.h"
#include "data/text_fold.h"
#include "data/store/store_internal.h"
#include "data/uuid.h"

namespace stem {
namespace {

// Checks what the file is before anything writes to it.
Status Identify(sql::Connection& db, const std::string& path, bool create, bool check,
                bool* fresh, int* version) {
  Result<int64_t> app_id = db.QueryInt("PRAGMA application_id");
  if (!app_id.ok()) {
    if (app_id.status().code() == Status::Code::kNotAStore) {
      return Status::NotAStore(path + " is not a kiosk store (it is not an SQLite database)");
    }
    if (app_id.status().code() == Status::Code::kCorruption) {
      return Status::Corruption(path + " is damaged and cannot be read");
    }
    return app_id.status();
  }
  STEM_ASSIGN_OR_RETURN(int64_t user_version, db.QueryInt("PRAGMA user_version"));
  Result<int64_t> tables = db.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) {
    if (tables.status().code() == Status::Code::kCorruption) {
      return Status::Corruption(path + " is damaged and cannot be read");
    }
    return tables.status();
  }
  *fresh = false;
  if (*app_id != schema::kApplicationId) {
    if (*app_id == 0 && user_version == 0 && *tables == 0) {
      if (!create) {
        return Status::NotAStore(path + " is an empty file, not a kiosk store; run `kioskctl "
                                        "init` to create one");
      }
      *fresh = true;
    } else {
      return Status::NotAStore(path + " is a database of another application, not a kiosk store");
    }
  }
  if (user_version > schema::LatestVersion()) {
    return Status::TooNew(path + " was written by a newer version of the kiosk (schema " +
                          std::to_string(user_version) + ", this version knows up to " +
                          std::to_string(schema::LatestVersion()) + "); update the software");
  }
  *version = static_cast<int>(user_version);
  if (!*fresh && check) {
    // The check reads every page once: with the default cache it would fill 2 MB of memory
    // with pages nobody asks for again, so it runs with a small cache and frees it after.
    STEM_ASSIGN_OR_RETURN(int64_t cache_size, db.QueryInt("PRAGMA cache_size"));
    STEM_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size = -128"));
    {
      Result<sql::Statement> quick = db.Prepare("PRAGMA quick_check(1)");
      if (!quick.ok()) return Status::Corruption(path + " is damaged: " + quick.status().detail());
      Result<bool> row = quick->Step();
      if (!row.ok() || !*row || quick->Text(0) != "ok") {
        return Status::Corruption(path + " failed its integrity check; restore it from a backup "
                                         "or ask for help before using it");
      }
    }
    STEM_RETURN_IF_ERROR(
        db.Exec("PRAGMA shrink_memory; PRAGMA cache_size = " + std::to_string(cache_size)));
  }
  return Status::Ok();
}

Status Migrate(sql::Connection& db, int from, int stop_at) {
  for (const schema::Migration& m : schema::Migrations()) {
    if (m.version <= from || m.version > stop_at) continue;
    STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(db));
    // Another process may have migrated while we waited for the write lock.
    STEM_ASSIGN_OR_RETURN(int64_t current, db.QueryInt("PRAGMA user_version"));
    if (current >= m.version) continue;
    STEM_RETURN_IF_ERROR(db.Exec(m.sql));
    if (m.version == 1) {
      STEM_RETURN_IF_ERROR(
          db.Exec("PRAGMA application_id = " + std::to_string(schema::kApplicationId)));
    }
    STEM_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(m.version)));
    STEM_RETURN_IF_ERROR(txn.Commit());
  }
  return Status::Ok();
}

}  // namespace

Store::Store(std::unique_ptr<Private> p) : p_(std::move(p)) { device_id_ = p_->device_id; }
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::Open(const std::string& path, const StoreOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("no_store",
                            "there is no kiosk store at " + path + "; run `kioskctl init` first");
  }
  return OpenImpl(path, false, schema::LatestVersion(), options);
}

Result<Store> Store::Create(const std::string& path, const StoreOptions& options) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Status::IoError("cannot create the folder " + parent.string() + ": " + ec.message());
  return OpenImpl(path, true, schema::LatestVersion(), options);
}

Result<Store> Store::CreateInMemory(const StoreOptions& options) {
  return OpenImpl(":memory:", true, schema::LatestVersion(), options);
}

Result<Store> Store::CreateAtVersionForTest(const std::string& path, int version,
                                            const StoreOptions& options) {
  return OpenImpl(path, true, version, options);
}

Result<Store> Store::OpenImpl(const std::string& path, bool create, int stop_at_version,
                              const StoreOptions& options) {
  const bool memory = path == ":memory:";
  STEM_ASSIGN_OR_RETURN(
      sql::Connection conn,
      sql::Connection::Open(path, memory   ? sql::Connection::Mode::kMemory
                                  : create ? sql::Connection::Mode::kReadWriteCreate
                                           : sql::Connection::Mode::kReadWrite));
  STEM_RETURN_IF_ERROR(
      conn.Exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms)));
  // Deleted rows (an expired draft's answers, purged records) are overwritten with zeros, not
  // left readable in free pages.
  STEM_RETURN_IF_ERROR(conn.Exec("PRAGMA secure_delete = ON"));
  bool fresh = false;
  int version = 0;
  STEM_RETURN_IF_ERROR(Identify(conn, path, create, options.check_integrity, &fresh, &version));

  // Only now, with the file known to be ours (or new), may anything write to it.
  if (!memory) {
    STEM_ASSIGN_OR_RETURN(sql::Statement wal, conn.Prepare("PRAGMA journal_mode = WAL"));
    STEM_ASSIGN_OR_RETURN(bool has_row, wal.Step());
    if (!has_row || wal.Text(0) != "wal") {
      return Status::IoError("cannot switch " + path + " to write-ahead logging");
    }
  }
  STEM_RETURN_IF_ERROR(conn.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
  STEM_RETURN_IF_ERROR(RegisterFoldFunction(conn));
  STEM_RETURN_IF_ERROR(Migrate(conn, version, stop_at_version));

  auto p = std::make_unique<Private>(std::move(conn));
  if (options.clock == nullptr) p->own_clock = std::make_unique<SystemClock>();
  if (options.random == nullptr) p->own_random = std::make_unique<SecureRandom>();
  p->clock = options.clock ? options.clock : p->own_clock.get();
  p->random = options.random ? options.random : p->own_random.get();

  if (stop_at_version >= 1) {
    STEM_ASSIGN_OR_RETURN(sql::Statement sel, p->db.Prepare("SELECT device_id FROM device"));
    STEM_ASSIGN_OR_RETURN(bool has_device, sel.Step());
    if (has_device) {
      p->device_id = sel.Text(0);
    } else if (create) {
      std::string id = NewUuidV7(p->clock->Now(), *p->random);
      STEM_ASSIGN_OR_RETURN(
          sql::Statement ins,
          p->db.Prepare("INSERT INTO device(singleton, device_id, next_seq, created_at) "
                        "VALUES (1, ?, 1, ?)"));
      ins.Bind(1, id).Bind(2, p->NowUtc());
      STEM_RETURN_IF_ERROR(ins.Run());
      p->device_id = id;
    } else {
      return Status::Corruption(path + " has no device identity; it was never initialised");
    }
  }
  return Store(std::move(p));
}

Result<int> Store::SchemaVersion() {
  STEM_ASSIGN_OR_RETURN(int64_t v, p_->db.QueryInt("PRAGMA user_version"));
  return static_cast<int>(v);
}

Result<std::string> Store::IntegrityCheck() {
  STEM_ASSIGN_OR_RETURN(sql::Statement stmt, p_->db.Prepare("PRAGMA integrity_check(20)"));
  std::string out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (!out.empty()) out += "; ";
    out += stmt.Text(0);
  }
  return out;
}

}  // namespace stem
