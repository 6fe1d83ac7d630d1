// A consistent copy of a live SQLite database, made with SQLite's online backup API: the copy
// is one snapshot of the source even while other connections (or processes) write to it; in
// WAL mode the writers are not blocked. Private to data/ and its users' .cpp files, like
// sqlite.h.
#pragma once

#include <string>

#include "data/sqlite/sqlite.h"

namespace stem::sql {

// Copies `source` to a new file at `dest_path`. The copy is written beside it as
// `dest_path.partial`, switched to rollback journaling (a single self-contained file),
// checked with quick_check, synced and then renamed into place, so a failed backup leaves no
// file at `dest_path`. Refuses (AlreadyExists "backup_exists") when `dest_path` exists.
// Thread safety: `source` must not be used by another thread during the call.
Status BackupDatabase(Connection& source, const std::string& dest_path);

}  // namespace stem::sql
