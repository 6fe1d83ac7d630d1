// KioskConfig: what the admin chose for this kiosk, read from and written to the store's
// kiosk settings (Store::KioskSetting).
//
// Every setter checks its value first and writes nothing when it is bad (InvalidArgument
// with a stable reason: "idle_timeout_range", "unknown_language", "unknown_form", PIN shape
// reasons from pin.h). PINs are kept only as hashes. Threads: whichever thread owns the Store.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "data/status.h"
#include "data/store/store.h"

namespace stem::kiosk {

inline constexpr int kMinIdleSeconds = 10;
inline constexpr int kMaxIdleSeconds = 600;

enum class PinRole { kVolunteer, kAdmin };

struct KioskConfig {
  int idle_timeout_s = 60;
  std::string default_language = "en";
  std::set<std::string> enabled_forms;  // form ids families see; all installed when never set
  bool has_volunteer_pin = false;
  bool has_admin_pin = false;

  static Result<KioskConfig> Load(Store& store);
};

Status SaveIdleTimeout(Store& store, int seconds);
Status SaveDefaultLanguage(Store& store, const std::string& language);
Status SaveEnabledForms(Store& store, const std::set<std::string>& form_ids);
Status SavePin(Store& store, PinRole role, const std::string& pin);
// True when `pin` is the stored PIN for `role` (false when none is set).
Result<bool> CheckPin(Store& store, PinRole role, const std::string& pin);

}  // namespace stem::kiosk
