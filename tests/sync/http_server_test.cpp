// The front door's server on its own (http/http.h), with routes of the test's making: a body
// streamed from a producer goes out as the client reads it, a client that stops reading is
// dropped by the idle timeout without stalling anyone else, and the route table decides
// methods, body caps and who may call.
#include "sync/hub/http/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "sync/client/http_transport.h"

namespace stem::hub::http {
namespace {

using Clock = std::chrono::steady_clock;

// A stream of `total` bytes, byte i being 'a' + i % 26; counts what it produced.
struct Counted {
  std::atomic<size_t> produced{0};
  std::atomic<bool> released{false};
};

BodyProducer Letters(std::shared_ptr<Counted> counter, size_t total) {
  struct Guard {
    std::shared_ptr<Counted> c;
    ~Guard() { c->released = true; }
  };
  auto guard = std::make_shared<Guard>(Guard{counter});
  return [guard, counter, total](char* buffer, size_t max) -> Result<size_t> {
    size_t at = counter->produced;
    size_t n = std::min(max, total - at);
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (at + i) % 26);
    counter->produced += n;
    return n;
  };
}

class HttpServer : public ::testing::Test {
 protected:
  // The server logs from its threads until it stops: stopped before the log goes.
  void TearDown() override {
    if (server_) server_->Stop();
  }

  void Start(size_t stream_bytes) {
    ServerConfig config;
    config.limits.idle_timeout = std::chrono::seconds(2);
    config.log = [this](const std::string& line) {
      std::lock_guard lock(log_mu_);
      log_ += line + "\n";
    };
    counter_ = std::make_shared<Counted>();
    std::vector<Route> routes = {
        {"GET", "/ping", Access::kAnyone, [](Request&) { return Response::Json(200, "{}"); }},
        {"GET", "/export", Access::kAnyone,
         [this, stream_bytes](Request&) {
           Response r;
           r.content_type = "text/csv";
           r.stream = Letters(counter_, stream_bytes);
           return r;
         }},
        {"POST", "/small", Access::kAnyone, [](Request& r) {
           return Response::Json(200, std::to_string(r.body.size()));
         }, 16},
        {"GET", "/staff", Access::kDevice, [](Request& r) {
           return Response::Json(200, "\"" + r.caller + "\"");
         }},
    };
    auto authorize = [](const Route& route, Request& r) -> std::optional<Response> {
      if (route.access == Access::kAnyone) return std::nullopt;
      if (r.Header("Authorization") != "Bearer good") {
        return Response::Error(401, "bad_token", "no");
      }
      r.caller = "Desk";
      return std::nullopt;
    };
    Result<std::unique_ptr<Server>> s = Server::Start(config, routes, authorize);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s).value();
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  Result<sync::HttpResponse> Get(const std::string& path,
                                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    return transport_->Send({"GET", url_ + path, std::move(headers), ""});
  }

  std::mutex log_mu_;
  std::string log_;
  std::unique_ptr<sync::HttpTransport> transport_ = sync::MakeCurlTransport({});
  std::shared_ptr<Counted> counter_;
  std::unique_ptr<Server> server_;
  std::string url_;
};

TEST_F(HttpServer, AStreamedBodyArrivesWholeAndInOrder) {
  constexpr size_t kBytes = 60u << 20;  // many times the producer's 64 KB blocks
  Start(kBytes);
  sync::TransportOptions big;
  big.max_response_bytes = kBytes;
  transport_ = sync::MakeCurlTransport(big);
  Result<sync::HttpResponse> r = Get("/export");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(r->body.size(), kBytes);
  for (size_t i = 0; i < kBytes; i += 4099) ASSERT_EQ(r->body[i], static_cast<char>('a' + i % 26)) << i;
}

TEST_F(HttpServer, AClientThatStopsReadingIsDroppedAndStallsNoOne) {
  Start(size_t{1} << 40);  // far more than any buffer: the producer must wait for the reader
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int small = 16 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(server_->port()));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  std::string get = "GET /export HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_EQ(send(fd, get.data(), get.size(), 0), static_cast<ssize_t>(get.size()));
  // While this client reads nothing, everyone else is answered at once.
  for (int i = 0; i < 10; ++i) {
    Clock::time_point t0 = Clock::now();
    Result<sync::HttpResponse> ping = Get("/ping");
    ASSERT_TRUE(ping.ok());
    EXPECT_EQ(ping->status, 200);
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(500));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Memory stays bounded: the producer ran only as far as the buffers on the way allow.
  size_t produced = counter_->produced;
  EXPECT_GT(produced, 0u);
  EXPECT_LT(produced, size_t{16} << 20) << "produced ahead of a reader that reads nothing";
  // The idle timeout (2 s here) drops it and releases the producer.
  for (int i = 0; i < 60 && !counter_->released; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(counter_->released.load());
  EXPECT_EQ(counter_->produced.load(), produced) << "nothing more was produced for it";
  close(fd);
}

TEST_F(HttpServer, TheRouteTableDecidesMethodsCapsAndCallers) {
  Start(10);
  Result<sync::HttpResponse> r = transport_->Send({"POST", url_ + "/ping", {}, ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 405);
  r = Get("/nowhere");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  r = transport_->Send({"POST", url_ + "/small", {}, std::string(17, 'x')});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 413);
  r = transport_->Send({"POST", url_ + "/small", {}, std::string(16, 'x')});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "16");
  r = Get("/staff");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("bad_token"), std::string::npos);
  r = Get("/staff", {{"Authorization", "Bearer good"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "\"Desk\"");
  server_->Stop();
  std::lock_guard lock(log_mu_);
  EXPECT_NE(log_.find("GET /staff 200 in=0 out=6 "), std::string::npos) << log_;
  EXPECT_NE(log_.find("caller=Desk"), std::string::npos) << log_;
  EXPECT_NE(log_.find("GET /staff 401"), std::string::npos) << log_;
  EXPECT_EQ(log_.find("Bearer"), std::string::npos) << "no token in the log";
}

}  // namespace
}  // namespace stem::hub::http
