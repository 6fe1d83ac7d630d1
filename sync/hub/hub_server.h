// HubServer: the hub's HTTP JSON API, its routes declared in one table on the front door of
// http/http.h (an event-driven server with limits per client address and deadlines).
//
//   GET  /v1/health                      no auth; {"status":"ok"}
//   POST /v1/enroll    {code, device_id}  -> 201 {device_name, token}; 401 bad code; 429 with
//                      Retry-After after too many failed enrollments (EnrollGuard)
//   POST /v1/batches   gzip batch body, Authorization: Bearer TOKEN, X-Content-SHA256,
//                      Idempotency-Key  -> 200 ack; 400 bad body; 401 bad/revoked token;
//                      403 batch of another device; 413 over a size cap; 415 wrong encoding
//   GET  /v1/device    Authorization     -> 200 {device_id, acked_through, server_time}
//   GET  /v1/roster?after=CURSOR&limit=N  -> 200 roster page (changes after CURSOR)
//
// Every error answer is {"error": reason, "message": ...}. One log line per request
// (address, method, path, status, sizes, time, caller, reason), never bodies or tokens; a
// connection cut by a limit is logged once with its reason.
// Ownership: borrows the storage, which must outlive the server. Threads: Bind() starts
// serving (event threads and workers of the front door); Run() blocks until Stop(), which may
// be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/status.h"
#include "sync/hub/enroll_guard.h"
#include "sync/hub/http/http.h"
#include "sync/hub/storage/hub_storage.h"
#include "sync/protocol/batch.h"

namespace stem::hub {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;          // 0: let the OS choose
  std::string tls_cert;  // PEM files; both or neither
  std::string tls_key;
  sync::BatchLimits limits;
  EnrollLimits enroll_limits;
  http::ServerLimits http_limits;
  std::vector<std::string> trusted_proxies;  // X-Forwarded-For is believed from these only
  std::function<void(const std::string&)> log;  // one line per request; none when empty
};

class HubServer {
 public:
  static Result<std::unique_ptr<HubServer>> Create(HubStorage& storage,
                                                   const ServerOptions& options);
  ~HubServer();
  // Binds the listening socket and starts serving; returns the port (the chosen one when
  // options.port is 0).
  Result<int> Bind();
  // Blocks until Stop(). Bind() first.
  Status Run();
  void Stop();

 private:
  struct Impl;
  explicit HubServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stem::hub
