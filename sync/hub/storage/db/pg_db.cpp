#include "sync/hub/storage/db/pg_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace stem::hub::db {
namespace {

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;

struct ConnFree {
  void operator()(PGconn* c) const { PQfinish(c); }
};

// Type OIDs (pg_type.h) of the values the storage reads.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

// The first line of what libpq or the server said, without a trailing newline.
std::string FirstLine(const char* message) {
  std::string m = message ? message : "";
  size_t end = m.find('\n');
  if (end != std::string::npos) m.resize(end);
  return m;
}

// A failed statement as a Status: the server's primary message (which names a constraint or
// an object, never a bound value) and the kind of failure from its SQLSTATE.
Status StatusOf(const PGresult* r, PGconn* conn, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string detail = std::string(what) + ": " +
                       (primary ? std::string(primary) : FirstLine(PQerrorMessage(conn)));
  std::string code = state ? state : "";
  if (code.rfind("23", 0) == 0) return Status::Conflict("constraint", detail);
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") {
    return Status::Busy(detail);  // serialization, deadlock, lock timeout, cancelled
  }
  if (code == "53100" || code.rfind("58", 0) == 0) return Status::IoError(detail);
  if (code.empty() || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0) {
    return Status::IoError("the database connection failed: " + detail);
  }
  return Status::Internal(detail);
}

class PgConnection;

// A statement: a prepared one (`name` its server-side name), or with `stream_sql` a query
// read through a cursor of that name, kStreamPage rows at a time.
class PgCursor final : public Cursor {
 public:
  PgCursor(PgConnection& conn, std::string name, int params, std::string stream_sql = "")
      : conn_(conn), name_(std::move(name)), stream_sql_(std::move(stream_sql)),
        values_(params), formats_(params, 0) {}
  ~PgCursor() override { Close(); }
  void Bind(int index, std::string_view text) override { Set(index, std::string(text), 0); }
  void Bind(int index, int64_t value) override { Set(index, std::to_string(value), 0); }
  void Bind(int index, double value) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    Set(index, buf, 0);
  }
  void BindBlob(int index, std::string_view bytes) override { Set(index, std::string(bytes), 1); }
  void BindNull(int index) override {
    if (index >= 1 && index <= static_cast<int>(values_.size())) values_[index - 1].reset();
  }
  Result<bool> Step() override;
  Status Run() override;
  Result<std::optional<int64_t>> RunInsert() override;
  void Reset() override {
    Close();
    result_.reset();
    row_ = -1;
  }
  std::string Text(int column) const override {
    if (!Has(column)) return "";
    if (PQftype(result_.get(), column) == kBytea) return Blob(column);
    return std::string(PQgetvalue(result_.get(), row_, column),
                       PQgetlength(result_.get(), row_, column));
  }
  std::string Blob(int column) const override {
    if (!Has(column)) return "";
    if (PQftype(result_.get(), column) != kBytea) {
      return std::string(PQgetvalue(result_.get(), row_, column),
                         PQgetlength(result_.get(), row_, column));
    }
    size_t n = 0;
    unsigned char* raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, column)), &n);
    if (raw == nullptr) return "";
    std::string out(reinterpret_cast<char*>(raw), n);
    PQfreemem(raw);
    return out;
  }
  int64_t Int(int column) const override {
    if (!Has(column)) return 0;
    const char* v = PQgetvalue(result_.get(), row_, column);
    if (PQftype(result_.get(), column) == kBool) return v[0] == 't' ? 1 : 0;
    return std::strtoll(v, nullptr, 10);
  }
  double Double(int column) const override {
    if (!Has(column)) return 0;
    return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
  }
  bool IsNull(int column) const override { return !Has(column); }
  ValueType TypeOf(int column) const override {
    if (!Has(column)) return ValueType::kNull;
    switch (PQftype(result_.get(), column)) {
      case kBool:
      case kInt2:
      case kInt4:
      case kInt8:
        return ValueType::kInteger;
      case kFloat4:
      case kFloat8:
      case kNumeric:
        return ValueType::kReal;
      case kBytea:
        return ValueType::kBlob;
      default:
        return ValueType::kText;
    }
  }

 private:
  void Set(int index, std::string value, int format) {
    if (index < 1 || index > static_cast<int>(values_.size())) {
      bad_index_ = index;
      return;
    }
    values_[index - 1] = std::move(value);
    formats_[index - 1] = format;
  }
  bool Has(int column) const {
    return result_ && row_ >= 0 && row_ < PQntuples(result_.get()) &&
           column >= 0 && column < PQnfields(result_.get()) &&
           !PQgetisnull(result_.get(), row_, column);
  }
  // Runs the statement with the values bound; keeps its rows (a streamed query: declares
  // its cursor and fetches the first page).
  Status Execute();
  Status Fetch();
  void Close();

  static constexpr int kStreamPage = 1000;
  PgConnection& conn_;
  std::string name_;
  std::string stream_sql_;
  bool open_ = false;  // the stream's cursor is declared
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
  int bad_index_ = 0;
  PgResult result_;
  int row_ = -1;  // -1 before the first Step
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : c_(c) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(std::string_view sql) override {
    PgResult r(PQexec(c_.get(), std::string(sql).c_str()));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return StatusOf(r.get(), c_.get(), "statement failed");
    }
    changes_ = std::strtoll(PQcmdTuples(r.get()), nullptr, 10);
    return Status::Ok();
  }

  Result<Statement> PrepareStream(std::string_view sql) override {
    int params = 0;
    std::string text = NumberPlaceholders(sql, &params);
    // WITH HOLD outside a transaction: the cursor outlives the statement that declares it.
    std::string name = "stream" + std::to_string(++streams_);
    std::string declare = "DECLARE " + name + " NO SCROLL CURSOR " +
                          (in_transaction() ? "WITHOUT" : "WITH") + " HOLD FOR " + text;
    return Statement(std::make_unique<PgCursor>(*this, name, params, std::move(declare)));
  }

  Result<Statement> Prepare(std::string_view sql) override {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      int params = 0;
      std::string text = NumberPlaceholders(sql, &params);
      std::string name = "s" + std::to_string(prepared_.size() + 1);
      PgResult r(PQprepare(c_.get(), name.c_str(), text.c_str(), 0, nullptr));
      if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
        return StatusOf(r.get(), c_.get(), "cannot prepare a statement");
      }
      it = prepared_.emplace(std::move(key), Prepared{std::move(name), params}).first;
    }
    return Statement(std::make_unique<PgCursor>(*this, it->second.name, it->second.params));
  }

  int64_t Changes() const override { return changes_; }
  std::string Returning(std::string_view column) const override {
    return " RETURNING " + std::string(column);
  }

  PGconn* raw() { return c_.get(); }
  void set_changes(int64_t n) { changes_ = n; }

 protected:
  std::string_view BeginSql() const override { return "BEGIN"; }

 private:
  struct Prepared {
    std::string name;
    int params;
  };
  std::unique_ptr<PGconn, ConnFree> c_;
  std::unordered_map<std::string, Prepared> prepared_;
  int64_t changes_ = 0;
  int64_t streams_ = 0;
};

Status PgCursor::Execute() {
  if (bad_index_ != 0) {
    return Status::Internal("bind index " + std::to_string(bad_index_) + " out of range");
  }
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) {
    values[i] = values_[i] ? values_[i]->data() : nullptr;
    lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
  }
  if (!stream_sql_.empty()) {
    Close();
    result_.reset(PQexecParams(conn_.raw(), stream_sql_.c_str(), static_cast<int>(values.size()),
                               nullptr, values.data(), lengths.data(), formats_.data(), 0));
    if (!result_ || PQresultStatus(result_.get()) != PGRES_COMMAND_OK) {
      Status s = StatusOf(result_.get(), conn_.raw(), "cannot open a query");
      result_.reset();
      return s;
    }
    open_ = true;
    return Fetch();
  }
  result_.reset(PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(values.size()),
                               values.data(), lengths.data(), formats_.data(), 0));
  ExecStatusType st = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = StatusOf(result_.get(), conn_.raw(), "statement failed");
    result_.reset();
    return s;
  }
  conn_.set_changes(std::strtoll(PQcmdTuples(result_.get()), nullptr, 10));
  return Status::Ok();
}

Status PgCursor::Fetch() {
  result_.reset(PQexec(conn_.raw(), ("FETCH FORWARD " + std::to_string(kStreamPage) + " FROM " +
                                     name_).c_str()));
  if (!result_ || PQresultStatus(result_.get()) != PGRES_TUPLES_OK) {
    Status s = StatusOf(result_.get(), conn_.raw(), "cannot read a query's rows");
    result_.reset();
    return s;
  }
  if (PQntuples(result_.get()) < kStreamPage) Close();  // the last page
  return Status::Ok();
}

void PgCursor::Close() {
  if (!open_) return;
  open_ = false;
  // A cursor of a transaction that has ended is gone; closing it then would fail, and fail
  // the transaction that the connection may be in now.
  if (PQtransactionStatus(conn_.raw()) == PQTRANS_INERROR) return;
  PgResult open(PQexec(conn_.raw(), ("SELECT 1 FROM pg_cursors WHERE name = '" + name_ + "'").c_str()));
  if (open && PQresultStatus(open.get()) == PGRES_TUPLES_OK && PQntuples(open.get()) == 1) {
    PgResult(PQexec(conn_.raw(), ("CLOSE " + name_).c_str()));
  }
}

Result<bool> PgCursor::Step() {
  if (!result_) {
    STEM_RETURN_IF_ERROR(Execute());
    row_ = -1;
  }
  ++row_;
  if (row_ >= PQntuples(result_.get()) && open_) {
    STEM_RETURN_IF_ERROR(Fetch());
    row_ = 0;
  }
  return row_ < PQntuples(result_.get());
}

Status PgCursor::Run() {
  Status s = Execute();
  result_.reset();
  row_ = -1;
  return s;
}

Result<std::optional<int64_t>> PgCursor::RunInsert() {
  STEM_RETURN_IF_ERROR(Execute());
  std::optional<int64_t> id;
  if (PQntuples(result_.get()) > 0 && !PQgetisnull(result_.get(), 0, 0)) {
    id = std::strtoll(PQgetvalue(result_.get(), 0, 0), nullptr, 10);
  }
  result_.reset();
  row_ = -1;
  return id;
}

}  // namespace

bool IsPostgresUrl(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string NumberPlaceholders(std::string_view sql, int* params) {
  std::string out;
  out.reserve(sql.size() + 16);
  int largest = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // quoted text or a quoted name, '' and "" inside
      size_t end = i + 1;
      while (end < sql.size() && !(sql[end] == c && (end + 1 >= sql.size() || sql[end + 1] != c))) {
        end += (sql[end] == c) ? 2 : 1;
      }
      out.append(sql.substr(i, end + 1 - i));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end + 1 - i));
      i = end;
    } else if (c == '?') {
      size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
      if (j == i + 1) n = largest + 1;
      largest = std::max(largest, n);
      out += '$';
      out += std::to_string(n);
      i = j - 1;
    } else {
      out += c;
    }
  }
  if (params) *params = largest;
  return out;
}

Result<std::unique_ptr<Connection>> ConnectPostgres(const std::string& conninfo) {
  std::unique_ptr<PGconn, ConnFree> c(PQconnectdb(conninfo.c_str()));
  if (!c) return Status::IoError("cannot start a database connection (out of memory)");
  if (PQstatus(c.get()) != CONNECTION_OK) {
    std::string why = FirstLine(PQerrorMessage(c.get()));
    // libpq says "connection to server at ... failed: FATAL:  ..." and the like.
    if (why.find("password authentication failed") != std::string::npos ||
        why.find("no password supplied") != std::string::npos ||
        why.find("role \"") != std::string::npos ||
        why.find("no pg_hba.conf entry") != std::string::npos ||
        why.find("permission denied") != std::string::npos) {
      return Status::Denied("db_denied", "the database refused the sign-in: " + why);
    }
    if (why.find("database \"") != std::string::npos && why.find("does not exist") != std::string::npos) {
      return Status::NotFound("db_missing", why);
    }
    return Status::IoError("cannot reach the database: " + why);
  }
  auto conn = std::make_unique<PgConnection>(c.release());
  // Quiet notices (they would go to stderr), UTF-8 both ways, times in UTC.
  PQsetNoticeProcessor(conn->raw(), [](void*, const char*) {}, nullptr);
  STEM_RETURN_IF_ERROR(conn->Exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace stem::hub::db
