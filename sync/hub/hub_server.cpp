#include "sync/hub/hub_server.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "data/clock.h"
#include "sync/hub/http/http.h"
#include "sync/hub/web/dashboard.h"
#include "sync/protocol/batch_codec.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/roster_page.h"

namespace stem::hub {
namespace {

using Clock = std::chrono::steady_clock;
using http::Request;
using http::Response;

Response Fail(int status, const Status& s) {
  return Response::Error(status, s.reason(), s.ToString());
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

// A small non-negative integer query parameter, `fallback` when absent; nullopt when malformed.
std::optional<int64_t> Number(const Request& req, const char* name, int64_t fallback,
                              int64_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  const std::string& v = it->second;
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int64_t n = std::stoll(v);
  return n <= max ? std::optional<int64_t>(n) : std::nullopt;
}

// What a kiosk says it holds (X-Kiosk-Version, -Waiting, -Quarantined), when it says it
// in a well-formed way; nothing otherwise (an older kiosk says nothing).
std::optional<KioskReport> Held(const Request& req) {
  auto count = [&](const char* name) -> int64_t {
    std::string v = req.Header(name);
    if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos) {
      return -1;
    }
    return std::stoll(v);
  };
  KioskReport r;
  r.app_version = req.Header("X-Kiosk-Version");
  if (r.app_version.size() > 32 ||
      r.app_version.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-~") !=
          std::string::npos) {
    r.app_version.clear();
  }
  r.waiting = count("X-Kiosk-Waiting");
  r.quarantined = count("X-Kiosk-Quarantined");
  if (r.app_version.empty() && r.waiting < 0 && r.quarantined < 0) return std::nullopt;
  return r;
}

}  // namespace

struct HubServer::Impl {
  HubStorage& storage;
  ServerOptions options;
  EnrollGuard enroll_guard;
  std::unique_ptr<web::Dashboard> dashboard;
  std::unique_ptr<http::Server> server;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;

  Impl(HubStorage& s, ServerOptions o)
      : storage(s), options(std::move(o)), enroll_guard(options.enroll_limits) {}

  // The one place that decides who may call a route: devices by their token here, staff
  // accounts by their session (the dashboard's StaffAuth).
  std::optional<Response> Authorize(const http::Route& route, Request& req) {
    switch (route.access) {
      case http::Access::kAnyone:
        return std::nullopt;
      case http::Access::kDevice: {
        std::string auth = req.Header("Authorization");
        static constexpr std::string_view kBearer = "Bearer ";
        if (auth.rfind(kBearer, 0) != 0) {
          return Response::Error(401, "missing_token", "an Authorization: Bearer token is required");
        }
        Result<DeviceInfo> d = storage.Authenticate(auth.substr(kBearer.size()));
        if (!d.ok()) return Fail(d.status().code() == Status::Code::kDenied ? 401 : 503, d.status());
        req.caller = d->name;
        req.caller_id = d->kiosk_id;
        if (std::optional<KioskReport> held = Held(req)) {
          // For the staff's overview only: a failure here must not fail the kiosk's sync.
          (void)storage.ReportKiosk(d->name, *held);
        }
        return std::nullopt;
      }
      default:
        return dashboard->Authorize(route, req);
    }
  }

  Response Health(Request&) { return Response::Json(200, R"({"status":"ok"})"); }

  // Refused before the code is even looked at once the address (or everyone) failed too
  // often; every failure counts, a malformed request as much as a wrong code. The code is
  // never logged: the log line carries only the reason.
  Response Enroll(Request& req) {
    if (auto wait = enroll_guard.RetryAfter(req.client_address, Clock::now())) {
      Response res = Fail(429, Status::Denied("too_many_enrollment_attempts",
                                              "too many failed enrollments; try again later"));
      res.headers.push_back({"Retry-After", std::to_string(wait->count())});
      return res;
    }
    Result<sync::EnrollRequest> r = sync::DecodeEnrollRequest(req.body);
    if (!r.ok()) {
      enroll_guard.RecordFailure(req.client_address, Clock::now());
      return Fail(400, r.status());
    }
    Result<sync::EnrollResponse> e = storage.Enroll(*r);
    if (!e.ok()) {
      if (e.status().code() == Status::Code::kDenied) {
        enroll_guard.RecordFailure(req.client_address, Clock::now());
      }
      return Fail(HttpStatusFor(e.status()), e.status());
    }
    req.caller = e->device_name;
    return Response::Json(201, sync::EncodeEnrollResponse(*e));
  }

  Response Device(Request& req) {
    Result<DeviceInfo> d = storage.Authenticate(req.Header("Authorization").substr(7));
    if (!d.ok()) return Fail(401, d.status());
    return Response::Json(200, sync::EncodeDeviceStatus({d->kiosk_id, d->acked_through,
                                                         FormatUtc(SystemClock().Now())}));
  }

  Response Batches(Request& req) {
    if (req.Header("Content-Type") != sync::kBatchContentType) {
      return Fail(415, Status::InvalidArgument(
                           "bad_content_type",
                           std::string("batches must be sent as ") + sync::kBatchContentType));
    }
    std::string sha = req.Header("X-Content-SHA256");
    Result<sync::Batch> batch = sync::DecodeBatch(req.body, sha, options.limits);
    if (!batch.ok()) return Fail(HttpStatusFor(batch.status()), batch.status());
    if (batch->device_id != req.caller_id) {
      return Fail(403, Status::Denied("wrong_device",
                                      "the batch belongs to another device than the token"));
    }
    std::string key = req.Header("Idempotency-Key");
    if (key != sync::IdempotencyKey(batch->device_id, batch->first_seq, batch->last_seq, sha)) {
      return Fail(400, Status::InvalidArgument(
                           "bad_idempotency_key",
                           "Idempotency-Key does not match the batch's device, range and hash"));
    }
    Result<sync::Ack> ack = storage.IngestBatch(*batch);
    if (!ack.ok()) return Fail(HttpStatusFor(ack.status()) == 503 ? 503 : 500, ack.status());
    return Response::Json(200, sync::EncodeAck(*ack));
  }

  Response Roster(Request& req) {
    std::optional<int64_t> after = Number(req, "after", 0, INT64_MAX / 2);
    std::optional<int64_t> limit = Number(req, "limit", 500, 2000);
    std::optional<int64_t> forms_after = Number(req, "forms_after", -1, INT64_MAX / 2);
    if (!after || !limit || *limit < 1 || !forms_after) {
      return Fail(400, Status::InvalidArgument(
                           "bad_query", "after, limit and forms_after must be small non-negative integers"));
    }
    Result<sync::RosterPage> page = storage.RosterPage(*after, static_cast<int>(*limit));
    if (!page.ok()) return Fail(HttpStatusFor(page.status()), page.status());
    if (*forms_after >= 0) {
      // The forms published since the kiosk's forms cursor ride along, a few per page.
      constexpr int kFormsPerPage = 8;
      Result<std::vector<PublishedForm>> forms =
          storage.PublishedForms(*forms_after, kFormsPerPage + 1);
      if (!forms.ok()) return Fail(HttpStatusFor(forms.status()), forms.status());
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
    return Response::Json(200, sync::EncodeRosterPage(*page));
  }

  std::vector<http::Route> Routes() {
    using http::Access;
    auto bind = [this](Response (Impl::*f)(Request&)) {
      return [this, f](Request& r) { return (this->*f)(r); };
    };
    return {
        {"GET", "/v1/health", Access::kAnyone, bind(&Impl::Health)},
        {"POST", "/v1/enroll", Access::kAnyone, bind(&Impl::Enroll), 4 * 1024, true},
        {"GET", "/v1/device", Access::kDevice, bind(&Impl::Device)},
        {"POST", "/v1/batches", Access::kDevice, bind(&Impl::Batches),
         options.limits.max_compressed_bytes},
        {"GET", "/v1/roster", Access::kDevice, bind(&Impl::Roster)},
    };
  }

  std::vector<http::Route> AllRoutes() {
    std::vector<http::Route> routes = Routes();
    for (http::Route& r : dashboard->Routes()) routes.push_back(std::move(r));
    return routes;
  }
};

HubServer::HubServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HubServer::~HubServer() { Stop(); }

Result<std::unique_ptr<HubServer>> HubServer::Create(HubStorage& storage,
                                                     const ServerOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::InvalidArgument("usage", "--tls-cert and --tls-key go together");
  }
  auto impl = std::make_unique<Impl>(storage, options);
  STEM_ASSIGN_OR_RETURN(impl->dashboard,
                        web::Dashboard::Create(storage, {!options.tls_cert.empty(), nullptr}));
  return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
}

Result<int> HubServer::Bind() {
  Impl& impl = *impl_;
  http::ServerConfig config;
  config.host = impl.options.host;
  config.port = impl.options.port;
  config.tls_cert = impl.options.tls_cert;
  config.tls_key = impl.options.tls_key;
  config.trusted_proxies = impl.options.trusted_proxies;
  config.limits = impl.options.http_limits;
  config.log = impl.options.log;
  STEM_ASSIGN_OR_RETURN(impl.server,
                        http::Server::Start(config, impl.AllRoutes(),
                                            [&impl](const http::Route& route, Request& r) {
                                              return impl.Authorize(route, r);
                                            }));
  return impl.server->port();
}

Status HubServer::Run() {
  std::unique_lock lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [&] { return impl_->stopped; });
  return Status::Ok();
}

void HubServer::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopped = true;
    impl_->stopped_cv.notify_all();
  }
  if (impl_->server) impl_->server->Stop();
}

}  // namespace stem::hub
