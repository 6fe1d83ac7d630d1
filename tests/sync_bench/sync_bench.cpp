// sync-bench: the sync quality bars, measured on loopback with the real client and hub.
//
//   (a) Bytes on the wire and round trips per record: realistic walk-up registrations sent
//       as gzip batches (measured by a counting proxy, HTTP headers and answers included)
//       against the same records sent as OpenRosa-style submissions: one multipart/form-data
//       POST of an XML instance per record and its OpenRosa XML answer (the bytes are
//       computed from the full request and response texts). Aim: 20x fewer bytes and 100x
//       fewer round trips.
//   (b) Throughput: N records (default 100,000) kiosk -> hub over loopback (HTTP, gzip,
//       hashes, acks, durable commits on both sides) in records/s, as a ratio to the hub's
//       own bulk insert of the same batches (HubStorage::IngestBatch, no network). Aim >= 0.5.
//   (c) Many kiosks: the same number of records from 50 kiosks syncing at once, each on its
//       own connection, in records/s as a ratio to the one kiosk of (b). Aim >= 1.5.
//
// Not a test: it prints figures and exits 0; 1 only when something it needs fails.
// Usage: sync-bench [--records N] [--wire-records N] [--dir DIR]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/store/store.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_client.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/protocol/batch_codec.h"
#include "tests/sync/fault_proxy.h"

namespace {

using Clock = std::chrono::steady_clock;
using stem::Result;
using stem::Status;

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "sync-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}
void Must(const Status& s, const std::string& what) {
  if (!s.ok()) Die(what, s);
}

// A hub in this process, serving on 127.0.0.1 on a thread of its own.
struct LocalHub {
  std::unique_ptr<stem::hub::SqlHubStorage> storage;
  std::unique_ptr<stem::hub::HubServer> server;
  std::thread thread;
  int port = 0;
  explicit LocalHub(const std::string& db) {
    storage = Must(stem::hub::SqlHubStorage::Open(db, true), "open hub");
    stem::hub::ServerOptions o;
    server = Must(stem::hub::HubServer::Create(*storage, o), "create hub");
    port = Must(server->Bind(), "bind hub");
    thread = std::thread([this] { (void)server->Run(); });
  }
  ~LocalHub() {
    server->Stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

stem::NewRegistration Registration(const std::string& event_id, int i) {
  stem::NewRegistration r;
  r.event_id = event_id;
  r.student.given_name = "María José " + std::to_string(i);
  r.student.family_name = "Hernández López";
  r.student.birth_date = "2014-03-17";
  r.student.grade = "5";
  r.student.school = "Roosevelt Elementary";
  r.student.phone = "+1 555 010 " + std::to_string(1000 + i % 9000);
  r.student.email = "familia.hernandez" + std::to_string(i) + "@example.org";
  r.guardian.given_name = "Ana";
  r.guardian.family_name = "López";
  r.guardian.phone = r.student.phone;
  r.answers = {{"tshirt_size", "youth_m"},
               {"interests", {"robotics", "coding", "space"}},
               {"photo_consent", "yes"},
               {"heard_from", "school_flyer"},
               {"language", "es"},
               {"pickup_people", "Ana López, Jorge Hernández"},
               {"emergency_contact", {{"name", "Jorge Hernández"}, {"phone", "+1 555 010 2233"}}}};
  return r;
}

// The same record as an OpenRosa instance (what ODK-style tools post), one element per field.
std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}
void JsonToXml(const nlohmann::json& j, const std::string& name, std::string& out) {
  if (j.is_object()) {
    out += "<" + name + ">";
    for (auto it = j.begin(); it != j.end(); ++it) JsonToXml(it.value(), it.key(), out);
    out += "</" + name + ">";
  } else if (j.is_array()) {
    std::string joined;
    for (const auto& v : j) joined += (joined.empty() ? "" : " ") + (v.is_string() ? v.get<std::string>() : v.dump());
    out += "<" + name + ">" + XmlEscape(joined) + "</" + name + ">";
  } else {
    out += "<" + name + ">" + XmlEscape(j.is_string() ? j.get<std::string>() : j.dump()) + "</" + name + ">";
  }
}
size_t OpenRosaBytes(const stem::StoredRecord& r, const std::string& host) {
  std::string xml = "<?xml version='1.0' ?><data id=\"student-registration\" version=\"1\" "
                    "xmlns:jr=\"http://openrosa.org/javarosa\" "
                    "xmlns:orx=\"http://openrosa.org/xforms\">";
  nlohmann::json p = nlohmann::json::parse(r.payload);
  for (auto it = p.begin(); it != p.end(); ++it) JsonToXml(it.value(), it.key(), xml);
  xml += "<meta><instanceID>uuid:" + r.id + "</instanceID><deviceID>" + r.device_id +
         "</deviceID><timeStart>" + r.created_at + "</timeStart><timeEnd>" + r.created_at +
         "</timeEnd></meta></data>";
  std::string boundary = "----------------------------1a2b3c4d5e6f7a8b9c0d";
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; "
                     "filename=\"submission.xml\"\r\nContent-Type: text/xml\r\n\r\n" + xml +
                     "\r\n--" + boundary + "--\r\n";
  std::string request = "POST /submission HTTP/1.1\r\nHost: " + host +
                        "\r\nUser-Agent: org.odk.collect.android/v2023.2.4 okhttp/4.10.0"
                        "\r\nAccept: */*\r\nX-OpenRosa-Version: 1.0\r\nDate: Sun, 22 Nov 2026 "
                        "14:03:07 GMT\r\nAuthorization: Bearer " + std::string(64, 'a') +
                        "\r\nContent-Type: multipart/form-data; boundary=" + boundary +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string answer_body =
      "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message "
      "nature=\"submit_success\">Form Received!</message></OpenRosaResponse>";
  std::string response = "HTTP/1.1 201 Created\r\nContent-Type: text/xml; charset=utf-8\r\n"
                         "X-OpenRosa-Version: 1.0\r\nX-OpenRosa-Accept-Content-Length: 10485760\r\n"
                         "Location: https://" + host + "/submission\r\nDate: Sun, 22 Nov 2026 "
                         "14:03:07 GMT\r\nContent-Length: " + std::to_string(answer_body.size()) +
                         "\r\n\r\n" + answer_body;
  return request.size() + response.size();
}

std::string Enroll(LocalHub& hub, stem::Store& store, const std::string& name) {
  std::string code = Must(hub.storage->AddDevice(name), "add device");
  auto transport = stem::sync::MakeCurlTransport({});
  stem::sync::SyncClient client(store, *transport);
  Must(client.Enroll(hub.url(), code, ""), "enroll");
  return Must(store.GetSyncSettings(), "settings").device_token;
}

// Fills a kiosk store with `n` copies of a realistic registration record (fresh ids), in one
// transaction: preparing the data is not what is measured.
void BulkFill(const std::string& path, const stem::StoredRecord& model, int n, int kiosk = 0) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* rec = nullptr;
  sqlite3_stmt* out = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO records(seq, id, device_id, type, event_id, person_id, "
                         "created_at, payload) SELECT next_seq + ?1, ?2, device_id, 'registration', ?3, ?4, ?5, ?6 FROM device",
                     -1, &rec, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO outbox(seq, enqueued_at) SELECT next_seq + ?1, ?2 FROM device", -1, &out, nullptr);
  for (int i = 0; i < n; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "019a%04x-0000-7000-8000-%012d", kiosk & 0xffff, i);
    sqlite3_bind_int64(rec, 1, i);
    sqlite3_bind_text(rec, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rec, 3, model.event_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rec, 4, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rec, 5, model.created_at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rec, 6, model.payload.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(out, 1, i);
    sqlite3_bind_text(out, 2, model.created_at.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(rec) != SQLITE_DONE || sqlite3_step(out) != SQLITE_DONE) {
      std::fprintf(stderr, "sync-bench: bulk fill failed: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
    sqlite3_reset(rec);
    sqlite3_reset(out);
  }
  sqlite3_exec(db, ("UPDATE device SET next_seq = next_seq + " + std::to_string(n)).c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(rec);
  sqlite3_finalize(out);
  sqlite3_close(db);
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  int records = 100000;
  int wire_records = 250;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sync-bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--records") records = std::atoi(next().c_str());
    else if (a == "--wire-records") wire_records = std::atoi(next().c_str());
    else if (a == "--dir") dir = next();
    else {
      std::fprintf(stderr, "usage: sync-bench [--records N] [--wire-records N] [--dir DIR]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (records < 1 || wire_records < 1) {
    std::fprintf(stderr, "sync-bench: counts must be positive\n");
    return 2;
  }
  std::filesystem::path base = dir.empty() ? std::filesystem::temp_directory_path() / ("sync-bench-" + std::to_string(getpid())) : std::filesystem::path(dir);
  std::filesystem::create_directories(base);

  // (a) Bytes and round trips per record.
  stem::StoredRecord model;
  {
    LocalHub hub((base / "hub-wire.db").string());
    stem::Store store = Must(stem::Store::Create((base / "kiosk-wire.db").string()), "kiosk");
    // The event comes from the hub's roster (no record of its own): only registrations go up.
    stem::Event ev{"0192f0c1-7a3b-7c4d-8e5f-00000000e001", "Spring STEM Fair", "fair",
                   "2026-11-22", "2026-11-22", "Gym"};
    Must(store.ApplyRosterPage({ev}, {}, 0).status(), "event");
    for (int i = 0; i < wire_records; ++i) Must(store.Register(Registration(ev.id, i)).status(), "register");
    std::string token = Enroll(hub, store, "wire");
    stem::test::FaultProxy proxy(hub.port);
    stem::SyncSettings s = Must(store.GetSyncSettings(), "settings");
    s.hub_url = proxy.url();
    Must(store.SetSyncEnrollment(s), "point at proxy");
    auto transport = stem::sync::MakeCurlTransport({});
    stem::sync::SyncClient client(store, *transport);
    stem::sync::SyncReport report = client.RunOnce();
    Must(report.outcome, "sync through the counting proxy");
    std::vector<stem::StoredRecord> all;
    Must(store.ForEachRecord([&](const stem::StoredRecord& r) { all.push_back(r); }), "read");
    model = all.back();
    size_t openrosa = 0;
    for (const auto& r : all) openrosa += OpenRosaBytes(r, "hub.example.org");
    double ours = static_cast<double>(proxy.bytes_up() + proxy.bytes_down()) / wire_records;
    double theirs = static_cast<double>(openrosa) / wire_records;
    double our_trips = static_cast<double>(report.requests) / wire_records;
    std::printf("wire: %d realistic registrations (payload %zu bytes of JSON each)\n", wire_records, model.payload.size());
    std::printf("  batched gzip sync : %8.1f bytes/record on the wire (%lld up, %lld down), "
                "%d requests = %.4f round trips/record\n",
                ours, static_cast<long long>(proxy.bytes_up()), static_cast<long long>(proxy.bytes_down()),
                report.requests, our_trips);
    std::printf("  OpenRosa-style    : %8.1f bytes/record (XML multipart POST + XML answer), "
                "1 round trip/record\n", theirs);
    std::printf("  ratio             : %.1fx fewer bytes, %.0fx fewer round trips\n",
                theirs / ours, 1.0 / our_trips);
  }

  // (b) Throughput kiosk -> hub over loopback against the hub's own bulk insert.
  std::string kiosk_path = (base / "kiosk-bulk.db").string();
  {
    stem::Store store = Must(stem::Store::Create(kiosk_path), "bulk kiosk");
    (void)store;
  }
  BulkFill(kiosk_path, model, records);
  double sync_rate = 0;
  {
    LocalHub hub((base / "hub-sync.db").string());
    stem::Store store = Must(stem::Store::Open(kiosk_path), "open bulk kiosk");
    Enroll(hub, store, "bulk");
    auto transport = stem::sync::MakeCurlTransport({});
    stem::sync::SyncClient client(store, *transport);
    auto t0 = Clock::now();
    stem::sync::SyncReport report = client.RunOnce();
    auto t1 = Clock::now();
    Must(report.outcome, "bulk sync");
    if (report.stored != records) {
      std::fprintf(stderr, "sync-bench: stored %lld of %d\n", static_cast<long long>(report.stored), records);
      return 1;
    }
    sync_rate = records / Seconds(t0, t1);
    std::printf("throughput: %d records kiosk -> hub over loopback in %.2f s = %.0f records/s "
                "(%d batches)\n", records, Seconds(t0, t1), sync_rate, report.batches_sent);
  }
  {
    // The same batches, straight into a fresh hub database.
    stem::Store store = Must(stem::Store::Open(kiosk_path), "reopen bulk kiosk");
    Must(store.RequeueAfter(0).status(), "requeue");
    std::vector<stem::sync::Batch> batches;
    int64_t after = 0;
    while (true) {
      std::vector<stem::StoredRecord> page = Must(store.OutboxPage(after, 250, 256 * 1024), "page");
      if (page.empty()) break;
      std::vector<stem::sync::BatchRecord> rs;
      for (const auto& r : page) rs.push_back(stem::sync::ToBatchRecord(r));
      batches.push_back(Must(stem::sync::MakeBatch(store.device_id(), rs), "batch"));
      after = page.back().seq;
    }
    auto storage = Must(stem::hub::SqlHubStorage::Open((base / "hub-bulk.db").string(), true), "bulk hub");
    auto t0 = Clock::now();
    for (const auto& b : batches) Must(storage->IngestBatch(b).status(), "ingest");
    auto t1 = Clock::now();
    double bulk_rate = records / Seconds(t0, t1);
    std::printf("hub bulk insert: same %zu batches in %.2f s = %.0f records/s\n", batches.size(),
                Seconds(t0, t1), bulk_rate);
    std::printf("ratio: sync over loopback reaches %.2f of the hub's bulk insert rate\n",
                sync_rate / bulk_rate);
  }
  // (c) Many kiosks at once: the same number of records from 50 kiosks syncing together,
  // each on its own connection, against the one kiosk above.
  {
    constexpr int kKiosks = 50;
    int each = std::max(1, records / kKiosks);
    LocalHub hub((base / "hub-many.db").string());
    std::vector<std::unique_ptr<stem::Store>> stores;
    for (int k = 0; k < kKiosks; ++k) {
      std::string path = (base / ("kiosk-many-" + std::to_string(k) + ".db")).string();
      { Must(stem::Store::Create(path), "many kiosk"); }
      BulkFill(path, model, each, k + 1);
      stores.push_back(std::make_unique<stem::Store>(Must(stem::Store::Open(path), "open many kiosk")));
      Enroll(hub, *stores.back(), "many-" + std::to_string(k));
    }
    std::vector<stem::sync::SyncReport> reports(kKiosks);
    std::vector<std::thread> threads;
    auto t0 = Clock::now();
    for (int k = 0; k < kKiosks; ++k) {
      threads.emplace_back([&, k] {
        auto transport = stem::sync::MakeCurlTransport({});
        stem::sync::SyncClient client(*stores[static_cast<size_t>(k)], *transport);
        reports[static_cast<size_t>(k)] = client.RunOnce();
      });
    }
    for (std::thread& t : threads) t.join();
    auto t1 = Clock::now();
    int64_t stored = 0;
    for (const auto& r : reports) {
      Must(r.outcome, "many-kiosk sync");
      stored += r.stored;
    }
    if (stored != static_cast<int64_t>(each) * kKiosks) {
      std::fprintf(stderr, "sync-bench: %d kiosks stored %lld of %d\n", kKiosks,
                   static_cast<long long>(stored), each * kKiosks);
      return 1;
    }
    double many_rate = static_cast<double>(stored) / Seconds(t0, t1);
    std::printf("%d kiosks at once: %lld records in %.2f s = %.0f records/s = %.2fx one kiosk "
                "(aim >= 1.5x)\n", kKiosks, static_cast<long long>(stored), Seconds(t0, t1),
                many_rate, many_rate / sync_rate);
  }
  if (dir.empty()) std::filesystem::remove_all(base);
  return 0;
}
