// http::Server on libmicrohttpd: epoll event threads for the sockets, a worker pool for the
// handlers (the connection is suspended meanwhile), a sweeper thread for the deadlines.
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include <unistd.h>

#include "sync/hub/http/connection_rules.h"
#include "sync/hub/http/http.h"
#include "sync/protocol/gzip.h"

namespace stem::hub::http {

namespace {

using Clock = std::chrono::steady_clock;

std::string AddressText(const sockaddr* a) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a == nullptr) return "";
  if (a->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, text, sizeof text);
  } else if (a->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, text, sizeof text);
  }
  return text;
}

Result<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Status::InvalidArgument("bad_tls", "cannot read " + path);
  if (text.empty() || text.size() > (1u << 20)) {
    return Status::InvalidArgument("bad_tls", "cannot load the TLS certificate or key");
  }
  return text;
}

// One TCP connection (MHD's socket context).
struct Conn {
  int fd = -1;
  std::string peer;
  bool admitted = false;
  bool cut = false;
  Phase phase = Phase::kHead;
  Clock::time_point since;
  size_t received = 0;
  size_t expected = 0;
};

// One request on a connection (MHD's request context).
struct Call {
  Clock::time_point start;
  Request request;
  const Route* route = nullptr;
  size_t max_body = 0;
  bool answered = false;   // a response was queued before the body (413, 404)
  bool working = false;    // a worker has it (the connection is suspended)
  std::optional<Response> ready;
  int status = 0;
  size_t out_bytes = 0;
  std::string reason;
};

class MhdServer final : public Server {
 public:
  MhdServer(ServerConfig config, std::vector<Route> routes, Authorizer authorize)
      : config_(std::move(config)),
        routes_(std::move(routes)),
        authorize_(std::move(authorize)),
        trusted_(config_.trusted_proxies.begin(), config_.trusted_proxies.end()),
        limits_(config_.limits, trusted_) {}

  ~MhdServer() override { Stop(); }

  Status Begin() {
    if (config_.tls_cert.empty() != config_.tls_key.empty()) {
      return Status::InvalidArgument("usage", "--tls-cert and --tls-key go together");
    }
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
                         MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    std::string port_text = std::to_string(config_.port);
    if (getaddrinfo(config_.host.c_str(), port_text.c_str(), &hints, &found) != 0 || !found) {
      return Status::InvalidArgument("usage", "cannot use the address " + config_.host);
    }
    sockaddr_storage address{};
    std::memcpy(&address, found->ai_addr, found->ai_addrlen);
    if (found->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    freeaddrinfo(found);
    std::vector<MHD_OptionItem> options = {
        {MHD_OPTION_SOCK_ADDR, 0, &address},
        {MHD_OPTION_THREAD_POOL_SIZE, 2, nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(config_.limits.max_connections), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT,
         static_cast<intptr_t>(config_.limits.idle_timeout.count()), nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT,
         static_cast<intptr_t>(config_.limits.header_memory), nullptr},
        {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&OnConnection), this},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&OnCompleted), this},
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&OnLibraryMessage), this},
    };
    if (!config_.tls_cert.empty()) {
      STEM_ASSIGN_OR_RETURN(cert_, ReadPem(config_.tls_cert));
      STEM_ASSIGN_OR_RETURN(key_, ReadPem(config_.tls_key));
      flags |= MHD_USE_TLS;
      options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, cert_.data()});
      options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, key_.data()});
    }
    options.push_back({MHD_OPTION_END, 0, nullptr});
    for (int i = 0; i < std::max(1, config_.limits.workers); ++i) {
      workers_.emplace_back([this] { Work(); });
    }
    daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(config_.port), &OnAccept, this,
                               &OnRequest, this, MHD_OPTION_ARRAY, options.data(),
                               MHD_OPTION_END);
    if (daemon_ == nullptr) {
      StopWorkers();
      if (!config_.tls_cert.empty()) {
        return Status::InvalidArgument("bad_tls", "cannot load the TLS certificate or key, or "
                                                  "listen on " + config_.host + ":" + port_text);
      }
      return Status::IoError("cannot listen on " + config_.host + ":" + port_text);
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port_ = info ? info->port : config_.port;
    sweeper_ = std::thread([this] { Sweep(); });
    return Status::Ok();
  }

  int port() const override { return port_; }

  void Stop() override {
    {
      std::lock_guard lock(sweep_mu_);
      if (stopped_) return;
      stopped_ = true;
      sweep_cv_.notify_all();
    }
    if (sweeper_.joinable()) sweeper_.join();
    if (daemon_ != nullptr) {
      // No new connections, no new handlers; those running finish and resume their
      // connections before the library goes.
      MHD_socket listener = MHD_quiesce_daemon(daemon_);
      {
        std::lock_guard lock(work_mu_);
        closing_ = true;
      }
      WaitForWorkersIdle();
      MHD_stop_daemon(daemon_);
      daemon_ = nullptr;
      if (listener != MHD_INVALID_SOCKET) close(listener);
    }
    StopWorkers();
  }

 private:
  // --- the library's callbacks ---------------------------------------------------------------
  static MHD_Result OnAccept(void* cls, const sockaddr* addr, socklen_t) {
    auto* self = static_cast<MhdServer*>(cls);
    std::string peer = AddressText(addr);
    if (self->trusted_.count(peer) ||
        self->limits_.Connections(peer) < self->config_.limits.connections_per_address) {
      return MHD_YES;
    }
    self->LogLine(peer + " - - refused error=too_many_connections");
    return MHD_NO;
  }

  static void OnConnection(void* cls, MHD_Connection* connection, void** socket_context,
                           MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<MhdServer*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* c = new Conn;
      const MHD_ConnectionInfo* fd =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      const MHD_ConnectionInfo* addr =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      c->fd = fd ? fd->connect_fd : -1;
      c->peer = addr ? AddressText(addr->client_addr) : "";
      c->since = Clock::now();
      c->admitted = self->limits_.Admit(c->peer);
      std::lock_guard lock(self->conns_mu_);
      if (!c->admitted && c->fd >= 0) {
        // Two accepts raced past the check: the later one goes.
        c->cut = true;
        shutdown(c->fd, SHUT_RDWR);
      }
      self->conns_.insert(c);
      *socket_context = c;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      auto* c = static_cast<Conn*>(*socket_context);
      if (c == nullptr) return;
      {
        std::lock_guard lock(self->conns_mu_);
        self->conns_.erase(c);
      }
      if (c->admitted) self->limits_.Release(c->peer);
      delete c;
      *socket_context = nullptr;
    }
  }

  static void OnLibraryMessage(void*, const char*, va_list) {
    // The library's own messages name sockets and errno values: not for the hub's log.
  }

  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url,
                              const char* method, const char*, const char* upload_data,
                              size_t* upload_data_size, void** req_cls) {
    auto* self = static_cast<MhdServer*>(cls);
    Conn* conn = self->ConnOf(connection);
    auto* call = static_cast<Call*>(*req_cls);
    if (call == nullptr) {
      call = self->BeginCall(connection, conn, url, method);
      *req_cls = call;
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      size_t n = *upload_data_size;
      *upload_data_size = 0;
      if (call->answered) return MHD_YES;  // a refusal is queued: the rest is dropped
      if (call->request.body.size() + n > call->max_body) {
        call->reason = "too_large";
        return MHD_NO;  // an unannounced body over the cap: cut
      }
      call->request.body.append(upload_data, n);
      if (conn) {
        std::lock_guard lock(self->conns_mu_);
        conn->received += n;
      }
      return MHD_YES;
    }
    if (call->answered) return MHD_YES;
    if (call->ready) return self->Answer(connection, conn, call);
    if (call->working) return MHD_YES;
    // The whole request is here: a worker takes it while the connection waits suspended.
    // Once the server is stopping nothing more is handed over (a suspended connection must
    // not outlive the library), and the client is told to come back.
    std::unique_lock work_lock(self->work_mu_);
    if (self->closing_) {
      work_lock.unlock();
      call->answered = true;
      return self->Queue(connection, call,
                         Response::Error(503, "hub_stopping", "the hub is stopping; try again"));
    }
    call->working = true;
    self->SetPhase(conn, Phase::kHandling);
    MHD_suspend_connection(connection);
    self->jobs_.push_back([self, connection, call] {
      call->ready = self->Handle(*call);
      MHD_resume_connection(connection);
    });
    self->work_cv_.notify_one();
    return MHD_YES;
  }

  static void OnCompleted(void* cls, MHD_Connection* connection, void** req_cls,
                          MHD_RequestTerminationCode toe) {
    auto* self = static_cast<MhdServer*>(cls);
    auto* call = static_cast<Call*>(*req_cls);
    Conn* conn = self->ConnOf(connection);
    if (call != nullptr) {
      if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && call->reason.empty()) {
        call->reason = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "idle_timeout"
                       : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT  ? "client_gone"
                                                                     : "cut";
      }
      self->LogCall(*call);
      delete call;
      *req_cls = nullptr;
    }
    // A kept-alive connection waits for its next request head from now.
    if (conn) {
      std::lock_guard lock(self->conns_mu_);
      conn->phase = Phase::kHead;
      conn->since = Clock::now();
      conn->received = conn->expected = 0;
    }
  }

  // --- requests ----------------------------------------------------------------------------
  Conn* ConnOf(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<Conn*>(info->socket_context) : nullptr;
  }

  void SetPhase(Conn* conn, Phase phase, size_t expected = 0) {
    if (!conn) return;
    std::lock_guard lock(conns_mu_);
    conn->phase = phase;
    conn->since = Clock::now();
    conn->received = 0;
    conn->expected = expected;
  }

  static MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* request = static_cast<Request*>(cls);
    std::string name = key ? key : "";
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string& slot = request->headers[name];
    slot = slot.empty() ? (value ? value : "") : slot + ", " + (value ? value : "");
    return MHD_YES;
  }

  static MHD_Result CollectQuery(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* request = static_cast<Request*>(cls);
    if (key) request->query[key] = value ? value : "";
    return MHD_YES;
  }

  Call* BeginCall(MHD_Connection* connection, Conn* conn, const char* url, const char* method) {
    auto* call = new Call;
    call->start = Clock::now();
    Request& r = call->request;
    r.method = method ? method : "";
    r.path = url ? url : "";
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &r);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectQuery, &r);
    std::string peer = conn ? conn->peer : "";
    r.client_address = peer;
    if (trusted_.count(peer)) {
      // Behind the proxy: the client is the last address it appended.
      std::string forwarded = r.Header("X-Forwarded-For");
      size_t comma = forwarded.rfind(',');
      std::string last = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
      last.erase(0, last.find_first_not_of(' '));
      last.erase(last.find_last_not_of(' ') + 1);
      if (!last.empty() && last.size() <= INET6_ADDRSTRLEN) r.client_address = last;
    }
    bool path_known = false;
    for (const Route& route : routes_) {
      if (route.path != r.path) continue;
      path_known = true;
      if (route.method == r.method) call->route = &route;
    }
    if (call->route == nullptr) {
      Refuse(connection, call,
             path_known ? Response::Error(405, "method_not_allowed", "this path takes another method")
                        : Response::Error(404, "not_found", "no such path"));
      return call;
    }
    call->max_body = call->route->max_body;
    std::string length = r.Header("Content-Length");
    size_t announced = 0;
    if (!length.empty() && length.size() <= 18 &&
        length.find_first_not_of("0123456789") == std::string::npos) {
      announced = static_cast<size_t>(std::stoull(length));
    }
    if (announced > call->max_body) {
      Refuse(connection, call, Response::Error(413, "too_large_compressed",
                                               "the request body is larger than allowed"));
      return call;
    }
    if (r.Header("Content-Encoding").size() > 0) {
      // A library would inflate such a body without our caps: refused unread.
      Refuse(connection, call,
             Response::Error(415, "bad_content_encoding",
                             "Content-Encoding is not accepted; send the gzip batch as its own "
                             "content type"));
      return call;
    }
    SetPhase(conn, Phase::kBody, announced);
    call->request.body.reserve(announced);  // at most the route's cap
    return call;
  }

  void Refuse(MHD_Connection* connection, Call* call, Response response) {
    call->answered = true;
    Conn* conn = ConnOf(connection);
    SetPhase(conn, Phase::kAnswering);
    Queue(connection, call, std::move(response));
  }

  Response Handle(Call& call) {
    Request& r = call.request;
    const Route& route = *call.route;
    if (route.rate_limited) {
      if (auto wait = limits_.RateLimited(r.client_address, Clock::now())) {
        Response res = Response::Error(429, "too_many_requests",
                                       "too many requests from this address; try again later");
        res.headers.push_back({"Retry-After", std::to_string(wait->count())});
        return res;
      }
    }
    try {
      if (std::optional<Response> refused = authorize_(route, r)) return std::move(*refused);
      return route.handler(r);
    } catch (...) {
      return Response::Error(500, "internal", "unexpected failure");
    }
  }

  static ssize_t Produce(void* cls, uint64_t, char* buffer, size_t max) {
    auto* producer = static_cast<BodyProducer*>(cls);
    Result<size_t> n = (*producer)(buffer, max);
    if (!n.ok()) return MHD_CONTENT_READER_END_WITH_ERROR;
    if (*n == 0) return MHD_CONTENT_READER_END_OF_STREAM;
    return static_cast<ssize_t>(*n);
  }
  static void FreeProducer(void* cls) { delete static_cast<BodyProducer*>(cls); }

  MHD_Result Queue(MHD_Connection* connection, Call* call, Response response) {
    MHD_Response* out = nullptr;
    if (response.stream) {
      out = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, &Produce,
                                              new BodyProducer(std::move(response.stream)),
                                              &FreeProducer);
    } else {
      // Larger answers (a batch's ack, a roster page) go gzipped to clients that accept it.
      bool gzip = false;
      if (response.body.size() >= 1024 &&
          call->request.Header("Accept-Encoding").find("gzip") != std::string::npos) {
        if (Result<std::string> z = sync::GzipCompress(response.body); z.ok()) {
          response.body = std::move(z).value();
          gzip = true;
        }
      }
      out = MHD_create_response_from_buffer(response.body.size(), response.body.data(),
                                            MHD_RESPMEM_MUST_COPY);
      call->out_bytes = response.body.size();
      if (out != nullptr && gzip) {
        MHD_add_response_header(out, "Content-Encoding", "gzip");
        MHD_add_response_header(out, "Vary", "Accept-Encoding");
      }
    }
    if (out == nullptr) return MHD_NO;
    MHD_add_response_header(out, "Content-Type", response.content_type.c_str());
    for (const auto& [name, value] : response.headers) {
      MHD_add_response_header(out, name.c_str(), value.c_str());
    }
    call->status = response.status;
    if (call->reason.empty()) call->reason = response.reason;
    MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), out);
    MHD_destroy_response(out);
    return queued;
  }

  MHD_Result Answer(MHD_Connection* connection, Conn* conn, Call* call) {
    SetPhase(conn, Phase::kAnswering);
    Response response = std::move(*call->ready);
    call->ready.reset();
    call->answered = true;
    return Queue(connection, call, std::move(response));
  }

  // --- workers and the sweeper --------------------------------------------------------------
  void Work() {
    std::unique_lock lock(work_mu_);
    while (true) {
      work_cv_.wait(lock, [&] { return workers_stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      ++busy_;
      lock.unlock();
      job();
      lock.lock();
      --busy_;
      work_cv_.notify_all();
    }
  }

  void WaitForWorkersIdle() {
    std::unique_lock lock(work_mu_);
    // No time limit: a suspended connection must never outlive the library (a stuck handler
    // leaves the stop to the service manager's own timeout).
    work_cv_.wait(lock, [&] { return jobs_.empty() && busy_ == 0; });
  }

  void StopWorkers() {
    {
      std::lock_guard lock(work_mu_);
      workers_stop_ = true;
      work_cv_.notify_all();
    }
    for (std::thread& t : workers_) {
      if (t.joinable()) t.join();
    }
    workers_.clear();
  }

  void Sweep() {
    std::unique_lock lock(sweep_mu_);
    while (!stopped_) {
      sweep_cv_.wait_for(lock, std::chrono::milliseconds(200));
      if (stopped_) break;
      std::vector<std::string> lines;
      {
        std::lock_guard conns(conns_mu_);
        Clock::time_point now = Clock::now();
        for (Conn* c : conns_) {
          if (c->cut || c->fd < 0) continue;
          std::optional<std::string> why =
              CutReason(c->phase, c->since, c->received, c->expected, now, config_.limits);
          if (!why) continue;
          // The event thread sees the connection end and closes it as usual.
          c->cut = true;
          shutdown(c->fd, SHUT_RDWR);
          lines.push_back(c->peer + " - - cut after " + FormatDuration(now - c->since) +
                          " error=" + *why);
        }
      }
      for (const std::string& line : lines) LogLine(line);
    }
  }

  // --- logs ---------------------------------------------------------------------------------
  void LogLine(const std::string& line) {
    if (config_.log) config_.log(line);
  }

  void LogCall(const Call& call) {
    if (!config_.log) return;
    char line[512];
    std::snprintf(line, sizeof line, "%s %s %.60s %d in=%zu out=%zu %s caller=%.60s%s%.60s",
                  call.request.client_address.c_str(), call.request.method.c_str(),
                  call.request.path.c_str(), call.status, call.request.body.size(),
                  call.out_bytes, FormatDuration(Clock::now() - call.start).c_str(),
                  call.request.caller.empty() ? "-" : call.request.caller.c_str(),
                  call.reason.empty() ? "" : " error=", call.reason.c_str());
    config_.log(line);
  }

  ServerConfig config_;
  const std::vector<Route> routes_;
  Authorizer authorize_;
  const std::set<std::string> trusted_;
  AddressLimits limits_;
  std::string cert_, key_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;

  std::mutex conns_mu_;
  std::set<Conn*> conns_;

  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<std::function<void()>> jobs_;
  int busy_ = 0;
  bool closing_ = false;  // Stop() began: no more jobs
  bool workers_stop_ = false;
  std::vector<std::thread> workers_;

  std::mutex sweep_mu_;
  std::condition_variable sweep_cv_;
  bool stopped_ = false;
  std::thread sweeper_;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(ServerConfig config, std::vector<Route> routes,
                                              Authorizer authorize) {
  for (const Route& r : routes) {
    if (r.method.empty() || r.path.empty() || r.path[0] != '/' || !r.handler) {
      return Status::InvalidArgument("usage", "a route needs a method, a path and a handler");
    }
  }
  auto server = std::make_unique<MhdServer>(std::move(config), std::move(routes),
                                            std::move(authorize));
  STEM_RETURN_IF_ERROR(server->Begin());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace stem::hub::http
