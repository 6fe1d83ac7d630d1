// The hub's HTTP front door: a small request/response type of the project's own, routes
// declared in one table, and a server behind one seam (libmicrohttpd, kept inside
// mhd_server.cpp; nothing else includes it).
//
// The server is event driven (epoll): slow, idle or malicious connections cost a socket and a
// little memory each, never a thread. Limits (ServerLimits): connections per client address,
// a deadline for a whole request head, a minimum upload rate for bodies, a body cap per
// route, bounded header memory per connection, and a request rate per address on routes that
// ask for it (enrollment, sign-in). Handlers run on a small pool of worker threads while the
// connection waits suspended, so a slow handler (a batch's fsync) never holds the event loop.
// Bodies are whole in memory (each route caps its size); a response either carries its body
// or streams it from a producer as the client reads (bounded memory; a client that stops
// reading is dropped by the idle timeout without stalling anyone else).
//
// Behind a reverse proxy (nginx), connections come from the proxy: with its address in
// `trusted_proxies`, the client address is the last one in X-Forwarded-For, and the proxy is
// exempt from the per-address connection limit.
//
// Thread safety: Start() and Stop() from one thread; handlers and the authorizer are called
// from the worker threads, several at once. The log function is called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/status.h"

namespace stem::hub::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string client_address;  // the peer, or X-Forwarded-For's last entry from a trusted proxy
  // Set by the authorizer: who is calling (a device's name, a staff account's email), for
  // handlers and logs; a staff account's role and its session's CSRF token, for pages.
  std::string caller;
  std::string caller_id;
  std::string caller_role;
  std::string csrf;
  bool caller_opens_sealed = false;  // a staff account that may open sealed answers

  // The header's value, or "" (names are matched without regard to case).
  std::string Header(const std::string& name) const;
  bool HasQuery(const std::string& name) const { return query.count(name) > 0; }
};

// Fills `buffer` (at most `max` bytes) with the next part of a streamed body: the number of
// bytes written, 0 at the end, or an error (the connection is then cut).
using BodyProducer = std::function<Result<size_t>(char* buffer, size_t max)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  BodyProducer stream;  // when set, the body is produced as the client reads
  std::vector<std::pair<std::string, std::string>> headers;
  std::string reason;  // for the log line: why it failed (a slug), never a secret

  static Response Json(int status, std::string body);
  // {"error": reason, "message": message}
  static Response Error(int status, const std::string& reason, const std::string& message);
};

// Who may call a route. The authorizer decides, in one place, before any handler runs.
// The staff roles each include the ones before them (accounts/accounts.h).
enum class Access {
  kAnyone,    // health, enrollment, the sign-in page, the stylesheet
  kDevice,    // a kiosk with its bearer token
  kViewer,    // a signed-in staff account (or an API token) of at least this role
  kReviewer,
  kStaff,
  kAdmin,
};

struct Route {
  std::string method;
  std::string path;  // exact
  Access access = Access::kAnyone;
  std::function<Response(Request&)> handler;
  size_t max_body = 64 * 1024;  // larger bodies are answered 413 unread
  bool rate_limited = false;    // subject to ServerLimits::requests_per_minute per address
};

struct ServerLimits {
  int connections_per_address = 128;  // kiosks behind one venue's NAT share an address
  int max_connections = 1024;
  std::chrono::milliseconds head_deadline{10000};  // the whole request line and headers
  std::chrono::milliseconds body_grace{10000};     // a body may take this long, plus ...
  size_t min_upload_bytes_per_second = 2048;       // ... its size at this rate
  std::chrono::seconds idle_timeout{30};           // no byte either way: dropped
  size_t header_memory = 32 * 1024;                // per connection
  int requests_per_minute = 120;  // on rate-limited routes (enrollment), per address
  int workers = 4;
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 0;          // 0: the OS chooses
  std::string tls_cert;  // PEM files; both or neither
  std::string tls_key;
  std::vector<std::string> trusted_proxies;
  ServerLimits limits;
  std::function<void(const std::string&)> log;  // one line per request; none when empty
};

// Sets the Request's caller fields and returns nothing when the route may be called, or the
// answer that refuses it (401, 403, or a redirect to the sign-in page).
using Authorizer = std::function<std::optional<Response>(const Route&, Request&)>;

class Server {
 public:
  // Checks the configuration and the routes; binds and starts serving. Errors:
  // InvalidArgument "usage" / "bad_tls", IoError when the address cannot be bound.
  static Result<std::unique_ptr<Server>> Start(ServerConfig config, std::vector<Route> routes,
                                               Authorizer authorize);
  virtual ~Server() = default;
  virtual int port() const = 0;
  // Stops accepting, finishes the handlers running, closes every connection.
  virtual void Stop() = 0;
};

// How long a request took, as the log shows it ("12.3ms").
std::string FormatDuration(std::chrono::steady_clock::duration d);

}  // namespace stem::hub::http
