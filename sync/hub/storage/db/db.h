// The hub's database seam: one small SQL interface with two drivers, SQLite (the embedded
// default, through data/'s RAII layer: sqlite_db.h) and PostgreSQL (libpq: pg_db.h), so that
// the hub's storage is written once and its queries run on either.
//
// The SQL the storage writes is the common part of both dialects: `?` or `?N` placeholders
// (the PostgreSQL driver numbers them $N), INSERT ... ON CONFLICT, RETURNING, coalesce,
// nullif, || and CASE. Where the two differ (the schema, PRAGMAs, a row lock) the storage
// asks dialect(). Values: bound as text, integers, doubles, blobs or NULL; read as the
// same. A boolean that PostgreSQL returns reads as Int() 1 or 0.
//
// Ownership: a Statement must not outlive its Connection. Thread safety: a Connection and its
// statements belong to one thread at a time (the storage's mutex). Errors: Status values;
// a unique or foreign key violation is Conflict "constraint", a lost connection or a busy
// database Busy, a full disk IoError; the detail names the statement, never bound values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "data/status.h"

namespace stem {
class TextFolder;
}

namespace stem::hub::db {

enum class Dialect { kSqlite, kPostgres };

// The storage class of a value read from a row.
enum class ValueType { kInteger, kReal, kText, kBlob, kNull };

// A driver's prepared statement. Bind indexes start at 1, columns at 0.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void Bind(int index, std::string_view text) = 0;
  virtual void Bind(int index, int64_t value) = 0;
  virtual void Bind(int index, double value) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;
  virtual Result<bool> Step() = 0;
  virtual Status Run() = 0;
  virtual Result<std::optional<int64_t>> RunInsert() = 0;
  virtual void Reset() = 0;
  virtual std::string Text(int column) const = 0;
  virtual std::string Blob(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Double(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual ValueType TypeOf(int column) const = 0;
};

// A prepared statement, as data/'s sql::Statement: bind, then Step() through the rows or
// Run() one that returns none; Reset() to run it again with new values.
class Statement {
 public:
  explicit Statement(std::unique_ptr<Cursor> cursor) : c_(std::move(cursor)) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& Bind(int index, std::string_view text) { c_->Bind(index, text); return *this; }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, int64_t value) { c_->Bind(index, value); return *this; }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value) { c_->Bind(index, value); return *this; }
  Statement& BindBlob(int index, std::string_view bytes) { c_->BindBlob(index, bytes); return *this; }
  Statement& BindNull(int index) { c_->BindNull(index); return *this; }
  Statement& Bind(int index, const std::optional<std::string>& text) {
    return text ? Bind(index, *text) : BindNull(index);
  }

  // Advances one row: true when a row is available, false when done.
  Result<bool> Step() { return c_->Step(); }
  // Runs a statement that returns no rows.
  Status Run() { return c_->Run(); }
  // Runs an INSERT whose text ends with Connection::Returning(column): the new row's id, or
  // nullopt when it added no row (ON CONFLICT DO NOTHING).
  Result<std::optional<int64_t>> RunInsert() { return c_->RunInsert(); }
  void Reset() { c_->Reset(); }

  std::string Text(int column) const { return c_->Text(column); }
  std::string Blob(int column) const { return c_->Blob(column); }
  int64_t Int(int column) const { return c_->Int(column); }
  double Double(int column) const { return c_->Double(column); }
  bool IsNull(int column) const { return c_->IsNull(column); }
  ValueType TypeOf(int column) const { return c_->TypeOf(column); }

 private:
  std::unique_ptr<Cursor> c_;
};

// An open database.
class Connection {
 public:
  Connection();
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;
  // Runs one or more statements that return no rows (no values bound).
  virtual Status Exec(std::string_view sql) = 0;
  // Prepares one statement (drivers keep prepared statements by their text and reuse them).
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // Prepares a query that may yield millions of rows (exports, migrate's checks), to read
  // in bounded memory: PostgreSQL reads it through a cursor a page of rows at a time (libpq
  // would hold every row of a plain query at once); SQLite steps as Prepare's does. Other
  // statements may run on the connection between its rows.
  virtual Result<Statement> PrepareStream(std::string_view sql) { return Prepare(sql); }
  // Rows the last INSERT, UPDATE or DELETE on this connection changed.
  virtual int64_t Changes() const = 0;
  // What ends an INSERT that Statement::RunInsert() runs: " RETURNING column" on PostgreSQL;
  // nothing on SQLite, whose RETURNING buffers every row (a third of ingest's speed) and
  // whose rowid of the last insert says the same.
  virtual std::string Returning(std::string_view column) const = 0;

  // The single integer a query yields (0 when it yields no row or NULL).
  Result<int64_t> QueryInt(std::string_view sql);
  // Folds people's names into search words, the same on both backends: SQLite's own unicode61
  // tokenizer, from a private in-memory SQLite database (made on first use).
  Result<const TextFolder*> Folder();

 protected:
  friend class Transaction;
  bool in_transaction() const { return depth_ > 0; }
  // BEGIN (SQLite: IMMEDIATE, taking the write lock at once), COMMIT, ROLLBACK.
  virtual std::string_view BeginSql() const = 0;

 private:
  int depth_ = 0;  // open transactions: the outer one, then savepoints
  struct FolderHolder;
  std::unique_ptr<FolderHolder> folder_;
};

// Begins a transaction in Begin(), commits in Commit(), rolls back in the destructor when not
// committed (never throwing). Begun inside another, it is a savepoint: only the outer
// Commit() makes it durable.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), depth_(other.depth_) {
    other.db_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  Transaction(Connection* db, int depth) : db_(db), depth_(depth) {}
  Connection* db_;
  int depth_;  // 1: the outer transaction
};

}  // namespace stem::hub::db
