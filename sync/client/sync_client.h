// SyncClient: one kiosk's uploads to its hub, one pass at a time, plus enrollment.
//
// A pass: upload the outbox in batches until it is empty, then download roster changes. Each
// ack carries the hub's acknowledged sequence; when it is lower than what the kiosk sent
// before (a hub restored from a backup) those records are queued again. A pass with nothing
// to upload asks for the device status instead, to notice a restored hub. Each batch is
// encoded once; every retry sends the same bytes. While one batch is on the wire the next is
// read from the store and encoded on a helper thread (a pipeline one batch deep), so the
// kiosk's encoding overlaps the hub's work; that batch is used only if it still starts right
// after the one sent and has the size asked for (a 413 or a restored hub discard it).
// Transient failures (no answer, 5xx, 408, 429, a 2xx whose body is not an ack such as a
// captive portal's page) are retried with full-jitter backoff, honouring Retry-After, up to
// `max_attempts`; then the pass ends with "hub_unreachable". 401/403 end the pass at once
// ("unauthorized": the operator must act). 413 halves the batch. Records the hub rejected
// are quarantined and the queue moves on. Acknowledgements are saved to the store every
// `ack_every` batches and at the end of the pass, in one transaction each. After the uploads,
// the roster is downloaded by change cursor, each page applied in one transaction, so an
// interrupted download resumes from the last applied page; the form versions the hub
// published come down with the roster pages, by a cursor of their own.
//
// Ownership: borrows the Store and the transport, which must outlive it. Thread safety: one
// thread at a time (the worker's). Errors: a Status in SyncReport::outcome with reason
// "not_enrolled", "unauthorized", "hub_unreachable", "batch_refused", "not_a_hub",
// "hub_missing_records", or a store error.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/status.h"
#include "data/store/store.h"
#include "sync/client/backoff.h"
#include "sync/client/http_transport.h"
#include "sync/protocol/batch_codec.h"
#include "sync/protocol/messages.h"

namespace stem::sync {

struct SyncOptions {
  size_t batch_records = 250;
  size_t batch_bytes = 256 * 1024;  // payload bytes per batch, before compression
  int max_attempts = 6;
  int ack_every = 8;
  int roster_page_size = 500;
  BackoffPolicy backoff;
  std::chrono::seconds max_retry_after{300};
  // Waits between attempts; returns false to abandon the pass (the worker is stopping).
  std::function<bool(std::chrono::milliseconds)> sleep;
  // Uniform random 64-bit numbers for the jitter.
  std::function<uint64_t()> random;
};

struct SyncReport {
  Status outcome;
  int batches_sent = 0;    // uploads answered with an ack
  int64_t stored = 0;      // records newly stored at the hub
  int64_t duplicates = 0;  // records the hub already had
  int64_t rejected = 0;    // records quarantined this pass
  int64_t conflicts = 0;
  int64_t requeued = 0;    // records sent again because the hub had lost them
  int64_t waiting = 0;     // records still in the queue after the pass
  int requests = 0;        // HTTP requests made, retries included
  int64_t roster_people = 0;  // roster entries downloaded and applied
  int64_t forms_received = 0;  // form versions the hub published, downloaded
  bool hub_reachable = false;
};

class SyncClient {
 public:
  SyncClient(Store& store, HttpTransport& transport, SyncOptions options = {});

  // Trades a one-time code for a device token and saves the enrollment. Errors: Denied
  // "too_many_enrollment_attempts" (the hub's guessing limit, answered 429), Denied
  // "bad_enrollment_code", IoError when the hub cannot be reached, "not_a_hub".
  Status Enroll(const std::string& hub_url, const std::string& code, const std::string& ca_file);

  SyncReport RunOnce();

 private:
  Result<HttpResponse> SendWithRetry(const HttpRequest& request,
                                     const std::function<bool(const HttpResponse&)>& valid,
                                     SyncReport& report);
  // A batch read from the outbox whose encoding runs on a helper thread.
  struct PreparedBatch {
    int64_t after_seq = 0;     // the page was read after this seq
    size_t max_records = 0;    // with this record limit
    size_t page_records = 0;
    std::future<Result<EncodedBatch>> encoded;
  };
  // Reads the page after `after_seq` and starts encoding it; nullopt when the queue is empty.
  Result<std::optional<PreparedBatch>> Prepare(int64_t after_seq, size_t max_records);
  Status UploadBatch(size_t* batch_records, SyncReport& report, bool* done);
  // Saves the acknowledgements gathered since the last flush in one store transaction.
  Status FlushAcks();
  // Asks the hub what it holds of this device; re-queues what a restored hub lost.
  Status CheckHubHolds(SyncReport& report);
  // Counts the records waiting and quarantined for the hub's overview; DeviceHeaders are
  // every request's headers: the token, this release, and those counts.
  void TakeStock();
  std::vector<std::pair<std::string, std::string>> DeviceHeaders() const;
  // Downloads roster changes after the saved cursor, one page per store transaction.
  Status DownloadRoster(SyncReport& report);

  Store& store_;
  HttpTransport& transport_;
  SyncOptions options_;
  SyncSettings settings_;
  // Uploads run ahead of the store: the next batch starts after the last one sent, and acks
  // are saved every few batches. Losing unsaved acks costs nothing but a resend, which the
  // hub answers "duplicate" (and its device status tells the next pass where it stands).
  int64_t sent_through_ = 0;
  int64_t pending_acked_through_ = -1;
  std::vector<QuarantinedRecord> pending_rejected_;
  std::vector<std::pair<std::string, std::string>> held_;  // X-Kiosk-Waiting, -Quarantined
  int batches_since_flush_ = 0;
  std::optional<PreparedBatch> next_;  // the batch after the one being sent
};

}  // namespace stem::sync
