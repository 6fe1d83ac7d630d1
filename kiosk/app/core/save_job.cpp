#include "kiosk/app/core/save_job.h"

#include "data/store/store.h"

namespace stem::kiosk {

SaveResult RunSave(Store& store, const SaveRequest& request) {
  SaveResult out;
  // The response and every child's roster entry commit together or not at all.
  Result<SaveOutcome> saved = store.SaveResponse(request.response);
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
  for (const RegistrationResult& child : saved->registered) {
    out.confirmation_codes.push_back(child.confirmation_code);
    // Read after the commit: the name only says whose code is whose on the Saved screen.
    Result<Person> p = store.GetPerson(child.student_id);
    out.child_names.push_back(p.ok() ? p->given_name : "");
  }
  return out;
}

void SaveWorker::Start(SaveRequest request, std::function<void(SaveResult)> done) {
  worker_.Add<SaveResult>(
      [request = std::move(request)](Store& store) { return RunSave(store, request); },
      std::move(done));
}

void SaveWorker::SaveDraft(DraftToSave draft, std::function<void(DraftSaveResult)> done) {
  worker_.Add<DraftSaveResult>(
      [draft = std::move(draft)](Store& store) {
        DraftSaveResult out;
        Result<SavedDraft> saved = store.SaveDraft(draft);
        if (saved.ok()) {
          out.saved = *saved;
        } else {
          out.status = saved.status();
        }
        return out;
      },
      std::move(done));
}

void SaveWorker::ResumeDraft(std::string code, std::string birth_date,
                             std::function<void(DraftResumeResult)> done) {
  worker_.Add<DraftResumeResult>(
      [code = std::move(code), birth_date = std::move(birth_date)](Store& store) {
        DraftResumeResult out;
        Result<ResumedDraft> draft = store.ResumeDraft(code, birth_date);
        if (draft.ok()) {
          out.draft = std::move(*draft);
        } else {
          out.status = draft.status();
        }
        return out;
      },
      std::move(done));
}

}  // namespace stem::kiosk
