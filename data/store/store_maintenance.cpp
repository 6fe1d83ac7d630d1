// Figures, acknowledgements from the hub, and retention.
#include "data/store/schema.h"
#include "data/store/store_internal.h"

namespace stem {

Result<StoreSummary> Store::Summary() {
  StoreSummary sum;
  sum.device_id = p_->device_id;
  STEM_ASSIGN_OR_RETURN(sum.schema_version, SchemaVersion());
  Result<Event> event = CurrentEvent();
  if (event.ok()) {
    sum.current_event_id = event->id;
    sum.current_event_name = event->name;
  }
  STEM_ASSIGN_OR_RETURN(sql::Statement by_type,
                        p_->db.Prepare("SELECT type, count(*) FROM records GROUP BY type"));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, by_type.Step());
    if (!row) break;
    sum.records_by_type[by_type.Text(0)] = by_type.Int(1);
  }
  STEM_ASSIGN_OR_RETURN(sum.outbox_depth,
                        p_->db.QueryInt("SELECT count(*) FROM outbox WHERE acked_at IS NULL"));
  STEM_ASSIGN_OR_RETURN(sum.last_sync_at, p_->GetSetting("last_sync_at"));
  if (sum.current_event_id) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement s,
        p_->db.Prepare(
            "SELECT (SELECT count(*) FROM people WHERE event_id = ?1 AND role = 'student'), "
            "(SELECT count(DISTINCT c.person_id) FROM checkins c WHERE c.event_id = ?1 "
            "  AND NOT EXISTS (SELECT 1 FROM checkouts o WHERE o.checkin_id = c.record_id) "
            "  AND NOT EXISTS (SELECT 1 FROM records r WHERE r.supersedes = c.record_id)), "
            "(SELECT count(DISTINCT c.person_id) FROM checkins c WHERE c.event_id = ?1 "
            "  AND c.local_day = ?2)"));
    s.Bind(1, *sum.current_event_id).Bind(2, p_->Today());
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      sum.roster_students = s.Int(0);
      sum.checked_in_now = s.Int(1);
      sum.checked_in_today = s.Int(2);
    }
  }
  return sum;
}

Status Store::MarkAcked(int64_t through_seq) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("UPDATE outbox SET acked_at = ? WHERE seq <= ? AND acked_at IS NULL"));
  s.Bind(1, p_->NowUtc()).Bind(2, through_seq);
  return s.Run();
}

Status Store::SetLastSync(TimePoint when) { return p_->PutSetting("last_sync_at", FormatUtc(when)); }

Result<int> Store::RetentionDays() {
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> v, p_->GetSetting("retention_days"));
  if (!v) return 30;
  return std::stoi(*v);
}

Status Store::SetRetentionDays(int days) {
  if (days < 0 || days > 3650) {
    return Status::InvalidArgument("invalid_retention", "retention must be 0 to 3650 days");
  }
  return p_->PutSetting("retention_days", std::to_string(days));
}

Result<int64_t> Store::Purge(int days) {
  if (days < 0 || days > 3650) {
    return Status::InvalidArgument("invalid_retention", "retention must be 0 to 3650 days");
  }
  std::string cutoff = FormatUtc(p_->clock->Now() - std::chrono::hours(24) * days);
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  // The records table's trigger refuses to delete an unacknowledged record, so a mistake
  // here would fail the whole purge rather than lose data. Quarantined records count as
  // acknowledged (the hub answered them) but the hub did not keep them: this kiosk holds the
  // only copy until someone has looked at them, so retention leaves them alone.
  STEM_ASSIGN_OR_RETURN(
      sql::Statement del,
      p_->db.Prepare("DELETE FROM records WHERE seq IN (SELECT o.seq FROM outbox o "
                     "JOIN records r USING (seq) WHERE o.acked_at IS NOT NULL "
                     "AND r.created_at < ? AND NOT EXISTS "
                     "(SELECT 1 FROM sync_quarantine q WHERE q.seq = o.seq))"));
  del.Bind(1, cutoff);
  STEM_RETURN_IF_ERROR(del.Run());
  int64_t purged = p_->db.Changes();
  if (purged > 0) {
    STEM_RETURN_IF_ERROR(p_->AppendRecord("audit", "", "", "",
                                          {{"action", "purge"},
                                           {"detail", {{"records", purged}, {"days", days}}}})
                             .status());
  }
  STEM_RETURN_IF_ERROR(txn.Commit());
  return purged;
}

}  // namespace stem
