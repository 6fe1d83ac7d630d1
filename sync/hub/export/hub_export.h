// Streams a hub's records as CSV or JSON with constant memory: one row in memory at a time.
//
// JSON is an array of objects whose "payload" is the record's JSON text written verbatim,
// so an export carries exactly what the kiosk saved. With a private key, sealed answers in
// form responses are opened; a record that cannot be opened fails the export (no partial
// plaintext is promised). CSV quotes every field and neutralises cells that a spreadsheet
// would run as formulas.
// Thread safety: as the storage. Errors: Status from storage, key or stream.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "data/seal.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

enum class ExportFormat { kCsv, kJson };

Result<int64_t> ExportRecords(HubStorage& storage, const std::string& event_id,
                              ExportFormat format, const std::optional<seal::KeyPair>& keys,
                              std::ostream& out);

}  // namespace stem::hub
