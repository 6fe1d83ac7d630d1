// SqlHubStorage: signing in to the staff pages (sign-in links, the throttle's failures,
// sessions) and the pages' views of the read model (schema version 6).
#include <nlohmann/json.hpp>

#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {

Status SqlHubStorage::Audit(const std::string& actor, const std::string& action,
                               const std::string& detail_json) {
  nlohmann::json detail = nlohmann::json::parse(detail_json, nullptr, false);
  if (!detail.is_object()) return Status::InvalidArgument("bad_detail", "audit detail must be an object");
  std::lock_guard lock(p_->mu);
  return WriteAudit(p_->db, p_->Now(), actor, action, detail);
}

Result<StaffCredentials> SqlHubStorage::UserCredentials(const std::string& email) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT email, role, password_hash, disabled_at != '' FROM users "
                     "WHERE email = ?"));
  s.Bind(1, email);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::NotFound("unknown_user", "no such account");
  return StaffCredentials{s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0};
}

namespace {

// The account of a usable link: Denied "bad_link" or "expired_link" otherwise.
Result<std::string> LinkOwner(db::Connection& db, const std::string& token_hash,
                              const std::string& now) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT l.email, l.expires_at FROM signin_links l JOIN users u "
                 "ON u.email = l.email WHERE l.token_hash = ? AND u.disabled_at = ''"));
  s.Bind(1, token_hash);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Denied("bad_link", "this sign-in link is unknown or was used");
  if (s.Text(1) <= now) return Status::Denied("expired_link", "this sign-in link has expired");
  return s.Text(0);
}

}  // namespace

Result<std::string> SqlHubStorage::SignInLinkEmail(const std::string& token_hash) {
  std::lock_guard lock(p_->mu);
  return LinkOwner(p_->db, token_hash, p_->Now());
}

Result<std::string> SqlHubStorage::UseSignInLink(const std::string& token_hash,
                                                    const std::string& password_hash) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(std::string email, LinkOwner(p_->db, token_hash, now));
  STEM_ASSIGN_OR_RETURN(db::Statement set,
                        p_->db.Prepare("UPDATE users SET password_hash = ? WHERE email = ?"));
  set.Bind(1, password_hash).Bind(2, email);
  STEM_RETURN_IF_ERROR(set.Run());
  STEM_ASSIGN_OR_RETURN(db::Statement used,
                        p_->db.Prepare("DELETE FROM signin_links WHERE email = ?"));
  used.Bind(1, email);
  STEM_RETURN_IF_ERROR(used.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, email, "password_set", nlohmann::json::object()));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return email;
}

Status SqlHubStorage::RecordSignInFailure(const std::string& email, const std::string& address) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO signin_failures(email, address, at) VALUES (?, ?, ?)"));
  s.Bind(1, email).Bind(2, address).Bind(3, now);
  STEM_RETURN_IF_ERROR(s.Run());
  // Only the last minutes count for the throttle; a day is kept, for the audit's sake.
  STEM_ASSIGN_OR_RETURN(db::Statement old,
                        p_->db.Prepare("DELETE FROM signin_failures WHERE at < ?"));
  old.Bind(1, FormatUtc(p_->clock->Now() - std::chrono::hours(24)));
  STEM_RETURN_IF_ERROR(old.Run());
  STEM_RETURN_IF_ERROR(
      WriteAudit(p_->db, now, email, "signin_failed", {{"address", address}}));
  return txn.Commit();
}

Result<std::string> SqlHubStorage::SignInFailureAt(bool by_address, const std::string& key,
                                                      int nth, const std::string& since) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare(by_address ? "SELECT at FROM signin_failures WHERE address = ? AND at >= ? "
                                  "ORDER BY at DESC LIMIT 1 OFFSET ?"
                                : "SELECT at FROM signin_failures WHERE email = ? AND at >= ? "
                                  "ORDER BY at DESC LIMIT 1 OFFSET ?"));
  s.Bind(1, key).Bind(2, since).Bind(3, static_cast<int64_t>(nth - 1));
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Text(0) : std::string();
}

Status SqlHubStorage::StartSession(const std::string& session_hash, const std::string& email,
                                      const std::string& csrf, const std::string& address) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO sessions(id_hash, email, csrf, created_at, last_used) "
                     "VALUES (?, ?, ?, ?, ?)"));
  s.Bind(1, session_hash).Bind(2, email).Bind(3, csrf).Bind(4, now).Bind(5, now);
  STEM_RETURN_IF_ERROR(s.Run());
  // Sessions idle past any expiry are of no use: they go (the table stays small).
  STEM_ASSIGN_OR_RETURN(db::Statement old,
                        p_->db.Prepare("DELETE FROM sessions WHERE last_used < ?"));
  old.Bind(1, FormatUtc(p_->clock->Now() - std::chrono::hours(24)));
  STEM_RETURN_IF_ERROR(old.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, email, "signed_in", {{"address", address}}));
  return txn.Commit();
}

Result<StaffSession> SqlHubStorage::FindSession(const std::string& session_hash,
                                                   const std::string& idle_since, bool touch) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT s.email, u.role, s.csrf, s.last_used, u.sensitive_data FROM sessions s "
                     "JOIN users u ON u.email = s.email WHERE s.id_hash = ? AND "
                     "u.disabled_at = ''"));
  s.Bind(1, session_hash);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row || s.Text(3) < idle_since) {
    return Status::NotFound("no_session", "not signed in, or signed out after 8 idle hours");
  }
  StaffSession session{s.Text(0), s.Text(1), s.Text(2), s.Int(4) != 0};
  std::string last_used = s.Text(3);
  s.Reset();
  // Marked used at most once a minute: a page's polling does not write on every request.
  std::string now = p_->Now();
  if (touch && last_used.substr(0, 16) != now.substr(0, 16)) {
    STEM_ASSIGN_OR_RETURN(db::Statement used,
                          p_->db.Prepare("UPDATE sessions SET last_used = ? WHERE id_hash = ?"));
    used.Bind(1, now).Bind(2, session_hash);
    STEM_RETURN_IF_ERROR(used.Run());
  }
  return session;
}

Status SqlHubStorage::EndSession(const std::string& session_hash) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        p_->db.Prepare("DELETE FROM sessions WHERE id_hash = ?"));
  s.Bind(1, session_hash);
  return s.Run();
}

Result<EventOverview> SqlHubStorage::Overview(const std::string& event_id,
                                                 const std::string& today) {
  std::lock_guard lock(p_->mu);
  return read_model::Overview(p_->db, event_id, today);
}

Result<std::vector<KioskStatus>> SqlHubStorage::Kiosks() {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT d.name, coalesce(d.kiosk_id, ''), d.kiosk_id IS NOT NULL, "
                     "d.revoked_at IS NOT NULL, d.last_seen_at, coalesce(p.acked_through, 0), "
                     "coalesce(p.acked_through, 0), "
                     "(SELECT count(*) FROM rejections j WHERE j.device_id = d.kiosk_id), "
                     "d.app_version, d.waiting, d.quarantined, d.reported_at "
                     "FROM devices d LEFT JOIN progress p ON p.kiosk_id = d.kiosk_id "
                     "ORDER BY d.name"));
  std::vector<KioskStatus> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), s.Text(1), s.Int(2) != 0, s.Int(3) != 0, s.Text(4), s.Int(5),
                   s.Int(6), s.Int(7), s.Text(8), s.Int(9), s.Int(10), s.Text(11)});
  }
  return out;
}

Status SqlHubStorage::ReportKiosk(const std::string& name, const KioskReport& r) {
  std::lock_guard lock(p_->mu);
  TimePoint now = p_->clock->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("UPDATE devices SET app_version = ?1, waiting = ?2, quarantined = ?3, "
                     "reported_at = ?4 WHERE name = ?5 AND (app_version != ?1 OR waiting != ?2 "
                     "OR quarantined != ?3 OR reported_at < ?6)"));
  s.Bind(1, r.app_version).Bind(2, r.waiting).Bind(3, r.quarantined).Bind(4, FormatUtc(now));
  s.Bind(5, name).Bind(6, FormatUtc(now - std::chrono::minutes(1)));
  return s.Run();
}

Result<std::vector<PersonRow>> SqlHubStorage::SearchPeople(const std::string& text, int limit) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->read_model_writer.Folder(p_->db));
  return read_model::SearchPeople(p_->db, *folder, text, limit);
}

Result<PersonDetail> SqlHubStorage::PersonPage(const std::string& person_id) {
  std::lock_guard lock(p_->mu);
  return read_model::PersonPage(p_->db, person_id);
}

Result<ResponsePage> SqlHubStorage::Responses(const ResponseQuery& query) {
  std::lock_guard lock(p_->mu);
  return read_model::Responses(p_->db, query);
}

Result<ResponseDetail> SqlHubStorage::FindResponse(const std::string& record_id) {
  std::lock_guard lock(p_->mu);
  return read_model::FindResponse(p_->db, record_id);
}

}  // namespace stem::hub
