#include "sync/hub/hub_cli.h"

#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "sync/hub/hub_cli_people.h"
#include "sync/hub/hub_cli_users.h"
#include "sync/hub/hub_config.h"
#include "sync/hub/export/hub_export.h"
#include "sync/hub/export/tables_export.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/storage/migrate.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/protocol/batch_file.h"

namespace stem::hub {
namespace {

constexpr const char* kHelp =
    "Usage: stem-hub COMMAND [options]\n"
    "The hub that receives the kiosks' batches and exports them.\n\n"
    "Every command takes --db PATH (default: $STEM_HUB_DB) and --config FILE (settings\n"
    "db, listen, tls-cert, tls-key as `key = value` lines; the command line wins).\n"
    "PATH is an SQLite file, or a PostgreSQL database: postgresql://USER@HOST/DB, or\n"
    "postgresql://USER@/DB?host=/run/postgresql over a Unix socket (PGPASSFILE, sslmode and\n"
    "the other PG* settings as libpq reads them; the database must exist).\n\n"
    "Commands:\n"
    "  serve --listen ADDR:PORT [--tls-cert FILE --tls-key FILE] [--trusted-proxy ADDR,...]\n"
    "        [--connections-per-address N] [--head-deadline-ms MS]\n"
    "        serve the HTTP API; PORT 0 picks a free port (printed as \"listening on\");\n"
    "        behind nginx, --trusted-proxy names its address (X-Forwarded-For believed)\n"
    "  device add NAME        register a kiosk; prints its one-time enrollment code\n"
    "  device list            devices, enrollment, acknowledged sequence, records\n"
    "  device revoke NAME     stop a device's token (its data stays)\n"
    "  event create --name N --kind fair|camp --start YYYY-MM-DD [--end YYYY-MM-DD]\n"
    "  event list             events made here and on kiosks, with their records\n"
    "  roster import FILE.csv --event ID   publish an event's roster to the kiosks\n"
    "  people duplicates [--event ID]\n"
    "        probable duplicate people (one line per pair: both person ids, why they look\n"
    "        alike, and who they are); pairs are within one event\n"
    "  people merge PERSON_ID --into PERSON_ID [--reason TEXT]\n"
    "        count one person as another (registered twice); nothing is deleted\n"
    "  people unmerge PERSON_ID   undo a merge\n"
    "  export --format xlsx|csv|json --out PATH [--event ID] [--form ID] [--labels en|es]\n"
    "         [--history] [--private-key FILE] [--force] [--no-bom] [--no-signatures]\n"
    "        xlsx: one workbook (people, attendance, a sheet per form and repeat group);\n"
    "        csv: a folder of the same tables (and an SVG per signature unless\n"
    "        --no-signatures); json: the raw records (--out optional)\n"
    "  forms install FILE.json  publish a form version (checked as on a kiosk)\n"
    "  forms list             every form version the hub knows, and where it came from\n"
    "  import DIR             ingest the *.stembatch files of a USB stick\n"
    "  status                 records, conflicts and rejections held\n"
    "  backup OUT.db          a consistent copy of the database, safe while serving\n"
    "  migrate --from HUB.db --to postgresql://...\n"
    "        move a hub from its SQLite file to an empty PostgreSQL database (stop the hub\n"
    "        first); checks every table's rows and checksum, keeps nothing on a mismatch\n"
    "  user add EMAIL --role viewer|reviewer|staff|admin [--password-file FILE]\n"
    "        a staff account; prints a one-time sign-in link (72 h) unless a password is given\n"
    "  user list | user role EMAIL ROLE | user disable EMAIL | user reset EMAIL\n"
    "  user sensitive-data EMAIL yes|no   lets a staff account open sealed answers\n"
    "  audit [--limit N]      the newest staff actions first\n"
    "  review rubric [FILE.json]  print, or set, the scholarship review's rubric\n"
    "  keys import FILE.key --passphrase-file FILE\n"
    "        keep the nonprofit's private key on the hub, locked under a passphrase, so that\n"
    "        admins (and staff given sensitive data) can open sealed answers in the browser\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool Has(const std::string& flag) const { return options.count(flag) > 0; }
};

// Options without a value.
const std::vector<std::string> kFlags = {"--force", "--history", "--no-bom", "--no-signatures"};

Result<Args> ParseArgs(const std::vector<std::string>& argv,
                       const std::vector<std::string>& valued) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.rfind("--", 0) != 0) {
      a.positional.push_back(s);
      continue;
    }
    if (std::find(kFlags.begin(), kFlags.end(), s) != kFlags.end()) {
      a.options[s] = "";
      continue;
    }
    std::string key = s;
    std::string value;
    size_t eq = s.find('=');
    if (eq != std::string::npos) {
      key = s.substr(0, eq);
      value = s.substr(eq + 1);
    }
    bool known = false;
    for (const std::string& v : valued) known = known || v == key;
    if (!known) return Status::InvalidArgument("usage", "unknown option " + key.substr(0, 40));
    if (eq == std::string::npos) {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("usage", key + " needs a value");
      value = argv[++i];
    }
    if (value.empty()) return Status::InvalidArgument("usage", key + " needs a value");
    a.options[key] = value;
  }
  return a;
}

std::optional<std::string> Opt(const Args& a, const std::string& k) {
  auto it = a.options.find(k);
  if (it == a.options.end()) return std::nullopt;
  return it->second;
}

Result<std::unique_ptr<SqlHubStorage>> OpenDb(const Args& a, bool create) {
  std::optional<std::string> db = Opt(a, "--db");
  if (!db) {
    const char* env = std::getenv("STEM_HUB_DB");
    if (env == nullptr || *env == '\0') {
      return Status::InvalidArgument("usage", "give the hub database with --db PATH (or postgresql://...)");
    }
    db = env;
  }
  return SqlHubStorage::Open(*db, create);
}

Status ParseListen(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  Status bad = Status::InvalidArgument("usage", "--listen must be ADDR:PORT, e.g. 127.0.0.1:8443");
  if (colon == std::string::npos || colon == 0) return bad;
  *host = text.substr(0, colon);
  std::string p = text.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) {
    return bad;
  }
  *port = std::stoi(p);
  if (*port > 65535) return bad;
  return Status::Ok();
}

Status Serve(const Args& a, std::ostream& out, std::ostream& err) {
  ServerOptions o;
  std::optional<std::string> listen = Opt(a, "--listen");
  if (!listen) return Status::InvalidArgument("usage", "serve needs --listen ADDR:PORT");
  STEM_RETURN_IF_ERROR(ParseListen(*listen, &o.host, &o.port));
  o.tls_cert = Opt(a, "--tls-cert").value_or("");
  o.tls_key = Opt(a, "--tls-key").value_or("");
  if (auto m = Opt(a, "--max-batch-bytes")) {
    long long v = std::atoll(m->c_str());
    if (v < 1024) return Status::InvalidArgument("usage", "--max-batch-bytes must be >= 1024");
    o.limits.max_compressed_bytes = static_cast<size_t>(v);
  }
  auto positive = [&](const char* flag, long long min, long long max) -> Result<std::optional<long long>> {
    std::optional<std::string> v = Opt(a, flag);
    if (!v) return std::optional<long long>();
    if (v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos ||
        std::atoll(v->c_str()) < min || std::atoll(v->c_str()) > max) {
      return Status::InvalidArgument("usage", std::string(flag) + " must be a number from " +
                                                  std::to_string(min) + " to " + std::to_string(max));
    }
    return std::optional<long long>(std::atoll(v->c_str()));
  };
  STEM_ASSIGN_OR_RETURN(std::optional<long long> per_address,
                        positive("--connections-per-address", 1, 100000));
  if (per_address) o.http_limits.connections_per_address = static_cast<int>(*per_address);
  STEM_ASSIGN_OR_RETURN(std::optional<long long> head, positive("--head-deadline-ms", 100, 600000));
  if (head) o.http_limits.head_deadline = std::chrono::milliseconds(*head);
  if (auto proxies = Opt(a, "--trusted-proxy")) {
    for (size_t p = 0; p <= proxies->size();) {
      size_t comma = proxies->find(',', p);
      if (comma == std::string::npos) comma = proxies->size();
      std::string one = proxies->substr(p, comma - p);
      in6_addr v6;
      in_addr v4;
      if (inet_pton(AF_INET, one.c_str(), &v4) != 1 && inet_pton(AF_INET6, one.c_str(), &v6) != 1) {
        return Status::InvalidArgument("usage", "--trusted-proxy takes IP addresses, e.g. 127.0.0.1");
      }
      o.trusted_proxies.push_back(one);
      p = comma + 1;
    }
  }
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  if (auto d = Opt(a, "--ingest-delay-ms")) storage->SetIngestDelayForTest(std::atoi(d->c_str()));
  std::mutex log_mu;
  o.log = [&err, &log_mu](const std::string& line) {
    std::lock_guard lock(log_mu);
    err << line << std::endl;
  };
  // Signals are taken by a thread of ours (sigwait), not by a handler, so Stop() runs safely.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<HubServer> server, HubServer::Create(*storage, o));
  STEM_ASSIGN_OR_RETURN(int port, server->Bind());
  std::atomic<bool> finished{false};
  std::jthread signals([&server, &finished, set] {
    int sig = 0;
    sigwait(&set, &sig);
    // A signal that arrives before the server loop runs would find nothing to stop: keep
    // asking until Run() has returned.
    while (!finished) {
      server->Stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  out << "listening on " << o.host << ":" << port << std::endl;
  Status s = server->Run();
  finished = true;
  pthread_kill(signals.native_handle(), SIGUSR1);  // wake the waiter if it still waits
  return s;
}

Status Device(const Args& a, std::ostream& out) {
  if (a.positional.size() < 2) return Status::InvalidArgument("usage", "device add|list|revoke");
  const std::string& verb = a.positional[1];
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  if (verb == "add" && a.positional.size() == 3) {
    STEM_ASSIGN_OR_RETURN(std::string code, storage->AddDevice(a.positional[2]));
    out << code << "\n";
    return Status::Ok();
  }
  if (verb == "revoke" && a.positional.size() == 3) return storage->RevokeDevice(a.positional[2]);
  if (verb == "list" && a.positional.size() == 2) {
    STEM_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, storage->ListDevices());
    for (const DeviceInfo& d : devices) {
      out << d.name << "\t" << (d.kiosk_id.empty() ? "not-enrolled" : d.kiosk_id) << "\tacked="
          << d.acked_through << "\trecords=" << d.records << (d.revoked ? "\trevoked" : "")
          << "\n";
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("usage", "device add NAME | device list | device revoke NAME");
}

Status EventCreate(const Args& a, std::ostream& out) {
  HubEvent e;
  e.name = Opt(a, "--name").value_or("");
  e.kind = Opt(a, "--kind").value_or("");
  e.starts_on = Opt(a, "--start").value_or("");
  e.ends_on = Opt(a, "--end").value_or(e.starts_on);
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  STEM_ASSIGN_OR_RETURN(HubEvent made, storage->CreateEvent(e));
  out << made.id << "\n";
  return Status::Ok();
}

Status EventList(const Args& a, std::ostream& out) {
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  STEM_ASSIGN_OR_RETURN(std::vector<HubEventInfo> events, storage->ListEvents());
  for (const HubEventInfo& e : events) {
    out << e.event.id << "\t" << (e.event.name.empty() ? "(no name: only records name it)" : e.event.name)
        << "\t" << e.event.kind << "\t" << e.event.starts_on
        << (e.event.ends_on != e.event.starts_on ? ".." + e.event.ends_on : "") << "\t"
        << (e.source == "kiosk" ? "made on kiosk " + e.device
            : e.source == "hub" ? std::string("made on the hub") : e.source)
        << "\trecords=" << e.records << (e.venue.empty() ? "" : "\t" + e.venue) << "\n";
  }
  return Status::Ok();
}

Status People(const Args& a, std::ostream& out) {
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, false));
  std::vector<std::string> words(a.positional.begin() + 1, a.positional.end());
  return PeopleCommand(*storage, words, Opt(a, "--event").value_or(""), Opt(a, "--into"),
                       Opt(a, "--reason").value_or(""), out);
}

Status RosterImport(const Args& a, std::ostream& out) {
  if (a.positional.size() != 3) return Status::InvalidArgument("usage", "roster import FILE.csv --event ID");
  std::optional<std::string> event = Opt(a, "--event");
  if (!event) return Status::InvalidArgument("usage", "roster import needs --event ID");
  std::ifstream in(a.positional[2], std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + a.positional[2]);
  std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (csv.size() > (64u << 20)) return Status::InvalidArgument("file_too_large", "the roster is larger than 64 MiB");
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  STEM_ASSIGN_OR_RETURN(int64_t n, storage->ImportRoster(*event, csv));
  out << "published " << n << " students\n";
  return Status::Ok();
}

// The raw records as JSON, to a file (written beside it and renamed: no half file) or stdout.
Status ExportJson(const Args& a, HubStorage& storage, const std::optional<seal::KeyPair>& keys,
                  std::ostream& out) {
  std::optional<std::string> path = Opt(a, "--out");
  std::string event = Opt(a, "--event").value_or("");
  if (!event.empty()) {
    STEM_ASSIGN_OR_RETURN(bool known, storage.EventKnown(event));
    if (!known) return Status::NotFound("unknown_event", "the hub knows no event " + event);
  }
  if (!path) return ExportRecordsJson(storage, event, keys, out).status();
  std::error_code ec;
  if (std::filesystem::exists(*path, ec) && !a.Has("--force")) {
    return Status::AlreadyExists("output_exists", *path + " already exists; give --force to replace it");
  }
  std::string tmp = *path + ".partial";
  std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
  if (!file) return Status::IoError("cannot write " + tmp);
  Result<int64_t> n = ExportRecordsJson(storage, event, keys, file);
  file.close();
  if (!n.ok() || !file) {
    std::filesystem::remove(tmp, ec);
    return n.ok() ? Status::IoError("cannot write " + *path) : n.status();
  }
  std::filesystem::rename(tmp, *path, ec);
  if (ec) return Status::IoError("cannot rename to " + *path);
  out << "exported " << *n << " records to " << *path << "\n";
  return Status::Ok();
}

Status Export(const Args& a, std::ostream& out) {
  std::string format = Opt(a, "--format").value_or("");
  if (format != "xlsx" && format != "csv" && format != "json") {
    return Status::InvalidArgument("usage", "--format must be xlsx, csv or json");
  }
  TablesOptions o;
  o.language = Opt(a, "--labels").value_or("");
  if (!o.language.empty() && o.language != "en" && o.language != "es") {
    return Status::InvalidArgument("usage", "--labels must be en or es");
  }
  if (auto k = Opt(a, "--private-key")) {
    Result<seal::KeyPair> keys = seal::ReadPrivateKeyFile(*k);
    if (!keys.ok()) {
      return Status::InvalidArgument("bad_private_key",
                                     *k + " is not a private key file made by `kioskctl keys "
                                          "generate`");
    }
    o.keys = *keys;
  }
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, false));
  if (format == "json") return ExportJson(a, *storage, o.keys, out);
  std::optional<std::string> path = Opt(a, "--out");
  if (!path) {
    return Status::InvalidArgument("usage", format == "xlsx" ? "--format xlsx needs --out FILE.xlsx"
                                                             : "--format csv needs --out FOLDER");
  }
  o.filter.event_id = Opt(a, "--event").value_or("");
  o.filter.history = a.Has("--history");
  o.form_id = Opt(a, "--form").value_or("");
  o.signatures = !a.Has("--no-signatures");
  SinkOptions so{*path, a.Has("--force"), !a.Has("--no-bom"), ""};
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<TableSink> sink,
                        format == "xlsx" ? OpenXlsxWorkbook(so) : OpenCsvFolder(so));
  STEM_ASSIGN_OR_RETURN(TablesSummary done, ExportTables(*storage, o, *sink));
  out << "exported to " << *path << ":";
  if (o.form_id.empty()) out << " people " << done.people << ", attendance " << done.attendance;
  for (const auto& [form, n] : done.responses) {
    out << (o.form_id.empty() || form != done.responses.begin()->first ? ", " : " ") << form
        << " " << n;
  }
  out << "\n";
  for (const UnknownFormVersion& u : done.unknown) {
    if (!o.form_id.empty() && u.form_id != o.form_id) continue;
    out << "note: " << u.responses << " response(s) to version " << u.version << " of form "
        << u.form_id << " are not in these tables: the hub does not know that version "
        << "(publish it with `stem-hub forms install`); --format json has them\n";
  }
  return Status::Ok();
}

Status Forms(const Args& a, std::ostream& out) {
  if (a.positional.size() == 3 && a.positional[1] == "install") {
    std::ifstream in(a.positional[2], std::ios::binary);
    if (!in) return Status::NotFound("cannot_read_file", "cannot open " + a.positional[2]);
    std::string spec((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
    STEM_ASSIGN_OR_RETURN(HubForm f, storage->AddForm(spec, "hub"));
    out << "form " << f.form_id << " version " << f.version << " is published"
        << (f.source == "hub" ? "" : " (already known, " + f.source + ")") << "\n";
    return Status::Ok();
  }
  if (a.positional.size() == 2 && a.positional[1] == "list") {
    STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
    STEM_ASSIGN_OR_RETURN(std::vector<HubForm> forms, storage->ListForms(""));
    for (const HubForm& f : forms) {
      out << f.form_id << "\tversion " << f.version << "\t" << f.kind << "\t" << f.source
          << "\t" << f.added_at << "\n";
    }
    STEM_ASSIGN_OR_RETURN(std::vector<UnknownFormVersion> unknown,
                          storage->UnknownFormVersions(ExportFilter{}));
    for (const UnknownFormVersion& u : unknown) {
      out << u.form_id << "\tversion " << u.version << "\tunknown\t" << u.responses
          << " response(s) only in the JSON export\n";
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("usage", "forms install FILE.json | forms list");
}

Status Import(const Args& a, std::ostream& out) {
  if (a.positional.size() != 2) return Status::InvalidArgument("usage", "import DIR");
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(a.positional[1], ec)) {
    if (entry.path().extension() == sync::kBatchFileExtension) files.push_back(entry.path());
  }
  if (ec) return Status::NotFound("cannot_read_dir", "cannot read " + a.positional[1]);
  std::sort(files.begin(), files.end());
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  sync::BatchLimits limits;
  int64_t stored = 0, dup = 0, other = 0, bad_files = 0;
  for (const auto& f : files) {
    std::string name = f.filename().string();
    Result<sync::BatchFileInfo> info = sync::ParseBatchFileName(name);
    std::ifstream in(f, std::ios::binary);
    std::string body;
    if (info.ok() && in) {
      std::vector<char> buf(limits.max_compressed_bytes + 1);
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      body.assign(buf.data(), static_cast<size_t>(in.gcount()));
    }
    Result<sync::Batch> batch = info.ok() ? sync::DecodeBatch(body, info->sha256, limits)
                                          : Result<sync::Batch>(info.status());
    if (batch.ok() && (batch->device_id != info->device_id || batch->first_seq != info->first_seq ||
                       batch->last_seq != info->last_seq)) {
      batch = Status::InvalidArgument("bad_batch_file_name", "the name does not match the batch");
    }
    if (!batch.ok()) {
      ++bad_files;
      out << "refused " << name << ": " << batch.status().ToString() << "\n";
      continue;
    }
    STEM_ASSIGN_OR_RETURN(sync::Ack ack, storage->IngestBatch(*batch));
    for (const sync::RecordResult& r : ack.results) {
      if (r.outcome == sync::RecordOutcome::kStored) ++stored;
      else if (r.outcome == sync::RecordOutcome::kDuplicate) ++dup;
      else ++other;
    }
  }
  out << "imported " << files.size() - static_cast<size_t>(bad_files) << " batch files: "
      << stored << " stored, " << dup << " duplicate, " << other
      << " rejected or in conflict; " << bad_files << " files refused\n";
  if (bad_files > 0) return Status::InvalidArgument("bad_batch_files", std::to_string(bad_files) + " batch files were refused");
  return Status::Ok();
}

Status Migrate(const Args& a, std::ostream& out) {
  std::optional<std::string> from = Opt(a, "--from");
  std::optional<std::string> to = Opt(a, "--to");
  if (a.positional.size() != 1 || !from || !to) {
    return Status::InvalidArgument("usage", "migrate --from HUB.db --to postgresql://...");
  }
  STEM_ASSIGN_OR_RETURN(MigrateSummary done, MigrateToPostgres(*from, *to, out));
  out << "moved " << done.rows << " rows in " << done.tables << " tables to " << SafeLocation(*to)
      << "; serve the hub with --db " << SafeLocation(*to) << "\n";
  return Status::Ok();
}

Status Backup(const Args& a, std::ostream& out) {
  if (a.positional.size() != 2) return Status::InvalidArgument("usage", "backup OUT.db");
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, false));
  STEM_RETURN_IF_ERROR(storage->Backup(a.positional[1]));
  out << "backed up to " << a.positional[1] << "\n";
  return Status::Ok();
}

// Settings from --config FILE fill in what the command line did not give.
Status ApplyConfig(Args* a) {
  std::optional<std::string> path = Opt(*a, "--config");
  if (!path) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(auto settings, ReadHubConfig(*path));
  for (const auto& [key, value] : settings) a->options.emplace(key, value);
  return Status::Ok();
}

// `user ...`, `audit` and `review ...` (hub_cli_users.h); the audit log names the system user who ran it.
Status Staff(const Args& a, std::ostream& out) {
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, true));
  if (a.positional[0] == "audit") {
    if (a.positional.size() != 1) return Status::InvalidArgument("usage", "audit [--limit N]");
    return AuditCommand(*storage, Opt(a, "--limit"), out);
  }
  const char* who = std::getenv("SUDO_USER");
  if (who == nullptr) who = std::getenv("USER");
  std::string actor = std::string("command line (") + (who ? who : "unknown") + ")";
  std::vector<std::string> words(a.positional.begin() + 1, a.positional.end());
  if (a.positional[0] == "review") return ReviewCommand(*storage, words, actor, out);
  if (a.positional[0] == "keys") {
    return KeysCommand(*storage, words, Opt(a, "--passphrase-file"), actor, out);
  }
  return UserCommand(*storage, words, Opt(a, "--role"), Opt(a, "--password-file"), actor, out);
}

Status HubStatus(const Args& a, std::ostream& out) {
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<SqlHubStorage> storage, OpenDb(a, false));
  int64_t records = 0;
  STEM_RETURN_IF_ERROR(storage->ForEachRecord("", [&](const HubRecord&) {
    ++records;
    return Status::Ok();
  }));
  STEM_ASSIGN_OR_RETURN(int64_t conflicts, storage->CountConflicts());
  STEM_ASSIGN_OR_RETURN(int64_t rejections, storage->CountRejections());
  out << "records " << records << "\nconflicts " << conflicts << "\nrejections " << rejections
      << "\n";
  return Status::Ok();
}

}  // namespace

int RunHub(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  for (const std::string& s : argv) {
    if (s == "--help" || s == "-h" || s == "help") {
      out << kHelp;
      return 0;
    }
  }
  Result<Args> args = ParseArgs(argv, {"--db", "--listen", "--tls-cert", "--tls-key", "--name",
                                       "--kind", "--start", "--end", "--event", "--format",
                                       "--private-key", "--out", "--ingest-delay-ms", "--form",
                                       "--labels",
                                       "--max-batch-bytes", "--config", "--trusted-proxy",
                                       "--connections-per-address", "--head-deadline-ms", "--role",
                                       "--password-file", "--limit", "--passphrase-file",
                                       "--from", "--to", "--into", "--reason"});
  Status s;
  if (!args.ok()) {
    s = args.status();
  } else if (Status c = ApplyConfig(&*args); !c.ok()) {
    s = c;
  } else if (args->positional.empty()) {
    err << kHelp;
    return 2;
  } else {
    const std::string& cmd = args->positional[0];
    try {
      if (cmd == "serve") s = Serve(*args, out, err);
      else if (cmd == "device") s = Device(*args, out);
      else if (cmd == "event" && args->positional.size() == 2 && args->positional[1] == "create")
        s = EventCreate(*args, out);
      else if (cmd == "event" && args->positional.size() == 2 && args->positional[1] == "list")
        s = EventList(*args, out);
      else if (cmd == "roster" && args->positional.size() >= 2 && args->positional[1] == "import")
        s = RosterImport(*args, out);
      else if (cmd == "people") s = People(*args, out);
      else if (cmd == "export") s = Export(*args, out);
      else if (cmd == "forms") s = Forms(*args, out);
      else if (cmd == "import") s = Import(*args, out);
      else if (cmd == "status") s = HubStatus(*args, out);
      else if (cmd == "user" || cmd == "audit" || cmd == "review" || cmd == "keys") {
        s = Staff(*args, out);
      }
      else if (cmd == "backup") s = Backup(*args, out);
      else if (cmd == "migrate") s = Migrate(*args, out);
      else s = Status::InvalidArgument("usage", "unknown command \"" + cmd.substr(0, 40) +
                                                    "\"; run stem-hub --help");
    } catch (const std::exception& e) {
      s = Status::Internal(std::string("unexpected failure: ") + e.what());
    }
  }
  if (s.ok()) return 0;
  std::string line = s.ToString();
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  err << "stem-hub: " << line << "\n";
  return s.reason() == "usage" ? 2 : 1;
}

}  // namespace stem::hub
