#include "kiosk/app/core/kiosk_config.h"

#include <charconv>
#include <sstream>

#include "kiosk/app/core/pin.h"

namespace stem::kiosk {

namespace {

const char* PinKey(PinRole role) {
  return role == PinRole::kAdmin ? "admin_pin_hash" : "volunteer_pin_hash";
}

}  // namespace

Result<KioskConfig> KioskConfig::Load(Store& store) {
  KioskConfig c;
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> idle, store.KioskSetting("idle_timeout_s"));
  if (idle) {
    int n = 0;
    auto [end, ec] = std::from_chars(idle->data(), idle->data() + idle->size(), n);
    if (ec == std::errc() && end == idle->data() + idle->size() && n >= kMinIdleSeconds &&
        n <= kMaxIdleSeconds) {
      c.idle_timeout_s = n;
    }
  }
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> lang, store.KioskSetting("default_language"));
  std::string language = lang.value_or("");
  if (language == "en" || language == "es") c.default_language = language;
  STEM_ASSIGN_OR_RETURN(std::vector<FormInfo> forms, store.ListForms());
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> enabled, store.KioskSetting("enabled_forms"));
  for (const FormInfo& f : forms) {
    bool on = !enabled.has_value();
    if (enabled) {
      std::istringstream in(*enabled);
      for (std::string id; std::getline(in, id, ',');) on = on || id == f.id;
    }
    if (on) c.enabled_forms.insert(f.id);
  }
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> vp, store.KioskSetting(PinKey(PinRole::kVolunteer)));
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> ap, store.KioskSetting(PinKey(PinRole::kAdmin)));
  c.has_volunteer_pin = vp.has_value() && !vp->empty();
  c.has_admin_pin = ap.has_value() && !ap->empty();
  return c;
}

Status SaveIdleTimeout(Store& store, int seconds) {
  if (seconds < kMinIdleSeconds || seconds > kMaxIdleSeconds) {
    return Status::InvalidArgument("idle_timeout_range", "idle timeout must be 10 to 600 seconds");
  }
  return store.SetKioskSetting("idle_timeout_s", std::to_string(seconds));
}

Status SaveDefaultLanguage(Store& store, const std::string& language) {
  if (language != "en" && language != "es") {
    return Status::InvalidArgument("unknown_language", "language must be en or es");
  }
  return store.SetKioskSetting("default_language", language);
}

Status SaveEnabledForms(Store& store, const std::set<std::string>& form_ids) {
  STEM_ASSIGN_OR_RETURN(std::vector<FormInfo> forms, store.ListForms());
  std::string joined;
  for (const std::string& id : form_ids) {
    bool known = false;
    for (const FormInfo& f : forms) known = known || f.id == id;
    if (!known) return Status::InvalidArgument("unknown_form", "no installed form has this id");
    joined += (joined.empty() ? "" : ",") + id;
  }
  return store.SetKioskSetting("enabled_forms", joined);
}

Status SavePin(Store& store, PinRole role, const std::string& pin) {
  STEM_ASSIGN_OR_RETURN(std::string hash, HashPin(pin));
  return store.SetKioskSetting(PinKey(role), hash);
}

Result<bool> CheckPin(Store& store, PinRole role, const std::string& pin) {
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> hash, store.KioskSetting(PinKey(role)));
  if (!hash || hash->empty()) return false;
  return VerifyPin(*hash, pin);
}

}  // namespace stem::kiosk
