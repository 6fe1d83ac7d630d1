// Staff accounts from the page (admin): add one (its one-time sign-in link shown once, to
// hand to the person), change a role, disable an account, or reset a forgotten password (a
// new link; its sessions end), give a staff account the "sensitive data" right to open sealed
// answers or take it back. The hub keeps at least one active admin. Each change is
// audited by the storage as the admin who made it.
#include <algorithm>

#include "sync/hub/accounts/accounts.h"
#include "sync/hub/accounts/signin_link.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The link as the person will open it: this hub's own address and the link's path.
std::string FullLink(const Pages& p, const Request& req, const std::string& path) {
  std::string host = req.Header("Host");
  if (host.empty() || host.size() > 255 || host.find_first_of(" /\\\"<>") != std::string::npos) {
    return path;
  }
  return (p.auth.SecureCookies(req) ? "https://" : "http://") + host + path;
}

Response UsersPage(Pages& p, const Request& req, int status, json data) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<StaffUser>> users = p.storage.ListUsers();
  if (!users.ok()) return Unavailable(p, req);
  json list = json::array();
  for (const StaffUser& u : *users) {
    json roles = json::array();
    for (const char* r : {"viewer", "reviewer", "staff", "admin"}) {
      roles.push_back({{"value", r}, {"label", p.renderer.Text(lang, std::string("role_") + r)},
                       {"selected", u.role == r}});
    }
    std::string state = u.disabled ? "users_disabled" : u.has_password ? "users_active" : "users_invited";
    std::string sealed = u.role == "admin" ? "users_sealed_admin"
                         : u.role == "staff" && u.sensitive_data ? "users_sealed_yes"
                                                                 : "users_sealed_no";
    list.push_back({{"email", u.email}, {"roles", roles}, {"state", p.renderer.Text(lang, state)},
                    {"created", ShortTime(u.created_at)}, {"can_disable", !u.disabled},
                    {"me", u.email == req.caller}, {"sealed", p.renderer.Text(lang, sealed)},
                    {"can_allow_sealed", u.role == "staff" && !u.sensitive_data},
                    {"can_withdraw_sealed", u.sensitive_data}});
  }
  data["users"] = list;
  return p.renderer.Page(req, status, "users", "users_title", data);
}

// Whether changing `email` to `role` (or disabling it) would leave no active admin.
Result<bool> LastAdmin(HubStorage& storage, const std::string& email, const std::string& role) {
  STEM_ASSIGN_OR_RETURN(std::vector<StaffUser> users, storage.ListUsers());
  int others = 0;
  bool is_admin = false;
  for (const StaffUser& u : users) {
    if (u.disabled || u.role != "admin") continue;
    if (u.email == email) {
      is_admin = true;
    } else {
      ++others;
    }
  }
  return is_admin && role != "admin" && others == 0;
}

Response ShowUsers(Pages& p, Request& req) { return UsersPage(p, req, 200, json::object()); }

Response Refused(Pages& p, const Request& req, int status, const std::string& key) {
  return UsersPage(p, req, status, {{"error", p.renderer.Text(p.renderer.Language(req), key)}});
}

Response AddUser(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  Result<std::string> email = accounts::NormalizeEmail(Field(f, "email"));
  Result<accounts::Role> role = accounts::ParseRole(Field(f, "role"));
  if (!email.ok()) return Refused(p, req, 400, "users_bad_email");
  if (!role.ok()) return Refused(p, req, 400, "users_bad_role");
  Result<StaffUser> added = p.storage.AddUser(*email, accounts::RoleName(*role), "", req.caller);
  if (!added.ok()) {
    if (added.status().code() == Status::Code::kAlreadyExists) return Refused(p, req, 409, "users_exists");
    return Unavailable(p, req);
  }
  Result<accounts::SignInLink> link = accounts::IssueSignInLink(p.storage, *email, p.clock.Now());
  if (!link.ok()) return Unavailable(p, req);
  return UsersPage(p, req, 201, {{"link", FullLink(p, req, link->path)}, {"link_for", *email},
                                 {"link_until", ShortTime(link->expires_at)}});
}

Response ChangeUser(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string email = Field(f, "email");
  std::string action = Field(f, "action");
  Status s;
  if (action == "role") {
    Result<accounts::Role> role = accounts::ParseRole(Field(f, "role"));
    if (!role.ok()) return Refused(p, req, 400, "users_bad_role");
    Result<bool> last = LastAdmin(p.storage, email, accounts::RoleName(*role));
    if (!last.ok()) return Unavailable(p, req);
    if (*last) return Refused(p, req, 409, "users_last_admin");
    s = p.storage.SetUserRole(email, accounts::RoleName(*role), req.caller);
  } else if (action == "sensitive") {
    // The "sensitive data" right: only for staff accounts (an admin always has it).
    bool allow = Field(f, "allowed") == "yes";
    if (allow) {
      Result<std::vector<StaffUser>> users = p.storage.ListUsers();
      if (!users.ok()) return Unavailable(p, req);
      auto it = std::find_if(users->begin(), users->end(),
                             [&](const StaffUser& u) { return u.email == email; });
      if (it == users->end()) return Refused(p, req, 404, "users_unknown");
      if (it->role != "staff") return Refused(p, req, 409, "users_sealed_staff_only");
    }
    s = p.storage.SetSensitiveData(email, allow, req.caller);
  } else if (action == "disable") {
    Result<bool> last = LastAdmin(p.storage, email, "");
    if (!last.ok()) return Unavailable(p, req);
    if (*last) return Refused(p, req, 409, "users_last_admin");
    s = p.storage.DisableUser(email, req.caller);
  } else if (action == "reset") {
    s = p.storage.ResetUser(email, req.caller);
    if (s.ok()) {
      Result<accounts::SignInLink> link = accounts::IssueSignInLink(p.storage, email, p.clock.Now());
      if (!link.ok()) return Unavailable(p, req);
      return UsersPage(p, req, 200, {{"link", FullLink(p, req, link->path)}, {"link_for", email},
                                     {"link_until", ShortTime(link->expires_at)}});
    }
  } else {
    return Refused(p, req, 400, "users_bad_action");
  }
  if (s.code() == Status::Code::kNotFound) return Refused(p, req, 404, "users_unknown");
  if (!s.ok()) return Unavailable(p, req);
  return UsersPage(p, req, 200, {{"notice", p.renderer.Format(lang, "users_changed", {{"email", email}})}});
}

}  // namespace

std::vector<http::Route> UserRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/users", Access::kAdmin, Handle(p, &ShowUsers)},
      {"POST", "/users/add", Access::kAdmin, Handle(p, &AddUser), 8 * 1024},
      {"POST", "/users/change", Access::kAdmin, Handle(p, &ChangeUser), 8 * 1024},
  };
}

}  // namespace stem::hub::web
