// Streams a hub's raw records as JSON with constant memory: one record in memory at a time.
//
// The JSON is an array of objects whose "payload" is the record's JSON text written verbatim,
// so an export carries exactly what the kiosk saved. With a private key, sealed answers in
// form responses are opened; a record that cannot be opened fails the export (no partial
// plaintext is promised). The tables for people are tables_export.h.
// Thread safety: as the storage. Errors: Status from storage, key or stream.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "data/seal.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

Result<int64_t> ExportRecordsJson(HubStorage& storage, const std::string& event_id,
                                  const std::optional<seal::KeyPair>& keys, std::ostream& out);

}  // namespace stem::hub
