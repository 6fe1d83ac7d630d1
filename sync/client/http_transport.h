// HttpTransport: one HTTP request at a time to the hub. The production implementation is
// libcurl (MakeCurlTransport; curl.h stays in curl_transport.cpp): TLS verification on with
// an optional extra CA file, a short connect timeout, a low-speed limit that notices a
// stalled hotspot, an overall timeout, no "Expect: 100-continue", no redirects (a captive
// portal's redirect is not the hub), and a cap on the response size.
//
// Ownership: a transport owns its connection handle. Thread safety: one thread at a time.
// Errors: IoError (curl's description in the detail) when no complete HTTP response arrived:
// refused, reset, timed out, stalled, TLS failure, response too large. An HTTP status, any
// status, is not an error here: the caller judges it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "data/status.h"

namespace stem::sync {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string retry_after;  // the Retry-After header, or empty
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct TransportOptions {
  std::string ca_file;  // extra CA bundle; empty: the system's
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{60'000};
  long low_speed_bytes_per_second = 512;  // below this for low_speed_time: give up
  std::chrono::seconds low_speed_time{15};
  size_t max_response_bytes = 4u << 20;
};

std::unique_ptr<HttpTransport> MakeCurlTransport(const TransportOptions& options);

}  // namespace stem::sync
