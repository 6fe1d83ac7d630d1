#include "sync/client/sync_client.h"

#include <algorithm>
#include <random>
#include <thread>

#include "sync/protocol/batch_codec.h"
#include "sync/protocol/roster_page.h"

namespace stem::sync {
namespace {

bool Is2xx(int status) { return status >= 200 && status < 300; }
bool IsTransient(int status) { return status == 408 || status == 429 || status >= 500; }

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

SyncClient::SyncClient(Store& store, HttpTransport& transport, SyncOptions options)
    : store_(store), transport_(transport), options_(std::move(options)) {
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds d) {
      std::this_thread::sleep_for(d);
      return true;
    };
  }
  if (!options_.random) {
    options_.random = [gen = std::make_shared<std::mt19937_64>(std::random_device{}())] {
      return (*gen)();
    };
  }
}

Status SyncClient::Enroll(const std::string& hub_url, const std::string& code,
                          const std::string& ca_file) {
  std::string url = TrimSlash(hub_url);
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    return Status::InvalidArgument("invalid_hub_url", "the hub URL must start with https://");
  }
  if (code.empty() || code.size() > 64) {
    return Status::InvalidArgument("invalid_code", "the enrollment code is missing or too long");
  }
  HttpRequest req{"POST", url + "/v1/enroll", {{"Content-Type", "application/json"}},
                  EncodeEnrollRequest({code, store_.device_id()})};
  STEM_ASSIGN_OR_RETURN(HttpResponse res, transport_.Send(req));
  if (res.status == 401) {
    return Status::Denied("bad_enrollment_code", "the hub does not know this code (or it was used)");
  }
  if (res.status == 429) {
    const std::string& ra = res.retry_after;
    bool seconds = !ra.empty() && ra.size() <= 6 && ra.find_first_not_of("0123456789") == std::string::npos;
    return Status::Denied("too_many_enrollment_attempts",
                          "the hub refuses enrollments for a while after too many wrong codes; "
                          "try again in " + (seconds ? ra + " seconds" : std::string("a few minutes")));
  }
  if (res.status == 409) {
    return Status::Conflict("kiosk_already_enrolled", "this kiosk is already enrolled at the hub");
  }
  if (!Is2xx(res.status)) {
    return Status::IoError("the hub answered enrollment with HTTP " + std::to_string(res.status));
  }
  Result<EnrollResponse> e = DecodeEnrollResponse(res.body);
  if (!e.ok()) return Status::InvalidArgument("not_a_hub", "the answer did not come from a hub");
  SyncSettings s;
  s.hub_url = url;
  s.device_token = e->token;
  s.device_name = e->device_name;
  s.ca_file = ca_file;
  return store_.SetSyncEnrollment(s);
}

Result<HttpResponse> SyncClient::SendWithRetry(
    const HttpRequest& request, const std::function<bool(const HttpResponse&)>& valid,
    SyncReport& report) {
  Status last = Status::IoError("no attempt made");
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    std::chrono::milliseconds delay =
        FullJitterDelay(options_.backoff, attempt, options_.random());
    ++report.requests;
    Result<HttpResponse> res = transport_.Send(request);
    if (res.ok()) {
      report.hub_reachable = true;
      const HttpResponse& r = *res;
      if (Is2xx(r.status) && valid(r)) return res;
      if (!Is2xx(r.status) && !IsTransient(r.status)) return res;  // the caller decides
      if (Is2xx(r.status)) {
        last = Status::InvalidArgument("not_a_hub", "a 2xx answer that is not the hub's");
      } else {
        last = Status::IoError("the hub answered HTTP " + std::to_string(r.status));
      }
      if (r.status == 429 || r.status == 503) {
        if (auto ra = ParseRetryAfter(r.retry_after, std::chrono::system_clock::now())) {
          delay = std::min<std::chrono::milliseconds>(*ra, options_.max_retry_after);
        }
      }
    } else {
      last = res.status();
    }
    if (attempt + 1 < options_.max_attempts && !options_.sleep(delay)) break;
  }
  if (last.reason() == "not_a_hub") return last;
  return Status::NotFound("hub_unreachable", "the hub could not be reached: " + last.ToString());
}

Result<std::optional<SyncClient::PreparedBatch>> SyncClient::Prepare(int64_t after_seq,
                                                                      size_t max_records) {
  STEM_ASSIGN_OR_RETURN(std::vector<StoredRecord> page,
                        store_.OutboxPage(after_seq, max_records, options_.batch_bytes));
  if (page.empty()) return std::optional<PreparedBatch>();
  std::vector<BatchRecord> records;
  records.reserve(page.size());
  for (StoredRecord& r : page) records.push_back(ToBatchRecord(std::move(r)));
  STEM_ASSIGN_OR_RETURN(Batch batch, MakeBatch(store_.device_id(), std::move(records)));
  PreparedBatch p;
  p.after_seq = after_seq;
  p.max_records = max_records;
  p.page_records = page.size();
  // Encoding touches only this value, never the store, so it may run beside the upload.
  p.encoded = std::async(std::launch::async,
                         [b = std::move(batch)]() { return EncodeBatch(b); });
  return std::optional<PreparedBatch>(std::move(p));
}

void SyncClient::TakeStock() {
  held_ = {};
  if (Result<StoreSummary> sum = store_.Summary(); sum.ok()) {
    held_.push_back({"X-Kiosk-Waiting", std::to_string(sum->outbox_depth)});
  }
  if (Result<std::vector<QuarantinedRecord>> q = store_.ListQuarantine(); q.ok()) {
    held_.push_back({"X-Kiosk-Quarantined", std::to_string(q->size())});
  }
}

std::vector<std::pair<std::string, std::string>> SyncClient::DeviceHeaders() const {
  // What the kiosk holds, for the hub's overview: records waiting and quarantined (as of
  // TakeStock), and this release. Sent with every request, so an idle kiosk's light
  // check-in reports too.
  std::vector<std::pair<std::string, std::string>> h = {
      {"Authorization", "Bearer " + settings_.device_token},
      {"X-Kiosk-Version", STEM_APP_VERSION}};
  h.insert(h.end(), held_.begin(), held_.end());
  return h;
}

Status SyncClient::UploadBatch(size_t* batch_records, SyncReport& report, bool* done) {
  std::optional<PreparedBatch> current;
  if (next_ && next_->after_seq == sent_through_ && next_->max_records == *batch_records) {
    current = std::move(next_);
  } else {
    STEM_ASSIGN_OR_RETURN(current, Prepare(sent_through_, *batch_records));
  }
  next_.reset();
  if (!current) {
    *done = true;
    return Status::Ok();
  }
  STEM_ASSIGN_OR_RETURN(EncodedBatch enc, current->encoded.get());
  const size_t page_records = current->page_records;
  // The batch after this one is read and encoded while this one is on the wire.
  STEM_ASSIGN_OR_RETURN(next_, Prepare(enc.last_seq, *batch_records));
  const int64_t first_seq = enc.first_seq;
  const int64_t last_seq = enc.last_seq;
  HttpRequest req{"POST", settings_.hub_url + "/v1/batches", DeviceHeaders(), std::move(enc.body)};
  req.headers.insert(req.headers.end(), {{"Content-Type", kBatchContentType},
                                         {"X-Content-SHA256", enc.sha256},
                                         {"Idempotency-Key", enc.idempotency_key}});
  Ack ack;
  auto valid = [&](const HttpResponse& r) {
    Result<Ack> a = DecodeAck(r.body);
    if (!a.ok() || a->device_id != store_.device_id()) return false;
    ack = std::move(a).value();
    return true;
  };
  STEM_ASSIGN_OR_RETURN(HttpResponse res, SendWithRetry(req, valid, report));
  if (res.status == 401 || res.status == 403) {
    return Status::Denied("unauthorized", "the hub refused this kiosk's token (HTTP " +
                                              std::to_string(res.status) + "); enroll again");
  }
  if (res.status == 413) {
    if (*batch_records <= 1) {
      return Status::InvalidArgument("batch_refused", "the hub refuses even a one-record batch");
    }
    *batch_records = std::max<size_t>(1, std::min(*batch_records, page_records) / 2);
    return Status::Ok();
  }
  if (!Is2xx(res.status)) {
    return Status::InvalidArgument("batch_refused",
                                   "the hub refused a batch with HTTP " + std::to_string(res.status));
  }
  ++report.batches_sent;
  std::vector<QuarantinedRecord> rejected;
  for (const RecordResult& r : ack.results) {
    switch (r.outcome) {
      case RecordOutcome::kStored: ++report.stored; break;
      case RecordOutcome::kDuplicate: ++report.duplicates; break;
      case RecordOutcome::kConflict: ++report.conflicts; break;
      case RecordOutcome::kRejected:
        ++report.rejected;
        rejected.push_back({r.seq, "", "", r.reason, ""});
        break;
    }
  }
  if (ack.acked_through < first_seq - 1) {
    // The hub lost records it had acknowledged before: send them again from there.
    STEM_RETURN_IF_ERROR(FlushAcks());
    STEM_ASSIGN_OR_RETURN(int64_t requeued, store_.RequeueAfter(ack.acked_through));
    report.requeued += requeued;
    sent_through_ = ack.acked_through;
    if (requeued == 0) {
      // The hub misses records that this kiosk no longer holds (purged): sending more
      // cannot close the gap, so stop rather than loop.
      return Status::Conflict("hub_missing_records",
                              "the hub lacks records after seq " +
                                  std::to_string(ack.acked_through) +
                                  " that this kiosk no longer holds");
    }
    return Status::Ok();
  }
  pending_rejected_.insert(pending_rejected_.end(), rejected.begin(), rejected.end());
  pending_acked_through_ = std::max(pending_acked_through_, ack.acked_through);
  sent_through_ = last_seq;
  if (++batches_since_flush_ >= std::max(1, options_.ack_every)) STEM_RETURN_IF_ERROR(FlushAcks());
  return Status::Ok();
}

Status SyncClient::FlushAcks() {
  if (pending_acked_through_ < 0 && pending_rejected_.empty()) return Status::Ok();
  STEM_RETURN_IF_ERROR(store_.ApplyAck(std::max<int64_t>(pending_acked_through_, 0), pending_rejected_));
  pending_acked_through_ = -1;
  pending_rejected_.clear();
  batches_since_flush_ = 0;
  return Status::Ok();
}

Status SyncClient::DownloadRoster(SyncReport& report) {
  STEM_ASSIGN_OR_RETURN(SyncSettings s, store_.GetSyncSettings());
  int64_t cursor = s.roster_cursor;
  int64_t forms_cursor = s.forms_cursor;
  for (int pages = 0; pages < 100000; ++pages) {
    HttpRequest req{"GET",
                    settings_.hub_url + "/v1/roster?after=" + std::to_string(cursor) +
                        "&limit=" + std::to_string(std::max(1, options_.roster_page_size)) +
                        "&forms_after=" + std::to_string(forms_cursor),
                    DeviceHeaders(),
                    ""};
    RosterPage page;
    auto valid = [&](const HttpResponse& r) {
      Result<RosterPage> p = DecodeRosterPage(r.body);
      if (!p.ok() || p->next_cursor < cursor ||
          (p->forms_cursor >= 0 && p->forms_cursor < forms_cursor)) {
        return false;
      }
      page = std::move(p).value();
      return true;
    };
    STEM_ASSIGN_OR_RETURN(HttpResponse res, SendWithRetry(req, valid, report));
    if (res.status == 401 || res.status == 403) {
      return Status::Denied("unauthorized", "the hub refused this kiosk's token (HTTP " +
                                                std::to_string(res.status) + ")");
    }
    if (!Is2xx(res.status)) {
      return Status::NotFound("hub_unreachable", "the hub answered the roster request with HTTP " +
                                                     std::to_string(res.status));
    }
    // An older hub sends no forms part: the forms cursor stays.
    HubFormsPage forms{std::move(page.forms), page.forms_cursor};
    STEM_ASSIGN_OR_RETURN(
        int64_t n, store_.ApplyRosterPage(page.events, page.people, page.next_cursor,
                                          page.forms_cursor >= 0 ? &forms : nullptr));
    report.roster_people += n;
    if (page.forms_cursor >= 0) report.forms_received += static_cast<int64_t>(forms.specs.size());
    bool moved = page.next_cursor != cursor || (page.forms_cursor >= 0 && page.forms_cursor != forms_cursor);
    if (!page.more || !moved) return Status::Ok();
    cursor = page.next_cursor;
    if (page.forms_cursor >= 0) forms_cursor = page.forms_cursor;
  }
  return Status::Ok();
}

Status SyncClient::CheckHubHolds(SyncReport& report) {
  HttpRequest status_req{"GET", settings_.hub_url + "/v1/device", DeviceHeaders(), ""};
  DeviceStatus hub;
  auto valid = [&](const HttpResponse& r) {
    Result<DeviceStatus> d = DecodeDeviceStatus(r.body);
    if (!d.ok() || d->device_id != store_.device_id()) return false;
    hub = *d;
    return true;
  };
  Result<HttpResponse> res = SendWithRetry(status_req, valid, report);
  if (!res.ok()) return res.status();
  if (res->status == 401 || res->status == 403) {
    return Status::Denied("unauthorized", "the hub refused this kiosk's token (HTTP " +
                                              std::to_string(res->status) + ")");
  }
  if (!Is2xx(res->status)) {
    return Status::NotFound("hub_unreachable",
                            "the hub answered HTTP " + std::to_string(res->status));
  }
  if (hub.acked_through < settings_.acked_through) {
    Result<int64_t> n = store_.RequeueAfter(hub.acked_through);
    if (!n.ok()) return n.status();
    report.requeued += *n;
  } else if (hub.acked_through > settings_.acked_through) {
    // An ack that was lost on the way back: the hub has these already.
    Status s = store_.ApplyAck(hub.acked_through, {});
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

SyncReport SyncClient::RunOnce() {
  SyncReport report;
  sent_through_ = 0;
  pending_acked_through_ = -1;
  pending_rejected_.clear();
  batches_since_flush_ = 0;
  next_.reset();
  auto finish = [&](Status s) {
    next_.reset();  // waits for an encoding still running
    Status flushed = FlushAcks();
    report.outcome = s.ok() ? flushed : std::move(s);
    Result<StoreSummary> sum = store_.Summary();
    if (sum.ok()) report.waiting = sum->outbox_depth;
    return report;
  };
  Result<SyncSettings> settings = store_.GetSyncSettings();
  if (!settings.ok()) return finish(settings.status());
  settings_ = *settings;
  if (!settings_.enrolled()) {
    return finish(Status::InvalidArgument("not_enrolled", "this kiosk is not enrolled with a hub"));
  }
  // With records waiting, the first ack says what the hub holds (and a restored hub is
  // caught there); only an idle pass asks for the device status, to catch a restored hub.
  TakeStock();
  Result<std::vector<StoredRecord>> waiting = store_.OutboxPage(0, 1, 1);
  if (!waiting.ok()) return finish(waiting.status());
  if (waiting->empty()) {
    Status s = CheckHubHolds(report);
    if (!s.ok()) return finish(s);
  }
  size_t batch_records = std::max<size_t>(1, options_.batch_records);
  // Bounded so that a hub that keeps answering oddly cannot keep a pass going forever.
  for (int i = 0; i < 100000; ++i) {
    bool done = false;
    Status s = UploadBatch(&batch_records, report, &done);
    if (!s.ok()) return finish(s);
    if (done) {
      Status flushed = FlushAcks();
      if (!flushed.ok()) return finish(flushed);
      TakeStock();  // the roster download reports what is left after the uploads
      return finish(DownloadRoster(report));
    }
  }
  return finish(Status::Internal("the upload did not converge"));
}

}  // namespace stem::sync
