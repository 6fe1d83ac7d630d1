// init, status, check, export, purge, retention.
#include <fstream>
#include <map>

#include "data/forms/bundled_forms.h"
#include "data/csv.h"
#include "data/seal.h"
#include "kiosk/ctl/args.h"
#include "kiosk/ctl/export_tables.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {
namespace {

Status Init(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (!args.positionals().empty()) return Status::InvalidArgument("usage", "init takes no arguments");
  StoreOptions options;
  options.clock = ctx.env.clock;
  STEM_ASSIGN_OR_RETURN(Store store, Store::Create(ctx.db_path, options));
  STEM_RETURN_IF_ERROR(InstallBundledForms(store));
  ctx.Print("Kiosk store ready at " + ctx.db_path + "\nDevice id: " + store.device_id() +
                "\nForms: " + std::to_string(BundledForms().size()) + " bundled forms installed",
            {{"path", ctx.db_path},
             {"device_id", store.device_id()},
             {"bundled_forms", BundledForms().size()}});
  return Status::Ok();
}

Status ShowStatus(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (!args.positionals().empty()) return Status::InvalidArgument("usage", "status takes no arguments");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(StoreSummary s, store.Summary());
  STEM_ASSIGN_OR_RETURN(std::vector<QuarantinedRecord> quarantined, store.ListQuarantine());
  nlohmann::json doc = {{"path", ctx.db_path},
                        {"device_id", s.device_id},
                        {"schema_version", s.schema_version},
                        {"records", s.records_by_type},
                        {"outbox_depth", s.outbox_depth},
                        {"quarantined", quarantined.size()},
                        {"last_sync_at", s.last_sync_at ? nlohmann::json(*s.last_sync_at) : nullptr},
                        {"event", s.current_event_id
                                      ? nlohmann::json{{"id", *s.current_event_id},
                                                       {"name", *s.current_event_name},
                                                       {"roster_students", s.roster_students},
                                                       {"checked_in_now", s.checked_in_now},
                                                       {"checked_in_today", s.checked_in_today}}
                                      : nlohmann::json(nullptr)}};
  std::string text = "Store:        " + ctx.db_path + "\nDevice:       " + s.device_id + "\n";
  text += "Event:        " + (s.current_event_name ? *s.current_event_name : "(none chosen)") + "\n";
  if (s.current_event_id) {
    text += "Roster:       " + std::to_string(s.roster_students) + " students\n";
    text += "Checked in:   " + std::to_string(s.checked_in_now) + " now, " +
            std::to_string(s.checked_in_today) + " today\n";
  }
  text += "Records:     ";
  if (s.records_by_type.empty()) text += " none";
  for (const auto& [type, n] : s.records_by_type) text += " " + type + "=" + std::to_string(n);
  text += "\nWaiting to sync: " + std::to_string(s.outbox_depth) + " records\n";
  if (!quarantined.empty()) {
    text += "Quarantined:  " + std::to_string(quarantined.size()) +
            " records the hub rejected, kept here (purge never deletes them); see sync status\n";
  }
  text += "Last sync:    " + (s.last_sync_at ? *s.last_sync_at : "never");
  ctx.Print(text, doc);
  return Status::Ok();
}

Status Check(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(std::string result, store.IntegrityCheck());
  if (result != "ok") return Status::Corruption("integrity check failed: " + result);
  ctx.Print("Integrity check passed", {{"integrity", "ok"}});
  return Status::Ok();
}

Status Export(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(
      Args args, Args::Parse(argv, {{"format", "out", "private-key", "labels", "event", "form"},
                                    {"force", "history", "no-bom", "no-signatures"}}));
  STEM_ASSIGN_OR_RETURN(std::string format, args.Require("format"));
  if (format != "xlsx" && format != "csv" && format != "records") {
    return Status::InvalidArgument("usage", "--format must be xlsx, csv or records");
  }
  std::optional<seal::KeyPair> keys;
  if (auto key_path = args.Get("private-key")) {
    Result<seal::KeyPair> read = seal::ReadPrivateKeyFile(*key_path);
    if (!read.ok()) {
      return Status::InvalidArgument("bad_private_key", *key_path +
                                                            " is not a private key file made by "
                                                            "`kioskctl keys generate`");
    }
    keys = *read;
  }
  if (format != "records") {
    ExportTablesRequest request;
    request.format = format;
    STEM_ASSIGN_OR_RETURN(request.out, args.Require("out"));
    request.force = args.Has("force");
    request.bom = !args.Has("no-bom");
    request.signatures = !args.Has("no-signatures");
    request.history = args.Has("history");
    request.event_id = args.Get("event").value_or("");
    request.form_id = args.Get("form").value_or("");
    request.language = args.Get("labels").value_or("");
    if (!request.language.empty() && request.language != "en" && request.language != "es") {
      return Status::InvalidArgument("usage", "--labels must be en or es");
    }
    request.keys = keys;
    STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
    return ExportTables(ctx, store, request);
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  // With the private key, sealed answers are opened first, so a key that does not fit stops
  // the export before anything is written.
  std::map<int64_t, std::string> opened;
  if (keys) {
    Status failed;
    STEM_RETURN_IF_ERROR(store.ForEachRecord([&](const StoredRecord& r) {
      if (!failed.ok() || r.type != "form_response") return;
      nlohmann::json payload = nlohmann::json::parse(r.payload);
      Result<nlohmann::json> answers = seal::OpenSealedAnswers(*keys, payload["answers"]);
      if (!answers.ok()) {
        failed = answers.status();
        return;
      }
      payload["answers"] = std::move(answers).value();
      opened[r.seq] = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }));
    STEM_RETURN_IF_ERROR(failed);
  }
  std::ofstream file;
  std::string tmp_path;
  if (auto out = args.Get("out")) {
    // Write beside the target and rename at the end, so a failed export leaves no half file.
    tmp_path = *out + ".partial";
    file.open(tmp_path, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IoError("cannot write " + *out);
  }
  std::ostream& sink = args.Get("out") ? static_cast<std::ostream&>(file) : ctx.out;
  sink << csv::JoinRow({"seq", "id", "device_id", "type", "event_id", "person_id", "supersedes",
                        "created_at", "acked", "payload"})
       << "\r\n";
  int64_t count = 0;
  STEM_RETURN_IF_ERROR(store.ForEachRecord([&](const StoredRecord& r) {
    sink << csv::JoinRow({std::to_string(r.seq), r.id, r.device_id, r.type, r.event_id,
                          r.person_id, r.supersedes, r.created_at, r.acked ? "yes" : "no",
                          opened.count(r.seq) ? opened[r.seq] : r.payload})
         << "\r\n";
    ++count;
  }));
  if (auto out = args.Get("out")) {
    file.close();
    if (!file) {
      std::remove(tmp_path.c_str());
      return Status::IoError("cannot finish writing " + *out + " (is the disk full?)");
    }
    if (std::rename(tmp_path.c_str(), out->c_str()) != 0) {
      std::remove(tmp_path.c_str());
      return Status::IoError("cannot write " + *out);
    }
    ctx.Print("Exported " + std::to_string(count) + " records to " + *out,
              {{"records", count}, {"path", *out}});
  }
  return Status::Ok();
}

Status Purge(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"days"}, {}}));
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> days, args.GetInt("days", 0, 3650));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  if (!days) {
    STEM_ASSIGN_OR_RETURN(int d, store.RetentionDays());
    days = d;
  }
  STEM_ASSIGN_OR_RETURN(int64_t purged, store.Purge(static_cast<int>(*days)));
  STEM_ASSIGN_OR_RETURN(StoreSummary s, store.Summary());
  STEM_ASSIGN_OR_RETURN(std::vector<QuarantinedRecord> quarantined, store.ListQuarantine());
  ctx.Print("Purged " + std::to_string(purged) + " records acknowledged by the hub and older than " +
                std::to_string(*days) + " days; " + std::to_string(s.outbox_depth) +
                " records still wait for sync and " + std::to_string(quarantined.size()) +
                " quarantined records (rejected by the hub) were kept",
            {{"purged", purged},
             {"days", *days},
             {"outbox_depth", s.outbox_depth},
             {"quarantined_kept", quarantined.size()}});
  return Status::Ok();
}

Status Retention(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"days"}, {}}));
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> days, args.GetInt("days", 0, 3650));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  if (days) STEM_RETURN_IF_ERROR(store.SetRetentionDays(static_cast<int>(*days)));
  STEM_ASSIGN_OR_RETURN(int current, store.RetentionDays());
  ctx.Print("Synced records are kept for " + std::to_string(current) + " days",
            {{"retention_days", current}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> StoreCommands() {
  return {
      {"init", "init                          create the store (safe to repeat)", Init},
      {"status", "status                        records, outbox depth, last sync", ShowStatus},
      {"check", "check                         full integrity check of the store", Check},
      {"export",
       "export --format xlsx|csv --out PATH [--private-key FILE] [--labels en|es] [--event ID]\n"
       "         [--form ID] [--history] [--force] [--no-bom] [--no-signatures]\n"
       "                                 the hub's tables (people, attendance, a table per form)\n"
       "                                 for the records on this kiosk; --format records [--out\n"
       "                                 FILE]: every record as one CSV row",
       Export},
      {"purge", "purge [--days N]              delete synced records older than N days", Purge},
      {"retention", "retention [--days N]          show or set how long synced records stay",
       Retention},
  };
}

}  // namespace stem::ctl
