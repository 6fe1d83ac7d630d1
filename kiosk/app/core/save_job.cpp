#include "kiosk/app/core/save_job.h"

#include "data/store.h"
#include "kiosk/app/core/registration.h"
#include "kiosk/app/core/worker_store.h"

namespace stem::kiosk {

SaveResult RunSave(const SaveRequest& request) {
  SaveResult out;
  Result<Store> store = OpenWorkerStore(request.store_path);
  if (!store.ok()) {
    out.status = store.status();
    return out;
  }
  std::vector<NewRegistration> children;
  if (request.register_children && !request.response.event_id.empty()) {
    children = RegistrationsFromAnswers(request.response.answers, request.response.event_id);
  }
  // The response and every child's roster entry commit together or not at all.
  Result<FamilyRegistration> saved = store->SaveRegistration(request.response, children);
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
