// The nonprofit's key on the hub (admin): which key the hub holds, and importing one, locked
// under a passphrase (accounts/key_vault.h). The key file's text and the passphrase are used
// for this request only; only the locked key is kept.
#include <nlohmann/json.hpp>

#include "sync/hub/accounts/key_vault.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response KeysPage(Pages& p, const Request& req, int status, json data) {
  Result<std::string> locked = p.storage.Setting(accounts::kLockedKeySetting);
  if (!locked.ok()) return Unavailable(p, req);
  std::string id = accounts::LockedKeyId(*locked);
  data["key_id"] = id;
  data["has_key"] = !id.empty();
  return p.renderer.Page(req, status, "keys", "keys_title", data);
}

Response ShowKeys(Pages& p, Request& req) { return KeysPage(p, req, 200, json::object()); }

Response ImportKey(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string passphrase = Field(f, "passphrase");
  if (passphrase != Field(f, "again")) {
    return KeysPage(p, req, 400, {{"error", p.renderer.Text(lang, "welcome_mismatch")}});
  }
  Result<seal::KeyPair> keys = seal::ParsePrivateKey(Field(f, "key"));
  if (!keys.ok()) return KeysPage(p, req, 400, {{"error", p.renderer.Text(lang, "keys_not_a_key")}});
  Result<std::string> locked = accounts::LockKey(*keys, passphrase);
  if (!locked.ok()) {
    if (locked.status().reason() == "passphrase_too_short") {
      return KeysPage(p, req, 400, {{"error", p.renderer.Text(lang, "keys_passphrase_too_short")}});
    }
    return Unavailable(p, req);
  }
  if (!p.storage.SetSetting(accounts::kLockedKeySetting, *locked, req.caller).ok() ||
      !p.storage.Audit(req.caller, "key_imported", json{{"key_id", keys->public_key.id}}.dump()).ok()) {
    return Unavailable(p, req);
  }
  return KeysPage(p, req, 201, {{"notice", p.renderer.Text(lang, "keys_imported")}});
}

}  // namespace

std::vector<http::Route> KeyRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/keys", Access::kAdmin, Handle(p, &ShowKeys)},
      {"POST", "/keys/import", Access::kAdmin, Handle(p, &ImportKey), 64 * 1024, true},
  };
}

}  // namespace stem::hub::web
