// Values the Store takes and returns for sync (store_sync.cpp). Plain data, no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "data/store/records.h"

namespace stem {

// A record the hub rejected: out of the upload queue, shown at the volunteer desk.
struct QuarantinedRecord {
  int64_t seq = 0;
  std::string record_id;
  std::string type;
  std::string reason;  // the hub's reason slug, e.g. "bad_payload"
  std::string quarantined_at;
};

// How this kiosk reaches its hub. The token is the device's secret: never log it.
struct SyncSettings {
  std::string hub_url;       // "https://hub.example.org" (empty: not enrolled)
  std::string device_token;  // empty: not enrolled
  std::string device_name;   // the name the hub knows this kiosk by
  std::string ca_file;       // extra CA bundle for the hub's certificate; may be empty
  int64_t acked_through = 0;  // highest seq the hub acknowledged (contiguously)
  int64_t roster_cursor = 0;  // the hub's roster changes up to here are applied
  int64_t forms_cursor = 0;   // the forms the hub published up to here are installed
  bool enrolled() const { return !hub_url.empty() && !device_token.empty(); }
};

// One person of the hub's published roster, as downloaded.
struct HubRosterEntry {
  Person person;              // source is set to "hub" by the store
  std::string guardian_name;  // for the roster search of a student
};

// Form versions the hub published, downloaded with a roster page: each spec's JSON text, and
// the hub's forms cursor after them.
struct HubFormsPage {
  std::vector<std::string> specs;
  int64_t next_cursor = 0;
};

}  // namespace stem
