// The store connection of one of the app's worker threads (form saves, the desk, enrollment,
// the sync link's checks). The app's first connection (KioskContext, opened before any
// window) ran the file's integrity check; a worker's connection skips it, because
// quick_check reads every page: seconds and megabytes on a 100,000-person roster, each time.
#pragma once

#include <string>

#include "data/store/store.h"

namespace stem::kiosk {

inline Result<Store> OpenWorkerStore(const std::string& path) {
  StoreOptions options;
  options.check_integrity = false;
  return Store::Open(path, options);
}

}  // namespace stem::kiosk
