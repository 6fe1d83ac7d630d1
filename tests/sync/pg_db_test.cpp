// The PostgreSQL driver of the hub's database seam, on a real throwaway PostgreSQL 15
// cluster (pg_cluster.h): placeholders, every kind of value both ways, the id of an inserted
// row, constraint violations as Conflict without the values, transactions and savepoints, a
// statement read while others run, and the words a failed connection gets.
#include "sync/hub/storage/db/pg_db.h"

#include "data/text_fold.h"
#include "tests/sync/pg_cluster.h"

namespace stem::test {
namespace {

namespace db = hub::db;

TEST(PgPlaceholders, AreNumberedOutsideQuotesAndComments) {
  struct Case {
    const char* sql;
    const char* want;
    int params;
  } cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT ?, ?", "SELECT $1, $2", 2},
      {"WHERE ?1 = '' OR e = ?1 LIMIT ?2", "WHERE $1 = '' OR e = $1 LIMIT $2", 2},
      {"SELECT ?3, ?", "SELECT $3, $4", 4},
      {"SELECT '?', \"a?\", 'it''s ?' || ?", "SELECT '?', \"a?\", 'it''s ?' || $1", 1},
      {"SELECT ? -- a comment?\n, ?", "SELECT $1 -- a comment?\n, $2", 2},
      {"SELECT x FROM t WHERE a = ?12", "SELECT x FROM t WHERE a = $12", 12},
  };
  for (const Case& c : cases) {
    int params = -1;
    EXPECT_EQ(db::NumberPlaceholders(c.sql, &params), c.want) << c.sql;
    EXPECT_EQ(params, c.params) << c.sql;
  }
  EXPECT_TRUE(db::IsPostgresUrl("postgresql://hub@db.example.org/hub"));
  EXPECT_TRUE(db::IsPostgresUrl("postgres://hub@/hub?host=/run/postgresql"));
  EXPECT_FALSE(db::IsPostgresUrl("/var/lib/stem-hub/hub.db"));
  EXPECT_FALSE(db::IsPostgresUrl("postgresql.db"));
}

class PgDb : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = PgCluster::Get();
    ASSERT_NE(cluster_, nullptr);
    url_ = cluster_->NewDatabase();
    auto c = db::ConnectPostgres(url_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    conn_ = std::move(c).value();
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                            "name TEXT UNIQUE, n BIGINT, x DOUBLE PRECISION, b BYTEA)")
                    .ok());
  }

  int64_t Count() { return conn_->QueryInt("SELECT count(*) FROM t").value(); }

  PgCluster* cluster_ = nullptr;
  std::string url_;
  std::unique_ptr<db::Connection> conn_;
};

TEST_F(PgDb, ValuesGoInAndComeBackAsTheyWere) {
  EXPECT_EQ(conn_->dialect(), db::Dialect::kPostgres);
  std::string blob("\0\x01\xff\"'\\x", 8);
  auto ins = conn_->Prepare("INSERT INTO t(name, n, x, b) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING" +
                            conn_->Returning("id"));
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  ins->Bind(1, "José \"Pepe\" O'Brien; DROP TABLE t").Bind(2, int64_t{-9007199254740993})
      .Bind(3, 0.1).BindBlob(4, blob);
  Result<std::optional<int64_t>> id = ins->RunInsert();
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(id->has_value());
  EXPECT_EQ(**id, 1);
  ins->Reset();
  // The same name again: no row added, no id.
  ins->Bind(1, "José \"Pepe\" O'Brien; DROP TABLE t").BindNull(2).BindNull(3).BindNull(4);
  id = ins->RunInsert();
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_FALSE(id->has_value());
  EXPECT_EQ(conn_->Changes(), 0);

  auto s = conn_->Prepare("SELECT name, n, x, b, NULL, n > 0, count(*) OVER () FROM t WHERE name = ?1 "
                          "OR ?1 = ''");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  s->Bind(1, "");
  ASSERT_TRUE(s->Step().value());
  EXPECT_EQ(s->Text(0), "José \"Pepe\" O'Brien; DROP TABLE t");
  EXPECT_EQ(s->Int(1), -9007199254740993);
  EXPECT_DOUBLE_EQ(s->Double(2), 0.1);
  EXPECT_EQ(s->Blob(3), blob);
  EXPECT_EQ(s->TypeOf(0), db::ValueType::kText);
  EXPECT_EQ(s->TypeOf(1), db::ValueType::kInteger);
  EXPECT_EQ(s->TypeOf(2), db::ValueType::kReal);
  EXPECT_EQ(s->TypeOf(3), db::ValueType::kBlob);
  EXPECT_TRUE(s->IsNull(4));
  EXPECT_EQ(s->TypeOf(4), db::ValueType::kNull);
  EXPECT_EQ(s->Int(5), 0) << "a boolean reads as 0 or 1";
  EXPECT_EQ(s->Int(6), 1);
  EXPECT_FALSE(s->Step().value());
}

TEST_F(PgDb, AViolatedConstraintIsAConflictThatNamesNoValue) {
  auto ins = conn_->Prepare("INSERT INTO t(name) VALUES (?)");
  ASSERT_TRUE(ins.ok());
  ASSERT_TRUE(ins->Bind(1, "secret-value-1234").Run().ok());
  ins->Reset();
  Status s = ins->Bind(1, "secret-value-1234").Run();
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.ToString();
  EXPECT_EQ(s.reason(), "constraint");
  EXPECT_EQ(s.ToString().find("secret-value-1234"), std::string::npos) << s.ToString();
  // A bad statement is an error with the server's words; the connection goes on.
  EXPECT_FALSE(conn_->Prepare("SELECT nope FROM t").ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(PgDb, TransactionsCommitRollBackAndNest) {
  auto ins = conn_->Prepare("INSERT INTO t(name) VALUES (?)");
  ASSERT_TRUE(ins.ok());
  {
    auto txn = db::Transaction::Begin(*conn_);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(ins->Bind(1, "a").Run().ok());
    {
      auto inner = db::Transaction::Begin(*conn_);
      ASSERT_TRUE(inner.ok());
      ins->Reset();
      ASSERT_TRUE(ins->Bind(1, "b").Run().ok());
    }  // the savepoint rolls back: b goes, a stays
    {
      auto inner = db::Transaction::Begin(*conn_);
      ASSERT_TRUE(inner.ok());
      ins->Reset();
      ASSERT_TRUE(ins->Bind(1, "c").Run().ok());
      ASSERT_TRUE(inner->Commit().ok());
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(Count(), 2);
  {
    auto txn = db::Transaction::Begin(*conn_);
    ASSERT_TRUE(txn.ok());
    ins->Reset();
    ASSERT_TRUE(ins->Bind(1, "d").Run().ok());
  }  // not committed: rolled back
  EXPECT_EQ(Count(), 2);
  // A failed statement inside a savepoint leaves the outer transaction usable.
  {
    auto txn = db::Transaction::Begin(*conn_);
    ASSERT_TRUE(txn.ok());
    {
      auto inner = db::Transaction::Begin(*conn_);
      ASSERT_TRUE(inner.ok());
      ins->Reset();
      EXPECT_FALSE(ins->Bind(1, "a").Run().ok());
    }
    ins->Reset();
    ASSERT_TRUE(ins->Bind(1, "e").Run().ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(Count(), 3);
}

TEST_F(PgDb, AStatementIsReadWhileOthersRun) {
  auto ins = conn_->Prepare("INSERT INTO t(name, n) VALUES (?, ?)");
  ASSERT_TRUE(ins.ok());
  for (int i = 0; i < 5; ++i) {
    ins->Reset();
    ASSERT_TRUE(ins->Bind(1, "p" + std::to_string(i)).Bind(2, i).Run().ok());
  }
  auto each = conn_->Prepare("SELECT name, n FROM t ORDER BY n");
  auto update = conn_->Prepare("UPDATE t SET n = n * 10 WHERE name = ?");
  ASSERT_TRUE(each.ok() && update.ok());
  int rows = 0;
  while (each->Step().value()) {
    update->Reset();
    ASSERT_TRUE(update->Bind(1, each->Text(0)).Run().ok());
    EXPECT_EQ(conn_->Changes(), 1);
    ++rows;
  }
  EXPECT_EQ(rows, 5);
  EXPECT_EQ(conn_->QueryInt("SELECT sum(n) FROM t").value(), 100);
  // Folding names for search is the same as on SQLite.
  Result<const TextFolder*> folder = conn_->Folder();
  ASSERT_TRUE(folder.ok());
  EXPECT_EQ((*folder)->Fold("José NÚÑEZ"), "jose nunez");
}

TEST_F(PgDb, AStreamedQueryReadsEveryRowAPageAtATimeInAndOutOfTransactions) {
  ASSERT_TRUE(conn_->Exec("INSERT INTO t(name, n) SELECT 'p' || i, i FROM generate_series(1, 2500) i").ok());
  auto open_cursors = [&] { return conn_->QueryInt("SELECT count(*) FROM pg_cursors WHERE name LIKE 'stream%'").value(); };
  auto count = conn_->Prepare("SELECT count(*) FROM t WHERE n <= ?");
  ASSERT_TRUE(count.ok());
  for (bool in_transaction : {false, true}) {
    SCOPED_TRACE(in_transaction ? "in a transaction" : "alone");
    std::optional<db::Transaction> txn;
    if (in_transaction) txn.emplace(db::Transaction::Begin(*conn_).value());
    auto each = conn_->PrepareStream("SELECT n FROM t WHERE n > ? ORDER BY n");
    ASSERT_TRUE(each.ok());
    each->Bind(1, 200);
    int64_t rows = 0, sum = 0;
    while (true) {
      Result<bool> more = each->Step();
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      EXPECT_EQ(each->Int(0), 201 + rows);
      sum += each->Int(0);
      ++rows;
      // Other statements run between its rows, across its pages.
      count->Reset();
      ASSERT_TRUE(count->Bind(1, each->Int(0)).Step().value());
      ASSERT_EQ(count->Int(0), each->Int(0));
    }
    EXPECT_EQ(rows, 2300);
    EXPECT_EQ(sum, (201 + 2500) * 2300 / 2);
    EXPECT_EQ(open_cursors(), 0);  // closed after its last page
    // Run again with another value; left half read, its cursor closes on Reset.
    each->Reset();
    each->Bind(1, 2400);
    ASSERT_TRUE(each->Step().value());
    EXPECT_EQ(each->Int(0), 2401);
    each->Reset();
    each->Bind(1, 0);
    for (int i = 0; i < 1500; ++i) ASSERT_TRUE(each->Step().value());
    EXPECT_EQ(open_cursors(), 1);
    each->Reset();
    EXPECT_EQ(open_cursors(), 0);
    if (txn) {
      ASSERT_TRUE(txn->Commit().ok());
    }
  }
  // A stream left open in a transaction that then ended does not fail the next one.
  {
    std::optional<db::Statement> left;
    {
      auto txn = db::Transaction::Begin(*conn_);
      ASSERT_TRUE(txn.ok());
      left.emplace(conn_->PrepareStream("SELECT n FROM t").value());
      ASSERT_TRUE(left->Step().value());
    }  // rolled back: its cursor is gone
    auto txn = db::Transaction::Begin(*conn_);
    ASSERT_TRUE(txn.ok());
    left.reset();
    ASSERT_TRUE(conn_->Exec("INSERT INTO t(name, n) VALUES ('after', 1)").ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(conn_->QueryInt("SELECT count(*) FROM t WHERE name = 'after'").value(), 1);
  // Bad SQL says so at the first step.
  auto bad = conn_->PrepareStream("SELECT nope FROM t");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->Step().ok());
}

TEST_F(PgDb, AFailedConnectionIsNamedWithoutItsPassword) {
  Result<std::unique_ptr<db::Connection>> c =
      db::ConnectPostgres("postgresql://stem:hunter2-secret@/nosuchdb?host=" + cluster_->dir() + "/socket");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().reason(), "db_missing") << c.status().ToString();
  EXPECT_EQ(c.status().ToString().find("hunter2"), std::string::npos);
  c = db::ConnectPostgres("postgresql://nobody_here:hunter2-secret@/postgres?host=" + cluster_->dir() + "/socket");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().reason(), "db_denied") << c.status().ToString();
  EXPECT_EQ(c.status().ToString().find("hunter2"), std::string::npos);
  c = db::ConnectPostgres("postgresql://stem:hunter2-secret@/postgres?host=" + cluster_->dir() +
                          "/nowhere&connect_timeout=2");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Status::Code::kIoError) << c.status().ToString();
  EXPECT_EQ(c.status().ToString().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace stem::test
