#include "tests/hub_bench/pg_bench.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "sync/hub/storage/db/pg_db.h"
#include "sync/hub/storage/migrate.h"
#include "sync/hub/storage/sql_hub_storage.h"

namespace stem::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "hub-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

void EmptyDatabase(const std::string& url) {
  Result<std::unique_ptr<hub::db::Connection>> c = hub::db::ConnectPostgres(url);
  if (!c.ok()) Fail("connect to " + hub::SafeLocation(url), c.status());
  Status s = (*c)->Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  if (!s.ok()) Fail("empty the benchmark's database", s);
}

struct Share {
  int64_t records = 0;
};

// Ingests `responses` generated responses into `location` with `processes` hub processes at
// once, each taking the batches of every processes-th kiosk; records per second over the
// wall time from the common start to the last one done (generation excluded).
double Ingest(const std::string& location, int64_t responses, int processes,
              const GenerateBatches& generate, int64_t* ingested = nullptr) {
  {
    Result<std::unique_ptr<hub::SqlHubStorage>> made = hub::SqlHubStorage::Open(location, true);
    if (!made.ok()) Fail("open " + hub::SafeLocation(location), made.status());
  }
  std::vector<pid_t> children;
  std::vector<int> ready_fds, go_fds, result_fds;
  for (int p = 0; p < processes; ++p) {
    int ready[2], go[2], result[2];
    if (pipe(ready) != 0 || pipe(go) != 0 || pipe(result) != 0) Fail("pipe", Status::IoError("pipe"));
    pid_t pid = fork();
    if (pid == 0) {
      std::vector<sync::Batch> mine;
      std::map<std::string, int> kiosks;
      generate(responses, [&](const sync::Batch& b) {
        int k = kiosks.emplace(b.device_id, static_cast<int>(kiosks.size())).first->second;
        if (k % processes == p) mine.push_back(b);
      });
      Result<std::unique_ptr<hub::SqlHubStorage>> storage = hub::SqlHubStorage::Open(location, true);
      if (!storage.ok()) _exit(2);
      char c = 1;
      if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1) _exit(3);
      Share share;
      for (const sync::Batch& b : mine) {
        if (!(*storage)->IngestBatch(b).ok()) _exit(4);
        share.records += static_cast<int64_t>(b.records.size());
      }
      if (write(result[1], &share, sizeof share) != sizeof share) _exit(5);
      _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    close(result[1]);
    children.push_back(pid);
    ready_fds.push_back(ready[0]);
    go_fds.push_back(go[1]);
    result_fds.push_back(result[0]);
  }
  char c;
  for (int fd : ready_fds) {
    if (read(fd, &c, 1) != 1) Fail("a hub process", Status::Internal("did not start"));
  }
  auto t0 = SteadyClock::now();
  for (int fd : go_fds) {
    if (write(fd, &c, 1) != 1) Fail("a hub process", Status::Internal("did not take the start"));
  }
  int64_t records = 0;
  for (int fd : result_fds) {
    Share share;
    if (read(fd, &share, sizeof share) != sizeof share) Fail("a hub process", Status::Internal("failed"));
    records += share.records;
  }
  double seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  for (pid_t pid : children) waitpid(pid, nullptr, 0);
  if (ingested) *ingested = records;
  for (std::vector<int>* fds : {&ready_fds, &go_fds, &result_fds}) {
    for (int fd : *fds) close(fd);
  }
  return static_cast<double>(records) / seconds;
}

}  // namespace

void MigrateForPages(const std::string& file, const std::string& url, bool reuse) {
  if (reuse) {
    Result<std::unique_ptr<hub::db::Connection>> c = hub::db::ConnectPostgres(url);
    if (!c.ok()) Fail("connect to " + hub::SafeLocation(url), c.status());
    Result<int64_t> hubs = (*c)->QueryInt(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
        "tablename = 'stem_hub'");
    if (hubs.ok() && *hubs == 1) {
      std::printf("using the hub already in %s (--keep made it)\n", hub::SafeLocation(url).c_str());
      return;
    }
  }
  EmptyDatabase(url);
  std::printf("migrate of %s to PostgreSQL...\n", file.c_str());
  std::fflush(stdout);
  std::ostringstream quiet;
  auto t0 = SteadyClock::now();
  Result<hub::MigrateSummary> moved = hub::MigrateToPostgres(file, url, quiet);
  if (!moved.ok()) Fail("migrate", moved.status());
  std::printf("    migrate: %lld rows in %d tables, checked, in %.1f s\n",
              static_cast<long long>(moved->rows), moved->tables,
              std::chrono::duration<double>(SteadyClock::now() - t0).count());
  std::fflush(stdout);
}

void MeasurePostgres(const std::string& url, int64_t responses, const std::string& dir,
                     const GenerateBatches& generate) {
  std::printf("\n(e) ingest of %lld responses, 500 records per batch, by hub processes at once "
              "(%s)\n", static_cast<long long>(responses), hub::SafeLocation(url).c_str());
  std::fflush(stdout);
  std::string file = dir + "/pg-bench-sqlite.db";
  std::filesystem::remove(file);
  int64_t records = 0;
  double sqlite = Ingest(file, responses, 1, generate, &records);
  std::printf("    %lld records each time\n", static_cast<long long>(records));
  std::printf("    SQLite, one process:       %8.0f records/s\n", sqlite);
  std::fflush(stdout);
  EmptyDatabase(url);
  double one = Ingest(url, responses, 1, generate);
  std::printf("    PostgreSQL, one process:   %8.0f records/s\n", one);
  std::fflush(stdout);
  EmptyDatabase(url);
  double two = Ingest(url, responses, 2, generate);
  std::printf("    PostgreSQL, two processes: %8.0f records/s = %.2fx one (aim >= 1.6)\n", two,
              two / one);
  std::fflush(stdout);

  EmptyDatabase(url);
  std::ostringstream quiet;
  auto t0 = SteadyClock::now();
  Result<hub::MigrateSummary> moved = hub::MigrateToPostgres(file, url, quiet);
  if (!moved.ok()) Fail("migrate", moved.status());
  double seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  std::printf("    migrate of that SQLite hub (%lld rows in %d tables, checked): %.1f s\n",
              static_cast<long long>(moved->rows), moved->tables, seconds);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
}

}  // namespace stem::bench
