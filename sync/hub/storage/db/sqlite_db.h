// The SQLite driver of the hub's database seam (db.h), over data/'s RAII SQLite layer.
#pragma once

#include <memory>

#include "data/sqlite/sqlite.h"
#include "sync/hub/storage/db/db.h"

namespace stem::hub::db {

// Takes over an open SQLite connection.
std::unique_ptr<Connection> FromSqlite(sql::Connection connection);

// The SQLite connection under a connection of this driver (nullptr for another driver):
// for what only SQLite has (online backup, PRAGMAs' own results).
sql::Connection* SqliteOf(Connection& db);

}  // namespace stem::hub::db
