// The touchscreen app's settings, stored in the settings table under "kiosk.<name>".
#include "data/store/store.h"
#include "data/store/store_internal.h"
#include "data/validate.h"

namespace stem {

namespace {
constexpr size_t kMaxSettingBytes = 4096;
constexpr const char* kPrefix = "kiosk.";
}  // namespace

Result<std::optional<std::string>> Store::KioskSetting(const std::string& name) {
  if (!validate::IsSlug(name)) {
    return Status::InvalidArgument("invalid_setting_name",
                                   "setting name must be 1-64 lowercase letters, digits, '_' or '-'");
  }
  return p_->GetSetting(kPrefix + name);
}

Status Store::SetKioskSetting(const std::string& name, const std::string& value) {
  if (!validate::IsSlug(name)) {
    return Status::InvalidArgument("invalid_setting_name",
                                   "setting name must be 1-64 lowercase letters, digits, '_' or '-'");
  }
  STEM_RETURN_IF_ERROR(validate::Text("setting value", value, kMaxSettingBytes, false));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_RETURN_IF_ERROR(p_->PutSetting(kPrefix + name, value));
  return txn.Commit();
}

}  // namespace stem
