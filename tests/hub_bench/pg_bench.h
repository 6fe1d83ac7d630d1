// hub-bench (e), with --pg URL: the hub on PostgreSQL. Ingest of the same generated batches
// by one hub process on SQLite, one on PostgreSQL and two on PostgreSQL at once (each taking
// half of the kiosks), in records per second; then `migrate` of the SQLite database made to
// PostgreSQL, timed. URL must name a database for the benchmark alone: it is emptied (its
// public schema dropped) before each run.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "sync/protocol/batch.h"

namespace stem::bench {

// Calls the second argument with every batch of `responses` generated responses (a fresh
// generator: new kiosks each call).
using GenerateBatches =
    std::function<void(int64_t responses, const std::function<void(const sync::Batch&)>&)>;

// With --pages --pg URL: moves the SQLite hub `file` into URL with `migrate`, timed, for the
// page timings on PostgreSQL. With `reuse`, a hub already in URL (a run with --keep made it)
// is kept and nothing is moved.
void MigrateForPages(const std::string& file, const std::string& url, bool reuse);

void MeasurePostgres(const std::string& url, int64_t responses, const std::string& dir,
                     const GenerateBatches& generate);

}  // namespace stem::bench
