#include "sync/hub/hub_server.h"

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <thread>

#include "data/clock.h"
#include "sync/protocol/batch_codec.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/roster_page.h"

namespace stem::hub {
namespace {

using Clock = std::chrono::steady_clock;

// What the logger reports about the request this thread is serving.
struct RequestNote {
  Clock::time_point start;
  std::string device;
  std::string reason;
};
thread_local RequestNote t_note;

void Reply(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

void Fail(httplib::Response& res, int status, const Status& s) {
  t_note.reason = s.reason();
  Reply(res, status, sync::EncodeError(s.reason(), s.ToString()));
}

int HttpStatusFor(const Status& s) {
  const std::string& r = s.reason();
  if (r == "too_large_compressed" || r == "too_large_decompressed" || r == "too_many_records") {
    return 413;
  }
  switch (s.code()) {
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kDenied: return 401;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kConflict:
    case Status::Code::kAlreadyExists: return 409;
    case Status::Code::kBusy: return 503;
    default: return 500;
  }
}

}  // namespace

struct HubServer::Impl {
  HubStorage& storage;
  ServerOptions options;
  std::unique_ptr<httplib::Server> server;
  int port = 0;
  EnrollGuard enroll_guard;

  Impl(HubStorage& s, ServerOptions o)
      : storage(s), options(std::move(o)), enroll_guard(options.enroll_limits) {}

  Result<DeviceInfo> Authenticate(const httplib::Request& req) {
    std::string auth = req.get_header_value("Authorization");
    static constexpr std::string_view kBearer = "Bearer ";
    if (auth.rfind(kBearer, 0) != 0) {
      return Status::Denied("missing_token", "an Authorization: Bearer token is required");
    }
    Result<DeviceInfo> d = storage.Authenticate(auth.substr(kBearer.size()));
    if (d.ok()) t_note.device = d->name;
    return d;
  }

  void Health(const httplib::Request&, httplib::Response& res) {
    Reply(res, 200, R"({"status":"ok"})");
  }

  // Refused before the code is even looked at once the address (or everyone) failed too
  // often; every failure counts, a malformed request as much as a wrong code. The code is
  // never logged: the log line carries only the reason.
  void Enroll(const httplib::Request& req, httplib::Response& res) {
    if (auto wait = enroll_guard.RetryAfter(req.remote_addr, Clock::now())) {
      res.set_header("Retry-After", std::to_string(wait->count()));
      return Fail(res, 429, Status::Denied("too_many_enrollment_attempts",
                                           "too many failed enrollments; try again later"));
    }
    Result<sync::EnrollRequest> r = sync::DecodeEnrollRequest(req.body);
    if (!r.ok()) {
      enroll_guard.RecordFailure(req.remote_addr, Clock::now());
      return Fail(res, 400, r.status());
    }
    Result<sync::EnrollResponse> e = storage.Enroll(*r);
    if (!e.ok()) {
      if (e.status().code() == Status::Code::kDenied) {
        enroll_guard.RecordFailure(req.remote_addr, Clock::now());
      }
      return Fail(res, HttpStatusFor(e.status()), e.status());
    }
    t_note.device = e->device_name;
    Reply(res, 201, sync::EncodeEnrollResponse(*e));
  }

  void Device(const httplib::Request& req, httplib::Response& res) {
    Result<DeviceInfo> d = Authenticate(req);
    if (!d.ok()) return Fail(res, 401, d.status());
    Reply(res, 200,
          sync::EncodeDeviceStatus({d->kiosk_id, d->acked_through, FormatUtc(SystemClock().Now())}));
  }

  void Batches(const httplib::Request& req, httplib::Response& res) {
    Result<DeviceInfo> d = Authenticate(req);
    if (!d.ok()) return Fail(res, 401, d.status());
    if (req.get_header_value("Content-Type") != sync::kBatchContentType) {
      return Fail(res, 415, Status::InvalidArgument(
                                "bad_content_type",
                                std::string("batches must be sent as ") + sync::kBatchContentType));
    }
    std::string sha = req.get_header_value("X-Content-SHA256");
    Result<sync::Batch> batch = sync::DecodeBatch(req.body, sha, options.limits);
    if (!batch.ok()) return Fail(res, HttpStatusFor(batch.status()), batch.status());
    if (batch->device_id != d->kiosk_id) {
      return Fail(res, 403, Status::Denied("wrong_device",
                                           "the batch belongs to another device than the token"));
    }
    std::string key = req.get_header_value("Idempotency-Key");
    if (key != sync::IdempotencyKey(batch->device_id, batch->first_seq, batch->last_seq, sha)) {
      return Fail(res, 400, Status::InvalidArgument(
                                "bad_idempotency_key",
                                "Idempotency-Key does not match the batch's device, range and hash"));
    }
    Result<sync::Ack> ack = storage.IngestBatch(*batch);
    if (!ack.ok()) return Fail(res, HttpStatusFor(ack.status()) == 503 ? 503 : 500, ack.status());
    Reply(res, 200, sync::EncodeAck(*ack));
  }

  void Roster(const httplib::Request& req, httplib::Response& res) {
    Result<DeviceInfo> d = Authenticate(req);
    if (!d.ok()) return Fail(res, 401, d.status());
    auto number = [&](const char* name, int64_t fallback, int64_t max) -> std::optional<int64_t> {
      if (!req.has_param(name)) return fallback;
      std::string v = req.get_param_value(name);
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
      }
      int64_t n = std::stoll(v);
      return n <= max ? std::optional<int64_t>(n) : std::nullopt;
    };
    std::optional<int64_t> after = number("after", 0, INT64_MAX / 2);
    std::optional<int64_t> limit = number("limit", 500, 2000);
    std::optional<int64_t> forms_after = number("forms_after", -1, INT64_MAX / 2);
    if (!after || !limit || *limit < 1 || !forms_after) {
      return Fail(res, 400, Status::InvalidArgument("bad_query", "after, limit and forms_after must be small non-negative integers"));
    }
    Result<sync::RosterPage> page = storage.RosterPage(*after, static_cast<int>(*limit));
    if (!page.ok()) return Fail(res, HttpStatusFor(page.status()), page.status());
    if (*forms_after >= 0) {
      // The forms published since the kiosk's forms cursor ride along, a few per page.
      constexpr int kFormsPerPage = 8;
      Result<std::vector<PublishedForm>> forms =
          storage.PublishedForms(*forms_after, kFormsPerPage + 1);
      if (!forms.ok()) return Fail(res, HttpStatusFor(forms.status()), forms.status());
      page->forms_cursor = *forms_after;
      for (PublishedForm& f : *forms) {
        if (static_cast<int>(page->forms.size()) == kFormsPerPage) {
          page->more = true;
          break;
        }
        page->forms_cursor = f.cursor;
        page->forms.push_back(std::move(f.spec_json));
      }
    }
    Reply(res, 200, sync::EncodeRosterPage(*page));
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    if (!options.log) return;
    auto ms = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t_note.start)
                  .count() / 1000.0;
    char line[512];
    std::snprintf(line, sizeof line, "%s %s %.60s %d in=%zu out=%zu %.1fms device=%.60s%s%s",
                  req.remote_addr.c_str(), req.method.c_str(), req.path.c_str(), res.status,
                  req.body.size(), res.body.size(), ms,
                  t_note.device.empty() ? "-" : t_note.device.c_str(),
                  t_note.reason.empty() ? "" : " error=", t_note.reason.c_str());
    options.log(line);
  }
};

HubServer::HubServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HubServer::~HubServer() = default;

Result<std::unique_ptr<HubServer>> HubServer::Create(HubStorage& storage,
                                                     const ServerOptions& options) {
  auto impl = std::make_unique<Impl>(storage, options);
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::InvalidArgument("usage", "--tls-cert and --tls-key go together");
  }
  if (!options.tls_cert.empty()) {
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(),
                                                    options.tls_key.c_str());
    if (!ssl->is_valid()) {
      return Status::InvalidArgument("bad_tls", "cannot load the TLS certificate or key");
    }
    impl->server = std::move(ssl);
  } else {
    impl->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& svr = *impl->server;
  Impl* self = impl.get();
  svr.set_payload_max_length(options.limits.max_compressed_bytes);
  svr.set_read_timeout(30, 0);
  svr.set_write_timeout(30, 0);
  svr.set_keep_alive_timeout(10);
  // Answers go out as headers then body; without this, Nagle and delayed ACKs add 40 ms.
  svr.set_tcp_nodelay(true);
  svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_note = RequestNote{Clock::now(), "", ""};
    // httplib would inflate a Content-Encoding body without our caps: refuse it unread.
    if (req.has_header("Content-Encoding")) {
      Fail(res, 415, Status::InvalidArgument("bad_content_encoding",
                                             "Content-Encoding is not accepted; send the gzip "
                                             "batch as its own content type"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  svr.Get("/v1/health", [self](const auto& q, auto& r) { self->Health(q, r); });
  svr.Post("/v1/enroll", [self](const auto& q, auto& r) { self->Enroll(q, r); });
  svr.Get("/v1/device", [self](const auto& q, auto& r) { self->Device(q, r); });
  svr.Post("/v1/batches", [self](const auto& q, auto& r) { self->Batches(q, r); });
  svr.Get("/v1/roster", [self](const auto& q, auto& r) { self->Roster(q, r); });
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      t_note.reason = res.status == 413 ? "too_large_compressed" : "http_" + std::to_string(res.status);
      Reply(res, res.status, sync::EncodeError(t_note.reason, "request refused"));
    }
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                               std::exception_ptr) {
    Fail(res, 500, Status::Internal("unexpected failure"));
  });
  svr.set_logger([self](const httplib::Request& q, const httplib::Response& r) { self->Log(q, r); });
  return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
}

Result<int> HubServer::Bind() {
  httplib::Server& svr = *impl_->server;
  int port = impl_->options.port == 0 ? svr.bind_to_any_port(impl_->options.host)
                                      : (svr.bind_to_port(impl_->options.host, impl_->options.port)
                                             ? impl_->options.port
                                             : -1);
  if (port <= 0) {
    return Status::IoError("cannot listen on " + impl_->options.host + ":" +
                           std::to_string(impl_->options.port));
  }
  impl_->port = port;
  return port;
}

Status HubServer::Run() {
  if (!impl_->server->listen_after_bind()) return Status::IoError("the server stopped with an error");
  return Status::Ok();
}

void HubServer::Stop() { impl_->server->stop(); }

}  // namespace stem::hub
