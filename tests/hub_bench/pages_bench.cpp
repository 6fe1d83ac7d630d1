#include "tests/hub_bench/pages_bench.h"

#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "sync/client/http_transport.h"
#include "sync/hub/accounts/accounts.h"
#include "sync/hub/storage/sql_hub_storage.h"

namespace stem::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

void Fail(const std::string& what) {
  std::fprintf(stderr, "hub-bench (d): %s\n", what.c_str());
  std::exit(1);
}

// The server times of the log's lines after the first `skip`, in milliseconds.
std::vector<double> ServerTimes(const std::string& log, size_t skip) {
  std::ifstream in(log);
  std::string line;
  std::vector<double> out;
  static const std::regex kTime(" ([0-9]+\\.[0-9])ms ");
  size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ < skip) continue;
    std::smatch m;
    if (std::regex_search(line, m, kTime)) out.push_back(std::stod(m[1].str()));
  }
  return out;
}

size_t LineCount(const std::string& path) {
  std::ifstream in(path);
  return static_cast<size_t>(std::count(std::istreambuf_iterator<char>(in),
                                         std::istreambuf_iterator<char>(), '\n'));
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

long StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

}  // namespace

void MeasurePages(const std::string& hub_binary, const std::string& dir, const std::string& db) {
  // A session made in the database, as signing in would make it (no browser here).
  std::string cookie = hub::accounts::NewToken();
  std::string event_id;
  std::vector<std::string> response_ids;
  int64_t people = 0;
  {
    auto opened = hub::SqlHubStorage::Open(db, false);
    if (!opened.ok()) Fail(opened.status().ToString());
    hub::SqlHubStorage& storage = **opened;
    auto hash = hub::accounts::HashPassword("bench password 1");
    auto user = hash.ok() ? storage.AddUser("bench@example.org", "admin", *hash, "hub-bench")
                          : Result<hub::StaffUser>(hash.status());
    bool have_user = user.ok() || user.status().code() == Status::Code::kAlreadyExists;
    if (!have_user || !storage.StartSession(hub::accounts::TokenHash(cookie), "bench@example.org", "csrf",
                              "127.0.0.1").ok()) {
      Fail("cannot make the bench's session");
    }
    auto events = storage.ListEvents();
    if (!events.ok() || events->empty()) Fail("no event");
    event_id = events->front().event.id;
    hub::ResponseQuery q;
    q.form_id = "post-event-survey";
    q.limit = 60;
    auto page = storage.Responses(q);
    if (!page.ok()) Fail(page.status().ToString());
    for (const hub::ResponseRow& r : page->rows) response_ids.push_back(r.record_id);
    (void)storage.ForEachPerson({}, [&](const hub::PersonRow&) {
      ++people;
      return Status::Ok();
    });
  }

  std::string log = dir + "/pages-hub.log";
  int out[2];
  if (pipe(out) != 0) Fail("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(out[0]);
    execl(hub_binary.c_str(), hub_binary.c_str(), "serve", "--db", db.c_str(), "--listen",
          "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string first;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') first += c;
  size_t colon = first.rfind(':');
  if (first.rfind("listening on", 0) != 0 || colon == std::string::npos) Fail("the hub did not start");
  std::string url = "http://127.0.0.1:" + first.substr(colon + 1);

  sync::TransportOptions options;  // an export may take minutes before its first byte
  options.total_timeout = std::chrono::minutes(30);
  options.low_speed_time = std::chrono::seconds(1800);
  options.max_response_bytes = size_t{1} << 30;
  auto transport = sync::MakeCurlTransport(options);
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Cookie", std::string("stem_session=") + cookie}};
  auto get = [&](const std::string& path) -> sync::HttpResponse {
    Result<sync::HttpResponse> r = transport->Send({"GET", url + path, headers, ""});
    if (!r.ok() || r->status != 200) {
      Fail("GET " + path + ": " + (r.ok() ? std::to_string(r->status) : r.status().ToString()));
    }
    return *r;
  };
  const char* names[] = {"José", "garcia", "nguyen", "Sofia Lopez", "okafor", "kim", "mateo",
                         "ZOE", "quispe", "ivanova"};
  struct Page {
    const char* what;
    std::function<std::string(int)> path;
  } pages[] = {
      {"overview of the event", [&](int) { return "/?event=" + event_id; }},
      {"responses, first page", [&](int) { return std::string("/responses?form=post-event-survey"); }},
      {"responses, last page", [&](int) { return std::string("/responses?form=post-event-survey&page=oldest"); }},
      {"person search", [&](int i) {
         std::string q = names[i % 10];
         std::string enc;
         for (unsigned char ch : q) {
           char buf[4];
           std::snprintf(buf, sizeof buf, "%%%02X", ch);
           enc += std::isalnum(ch) ? std::string(1, static_cast<char>(ch)) : std::string(buf);
         }
         return "/people?q=" + enc;
       }},
      {"one response", [&](int i) {
         return "/response?id=" + response_ids[static_cast<size_t>(i) % response_ids.size()];
       }},
  };
  std::printf("\n(d) the staff pages on this database (%lld people), 40 requests each after 5 "
              "to warm up; server time from the hub's log\n",
              static_cast<long long>(people));
  std::printf("%-24s %9s %9s %9s\n", "page", "p50 ms", "p95 ms", "max ms");
  for (const Page& p : pages) {
    for (int i = 0; i < 5; ++i) get(p.path(i));
    size_t before = LineCount(log);
    for (int i = 0; i < 40; ++i) get(p.path(i));
    std::vector<double> t = ServerTimes(log, before);
    std::printf("%-24s %9.1f %9.1f %9.1f\n", p.what, Quantile(t, 0.5), Quantile(t, 0.95),
                t.empty() ? 0.0 : *std::max_element(t.begin(), t.end()));
    std::fflush(stdout);
  }

  // The streamed XLSX of the survey's responses: the hub's peak RSS during it.
  long before_kb = StatusKb(pid, "VmRSS");
  {
    std::ofstream reset("/proc/" + std::to_string(pid) + "/clear_refs");
    reset << "5";  // resets VmHWM to the current RSS
  }
  auto t0 = SteadyClock::now();
  sync::HttpResponse x = get("/export?format=xlsx&form=post-event-survey");
  double seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  long peak_kb = StatusKb(pid, "VmHWM");
  std::printf("\nXLSX of the survey's responses through the web: %.1f s, %.1f MB; the hub's RSS "
              "%.1f MB before, peak %.1f MB during\n",
              seconds, static_cast<double>(x.body.size()) / 1e6, before_kb / 1024.0,
              peak_kb / 1024.0);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(out[0]);
}

}  // namespace stem::bench
