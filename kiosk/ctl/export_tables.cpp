// kioskctl export --format xlsx|csv: the hub's tables for the records still on this kiosk, so
// a camp with no hub at all still gets a spreadsheet. Written with the hub's own code: the
// kiosk's forms, records and roster go into a hub database in a temporary folder, which the
// hub's exporter then reads (sync/hub/export/tables_export.h). The folder goes at the end.
#include "kiosk/ctl/export_tables.h"

#include <filesystem>

#include "sync/hub/export/tables_export.h"
#include "sync/hub/storage/sql_hub_storage.h"

namespace stem::ctl {
namespace {

namespace fs = std::filesystem;

// Removes the temporary folder however the export ends.
struct TempFolder {
  fs::path path;
  ~TempFolder() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

Status CopyInto(Store& store, hub::HubStorage& hub) {
  STEM_ASSIGN_OR_RETURN(std::vector<std::string> specs, store.FormSpecs());
  for (const std::string& spec : specs) STEM_RETURN_IF_ERROR(hub.AddForm(spec, "kiosk").status());
  // Records in runs of consecutive sequence numbers (retention may have purged some).
  std::vector<sync::BatchRecord> run;
  Status failed;
  auto flush = [&]() {
    if (run.empty() || !failed.ok()) return;
    Result<sync::Batch> batch = sync::MakeBatch(store.device_id(), std::move(run));
    run.clear();
    if (!batch.ok()) {
      failed = batch.status();
      return;
    }
    Result<sync::Ack> ack = hub.IngestBatch(*batch);
    if (!ack.ok()) failed = ack.status();
  };
  STEM_RETURN_IF_ERROR(store.ForEachRecord([&](const StoredRecord& r) {
    if (!run.empty() && (r.seq != run.back().seq + 1 || run.size() >= 500)) flush();
    run.push_back(sync::ToBatchRecord(r));
  }));
  flush();
  STEM_RETURN_IF_ERROR(failed);
  // The roster this kiosk holds without records (imported here, or downloaded from the hub).
  std::vector<Person> people;
  auto publish = [&]() -> Status {
    Status s = hub.AddKioskRosterPeople(people);
    people.clear();
    return s;
  };
  STEM_RETURN_IF_ERROR(store.ForEachPerson([&](const Person& p) -> Status {
    people.push_back(p);
    return people.size() >= 1000 ? publish() : Status::Ok();
  }));
  return publish();
}

}  // namespace

Status ExportTables(Context& ctx, Store& store, const ExportTablesRequest& request) {
  std::error_code ec;
  TempFolder tmp{fs::temp_directory_path(ec) / ("kioskctl-export-" + store.device_id().substr(0, 8) +
                                                "-" + std::to_string(::getpid()))};
  fs::remove_all(tmp.path, ec);
  if (!fs::create_directories(tmp.path, ec) || ec) {
    return Status::IoError("cannot make a temporary folder for the export");
  }
  hub::SinkOptions so{request.out, request.force, request.bom, ""};
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<hub::TableSink> sink,
                        request.format == "xlsx" ? hub::OpenXlsxWorkbook(so)
                                                 : hub::OpenCsvFolder(so));
  STEM_ASSIGN_OR_RETURN(std::unique_ptr<hub::SqlHubStorage> hub,
                        hub::SqlHubStorage::Open((tmp.path / "tables.db").string(), true));
  STEM_RETURN_IF_ERROR(CopyInto(store, *hub));
  hub::TablesOptions o;
  o.filter.event_id = request.event_id;
  o.filter.history = request.history;
  o.form_id = request.form_id;
  o.language = request.language;
  o.keys = request.keys;
  o.signatures = request.signatures;
  STEM_ASSIGN_OR_RETURN(hub::TablesSummary done, hub::ExportTables(*hub, o, *sink));
  std::string text = "Exported to " + request.out + ":";
  nlohmann::json forms = nlohmann::json::object();
  if (request.form_id.empty()) {
    text += " people " + std::to_string(done.people) + ", attendance " +
            std::to_string(done.attendance);
  }
  for (const auto& [form, n] : done.responses) {
    text += (text.back() == ':' ? " " : ", ") + form + " " + std::to_string(n);
    forms[form] = n;
  }
  ctx.Print(text, {{"path", request.out},
                   {"people", done.people},
                   {"attendance", done.attendance},
                   {"responses", forms}});
  return Status::Ok();
}

}  // namespace stem::ctl
