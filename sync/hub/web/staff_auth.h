// Who is signed in to the staff pages, and the one place that decides whether they may call a
// route (the route table declares one role per route; roles include the ones before them).
//
// Sessions: a random cookie (HttpOnly, SameSite=Strict, Secure under TLS) kept at the hub
// only as its SHA-256, ended after 8 idle hours or at sign-out, replaced at every sign-in.
// Every state-changing request carries the session's CSRF token (a form field "csrf" or the
// X-CSRF-Token header); the sign-in forms, before any session, carry one that must match a
// cookie of their own. The throttle: after 5 wrong passwords for one account, or 20 from one
// address, within 10 minutes, signing in is refused whatever is typed until the oldest of
// them is 10 minutes old; failures are kept in the database, so a restart changes nothing.
//
// Thread safety: every method may be called from several server threads at once.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "data/clock.h"
#include "sync/hub/accounts/accounts.h"
#include "sync/hub/http/http.h"
#include "sync/hub/storage/hub_storage.h"
#include "sync/hub/web/renderer.h"

namespace stem::hub::web {

inline constexpr const char* kSessionCookie = "stem_session";
inline constexpr const char* kFormCookie = "stem_form";  // the sign-in forms' CSRF pair
inline constexpr std::chrono::hours kIdleExpiry{8};
inline constexpr std::chrono::minutes kThrottleWindow{10};
inline constexpr int kFailuresPerAccount = 5;
inline constexpr int kFailuresPerAddress = 20;

class StaffAuth {
 public:
  StaffAuth(HubStorage& storage, const Renderer& renderer, const Clock& clock, bool tls);

  // For routes of a staff role: sets the request's caller (email), role and CSRF token, or
  // answers: a redirect to the sign-in page (no session; a page), 401 (no session; the JSON
  // API), 403 (a role that does not include the route's, or a state change without its
  // CSRF token). On /api/ routes a personal API token (Authorization: Bearer) stands for a
  // session: 401 when unknown or revoked, 403 for a read-only token's state change.
  std::optional<http::Response> Authorize(const http::Route& route, http::Request& req);

  // The minutes to wait before signing in again, when the account or the address is
  // throttled; nullopt otherwise.
  std::optional<int> ThrottledMinutes(const std::string& email, const std::string& address);
  // Checks the password (and that the account may sign in); a failure is recorded for the
  // throttle and audited. Denied "wrong_password" for any failure, so that nobody learns
  // which accounts exist.
  Status CheckPassword(const std::string& email, const std::string& password,
                       const std::string& address);
  // Starts a session for `email` and adds its cookie to `res`, ending the request's
  // earlier session if it had one.
  Status SignIn(const http::Request& req, const std::string& email, http::Response& res);
  // Ends the request's session and clears its cookie on `res`.
  Status SignOut(const http::Request& req, http::Response& res);

  // The sign-in forms' CSRF token: the request's form cookie, or a new one whose Set-Cookie
  // value goes to `set_cookie` (left alone otherwise).
  std::string FormToken(const http::Request& req, std::string* set_cookie) const;
  bool FormTokenMatches(const http::Request& req, const std::string& field) const;

  bool SecureCookies(const http::Request& req) const;

 private:
  std::optional<http::Response> AuthorizeToken(accounts::Role needs, http::Request& req);
  HubStorage& storage_;
  const Renderer& renderer_;
  const Clock& clock_;
  bool tls_;
  std::string dummy_hash_;  // verified against for unknown accounts: the same time spent
};

}  // namespace stem::hub::web
