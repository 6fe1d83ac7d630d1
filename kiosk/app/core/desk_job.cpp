#include "kiosk/app/core/desk_job.h"

#include "data/store/store.h"

namespace stem::kiosk {

DeskResult RunCheckIn(Store& store, const CheckInRequest& request) {
  DeskResult out;
  Result<CheckInResult> r = store.CheckIn(request);
  if (!r.ok()) {
    out.status = r.status();
    if (r.status().reason() == "duplicate_checkin") {
      // Read after the refusal, in its own statement: the words only, nothing depends on it.
      Result<std::optional<OpenCheckInInfo>> open =
          store.FindOpenCheckIn(request.person_id, request.activity_id);
      if (open.ok()) out.open = *open;
    }
    return out;
  }
  out.pickup_code = r->pickup_code;
  out.overrode = r->overrode;
  return out;
}

DeskResult RunCheckOut(Store& store, const CheckOutRequest& request) {
  DeskResult out;
  Result<CheckOutResult> r = store.CheckOut(request);
  if (!r.ok()) {
    out.status = r.status();
    return out;
  }
  out.method = r->method;
  return out;
}

DeskWorker::DeskWorker(std::string store_path, Post post)
    : worker_(std::move(store_path), std::move(post)) {}

void DeskWorker::CheckIn(CheckInRequest request, Done done) {
  worker_.Add<DeskResult>(
      [request = std::move(request)](Store& s) { return RunCheckIn(s, request); }, std::move(done));
}

void DeskWorker::CheckOut(CheckOutRequest request, Done done) {
  worker_.Add<DeskResult>(
      [request = std::move(request)](Store& s) { return RunCheckOut(s, request); },
      std::move(done));
}

}  // namespace stem::kiosk
