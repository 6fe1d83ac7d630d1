// The front door's own request and response types (http.h), apart from the server.
#include "sync/hub/http/http.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace stem::hub::http {

std::string Request::Header(const std::string& name) const {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = headers.find(key);
  return it == headers.end() ? "" : it->second;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Error(int status, const std::string& reason, const std::string& message) {
  Response r = Json(status, nlohmann::json{{"error", reason}, {"message", message}}.dump(
                                -1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.reason = reason;
  return r;
}

std::string FormatDuration(std::chrono::steady_clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1fms",
                std::chrono::duration<double, std::milli>(d).count());
  return text;
}

}  // namespace stem::hub::http
