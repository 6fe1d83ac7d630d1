// The PostgreSQL driver of the hub's database seam (db.h), over libpq: `libpq-fe.h` stays in
// pg_db.cpp. Statements are prepared once per connection (named by their text) with `?`
// placeholders numbered $N; values go as text (blobs as binary) and come back as text, so
// PostgreSQL infers each parameter's type from where it stands in the statement.
// Results are read whole (PQexecPrepared): a statement may be read while others run on the
// same connection, as on SQLite; streaming reads of millions of rows use their own
// connection and read in pages (see the storage).
#pragma once

#include <memory>
#include <string>

#include "sync/hub/storage/db/db.h"

namespace stem::hub::db {

// Connects with a libpq connection string or URI ("postgresql://user@host/db",
// "host=/run/postgresql dbname=hub"; PGPASSFILE, PGSSLMODE and the other PG* variables as
// libpq reads them). Errors: IoError (no server there, refused, timed out), Denied
// "db_denied" (wrong password, no such role, not allowed), NotFound "db_missing" (no such
// database); the message is libpq's first line, which never holds the password.
Result<std::unique_ptr<Connection>> ConnectPostgres(const std::string& conninfo);

// Whether `location` names a PostgreSQL database rather than an SQLite file.
bool IsPostgresUrl(const std::string& location);

// `sql` with SQLite's `?` and `?N` placeholders as PostgreSQL's $N (a bare `?` is one more
// than the largest number before it), leaving quoted text and comments alone; `params` is
// set to the largest number used.
std::string NumberPlaceholders(std::string_view sql, int* params);

}  // namespace stem::hub::db
