// The hub's staff pages, served by `stem-hub serve` beside the device API: their routes (each
// with the role it needs) and the authorizer for those roles. Built on the storage interface
// only; the HTTP library stays behind http/.
// Ownership: borrows the storage, which must outlive it. Thread safety: Routes() and
// Authorize() are called by the server from several threads at once.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "data/clock.h"
#include "data/status.h"
#include "sync/hub/http/http.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub::web {

struct DashboardOptions {
  bool tls = false;              // cookies are marked Secure (also behind a proxy saying https)
  const Clock* clock = nullptr;  // the system clock when null
};

class Dashboard {
 public:
  // Errors: Internal when a compiled-in template or the words are broken.
  static Result<std::unique_ptr<Dashboard>> Create(HubStorage& storage, DashboardOptions options);
  ~Dashboard();
  std::vector<http::Route> Routes();
  // For routes of a staff role (see StaffAuth::Authorize).
  std::optional<http::Response> Authorize(const http::Route& route, http::Request& req);

 private:
  struct Impl;
  explicit Dashboard(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stem::hub::web
