// Saving a family's form off the UI thread.
//
// RunSave() is the whole job and runs on a worker, on the worker's own Store connection to
// the kiosk's file (SQLite arbitrates with the UI's connection): it saves the response
// (checks, sealing) and, for a registration form, each child's roster entry so the desk can
// check them in, all in one transaction (Store::SaveResponse). It returns only after
// the commit, so the UI may say "Saved".
// SaveWorker runs the saves on one StoreWorker (one thread and one connection to the kiosk's
// file for all the frame's saves, opened at the first save), in the order
// Start() was called, and hands each result to an injected `post` function that runs it on
// the UI thread (CallAfter in the app, a queue in tests). The destructor finishes the saves
// already started, then joins. Start() may be called from any thread. Errors are values in
// SaveResult; answers problems come back per question; a store that cannot be opened gives
// each save its error and saves nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/store/records.h"
#include "data/status.h"
#include "kiosk/app/core/store_worker.h"

namespace stem {
class Store;
}

namespace stem::kiosk {

struct SaveRequest {
  ResponseToSave response;  // a registration form's children go on the roster of its event
};

struct SaveResult {
  Status status;                                // not ok: nothing was saved
  std::vector<SaveOutcome::Problem> problems;   // answers that need attention; nothing saved
  std::string response_id;                      // the saved response
  std::vector<std::string> confirmation_codes;  // one per child registered
  std::vector<std::string> child_names;         // their first names, in the same order
};

SaveResult RunSave(Store& store, const SaveRequest& request);

// An application saved for later, or opened again (Store::SaveDraft and ResumeDraft: each
// derives keys with Argon2id, a tenth of a second or more, so never on the UI thread).
struct DraftSaveResult {
  Status status;
  SavedDraft saved;
};
struct DraftResumeResult {
  Status status;
  ResumedDraft draft;
};

class SaveWorker {
 public:
  using Post = StoreWorker::Post;
  SaveWorker(std::string store_path, Post post) : worker_(std::move(store_path), std::move(post)) {}
  SaveWorker(const SaveWorker&) = delete;
  SaveWorker& operator=(const SaveWorker&) = delete;

  // Queues the save; `done` runs through `post` after it committed (or failed).
  void Start(SaveRequest request, std::function<void(SaveResult)> done);
  void SaveDraft(DraftToSave draft, std::function<void(DraftSaveResult)> done);
  void ResumeDraft(std::string code, std::string birth_date,
                   std::function<void(DraftResumeResult)> done);

 private:
  StoreWorker worker_;  // its destructor finishes the saves given, then joins
};

}  // namespace stem::kiosk
