// SqlHubStorage: staff accounts, sign-in links and the audit log (schema version 5).
#include <nlohmann/json.hpp>

#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {
Status WriteAudit(db::Connection& db, const std::string& at, const std::string& actor,
                  const std::string& action, const nlohmann::json& detail) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare("INSERT INTO audit_log(at, actor, action, detail) "
                                   "VALUES (?, ?, ?, ?)"));
  s.Bind(1, at).Bind(2, actor).Bind(3, action).Bind(4, detail.dump());
  return s.Run();
}

namespace {

// A user's sign-in links go when the account is disabled, reset or given a new link.
Status DropLinks(db::Connection& db, const std::string& email) {
  STEM_ASSIGN_OR_RETURN(db::Statement s, db.Prepare("DELETE FROM signin_links WHERE email = ?"));
  s.Bind(1, email);
  return s.Run();
}

// Disabling or resetting an account signs it out everywhere.
Status DropSessions(db::Connection& db, const std::string& email) {
  STEM_ASSIGN_OR_RETURN(db::Statement s, db.Prepare("DELETE FROM sessions WHERE email = ?"));
  s.Bind(1, email);
  return s.Run();
}

Status Unknown(const std::string& email) {
  return Status::NotFound("unknown_user", "no account for " + email + "; see stem-hub user list");
}

}  // namespace

Result<StaffUser> SqlHubStorage::AddUser(const std::string& email, const std::string& role,
                                            const std::string& password_hash,
                                            const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO users(email, role, password_hash, created_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT(email) DO NOTHING"));
  s.Bind(1, email).Bind(2, role).Bind(3, password_hash).Bind(4, now);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) {
    return Status::AlreadyExists("user_exists", "an account for " + email + " exists");
  }
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, actor, "user_added", {{"email", email}, {"role", role}}));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return StaffUser{email, role, !password_hash.empty(), false, now};
}

Result<std::vector<StaffUser>> SqlHubStorage::ListUsers() {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT email, role, password_hash != '', disabled_at != '', created_at, "
                     "sensitive_data FROM users ORDER BY email"));
  std::vector<StaffUser> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), s.Text(1), s.Int(2) != 0, s.Int(3) != 0, s.Text(4), s.Int(5) != 0});
  }
  return out;
}

Status SqlHubStorage::SetUserRole(const std::string& email, const std::string& role,
                                     const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(db::Statement old, p_->db.Prepare("SELECT role FROM users WHERE email = ?"));
  old.Bind(1, email);
  STEM_ASSIGN_OR_RETURN(bool found, old.Step());
  if (!found) return Unknown(email);
  std::string before = old.Text(0);
  old.Reset();
  STEM_ASSIGN_OR_RETURN(db::Statement s, p_->db.Prepare("UPDATE users SET role = ? WHERE email = ?"));
  s.Bind(1, role).Bind(2, email);
  STEM_RETURN_IF_ERROR(s.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor, "role_changed",
                                  {{"email", email}, {"from", before}, {"to", role}}));
  return txn.Commit();
}

Status SqlHubStorage::SetSensitiveData(const std::string& email, bool allowed,
                                          const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        p_->db.Prepare("UPDATE users SET sensitive_data = ? WHERE email = ?"));
  s.Bind(1, int64_t{allowed ? 1 : 0}).Bind(2, email);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) return Unknown(email);
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor,
                                  allowed ? "sensitive_data_granted" : "sensitive_data_withdrawn",
                                  {{"email", email}}));
  return txn.Commit();
}

Status SqlHubStorage::DisableUser(const std::string& email, const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("UPDATE users SET disabled_at = CASE disabled_at WHEN '' THEN ? "
                     "ELSE disabled_at END WHERE email = ?"));
  s.Bind(1, now).Bind(2, email);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) return Unknown(email);
  STEM_RETURN_IF_ERROR(DropLinks(p_->db, email));
  STEM_RETURN_IF_ERROR(DropSessions(p_->db, email));
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, actor, "user_disabled", {{"email", email}}));
  return txn.Commit();
}

Status SqlHubStorage::ResetUser(const std::string& email, const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("UPDATE users SET password_hash = '', disabled_at = '' WHERE email = ?"));
  s.Bind(1, email);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) return Unknown(email);
  STEM_RETURN_IF_ERROR(DropLinks(p_->db, email));
  STEM_RETURN_IF_ERROR(DropSessions(p_->db, email));
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor, "user_reset", {{"email", email}}));
  return txn.Commit();
}

Status SqlHubStorage::AddSignInLink(const std::string& email, const std::string& token_hash,
                                       const std::string& expires_at) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(db::Statement known, p_->db.Prepare("SELECT 1 FROM users WHERE email = ?"));
  known.Bind(1, email);
  STEM_ASSIGN_OR_RETURN(bool found, known.Step());
  if (!found) return Unknown(email);
  known.Reset();
  STEM_RETURN_IF_ERROR(DropLinks(p_->db, email));
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO signin_links(token_hash, email, expires_at) VALUES (?, ?, ?)"));
  s.Bind(1, token_hash).Bind(2, email).Bind(3, expires_at);
  STEM_RETURN_IF_ERROR(s.Run());
  return txn.Commit();
}

Result<std::vector<AuditEntry>> SqlHubStorage::AuditLog(int limit) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?"));
  s.Bind(1, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
  }
  return out;
}

}  // namespace stem::hub
