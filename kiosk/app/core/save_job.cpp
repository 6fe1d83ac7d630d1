#include "kiosk/app/core/save_job.h"

#include "data/store.h"
#include "kiosk/app/core/registration.h"

namespace stem::kiosk {

SaveResult RunSave(const SaveRequest& request) {
  SaveResult out;
  Result<Store> store = Store::Open(request.store_path);
  if (!store.ok()) {
    out.status = store.status();
    return out;
  }
  Result<SaveOutcome> saved = store->SaveResponse(request.response);
  if (!saved.ok()) {
    out.status = saved.status();
    return out;
  }
  if (!saved->saved) {
    out.problems = saved->errors;
    out.status = Status::InvalidArgument("answers_need_attention", "some answers need attention");
    return out;
  }
  out.response_id = saved->saved->id;
  if (request.register_children && !request.response.event_id.empty()) {
    for (const NewRegistration& r :
         RegistrationsFromAnswers(request.response.answers, request.response.event_id)) {
      Result<RegistrationResult> reg = store->Register(r);
      if (!reg.ok()) {
        out.status = reg.status();
        return out;
      }
      out.confirmation_codes.push_back(reg->confirmation_code);
    }
  }
  return out;
}

SaveWorker::~SaveWorker() {
  std::vector<std::jthread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  threads.clear();  // joins
}

void SaveWorker::Start(SaveRequest request, std::function<void(SaveResult)> done) {
  std::lock_guard<std::mutex> lock(mu_);
  // One thread per save (a few hundred a day at most); all are joined by the destructor.
  threads_.emplace_back([this, request = std::move(request), done = std::move(done)]() {
    SaveResult result = RunSave(request);
    post_([done, result = std::move(result)]() { done(result); });
  });
}

}  // namespace stem::kiosk
