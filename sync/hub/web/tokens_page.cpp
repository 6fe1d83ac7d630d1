// Personal API tokens (any signed-in account, for its own tools): create one (read-only or
// read-write; shown once, kept only as its hash), see when each was last used, revoke one.
#include "sync/hub/accounts/accounts.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response TokensPage(Pages& p, const Request& req, int status, json data) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<ApiToken>> tokens = p.storage.ApiTokens(req.caller);
  if (!tokens.ok()) return Unavailable(p, req);
  json list = json::array();
  for (const ApiToken& t : *tokens) {
    list.push_back({{"id", std::to_string(t.id)},
                    {"name", t.name},
                    {"access", p.renderer.Text(lang, "tokens_access_" + t.access)},
                    {"created", ShortTime(t.created_at)},
                    {"last_used", t.last_used.empty() ? p.renderer.Text(lang, "kiosk_never")
                                                      : ShortTime(t.last_used)},
                    {"revoked", t.revoked}});
  }
  data["tokens"] = list;
  data["has_tokens"] = !list.empty();
  return p.renderer.Page(req, status, "tokens", "tokens_title", data);
}

Response ShowTokens(Pages& p, Request& req) { return TokensPage(p, req, 200, json::object()); }

Response AddToken(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string name = Field(f, "name");
  std::string access = Field(f, "access");
  if (name.empty() || name.size() > 100 || (access != "read" && access != "write")) {
    return TokensPage(p, req, 400, {{"error", p.renderer.Text(lang, "tokens_bad")}});
  }
  std::string token = accounts::NewToken();
  if (!p.storage.AddApiToken(req.caller, name, access, accounts::TokenHash(token)).ok()) {
    return Unavailable(p, req);
  }
  return TokensPage(p, req, 201, {{"new_token", token}, {"new_name", name}});
}

Response RevokeToken(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string id = Field(FormFields(req.body), "id");
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
    return TokensPage(p, req, 400, {{"error", p.renderer.Text(lang, "tokens_unknown")}});
  }
  Status s = p.storage.RevokeApiToken(req.caller, std::stoll(id));
  if (s.code() == Status::Code::kNotFound) {
    return TokensPage(p, req, 404, {{"error", p.renderer.Text(lang, "tokens_unknown")}});
  }
  if (!s.ok()) return Unavailable(p, req);
  return TokensPage(p, req, 200, {{"notice", p.renderer.Text(lang, "tokens_revoked")}});
}

}  // namespace

std::vector<http::Route> TokenRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/tokens", Access::kViewer, Handle(p, &ShowTokens)},
      {"POST", "/tokens/add", Access::kViewer, Handle(p, &AddToken), 8 * 1024},
      {"POST", "/tokens/revoke", Access::kViewer, Handle(p, &RevokeToken), 8 * 1024},
  };
}

}  // namespace stem::hub::web
