// Thin RAII layer over SQLite, private to data/. Public headers never include sqlite3.h;
// the handles are forward-declared and owned by unique_ptrs with close/finalize deleters.
//
// Thread safety: a Connection and its Statements belong to one thread at a time.
// Errors: every call returns a Status; SQLite's own messages stay in the detail (for logs
// and administrators), never shown to families or volunteers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "data/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stem::sql {

struct ConnectionCloser {
  void operator()(sqlite3* db) const;
};
// Finalizes a statement, or, for one borrowed from its connection's cache (in_use set),
// resets it, clears its bindings and hands it back.
struct StatementFinalizer {
  bool* in_use = nullptr;
  void operator()(sqlite3_stmt* stmt) const;
};
struct StatementCache;
struct StatementCacheDeleter {
  void operator()(StatementCache* cache) const;
};

class Statement;

// An open database file.
class Connection {
 public:
  enum class Mode { kReadWrite, kReadWriteCreate, kMemory };

  // Opens without touching the file's contents. kMemory ignores `path`.
  static Result<Connection> Open(const std::string& path, Mode mode);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  // Prepares one statement. The Statement must not outlive this Connection. Statements are
  // cached by their SQL text and reused, reset, once the Statement is destroyed (the same
  // text prepared again while one is still alive gets a fresh, uncached statement).
  Result<Statement> Prepare(std::string_view sql);
  // Returns the single integer a query such as "PRAGMA user_version" yields.
  Result<int64_t> QueryInt(std::string_view sql);

  int64_t Changes() const;
  // The rowid of the last row an INSERT on this connection added.
  int64_t LastInsertRowid() const;
  sqlite3* raw() const { return db_.get(); }

 private:
  explicit Connection(sqlite3* db);
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
  // Declared after db_ so that it is destroyed (its statements finalized) before the close.
  std::unique_ptr<StatementCache, StatementCacheDeleter> cache_;
};

// A prepared statement. Bind indexes start at 1, column indexes at 0.
class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& Bind(int index, const std::optional<std::string>& text);
  Statement& BindNull(int index);

  // Advances one row: true when a row is available, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows.
  Status Run();
  void Reset();

  std::string Text(int column) const;
  std::string Blob(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  bool IsNull(int column) const;
  // The storage class of a column's value in the current row.
  enum class ValueType { kInteger, kReal, kText, kBlob, kNull };
  ValueType TypeOf(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use = nullptr)
      : db_(db), stmt_(stmt, StatementFinalizer{in_use}) {}
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
  int bind_rc_ = 0;  // first failing bind's result code, reported by Step()
};

// BEGIN IMMEDIATE in Begin(), COMMIT in Commit(); rolls back in the destructor when not
// committed. The destructor never throws. Begun while another transaction is open, it is a
// savepoint inside it: Commit() releases it, and only the outer Commit() makes it durable,
// so several saves can be composed into one all-or-nothing transaction.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), nested_(other.nested_) {
    other.db_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  Transaction(Connection* db, bool nested) : db_(db), nested_(nested) {}
  Connection* db_;
  bool nested_;
};

// Maps an SQLite result code to a Status, keeping SQLite's message as the detail.
Status StatusFromSqlite(sqlite3* db, int rc, std::string_view what);

}  // namespace stem::sql
