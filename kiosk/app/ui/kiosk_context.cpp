#include "kiosk/app/ui/kiosk_context.h"

#include "data/forms/bundled_forms.h"

namespace stem::kiosk {

Result<std::unique_ptr<KioskContext>> KioskContext::Open(const std::string& store_path) {
  STEM_ASSIGN_OR_RETURN(Store store, Store::Create(store_path));
  STEM_RETURN_IF_ERROR(InstallBundledForms(store));
  std::unique_ptr<KioskContext> ctx(new KioskContext(std::move(store), store_path));
  STEM_RETURN_IF_ERROR(ctx->Reload());
  ctx->ResetVisit();
  return ctx;
}

Status KioskContext::Reload() {
  STEM_ASSIGN_OR_RETURN(config_, KioskConfig::Load(store_));
  Result<Event> e = store_.CurrentEvent();
  if (e.ok()) {
    event_ = e.value();
  } else if (e.status().code() == Status::Code::kNotFound) {
    event_.reset();
  } else {
    return e.status();
  }
  return Status::Ok();
}

std::chrono::milliseconds KioskContext::idle_after() const {
  if (idle_after_override) return *idle_after_override;
  return std::chrono::seconds(config_.idle_timeout_s);
}

std::string KioskContext::Today() const { return LocalDay(SystemClock().Now()); }

}  // namespace stem::kiosk
