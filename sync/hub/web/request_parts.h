// Reading what a browser sends: cookies, form fields (application/x-www-form-urlencoded), and
// the pieces of URLs the pages build. Pure functions; malformed input yields what can be
// read of it (a bad %-escape is kept as typed), never an error.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "sync/hub/http/http.h"

namespace stem::hub::web {

// The value of cookie `name` in the request's Cookie header, or "".
std::string Cookie(const http::Request& req, std::string_view name);

// The fields of a url-encoded form body; a repeated name keeps its first value. At most 200
// fields.
std::map<std::string, std::string> FormFields(std::string_view body);

// The field's value, or "".
std::string Field(const std::map<std::string, std::string>& fields, const std::string& name);

// The query parameter's value, or "".
std::string Query(const http::Request& req, const char* name);

// Percent-encodes for a query value.
std::string UrlEncode(std::string_view text);

// A path on this hub to go back to after signing in: "/" unless `next` is a local path
// (starts with one "/", no scheme, no "//", no backslash, no control character).
std::string LocalPath(std::string_view next);

// Compares secrets without a timing difference on where they first differ.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace stem::hub::web
