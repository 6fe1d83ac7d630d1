// The hub's data as tables: people, attendance, labels printed, one table per form and one per repeat group
// of it (linked by response_id), written to a TableSink (a CSV folder or an Excel workbook)
// with one row in memory at a time. The same code serves `stem-hub export`.
//
// Thread safety: as the storage. Errors: NotFound "unknown_event" / "unknown_form" before
// anything is written; a sealed answer that the given key does not open fails the export
// ("wrong_key"); storage and sink errors as they come. Nothing is moved into place unless
// everything was written (the sink's Finish is called only on success).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/seal.h"
#include "sync/hub/export/table_sink.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

struct TablesOptions {
  ExportFilter filter;      // event, and --history
  std::string form_id;      // "" for every table; else only this form's tables
  std::string language;     // "" for question ids and choice values; "en"/"es" for labels
  std::optional<seal::KeyPair> keys;  // opens sealed answers
  bool signatures = true;  // draw each signature as an SVG beside the tables (CSV only)
};

struct TablesSummary {
  int64_t people = 0;
  int64_t attendance = 0;
  int64_t label_prints = 0;
  std::map<std::string, int64_t> responses;  // per form table
  std::vector<UnknownFormVersion> unknown;    // responses only the JSON export carries
};

Result<TablesSummary> ExportTables(HubStorage& storage, const TablesOptions& options,
                                   TableSink& sink);

}  // namespace stem::hub
