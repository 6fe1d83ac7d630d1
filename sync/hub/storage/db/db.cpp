#include "sync/hub/storage/db/db.h"

#include "data/sqlite/sqlite.h"
#include "data/text_fold.h"

namespace stem::hub::db {

struct Connection::FolderHolder {
  sql::Connection db;
  TextFolder folder;
};

Connection::Connection() = default;
Connection::~Connection() = default;

Result<int64_t> Connection::QueryInt(std::string_view sql) {
  STEM_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row || s.IsNull(0)) return int64_t{0};
  return s.Int(0);
}

Result<const TextFolder*> Connection::Folder() {
  if (!folder_) {
    STEM_ASSIGN_OR_RETURN(sql::Connection mem,
                          sql::Connection::Open("", sql::Connection::Mode::kMemory));
    STEM_ASSIGN_OR_RETURN(TextFolder folder, TextFolder::ForConnection(mem));
    folder_.reset(new FolderHolder{std::move(mem), std::move(folder)});
  }
  return &folder_->folder;
}

Result<Transaction> Transaction::Begin(Connection& db) {
  if (db.depth_ > 0) {
    STEM_RETURN_IF_ERROR(db.Exec("SAVEPOINT stem_" + std::to_string(db.depth_)));
  } else {
    STEM_RETURN_IF_ERROR(db.Exec(db.BeginSql()));
  }
  ++db.depth_;
  return Transaction(&db, db.depth_);
}

Transaction::~Transaction() {
  if (db_ == nullptr) return;
  --db_->depth_;
  if (depth_ > 1) {
    std::string name = "stem_" + std::to_string(depth_ - 1);
    (void)db_->Exec("ROLLBACK TO " + name + "; RELEASE " + name);
  } else {
    (void)db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("transaction already finished");
  Status s = db_->Exec(depth_ > 1 ? "RELEASE stem_" + std::to_string(depth_ - 1) : "COMMIT");
  if (!s.ok()) return s;  // still open: the destructor rolls back
  --db_->depth_;
  db_ = nullptr;
  return Status::Ok();
}

}  // namespace stem::hub::db
