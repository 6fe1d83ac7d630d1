// Signing in and out, and setting a password from a one-time sign-in link.
#include "sync/hub/accounts/accounts.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response SignInForm(Pages& p, const Request& req, int status, const std::string& email,
                    const std::string& error) {
  std::string set_cookie;
  std::string token = p.auth.FormToken(req, &set_cookie);
  std::string next = req.method == "GET" ? LocalPath(req.query.count("next") ? req.query.at("next") : "/")
                                         : LocalPath(Field(FormFields(req.body), "next"));
  Response res = p.renderer.Page(req, status, "signin", "signin_title",
                                 {{"form_token", token}, {"email", email}, {"next", next},
                                  {"error", error}});
  if (!set_cookie.empty()) res.headers.push_back({"Set-Cookie", set_cookie});
  return res;
}

Response ShowSignIn(Pages& p, Request& req) { return SignInForm(p, req, 200, "", ""); }

Response DoSignIn(Pages& p, Request& req) {
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string lang = p.renderer.Language(req);
  std::string typed = Field(f, "email");
  if (!p.auth.FormTokenMatches(req, Field(f, "form_token"))) {
    return SignInForm(p, req, 403, typed, p.renderer.Text(lang, "error_form_expired"));
  }
  Result<std::string> email = accounts::NormalizeEmail(typed);
  // What is not an address (a password typed in the wrong box, say) is never kept or shown:
  // its failures count against the address only.
  std::string key = email.ok() ? *email : "(not an email address)";
  if (std::optional<int> wait = p.auth.ThrottledMinutes(key, req.client_address)) {
    Response res = SignInForm(p, req, 429, typed,
                              p.renderer.Format(lang, "signin_throttled",
                                                {{"minutes", std::to_string(*wait)}}));
    res.headers.push_back({"Retry-After", std::to_string(*wait * 60)});
    return res;
  }
  Status checked = p.auth.CheckPassword(key, Field(f, "password"), req.client_address);
  if (!checked.ok()) {
    if (checked.code() != Status::Code::kDenied) return Unavailable(p, req);
    return SignInForm(p, req, 401, typed, p.renderer.Text(lang, "signin_wrong"));
  }
  Response res = Redirect(LocalPath(Field(f, "next")));
  if (!p.auth.SignIn(req, key, res).ok()) return Unavailable(p, req);
  req.caller = key;
  return res;
}

Response DoSignOut(Pages& p, Request& req) {
  Response res = Redirect("/signin");
  if (!p.auth.SignOut(req, res).ok()) return Unavailable(p, req);
  return res;
}

Response WelcomeForm(Pages& p, const Request& req, int status, const std::string& token,
                     const std::string& email, const std::string& error) {
  std::string set_cookie;
  std::string form_token = p.auth.FormToken(req, &set_cookie);
  Response res = p.renderer.Page(req, status, "welcome", "welcome_title",
                                 {{"form_token", form_token}, {"token", token}, {"email", email},
                                  {"error", error}});
  if (!set_cookie.empty()) res.headers.push_back({"Set-Cookie", set_cookie});
  return res;
}

// A link that does not work: said in words, with what to do.
Response BadLink(Pages& p, const Request& req, const Status& s) {
  if (s.code() != Status::Code::kDenied) return Unavailable(p, req);
  return p.renderer.Message(req, 404, s.reason() == "expired_link" ? "welcome_expired"
                                                                    : "welcome_bad_link");
}

Response ShowWelcome(Pages& p, Request& req) {
  std::string token = req.query.count("token") ? req.query.at("token") : "";
  Result<std::string> email = p.storage.SignInLinkEmail(accounts::TokenHash(token));
  if (!email.ok()) return BadLink(p, req, email.status());
  return WelcomeForm(p, req, 200, token, *email, "");
}

Response DoWelcome(Pages& p, Request& req) {
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string lang = p.renderer.Language(req);
  std::string token = Field(f, "token");
  std::string hash = accounts::TokenHash(token);
  Result<std::string> email = p.storage.SignInLinkEmail(hash);
  if (!email.ok()) return BadLink(p, req, email.status());
  if (!p.auth.FormTokenMatches(req, Field(f, "form_token"))) {
    return WelcomeForm(p, req, 403, token, *email, p.renderer.Text(lang, "error_form_expired"));
  }
  std::string password = Field(f, "password");
  if (password != Field(f, "again")) {
    return WelcomeForm(p, req, 400, token, *email, p.renderer.Text(lang, "welcome_mismatch"));
  }
  if (Status s = accounts::CheckNewPassword(password); !s.ok()) {
    return WelcomeForm(p, req, 400, token, *email, p.renderer.Text(lang, "welcome_" + s.reason()));
  }
  Result<std::string> hashed = accounts::HashPassword(password);
  if (!hashed.ok()) return Unavailable(p, req);
  Result<std::string> used = p.storage.UseSignInLink(hash, *hashed);
  if (!used.ok()) return BadLink(p, req, used.status());
  Response res = Redirect("/");
  if (!p.auth.SignIn(req, *used, res).ok()) return Unavailable(p, req);
  req.caller = *used;
  return res;
}

}  // namespace

std::vector<http::Route> SignInRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/signin", Access::kAnyone, Handle(p, &ShowSignIn)},
      {"POST", "/signin", Access::kAnyone, Handle(p, &DoSignIn), 8 * 1024, true},
      {"POST", "/signout", Access::kViewer, Handle(p, &DoSignOut), 8 * 1024},
      {"GET", "/welcome", Access::kAnyone, Handle(p, &ShowWelcome), 8 * 1024, true},
      {"POST", "/welcome", Access::kAnyone, Handle(p, &DoWelcome), 8 * 1024, true},
  };
}

}  // namespace stem::hub::web
