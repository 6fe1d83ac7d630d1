// `stem-hub migrate`: moves a hub from its SQLite file to an empty PostgreSQL database in one
// transaction: every table (records, conflicts, rejections, devices and their tokens'
// hashes, events, rosters and their cursors, forms, the read model, users, sessions,
// reviews, the audit log), keeping row ids, so kiosks go on syncing without enrolling again
// and their roster cursors stay right. Then it checks every table: the same number of rows
// and the same checksum (an order-free sum of each row's SHA-256) on both sides.
//
// The SQLite file is first brought up to this hub's schema (as any command would); the
// target must exist and hold no table. Errors: InvalidArgument "not_postgres" for a target
// that is not a PostgreSQL URI; NotAStore for a target that holds tables; Conflict
// "migrate_mismatch"
// naming the table when a check fails (the transaction is then rolled back: the target stays
// empty); connection and SQL errors as the database seam gives them.
// Thread safety: runs on the calling thread; nothing else may use either database meanwhile
// (stop the hub first).
#pragma once

#include <ostream>
#include <string>

#include "data/status.h"

namespace stem::hub {

struct MigrateSummary {
  int tables = 0;
  int64_t rows = 0;
};

Result<MigrateSummary> MigrateToPostgres(const std::string& sqlite_path, const std::string& url,
                                         std::ostream& progress);

}  // namespace stem::hub
