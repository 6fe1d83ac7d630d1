// kioskctl export --format xlsx|csv (export_tables.cpp): people, attendance and a table per
// form and repeat group, for the records still on this kiosk, with the hub's own code.
#pragma once

#include <optional>
#include <string>

#include "data/seal.h"
#include "data/store/store.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {

struct ExportTablesRequest {
  std::string format;  // "xlsx" or "csv"
  std::string out;     // the .xlsx file, or the folder of CSV files
  bool force = false;
  bool bom = true;
  bool signatures = true;
  bool history = false;
  std::string event_id;
  std::string form_id;
  std::string language;
  std::optional<seal::KeyPair> keys;
};

Status ExportTables(Context& ctx, Store& store, const ExportTablesRequest& request);

}  // namespace stem::ctl
