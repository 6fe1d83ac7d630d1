// SqlHubStorage: personal API tokens (schema version 7).
#include <nlohmann/json.hpp>

#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {

Result<int64_t> SqlHubStorage::AddApiToken(const std::string& email, const std::string& name,
                                              const std::string& access,
                                              const std::string& token_hash) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO api_tokens(token_hash, email, name, access, created_at) "
                     "VALUES (?, ?, ?, ?, ?)" + p_->db.Returning("id")));
  s.Bind(1, token_hash).Bind(2, email).Bind(3, name).Bind(4, access).Bind(5, now);
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> inserted, s.RunInsert());
  if (!inserted) return Status::Internal("the new API token has no id");
  int64_t id = *inserted;
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, email, "api_token_created",
                                  {{"token", id}, {"name", name}, {"access", access}}));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return id;
}

Result<std::vector<ApiToken>> SqlHubStorage::ApiTokens(const std::string& email) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT id, name, access, created_at, last_used, revoked_at != '' "
                     "FROM api_tokens WHERE email = ? ORDER BY id"));
  s.Bind(1, email);
  std::vector<ApiToken> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0});
  }
  return out;
}

Status SqlHubStorage::RevokeApiToken(const std::string& email, int64_t id) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  std::string now = p_->Now();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND email = ? AND "
                     "revoked_at = ''"));
  s.Bind(1, now).Bind(2, id).Bind(3, email);
  STEM_RETURN_IF_ERROR(s.Run());
  if (p_->db.Changes() == 0) return Status::NotFound("unknown_token", "no such token of yours");
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, now, email, "api_token_revoked", {{"token", id}}));
  return txn.Commit();
}

Result<ApiCaller> SqlHubStorage::FindApiToken(const std::string& token_hash) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT t.id, t.email, u.role, t.access, t.last_used FROM api_tokens t "
                     "JOIN users u ON u.email = t.email WHERE t.token_hash = ? AND "
                     "t.revoked_at = '' AND u.disabled_at = ''"));
  s.Bind(1, token_hash);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Denied("bad_token", "unknown or revoked API token");
  int64_t id = s.Int(0);
  ApiCaller caller{s.Text(1), s.Text(2), s.Text(3)};
  std::string last_used = s.Text(4);
  s.Reset();
  std::string now = p_->Now();
  if (last_used.substr(0, 16) != now.substr(0, 16)) {  // at most once a minute
    STEM_ASSIGN_OR_RETURN(db::Statement touch,
                          p_->db.Prepare("UPDATE api_tokens SET last_used = ? WHERE id = ?"));
    touch.Bind(1, now).Bind(2, id);
    STEM_RETURN_IF_ERROR(touch.Run());
  }
  return caller;
}

}  // namespace stem::hub
