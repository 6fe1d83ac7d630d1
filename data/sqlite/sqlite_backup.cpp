#include "data/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

namespace stem::sql {
namespace {

// A writer holding the lock briefly is normal on a live database: retry for about 10 s.
constexpr int kBusyRetries = 200;
constexpr int kBusySleepMs = 50;

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Status::IoError("cannot sync " + path);
}

Status CopyInto(Connection& source, const std::string& tmp) {
  STEM_ASSIGN_OR_RETURN(Connection dest, Connection::Open(tmp, Connection::Mode::kReadWriteCreate));
  sqlite3_backup* raw = sqlite3_backup_init(dest.raw(), "main", source.raw(), "main");
  if (raw == nullptr) {
    return StatusFromSqlite(dest.raw(), sqlite3_errcode(dest.raw()), "cannot start the backup");
  }
  int rc = SQLITE_OK;
  for (int attempt = 0;; ++attempt) {
    // -1: every page in one step, so the copy is one snapshot of the source.
    rc = sqlite3_backup_step(raw, -1);
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < kBusyRetries) {
      sqlite3_sleep(kBusySleepMs);
      continue;
    }
    break;
  }
  int finish_rc = sqlite3_backup_finish(raw);
  if (rc != SQLITE_DONE) return StatusFromSqlite(nullptr, rc, "the backup did not complete");
  if (finish_rc != SQLITE_OK) return StatusFromSqlite(dest.raw(), finish_rc, "the backup failed");
  // The copy carries the source's WAL flag; a backup should be one file that opens anywhere.
  STEM_RETURN_IF_ERROR(dest.Exec("PRAGMA journal_mode = DELETE"));
  STEM_ASSIGN_OR_RETURN(Statement check, dest.Prepare("PRAGMA quick_check"));
  STEM_ASSIGN_OR_RETURN(bool has_row, check.Step());
  if (!has_row || check.Text(0) != "ok") {
    return Status::Corruption("the backup copy failed its check: " +
                              (has_row ? check.Text(0).substr(0, 200) : std::string("no answer")));
  }
  return Status::Ok();
}

}  // namespace

Status BackupDatabase(Connection& source, const std::string& dest_path) {
  std::error_code ec;
  if (std::filesystem::exists(dest_path, ec) || ec) {
    return Status::AlreadyExists("backup_exists",
                                 dest_path + " already exists; choose a new name for the backup");
  }
  const std::string tmp = dest_path + ".partial";
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::filesystem::remove(tmp + suffix, ec);
  }
  Status s = CopyInto(source, tmp);
  if (s.ok()) s = SyncPath(tmp, O_RDONLY);
  if (s.ok()) {
    std::filesystem::rename(tmp, dest_path, ec);
    if (ec) s = Status::IoError("cannot rename the backup to " + dest_path);
  }
  if (!s.ok()) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(tmp + suffix, ec);
    }
    return s;
  }
  std::filesystem::path dir = std::filesystem::path(dest_path).parent_path();
  return SyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace stem::sql
