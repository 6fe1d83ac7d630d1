// Downloads of the exports (staff): the Excel workbook of every table, or of one form, or of
// one event. The workbook is written to a private temporary file by the worker handling the
// request (constant memory, as `stem-hub export`), then streamed from disk as the browser
// reads it; the file is unlinked before the first byte goes, so nothing is left behind.
// A workbook with sealed answers opened (POST /export/open: an admin, or staff given
// sensitive data, types the passphrase of the hub's key) is written under /dev/shm where the
// machine has it, so that the opened answers are held in memory and never on the hub's disk.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>

#include "sync/hub/accounts/key_vault.h"
#include "sync/hub/export/tables_export.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

struct OpenFile {
  int fd = -1;
  ~OpenFile() {
    if (fd >= 0) close(fd);
  }
};

// A file name that says what is in it: letters, digits and dashes only.
std::string FileName(const std::string& what, const std::string& day) {
  std::string safe;
  for (char c : what) {
    safe += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '-';
  }
  if (safe.size() > 60) safe.resize(60);
  return "stem-hub-" + (safe.empty() ? std::string("all") : safe) + "-" + day + ".xlsx";
}

// The refusal as a page, or as JSON on /api/export.
Response Refuse(Pages& p, const Request& req, int status, const std::string& key) {
  if (req.path.rfind("/api/", 0) == 0) {
    return Response::Error(status, key, p.renderer.Text("en", key));
  }
  return p.renderer.Message(req, status, key);
}

// At most two downloads are made at once: each holds a worker thread while it writes.
std::atomic<int> exports_running{0};

struct ExportSlot {
  bool taken;
  ExportSlot() : taken(exports_running.fetch_add(1) < 2) {}
  ~ExportSlot() { exports_running.fetch_sub(1); }
};

// Where a workbook is written before it is streamed: with opened answers, memory when the
// machine has a writable /dev/shm (Linux's shared memory, a tmpfs), else the temp folder.
std::filesystem::path WorkFolder(bool opened) {
  if (opened && access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

// What a download holds: the form or event (""s: everything) and, to open sealed answers,
// the key.
struct Wanted {
  std::string form_id;
  std::string event_id;
  std::optional<seal::KeyPair> keys;
};

Response Download(Pages& p, Request& req, const Wanted& wanted) {
  std::string lang = p.renderer.Language(req);
  ExportSlot slot;
  if (!slot.taken) return Refuse(p, req, 503, "export_busy");
  bool opened = wanted.keys.has_value();
  std::string tmpl = (WorkFolder(opened) / "stem-hub-export-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return Refuse(p, req, 503, "error_unavailable");
  std::filesystem::path dir = tmpl;
  std::string path = (dir / "export.xlsx").string();
  auto remove_dir = [&] {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  };
  TablesOptions o;
  o.filter.event_id = wanted.event_id;
  o.form_id = wanted.form_id;
  o.language = lang;
  o.signatures = false;
  o.keys = wanted.keys;
  SinkOptions sink_options{path, false, true, ""};
  sink_options.work_folder = dir.string();  // libxlsxwriter's own temporary files too
  Result<std::unique_ptr<TableSink>> sink = OpenXlsxWorkbook(sink_options);
  if (!sink.ok()) {
    remove_dir();
    return Refuse(p, req, 503, "error_unavailable");
  }
  // On a connection of its own, so that kiosks and pages go on while it writes.
  Result<std::unique_ptr<HubStorage>> reader = p.storage.OpenReader();
  if (!reader.ok()) {
    remove_dir();
    return Refuse(p, req, 503, "error_unavailable");
  }
  Result<TablesSummary> summary = ExportTables(**reader, o, **sink);  // finishes the sink
  Status finished = summary.status();
  sink->reset();
  if (!finished.ok()) {
    remove_dir();
    if (finished.code() == Status::Code::kNotFound) return Refuse(p, req, 404, "export_unknown");
    if (finished.reason() == "wrong_key") return Refuse(p, req, 409, "keys_wrong_key");
    return Refuse(p, req, 503, "error_unavailable");
  }
  auto file = std::make_shared<OpenFile>();
  file->fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  remove_dir();  // the open file stays readable until it is closed
  if (file->fd < 0) return Refuse(p, req, 503, "error_unavailable");
  int64_t rows = summary->people + summary->attendance;
  for (const auto& [form, n] : summary->responses) rows += n;
  json detail = {{"format", "xlsx"}, {"form", o.form_id}, {"event", o.filter.event_id},
                 {"rows", rows}};
  if (!p.storage.Audit(req.caller, opened ? "sealed_opened" : "exported", detail.dump()).ok()) {
    return Refuse(p, req, 503, "error_unavailable");
  }
  Response res;
  res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  std::string what = !o.form_id.empty() ? o.form_id : o.filter.event_id;
  if (opened) what += "-opened";
  std::string name = FileName(what, LocalToday(p.clock));
  res.headers.push_back({"Content-Disposition", "attachment; filename=\"" + name + "\""});
  res.headers.push_back({"Cache-Control", "no-store"});
  res.headers.push_back({"X-Content-Type-Options", "nosniff"});
  res.stream = [file](char* buffer, size_t max) -> Result<size_t> {
    ssize_t n = read(file->fd, buffer, max);
    if (n < 0) return Status::IoError("cannot read the export");
    return static_cast<size_t>(n);
  };
  return res;
}

Response Export(Pages& p, Request& req) {
  if (std::string f = Query(req, "format"); !f.empty() && f != "xlsx") {
    return Refuse(p, req, 400, "export_bad_format");
  }
  return Download(p, req, {Query(req, "form"), Query(req, "event"), std::nullopt});
}

// The same workbook with the sealed answers opened by the hub's key and the passphrase typed;
// the passphrase and the key live for this request only; every opening and failure is audited.
Response ExportOpened(Pages& p, Request& req) {
  if (!req.caller_opens_sealed) return p.renderer.Message(req, 403, "export_sealed_forbidden");
  std::map<std::string, std::string> f = FormFields(req.body);
  Wanted wanted{Field(f, "form"), Field(f, "event"), std::nullopt};
  Result<std::string> locked = p.storage.Setting(accounts::kLockedKeySetting);
  if (!locked.ok()) return Refuse(p, req, 503, "error_unavailable");
  if (locked->empty()) return p.renderer.Message(req, 409, "keys_none");
  Result<seal::KeyPair> keys = accounts::UnlockKey(*locked, Field(f, "passphrase"));
  if (!keys.ok()) {
    if (keys.status().code() != Status::Code::kDenied) return Refuse(p, req, 503, "error_unavailable");
    json detail = {{"format", "xlsx"}, {"form", wanted.form_id}, {"event", wanted.event_id}};
    (void)p.storage.Audit(req.caller, "sealed_open_failed", detail.dump());
    return p.renderer.Message(req, 403, "keys_wrong_passphrase");
  }
  wanted.keys = std::move(keys).value();
  return Download(p, req, wanted);
}

}  // namespace

std::vector<http::Route> ExportRoutes(Pages& p) {
  return {{"GET", "/export", http::Access::kStaff, Handle(p, &Export)},
          {"GET", "/api/export", http::Access::kStaff, Handle(p, &Export)},
          {"POST", "/export/open", http::Access::kStaff, Handle(p, &ExportOpened), 8 * 1024, true}};
}

}  // namespace stem::hub::web
