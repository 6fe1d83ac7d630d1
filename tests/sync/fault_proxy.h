// FaultProxy: a small HTTP-aware TCP proxy on 127.0.0.1 between a kiosk and the hub, for
// fault tests. Each accepted connection carries one request (the proxy answers with
// "Connection: close") and consumes the next scripted Fault; when the script is empty it
// passes requests through. Only loopback addresses are ever used.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace stem::test {

enum class FaultKind {
  kPass,
  kDrop,           // close the connection before reading anything
  kResetMidBody,   // forward half the request to the hub, then reset both sides
  kLoseResponse,   // forward the request, let the hub answer, reset the kiosk's connection
  kStatus,         // answer `status` (with Retry-After when set) without asking the hub
  kCaptivePortal,  // answer 200 with an HTML login page
  kDelay,          // wait `delay` then pass
  kReplay,         // send the request to the hub twice, answer with the second response
};

struct Fault {
  Fault(FaultKind k = FaultKind::kPass, int s = 0, std::string ra = "",
        std::chrono::milliseconds d = std::chrono::milliseconds(0))
      : kind(k), status(s), retry_after(std::move(ra)), delay(d) {}
  FaultKind kind;
  int status;
  std::string retry_after;
  std::chrono::milliseconds delay;
};

class FaultProxy {
 public:
  explicit FaultProxy(int hub_port) : hub_port_(hub_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = Loopback(0);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(listen_fd_, 64);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~FaultProxy() {
    stop_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    thread_.join();
    std::lock_guard lock(mu_);
    for (std::thread& t : workers_) t.join();
  }

  void Script(std::vector<Fault> faults) {
    std::lock_guard lock(mu_);
    for (Fault& f : faults) script_.push_back(std::move(f));
  }
  void SetHubPort(int port) { hub_port_ = port; }
  size_t remaining() {
    std::lock_guard lock(mu_);
    return script_.size();
  }
  int connections() const { return connections_; }
  // Bytes that crossed the proxy in each direction (requests, responses), headers included.
  int64_t bytes_up() const { return bytes_up_; }
  int64_t bytes_down() const { return bytes_down_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }

  static void Reset(int fd) {
    linger l{1, 0};  // close with RST
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
  }

  static bool SendAll(int fd, const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads one HTTP message (headers + Content-Length body). Empty on failure.
  static std::string ReadMessage(int fd) {
    std::string data;
    char buf[65536];
    size_t header_end = std::string::npos;
    size_t want = 0;
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) return "";
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return header_end == std::string::npos ? "" : data;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        header_end += 4;
        std::string lower;
        for (size_t i = 0; i < header_end; ++i) lower += static_cast<char>(tolower(data[i]));
        size_t cl = lower.find("content-length:");
        want = header_end + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15)));
      }
      if (data.size() >= want) return data;
    }
  }

  static std::string WithConnectionClose(const std::string& response) {
    size_t eol = response.find("\r\n");
    if (eol == std::string::npos) return response;
    return response.substr(0, eol + 2) + "Connection: close\r\n" + response.substr(eol + 2);
  }

  int ConnectHub() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = Loopback(hub_port_);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }

  // One round trip to the hub; empty when the hub is down.
  std::string AskHub(const std::string& request) {
    int fd = ConnectHub();
    if (fd < 0) return "";
    std::string response;
    if (SendAll(fd, request)) response = ReadMessage(fd);
    close(fd);
    return response;
  }

  void Serve(int client, Fault fault) {
    if (fault.kind == FaultKind::kDrop) {
      Reset(client);
      return;
    }
    if (fault.kind == FaultKind::kDelay) std::this_thread::sleep_for(fault.delay);
    std::string request = ReadMessage(client);
    if (request.empty()) {
      close(client);
      return;
    }
    switch (fault.kind) {
      case FaultKind::kResetMidBody: {
        int hub = ConnectHub();
        if (hub >= 0) {
          SendAll(hub, request.substr(0, request.size() / 2));
          Reset(hub);
        }
        Reset(client);
        return;
      }
      case FaultKind::kLoseResponse:
        AskHub(request);
        Reset(client);
        return;
      case FaultKind::kStatus: {
        std::string body = "{\"error\":\"injected\"}";
        std::string r = "HTTP/1.1 " + std::to_string(fault.status) + " Injected\r\n";
        if (!fault.retry_after.empty()) r += "Retry-After: " + fault.retry_after + "\r\n";
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\nConnection: close\r\n\r\n" + body;
        SendAll(client, r);
        close(client);
        return;
      }
      case FaultKind::kCaptivePortal: {
        std::string body = "<html><body>Welcome! Accept the terms to use the WiFi.</body></html>";
        SendAll(client, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        close(client);
        return;
      }
      case FaultKind::kReplay:
        AskHub(request);
        [[fallthrough]];
      default: {
        std::string response = AskHub(request);
        if (response.empty()) {
          Reset(client);
          return;
        }
        bytes_up_ += static_cast<int64_t>(request.size());
        bytes_down_ += static_cast<int64_t>(response.size());
        SendAll(client, WithConnectionClose(response));
        close(client);
        return;
      }
    }
  }

  void AcceptLoop() {
    while (!stop_) {
      int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0) {
        if (stop_) return;
        continue;
      }
      ++connections_;
      Fault f;
      std::lock_guard lock(mu_);
      if (!script_.empty()) {
        f = script_.front();
        script_.pop_front();
      }
      workers_.emplace_back([this, client, f] { Serve(client, f); });
    }
  }

  std::atomic<int> hub_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int64_t> bytes_up_{0};
  std::atomic<int64_t> bytes_down_{0};
  std::mutex mu_;
  std::deque<Fault> script_;
  std::vector<std::thread> workers_;
  std::thread thread_;
};

}  // namespace stem::test
