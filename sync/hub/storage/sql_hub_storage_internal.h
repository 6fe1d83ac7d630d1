// SqlHubStorage's private state, shared by its source files: sql_hub_storage.cpp
// (opening, devices, ingest, the raw records, events), sql_hub_storage_roster.cpp (the
// published roster), sql_hub_storage_tables.cpp (forms and the read model's queries) and
// sql_hub_storage_users.cpp (staff accounts and the audit log), and the others named
// after what they keep; sqlite_hub_schema.cpp holds the schema and its upgrades.
#pragma once

#include <mutex>

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "data/clock.h"
#include "sync/hub/storage/db/db.h"
#include "data/text_fold.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub {

struct SqlHubStorage::Private {
  std::mutex mu;
  std::unique_ptr<db::Connection> connection;
  db::Connection& db;
  SystemClock own_clock;
  const Clock* clock;
  int ingest_delay_ms = 0;
  std::string path;  // for OpenReader
  bool read_model = true;
  read_model::Writer read_model_writer;
  Private(std::unique_ptr<db::Connection> c, const Clock* cl)
      : connection(std::move(c)), db(*connection), clock(cl ? cl : &own_clock) {}
  std::string Now() const { return FormatUtc(clock->Now()); }

  Result<sync::RecordResult> IngestOne(const std::string& device, const sync::BatchRecord& r,
                                       const std::string& now);
  Result<int64_t> AdvanceAckedThrough(const std::string& device);
};

namespace schema {
inline constexpr int64_t kApplicationId = 0x53544842;  // "STHB"
inline constexpr int kVersion = 11;
// Brings a database at schema `version` (0: new) up to kVersion (sqlite_hub_schema.cpp).
Status Upgrade(db::Connection& db, int64_t version);
}  // namespace schema

namespace pg_schema {
// PostgreSQL's schema has versions of its own (10: bulk writes may count students once;
// 11: the labels kiosks printed; 12: people merged).
inline constexpr int kVersion = 12;
// Makes the hub's tables in an empty PostgreSQL database (when `create`) or brings an
// existing hub's up to pg_schema::kVersion; refuses another application's database or a newer
// hub's (pg_hub_schema.cpp). `location` names the database in messages.
Status Upgrade(db::Connection& db, bool create, const std::string& location);
}  // namespace pg_schema

// One line of the audit log, inside the caller's transaction (sql_hub_storage_users.cpp).
Status WriteAudit(db::Connection& db, const std::string& at, const std::string& actor,
                  const std::string& action, const nlohmann::json& detail);

}  // namespace stem::hub
