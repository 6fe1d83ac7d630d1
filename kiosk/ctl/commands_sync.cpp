// enroll, sync, sync status, export-batches: the kiosk's side of sync, headless.
#include <filesystem>
#include <fstream>

#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_client.h"
#include "sync/protocol/batch_codec.h"
#include "sync/protocol/batch_file.h"

namespace stem::ctl {
namespace {

Status Enroll(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"ca-file"}, {}}));
  if (args.positionals().size() != 2) {
    return Status::InvalidArgument("usage", "enroll needs the hub URL and the enrollment code");
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  sync::TransportOptions t;
  t.ca_file = args.Get("ca-file").value_or("");
  std::unique_ptr<sync::HttpTransport> transport = sync::MakeCurlTransport(t);
  sync::SyncClient client(store, *transport);
  STEM_RETURN_IF_ERROR(client.Enroll(args.positionals()[0], args.positionals()[1], t.ca_file));
  STEM_ASSIGN_OR_RETURN(SyncSettings s, store.GetSyncSettings());
  ctx.Print("Enrolled with " + s.hub_url + " as \"" + s.device_name + "\"",
            {{"hub_url", s.hub_url}, {"device_name", s.device_name}});
  return Status::Ok();
}

Status Sync(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"attempts", "backoff-ms",
                                                       "timeout-ms", "batch-records"}, {}}));
  if (!args.positionals().empty()) return Status::InvalidArgument("usage", "sync takes no arguments");
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> attempts, args.GetInt("attempts", 1, 100));
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> backoff, args.GetInt("backoff-ms", 1, 600000));
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> timeout, args.GetInt("timeout-ms", 100, 3600000));
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> per_batch, args.GetInt("batch-records", 1, 2000));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(SyncSettings settings, store.GetSyncSettings());
  sync::TransportOptions t;
  t.ca_file = settings.ca_file;
  if (timeout) t.total_timeout = std::chrono::milliseconds(*timeout);
  std::unique_ptr<sync::HttpTransport> transport = sync::MakeCurlTransport(t);
  sync::SyncOptions o;
  if (attempts) o.max_attempts = static_cast<int>(*attempts);
  if (backoff) o.backoff.base = std::chrono::milliseconds(*backoff);
  if (per_batch) o.batch_records = static_cast<size_t>(*per_batch);
  sync::SyncClient client(store, *transport, o);
  sync::SyncReport r = client.RunOnce();
  std::string text = "Sent " + std::to_string(r.batches_sent) + " batches: " +
                     std::to_string(r.stored) + " stored, " + std::to_string(r.duplicates) +
                     " already there, " + std::to_string(r.rejected) + " rejected (quarantined), " +
                     std::to_string(r.conflicts) + " in conflict; " + std::to_string(r.waiting) +
                     " waiting";
  if (r.requeued > 0) text += "; " + std::to_string(r.requeued) + " sent again for a restored hub";
  text += "; roster: " + std::to_string(r.roster_people) + " people updated";
  if (r.forms_received > 0) {
    text += "; " + std::to_string(r.forms_received) + " form versions from the hub";
  }
  nlohmann::json doc = {{"batches", r.batches_sent}, {"stored", r.stored},
                        {"duplicates", r.duplicates}, {"rejected", r.rejected},
                        {"conflicts", r.conflicts},   {"requeued", r.requeued},
                        {"waiting", r.waiting},       {"requests", r.requests},
                        {"hub_reachable", r.hub_reachable}, {"roster_people", r.roster_people},
                        {"forms_received", r.forms_received}};
  if (!r.outcome.ok()) return r.outcome;
  ctx.Print(text, doc);
  return Status::Ok();
}

Status SyncStatusCommand(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (!args.positionals().empty()) return Status::InvalidArgument("usage", "sync status takes no arguments");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(SyncSettings s, store.GetSyncSettings());
  STEM_ASSIGN_OR_RETURN(StoreSummary sum, store.Summary());
  STEM_ASSIGN_OR_RETURN(std::vector<QuarantinedRecord> q, store.ListQuarantine());
  nlohmann::json quarantined = nlohmann::json::array();
  std::string text = "Hub:          " + (s.enrolled() ? s.hub_url + " as \"" + s.device_name + "\"" : "not enrolled") +
                     "\nAcknowledged: through seq " + std::to_string(s.acked_through) +
                     "\nWaiting:      " + std::to_string(sum.outbox_depth) + " records" +
                     "\nLast sync:    " + sum.last_sync_at.value_or("never") +
                     "\nQuarantined:  " + std::to_string(q.size()) + " records" +
                     (q.empty() ? "" : " (rejected by the hub; kept on this kiosk, purge never deletes them)");
  for (const QuarantinedRecord& r : q) {
    text += "\n  seq " + std::to_string(r.seq) + " " + r.type + " " + r.record_id + ": " + r.reason;
    quarantined.push_back({{"seq", r.seq}, {"id", r.record_id}, {"type", r.type}, {"reason", r.reason}});
  }
  ctx.Print(text, {{"enrolled", s.enrolled()}, {"hub_url", s.hub_url},
                   {"acked_through", s.acked_through}, {"waiting", sum.outbox_depth},
                   {"last_sync_at", sum.last_sync_at ? nlohmann::json(*sum.last_sync_at) : nullptr},
                   {"quarantined", quarantined}});
  return Status::Ok();
}

// Writes every record not yet acknowledged as batch files, for a USB stick. The records stay
// queued on purpose: a stick can be lost or never imported, and only the hub's answer counts
// as delivery. The hub's import stores each once; a later online sync sends them again, the
// hub answers "duplicate" (nothing stored twice) and the kiosk counts them acknowledged then.
Status ExportBatches(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (args.positionals().size() != 1) return Status::InvalidArgument("usage", "export-batches needs a directory");
  std::filesystem::path dir = args.positionals()[0];
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("no_such_directory", dir.string() + " is not a directory");
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  int64_t after = 0;
  int files = 0;
  int64_t records = 0;
  while (true) {
    STEM_ASSIGN_OR_RETURN(std::vector<StoredRecord> page, store.OutboxPage(after, 250, 256 * 1024));
    if (page.empty()) break;
    std::vector<sync::BatchRecord> batch_records;
    for (const StoredRecord& r : page) batch_records.push_back(sync::ToBatchRecord(r));
    STEM_ASSIGN_OR_RETURN(sync::Batch batch, sync::MakeBatch(store.device_id(), batch_records));
    STEM_ASSIGN_OR_RETURN(sync::EncodedBatch enc, sync::EncodeBatch(batch));
    std::filesystem::path target = dir / sync::BatchFileName(enc);
    std::filesystem::path tmp = target;
    tmp += ".partial";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(enc.body.data(), static_cast<std::streamsize>(enc.body.size()));
      out.flush();
      if (!out) {
        std::filesystem::remove(tmp, ec);
        return Status::IoError("cannot write " + tmp.string());
      }
    }
    std::filesystem::rename(tmp, target, ec);
    if (ec) return Status::IoError("cannot write " + target.string());
    ++files;
    records += static_cast<int64_t>(page.size());
    after = page.back().seq;
  }
  ctx.Print("Wrote " + std::to_string(records) + " records in " + std::to_string(files) +
                " batch files to " + dir.string() +
                "; they stay queued here until the hub acknowledges them (after its import, "
                "the next sync resends them and the hub answers that it has them)",
            {{"files", files}, {"records", records}, {"dir", dir.string()}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> SyncCommands() {
  return {
      {"enroll", "enroll URL CODE [--ca-file FILE]   enroll this kiosk with its hub", Enroll},
      {"sync", "sync [--attempts N] [--backoff-ms N] [--timeout-ms N] [--batch-records N]   one upload pass now", Sync},
      {"sync status", "sync status   hub, records waiting, last sync, quarantined records", SyncStatusCommand},
      {"export-batches", "export-batches DIR   write unsent records as batch files (USB)", ExportBatches},
  };
}

}  // namespace stem::ctl
