#include "sync/hub/storage/db/sqlite_db.h"

namespace stem::hub::db {
namespace {

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(sql::Connection& db, sql::Statement s) : db_(db), s_(std::move(s)) {}
  void Bind(int index, std::string_view text) override { s_.Bind(index, text); }
  void Bind(int index, int64_t value) override { s_.Bind(index, value); }
  void Bind(int index, double value) override { s_.Bind(index, value); }
  void BindBlob(int index, std::string_view bytes) override { s_.BindBlob(index, bytes); }
  void BindNull(int index) override { s_.BindNull(index); }
  Result<bool> Step() override { return s_.Step(); }
  Status Run() override { return s_.Run(); }
  Result<std::optional<int64_t>> RunInsert() override {
    STEM_RETURN_IF_ERROR(s_.Run());
    if (db_.Changes() == 0) return std::optional<int64_t>();
    return std::optional<int64_t>(db_.LastInsertRowid());
  }
  void Reset() override { s_.Reset(); }
  std::string Text(int column) const override { return s_.Text(column); }
  std::string Blob(int column) const override { return s_.Blob(column); }
  int64_t Int(int column) const override { return s_.Int(column); }
  double Double(int column) const override { return s_.Double(column); }
  bool IsNull(int column) const override { return s_.IsNull(column); }
  ValueType TypeOf(int column) const override {
    switch (s_.TypeOf(column)) {
      case sql::Statement::ValueType::kInteger: return ValueType::kInteger;
      case sql::Statement::ValueType::kReal: return ValueType::kReal;
      case sql::Statement::ValueType::kText: return ValueType::kText;
      case sql::Statement::ValueType::kBlob: return ValueType::kBlob;
      case sql::Statement::ValueType::kNull: break;
    }
    return ValueType::kNull;
  }

 private:
  sql::Connection& db_;
  sql::Statement s_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sql::Connection c) : c_(std::move(c)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Exec(std::string_view sql) override { return c_.Exec(sql); }
  Result<Statement> Prepare(std::string_view sql) override {
    STEM_ASSIGN_OR_RETURN(sql::Statement s, c_.Prepare(sql));
    return Statement(std::make_unique<SqliteCursor>(c_, std::move(s)));
  }
  int64_t Changes() const override { return c_.Changes(); }
  std::string Returning(std::string_view) const override { return ""; }
  sql::Connection& sqlite() { return c_; }

 protected:
  std::string_view BeginSql() const override { return "BEGIN IMMEDIATE"; }

 private:
  sql::Connection c_;
};

}  // namespace

std::unique_ptr<Connection> FromSqlite(sql::Connection connection) {
  return std::make_unique<SqliteConnection>(std::move(connection));
}

sql::Connection* SqliteOf(Connection& db) {
  auto* s = dynamic_cast<SqliteConnection*>(&db);
  return s ? &s->sqlite() : nullptr;
}

}  // namespace stem::hub::db
