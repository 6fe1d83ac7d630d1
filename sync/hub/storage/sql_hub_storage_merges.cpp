// People staff merged: one row per merged person in person_merges, read by the read model's
// people, attendance and responses queries (sql_read_model*.cpp).
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {
namespace {

struct Who {
  std::string event_id;
  std::string role;
};

Result<Who> FindPerson(db::Connection& db, const std::string& id) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare("SELECT event_id, role FROM people WHERE person_id = ?"));
  s.Bind(1, id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::NotFound("unknown_person", "no such person at the hub");
  return Who{s.Text(0), s.Text(1)};
}

Result<int64_t> Count(db::Connection& db, const std::string& sql, const std::string& id) {
  STEM_ASSIGN_OR_RETURN(db::Statement s, db.Prepare(sql));
  s.Bind(1, id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

}  // namespace

Status SqlHubStorage::MergePeople(const std::string& merged_id, const std::string& into_id,
                                  const std::string& reason, const std::string& actor) {
  if (merged_id == into_id) {
    return Status::InvalidArgument("merge_itself", "a person cannot be merged into themselves");
  }
  if (reason.size() > 500) return Status::InvalidArgument("bad_reason", "the reason is over 500 bytes");
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(Who merged, FindPerson(p_->db, merged_id));
  STEM_ASSIGN_OR_RETURN(Who into, FindPerson(p_->db, into_id));
  if (merged.event_id != into.event_id) {
    return Status::InvalidArgument("merge_across_events", "the two people are of different events");
  }
  if (merged.role != into.role) {
    return Status::InvalidArgument("merge_across_roles", "a student and a guardian cannot be merged");
  }
  const std::string is_merged = "SELECT count(*) FROM person_merges WHERE merged_id = ?";
  STEM_ASSIGN_OR_RETURN(int64_t merged_before, Count(p_->db, is_merged, merged_id));
  STEM_ASSIGN_OR_RETURN(int64_t into_merged, Count(p_->db, is_merged, into_id));
  if (merged_before > 0 || into_merged > 0) {
    return Status::Conflict("already_merged", "one of them was merged into someone already");
  }
  STEM_ASSIGN_OR_RETURN(int64_t others,
                        Count(p_->db, "SELECT count(*) FROM person_merges WHERE into_id = ?", merged_id));
  if (others > 0) {
    return Status::Conflict("has_merged", "others were merged into this person: undo those first");
  }
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO person_merges(merged_id, into_id, merged_by, merged_at, reason) "
                     "VALUES (?, ?, ?, ?, ?)"));
  s.Bind(1, merged_id).Bind(2, into_id).Bind(3, actor).Bind(4, p_->Now()).Bind(5, reason);
  STEM_RETURN_IF_ERROR(s.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor, "person_merged",
                                  {{"person", merged_id}, {"into", into_id}}));
  return txn.Commit();
}

Status SqlHubStorage::UndoMerge(const std::string& merged_id, const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(db::Statement find,
                        p_->db.Prepare("SELECT into_id FROM person_merges WHERE merged_id = ?"));
  find.Bind(1, merged_id);
  STEM_ASSIGN_OR_RETURN(bool row, find.Step());
  if (!row) return Status::NotFound("not_merged", "this person was not merged into anyone");
  std::string into_id = find.Text(0);
  find.Reset();
  STEM_ASSIGN_OR_RETURN(db::Statement drop,
                        p_->db.Prepare("DELETE FROM person_merges WHERE merged_id = ?"));
  drop.Bind(1, merged_id);
  STEM_RETURN_IF_ERROR(drop.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor, "person_unmerged",
                                  {{"person", merged_id}, {"into", into_id}}));
  return txn.Commit();
}

}  // namespace stem::hub
