// Check-in and check-out at the volunteer desk, off the UI thread.
//
// RunCheckIn()/RunCheckOut() are the jobs' process() half: plain functions on a Store that
// return only after the commit (or with nothing written), so the desk may show the pickup
// code. A refused duplicate check-in comes back with the check-in already open (who
// recorded it, where, when) for the desk to put into words.
//
// DeskWorker runs them on its StoreWorker: one thread with its own Store connection to the
// kiosk's file, jobs one at a time in the order given. Each result goes to the injected
// `post` function, which runs it on the UI thread (CallAfter in the app, a queue in tests):
// that is the finalize() half, and the caller guards it so a closed screen is never touched.
// The destructor finishes the jobs already given (a check-in the volunteer tapped is not
// dropped half-way) and joins. CheckIn()/CheckOut() may be called from any thread.
// Errors are values in DeskResult::status (reason slugs such as "duplicate_checkin").
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "data/store/records.h"
#include "data/status.h"
#include "kiosk/app/core/store_worker.h"

namespace stem {
class Store;
}

namespace stem::kiosk {

struct DeskResult {
  Status status;            // not ok: nothing was written
  std::string pickup_code;  // a check-in at a camp
  bool overrode = false;    // a check-in that overrode a duplicate or a full activity
  std::string method;       // a check-out: "pickup_code", "override" or "no_code_needed"
  std::optional<OpenCheckInInfo> open;  // a refused duplicate: the check-in already open
};

DeskResult RunCheckIn(Store& store, const CheckInRequest& request);
DeskResult RunCheckOut(Store& store, const CheckOutRequest& request);

class DeskWorker {
 public:
  using Post = StoreWorker::Post;
  using Done = std::function<void(DeskResult)>;

  DeskWorker(std::string store_path, Post post);
  DeskWorker(const DeskWorker&) = delete;
  DeskWorker& operator=(const DeskWorker&) = delete;

  void CheckIn(CheckInRequest request, Done done);
  void CheckOut(CheckOutRequest request, Done done);

 private:
  StoreWorker worker_;
};

}  // namespace stem::kiosk
