// Saving a family's form off the UI thread.
//
// RunSave() is the whole job and runs on a worker: it opens its own Store on the kiosk's
// file (SQLite arbitrates with the UI's connection) and saves the response (checks, sealing)
// and, for a registration form, each child's roster entry so the desk can check them in,
// all in one transaction (Store::SaveRegistration). It returns only after the commit, so
// the UI may say "Saved".
// SaveWorker owns the worker threads (joined in its destructor) and hands each result to an
// injected `post` function that runs it on the UI thread (CallAfter in the app, a queue in
// tests). Errors are values in SaveResult; answers problems come back per question.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "data/records.h"
#include "data/status.h"

namespace stem::kiosk {

struct SaveRequest {
  std::string store_path;
  ResponseToSave response;
  bool register_children = false;  // a registration form: add the children to the roster
};

struct SaveResult {
  Status status;                          // not ok: nothing was saved
  std::vector<SaveOutcome::Problem> problems;  // answers that need attention; nothing saved
  std::string response_id;                // the saved response
  std::vector<std::string> confirmation_codes;  // one per child registered
};

SaveResult RunSave(const SaveRequest& request);

class SaveWorker {
 public:
  using Post = std::function<void(std::function<void()>)>;
  explicit SaveWorker(Post post) : post_(std::move(post)) {}
  ~SaveWorker();
  SaveWorker(const SaveWorker&) = delete;
  SaveWorker& operator=(const SaveWorker&) = delete;

  // Starts the save; `done` runs through `post` when it finished.
  void Start(SaveRequest request, std::function<void(SaveResult)> done);

 private:
  Post post_;
  std::mutex mu_;
  std::vector<std::jthread> threads_;
};

}  // namespace stem::kiosk
