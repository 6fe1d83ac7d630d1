#include "sync/hub/web/staff_auth.h"

#include <algorithm>

#include "sync/hub/accounts/accounts.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using accounts::Role;

std::optional<Role> RouteRole(http::Access access) {
  switch (access) {
    case http::Access::kViewer: return Role::kViewer;
    case http::Access::kReviewer: return Role::kReviewer;
    case http::Access::kStaff: return Role::kStaff;
    case http::Access::kAdmin: return Role::kAdmin;
    default: return std::nullopt;
  }
}

// The JSON API, and a page's JSON it polls: told 401 as JSON, never redirected.
bool IsJson(const http::Request& req) {
  return req.path.size() > 5 && req.path.compare(req.path.size() - 5, 5, ".json") == 0;
}
bool IsApi(const http::Request& req) { return req.path.rfind("/api/", 0) == 0 || IsJson(req); }

}  // namespace

StaffAuth::StaffAuth(HubStorage& storage, const Renderer& renderer, const Clock& clock, bool tls)
    : storage_(storage), renderer_(renderer), clock_(clock), tls_(tls) {
  Result<std::string> h = accounts::HashPassword(accounts::NewToken());
  if (h.ok()) dummy_hash_ = *h;
}

bool StaffAuth::SecureCookies(const http::Request& req) const {
  return tls_ || req.Header("X-Forwarded-Proto") == "https";
}

// A personal API token (Authorization: Bearer) on /api/ routes: no cookie, so no CSRF token;
// a read-only token may only GET.
std::optional<http::Response> StaffAuth::AuthorizeToken(Role needs, http::Request& req) {
  std::string auth = req.Header("Authorization");
  Result<ApiCaller> caller = storage_.FindApiToken(accounts::TokenHash(auth.substr(7)));
  if (!caller.ok()) {
    if (caller.status().code() == Status::Code::kDenied) {
      return http::Response::Error(401, "bad_token", "unknown or revoked API token");
    }
    return http::Response::Error(503, "unavailable", "the hub cannot answer now; try again");
  }
  req.caller = caller->email;
  req.caller_role = caller->role;
  Result<Role> role = accounts::ParseRole(caller->role);
  if (!role.ok() || !accounts::Includes(*role, needs)) {
    return http::Response::Error(403, "forbidden", "the token's account does not have this role");
  }
  if (req.method != "GET" && req.method != "HEAD" && caller->access != "write") {
    return http::Response::Error(403, "read_only_token", "this token may only read");
  }
  return std::nullopt;
}

std::optional<http::Response> StaffAuth::Authorize(const http::Route& route, http::Request& req) {
  std::optional<Role> needs = RouteRole(route.access);
  if (!needs) return http::Response::Error(500, "bad_route", "route without a staff role");
  if (req.path.rfind("/api/", 0) == 0 && req.Header("Authorization").rfind("Bearer ", 0) == 0) {
    return AuthorizeToken(*needs, req);
  }
  std::string cookie = Cookie(req, kSessionCookie);
  Result<StaffSession> session = Status::NotFound("no_session", "not signed in");
  if (!cookie.empty()) {
    // The overview's own refresh (a .json it polls) does not count as using the session.
    session = storage_.FindSession(accounts::TokenHash(cookie),
                                   FormatUtc(clock_.Now() - kIdleExpiry), !IsJson(req));
  }
  if (!session.ok()) {
    if (session.status().code() != Status::Code::kNotFound) {
      return IsApi(req) ? http::Response::Error(503, "unavailable", "try again")
                        : renderer_.Message(req, 503, "error_unavailable");
    }
    if (IsApi(req)) return http::Response::Error(401, "not_signed_in", "sign in first");
    std::string back = req.method == "GET" ? req.path : "/";
    if (req.method == "GET" && !req.query.empty()) {
      std::string q;
      for (const auto& [k, v] : req.query) q += (q.empty() ? "?" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
      back += q;
    }
    return Redirect("/signin?next=" + UrlEncode(back));
  }
  Result<Role> role = accounts::ParseRole(session->role);
  req.caller = session->email;
  req.caller_role = session->role;
  req.csrf = session->csrf;
  req.caller_opens_sealed = role.ok() && accounts::MayOpenSealed(*role, session->sensitive_data);
  if (!role.ok() || !accounts::Includes(*role, *needs)) {
    return IsApi(req) ? http::Response::Error(403, "forbidden", "your role does not allow this")
                      : renderer_.Message(req, 403, "error_forbidden");
  }
  if (req.method != "GET" && req.method != "HEAD") {
    std::string token = req.Header("X-CSRF-Token");
    if (token.empty()) token = Field(FormFields(req.body), "csrf");
    if (!SameSecret(token, session->csrf)) {
      return IsApi(req) ? http::Response::Error(403, "bad_csrf_token", "missing or wrong CSRF token")
                        : renderer_.Message(req, 403, "error_form_expired");
    }
  }
  return std::nullopt;
}

std::optional<int> StaffAuth::ThrottledMinutes(const std::string& email,
                                               const std::string& address) {
  TimePoint now = clock_.Now();
  std::string since = FormatUtc(now - kThrottleWindow);
  std::optional<int> wait;
  auto check = [&](bool by_address, const std::string& key, int limit) {
    Result<std::string> at = storage_.SignInFailureAt(by_address, key, limit, since);
    if (!at.ok()) {  // unknown: hold back rather than let guesses through
      wait = std::max(wait.value_or(1), 1);
      return;
    }
    if (at->empty()) return;
    TimePoint when;
    if (!ParseUtc(*at, &when)) return;
    auto left = std::chrono::duration_cast<std::chrono::seconds>(when + kThrottleWindow - now);
    int minutes = static_cast<int>((left.count() + 59) / 60);
    if (minutes < 1) minutes = 1;
    if (!wait || minutes > *wait) wait = minutes;
  };
  check(false, email, kFailuresPerAccount);
  check(true, address, kFailuresPerAddress);
  return wait;
}

Status StaffAuth::CheckPassword(const std::string& email, const std::string& password,
                                const std::string& address) {
  Result<StaffCredentials> user = storage_.UserCredentials(email);
  if (!user.ok() && user.status().code() != Status::Code::kNotFound) return user.status();
  bool ok;
  if (user.ok() && !user->password_hash.empty()) {
    ok = accounts::VerifyPassword(password, user->password_hash) && !user->disabled;
  } else {
    accounts::VerifyPassword(password, dummy_hash_);  // as slow as a real check
    ok = false;
  }
  if (ok) return Status::Ok();
  STEM_RETURN_IF_ERROR(storage_.RecordSignInFailure(email, address));
  return Status::Denied("wrong_password", "wrong email or password");
}

namespace {

std::string CookieLine(const std::string& name, const std::string& value, bool secure,
                       bool expire) {
  std::string line = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) line += "; Secure";
  if (expire) line += "; Max-Age=0";
  return line;
}

}  // namespace

Status StaffAuth::SignIn(const http::Request& req, const std::string& email, http::Response& res) {
  if (std::string old = Cookie(req, kSessionCookie); !old.empty()) {
    STEM_RETURN_IF_ERROR(storage_.EndSession(accounts::TokenHash(old)));
  }
  std::string session = accounts::NewToken();
  STEM_RETURN_IF_ERROR(storage_.StartSession(accounts::TokenHash(session), email,
                                             accounts::NewToken(), req.client_address));
  bool secure = SecureCookies(req);
  res.headers.push_back({"Set-Cookie", CookieLine(kSessionCookie, session, secure, false)});
  res.headers.push_back({"Set-Cookie", CookieLine(kFormCookie, "", secure, true)});
  return Status::Ok();
}

Status StaffAuth::SignOut(const http::Request& req, http::Response& res) {
  if (std::string old = Cookie(req, kSessionCookie); !old.empty()) {
    STEM_RETURN_IF_ERROR(storage_.EndSession(accounts::TokenHash(old)));
  }
  STEM_RETURN_IF_ERROR(storage_.Audit(req.caller, "signed_out", "{}"));
  res.headers.push_back({"Set-Cookie", CookieLine(kSessionCookie, "", SecureCookies(req), true)});
  return Status::Ok();
}

std::string StaffAuth::FormToken(const http::Request& req, std::string* set_cookie) const {
  std::string token = Cookie(req, kFormCookie);
  if (token.size() == 43) return token;
  token = accounts::NewToken();
  *set_cookie = CookieLine(kFormCookie, token, SecureCookies(req), false);
  return token;
}

bool StaffAuth::FormTokenMatches(const http::Request& req, const std::string& field) const {
  return SameSecret(Cookie(req, kFormCookie), field);
}

}  // namespace stem::hub::web
