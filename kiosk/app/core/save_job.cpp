#include "kiosk/app/core/save_job.h"

#include "data/store/store.h"
#include "kiosk/app/core/registration.h"

namespace stem::kiosk {

SaveResult RunSave(Store& store, const SaveRequest& request) {
  SaveResult out;
  std::vector<NewRegistration> children;
  if (request.register_children && !request.response.event_id.empty()) {
    children = RegistrationsFromAnswers(request.response.answers, request.response.event_id);
  }
  // The response and every child's roster entry commit together or not at all.
  Result<FamilyRegistration> saved = store.SaveRegistration(request.response, children);
  if (!saved.ok()) {
    out.status = saved.status();
    return out;
  }
  if (!saved->response.saved) {
    out.problems = saved->response.errors;
    out.status = Status::InvalidArgument("answers_need_attention", "some answers need attention");
    return out;
  }
  out.response_id = saved->response.saved->id;
  for (const RegistrationResult& child : saved->children) {
    out.confirmation_codes.push_back(child.confirmation_code);
  }
  return out;
}

void SaveWorker::Start(SaveRequest request, std::function<void(SaveResult)> done) {
  worker_.Add<SaveResult>(
      [request = std::move(request)](Store& store) { return RunSave(store, request); },
      std::move(done));
}

}  // namespace stem::kiosk
