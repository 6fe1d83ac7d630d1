// kill -9 at random moments: nothing the store reported as saved is lost, nothing is stored
// twice, the sequence has no gaps and the file passes SQLite's integrity check.
//
// A forked child opens the store and saves in a loop, writing each record id to a pipe only
// after the save returned (i.e. after COMMIT with synchronous=FULL). The parent kills it with
// SIGKILL after a random delay, many times over, and then checks the file against everything
// the children reported. The seed is printed; set STEM_CRASH_SEED to replay a run.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "data/store/store.h"

namespace stem {
namespace {

using Clock = std::chrono::steady_clock;

// Exit codes of a child that failed on its own (it should only ever die of SIGKILL).
constexpr int kChildOpenFailed = 70;
constexpr int kChildSaveFailed = 71;
constexpr int kChildPipeFailed = 72;
constexpr int kChildCapReached = 73;

class TempDir {
 public:
  TempDir() {
    std::string base = (std::filesystem::temp_directory_path() / "stem-crash-XXXXXX").string();
    std::vector<char> buf(base.begin(), base.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) != nullptr) path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

uint32_t SeedFromEnvOrClock() {
  if (const char* s = std::getenv("STEM_CRASH_SEED"); s != nullptr && *s != '\0') {
    return static_cast<uint32_t>(std::strtoul(s, nullptr, 10));
  }
  return static_cast<uint32_t>(std::random_device{}());
}

// Writes all of `line` or reports failure; the pipe is the child's only channel.
bool WriteAll(int fd, const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Collects complete lines from a pipe; a trailing partial line (the child was killed while
// writing it) is left in `pending` and never counted.
struct LineReader {
  std::string pending;
  std::vector<std::string> lines;

  // Reads what is available. Returns false at end of file.
  bool ReadSome(int fd) {
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl = pending.find('\n'); nl != std::string::npos;
         nl = pending.find('\n', start)) {
      lines.push_back(pending.substr(start, nl - start));
      start = nl + 1;
    }
    pending.erase(0, start);
    return true;
  }
};

// Reads from `fd` until `deadline` (or until `stop_line` arrives, when not empty).
void ReadUntil(int fd, LineReader& reader, Clock::time_point deadline,
               const std::string& stop_line = "") {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    if (!reader.ReadSome(fd)) return;
    if (!stop_line.empty()) {
      for (const std::string& l : reader.lines) {
        if (l == stop_line) return;
      }
    }
  }
}

void DrainToEof(int fd, LineReader& reader) {
  while (reader.ReadSome(fd)) {
  }
}

struct Child {
  pid_t pid = -1;
  int read_fd = -1;
};

// Forks a child that runs `body(write_fd)` and never returns into the test framework.
template <typename Body>
Child Spawn(Body body) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return {};
  }
  if (pid == 0) {
    close(fds[0]);
    int code = body(fds[1]);
    _exit(code);
  }
  close(fds[1]);
  return Child{pid, fds[0]};
}

// Kills (if still running) and reaps. Returns the wait status.
int KillAndReap(const Child& c) {
  kill(c.pid, SIGKILL);
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string DescribeStatus(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "status " + std::to_string(status);
}

// Runs one query that yields a single integer, on a plain SQLite connection.
int64_t QueryInt(sqlite3* db, const std::string& sql_text, const std::string& bind = "") {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql_text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot prepare " << sql_text << ": " << sqlite3_errmsg(db);
    return -1;
  }
  if (!bind.empty()) {
    sqlite3_bind_text(stmt, 1, bind.c_str(), static_cast<int>(bind.size()), SQLITE_TRANSIENT);
  }
  int64_t v = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return v;
}

struct RawDb {
  sqlite3* db = nullptr;
  explicit RawDb(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  }
  ~RawDb() { sqlite3_close_v2(db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
};

Event MakeEvent(Store& store, const std::string& name) {
  Result<Event> e = store.CreateEvent({name, "fair", "2025-03-01", "2025-03-02", "Gym"});
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : Event{};
}

// The child of SavesSurviveKill: saves forever, reporting each committed record id.
int SaveLoop(const std::string& path, const std::string& event_id, int fd) {
  Result<Store> opened = Store::Open(path);
  if (!opened.ok()) return kChildOpenFailed;
  Store& store = *opened;
  auto report = [fd](const std::string& id) { return WriteAll(fd, id + "\n"); };
  for (int i = 0; i < 200000; ++i) {
    if (i % 10 == 9) {
      // Now and then a whole walk-up visit: registration, check-in, check-out.
      NewRegistration reg;
      reg.event_id = event_id;
      reg.student.given_name = "Ánh " + std::to_string(i);
      reg.student.family_name = "Nguyễn";
      reg.student.grade = "5";
      reg.guardian.given_name = "Thị Hoa";
      reg.guardian.family_name = "Nguyễn";
      reg.guardian.phone = "(555) 123-4567";
      reg.answers = {{"tshirt", "M"}, {"photo_ok", true}};
      Result<RegistrationResult> r = store.Register(reg);
      if (!r.ok()) return kChildSaveFailed;
      if (!report(r->record.id)) return kChildPipeFailed;
      Result<CheckInResult> in = store.CheckIn({r->student_id, "", std::nullopt, "vol"});
      if (!in.ok()) return kChildSaveFailed;
      if (!report(in->record.id)) return kChildPipeFailed;
      Result<CheckOutResult> out =
          store.CheckOut({r->student_id, "", std::nullopt, std::nullopt, "vol"});
      if (!out.ok()) return kChildSaveFailed;
      if (!report(out->record.id)) return kChildPipeFailed;
      continue;
    }
    FormSubmission f;
    f.form_id = "survey";
    f.event_id = event_id;
    f.answers = {{"liked_most", "Los robots y la impresión 3D — ¡genial! 🤖 Cảm ơn"},
                 {"rating", i % 5 + 1},
                 {"topics", {"robotics", "coding", "química"}},
                 {"would_return", i % 2 == 0},
                 {"comment", "round-trip " + std::to_string(i)}};
    Result<RecordRef> r = store.SubmitForm(f);
    if (!r.ok()) return kChildSaveFailed;
    if (!report(r->id)) return kChildPipeFailed;
  }
  return kChildCapReached;
}

TEST(Crash, SavesSurviveKill) {
  const uint32_t seed = SeedFromEnvOrClock();
  std::printf("Crash.SavesSurviveKill seed=%u (STEM_CRASH_SEED=%u to replay)\n", seed, seed);
  std::mt19937 rng(seed);
  TempDir dir;
  ASSERT_FALSE(dir.path().empty()) << "mkdtemp failed";
  const std::string path = dir.path() + "/kiosk.db";
  std::string event_id;
  {
    Result<Store> store = Store::Create(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    event_id = MakeEvent(*store, "Feria de Ciencias").id;
    ASSERT_FALSE(event_id.empty());
  }  // closed before any fork: a child must not inherit an open connection

  constexpr int kRounds = 40;
  std::uniform_int_distribution<int> delay_ms(5, 150);
  std::vector<std::string> reported;
  int rounds_with_saves = 0;
  int partial_lines = 0;
  // A slow start (a sanitized build, a loaded machine) can eat the whole delay: go on past
  // kRounds, up to three times as many, until half the rounds have saved something.
  int rounds = 0;
  for (; rounds < 3 * kRounds && (rounds < kRounds || rounds_with_saves < kRounds / 2); ++rounds) {
    Child child = Spawn([&](int fd) { return SaveLoop(path, event_id, fd); });
    ASSERT_GT(child.pid, 0) << "fork or pipe failed";
    LineReader reader;
    ReadUntil(child.read_fd, reader, Clock::now() + std::chrono::milliseconds(delay_ms(rng)));
    int status = KillAndReap(child);
    DrainToEof(child.read_fd, reader);
    close(child.read_fd);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "round " << rounds << ": the child was not killed mid-work but "
        << DescribeStatus(status);
    if (!reader.pending.empty()) ++partial_lines;
    if (!reader.lines.empty()) ++rounds_with_saves;
    reported.insert(reported.end(), reader.lines.begin(), reader.lines.end());
  }

  Result<Store> opened = Store::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = *opened;
  Result<std::string> integrity = store.IntegrityCheck();
  ASSERT_TRUE(integrity.ok()) << integrity.status().ToString();
  EXPECT_EQ(*integrity, "ok");

  std::map<std::string, int> seen;
  std::vector<int64_t> seqs;
  ASSERT_TRUE(store
                  .ForEachRecord([&](const StoredRecord& r) {
                    ++seen[r.id];
                    seqs.push_back(r.seq);
                    EXPECT_FALSE(r.acked) << r.id;
                  })
                  .ok());
  for (size_t i = 0; i < seqs.size(); ++i) {
    ASSERT_EQ(seqs[i], static_cast<int64_t>(i) + 1) << "sequence has a gap or duplicate";
  }
  std::set<std::string> unique_reported(reported.begin(), reported.end());
  EXPECT_EQ(unique_reported.size(), reported.size()) << "a record id was reported twice";
  int missing = 0;
  for (const std::string& id : reported) {
    auto it = seen.find(id);
    if (it == seen.end()) {
      ++missing;
      ADD_FAILURE() << "record " << id << " was reported saved but is missing";
    } else {
      EXPECT_EQ(it->second, 1) << "record " << id << " is stored more than once";
    }
  }
  EXPECT_EQ(missing, 0);
  EXPECT_GE(seqs.size(), reported.size());

  Result<StoreSummary> summary = store.Summary();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->outbox_depth, static_cast<int64_t>(seqs.size()));
  {
    RawDb raw(path);
    ASSERT_NE(raw.db, nullptr);
    EXPECT_EQ(QueryInt(raw.db, "SELECT count(*) FROM records r WHERE NOT EXISTS "
                               "(SELECT 1 FROM outbox o WHERE o.seq = r.seq)"),
              0)
        << "records without an outbox row";
    EXPECT_EQ(QueryInt(raw.db, "SELECT count(*) FROM outbox"), static_cast<int64_t>(seqs.size()));
    EXPECT_EQ(QueryInt(raw.db, "SELECT next_seq FROM device"),
              static_cast<int64_t>(seqs.size()) + 1);
    EXPECT_EQ(QueryInt(raw.db, "SELECT count(*) FROM records r WHERE type = 'form_response' AND "
                               "NOT EXISTS (SELECT 1 FROM form_responses f "
                               "WHERE f.record_id = r.id)"),
              0)
        << "form responses without their projection row";
    EXPECT_EQ(QueryInt(raw.db, "SELECT count(*) FROM records r WHERE type = 'checkin' AND "
                               "NOT EXISTS (SELECT 1 FROM checkins c WHERE c.record_id = r.id)"),
              0);
    EXPECT_EQ(QueryInt(raw.db, "SELECT count(*) FROM records r WHERE type = 'registration' AND "
                               "NOT EXISTS (SELECT 1 FROM people p WHERE p.record_id = r.id)"),
              0);
  }

  // The test must not pass vacuously: most kills landed while the child was saving.
  EXPECT_GE(rounds_with_saves, kRounds / 2)
      << "too few rounds saved anything before the kill; the disk may be very slow";
  EXPECT_GT(reported.size(), 0u);
  std::printf("Crash.SavesSurviveKill: %d rounds, %d with saves, %zu reported ids verified, "
              "%zu records stored, %d kills mid-report\n",
              rounds, rounds_with_saves, reported.size(), seqs.size(), partial_lines);
}

// A roster CSV of `rows` students with accented names, guardians, phones and codes.
std::string BigRosterCsv(int rows) {
  static const char* kGiven[] = {"Sofía", "Mateo", "Ánh", "Minh", "Fatima", "Omar",
                                 "Chloé", "Liam", "Zoë", "Ngọc", "José", "Aaliyah"};
  static const char* kFamily[] = {"García", "Nguyễn", "Al-Sayed", "Smith", "Trần",
                                  "Muñoz", "O'Brien", "Haddad", "Lê", "Peña"};
  std::string csv =
      "first_name,last_name,birth_date,grade,guardian_name,phone,confirmation_code,allergies\n";
  csv.reserve(static_cast<size_t>(rows) * 100);
  for (int i = 0; i < rows; ++i) {
    char phone[32];
    std::snprintf(phone, sizeof phone, "(555) %03d-%04d", i / 10000 % 1000, i % 10000);
    char code[16];
    std::snprintf(code, sizeof code, "C%06d", i);
    csv += kGiven[i % 12];
    csv += ',';
    csv += kFamily[(i / 12) % 10];
    csv += ",2014-0" + std::to_string(i % 9 + 1) + "-1" + std::to_string(i % 10);
    csv += "," + std::to_string(i % 8 + 1) + ",";
    csv += std::string("\"") + kGiven[(i + 5) % 12] + " " + kFamily[(i / 12) % 10] + "\",";
    csv += phone;
    csv += ',';
    csv += code;
    csv += i % 7 == 0 ? ",peanuts\n" : ",no\n";
  }
  return csv;
}

TEST(Crash, RosterImportIsAllOrNothing) {
  const uint32_t seed = SeedFromEnvOrClock();
  std::printf("Crash.RosterImportIsAllOrNothing seed=%u (STEM_CRASH_SEED=%u to replay)\n", seed,
              seed);
  std::mt19937 rng(seed);
  TempDir dir;
  ASSERT_FALSE(dir.path().empty()) << "mkdtemp failed";
  const std::string path = dir.path() + "/kiosk.db";
  {
    Result<Store> store = Store::Create(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  constexpr int kRows = 20000;
  const std::string csv = BigRosterCsv(kRows);

  // Round 0 runs to completion to measure how long an import takes; each later round imports
  // into a fresh event and is killed at a random moment within that time.
  constexpr int kRounds = 6;
  std::vector<std::string> events;
  std::vector<bool> finished;
  int64_t import_ms = 0;
  int killed_mid_import = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::string event_id;
    {
      Result<Store> store = Store::Open(path);
      ASSERT_TRUE(store.ok()) << "round " << round << ": " << store.status().ToString();
      event_id = MakeEvent(*store, "Camp " + std::to_string(round)).id;
      ASSERT_FALSE(event_id.empty());
    }
    Child child = Spawn([&](int fd) {
      Result<Store> opened = Store::Open(path);
      if (!opened.ok()) return kChildOpenFailed;
      if (!WriteAll(fd, "start\n")) return kChildPipeFailed;
      Result<RosterImportReport> r = opened->ImportRoster(event_id, csv);
      if (!r.ok() || r->students_added != kRows) return kChildSaveFailed;
      if (!WriteAll(fd, "done\n")) return kChildPipeFailed;
      pause();  // wait for the parent's SIGKILL
      return kChildCapReached;
    });
    ASSERT_GT(child.pid, 0) << "fork or pipe failed";
    LineReader reader;
    ReadUntil(child.read_fd, reader, Clock::now() + std::chrono::seconds(30), "start");
    ASSERT_FALSE(reader.lines.empty()) << "the child did not start";
    auto started = Clock::now();
    if (round == 0) {
      ReadUntil(child.read_fd, reader, started + std::chrono::seconds(120), "done");
      import_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                      .count();
    } else {
      std::uniform_int_distribution<int64_t> at(1, std::max<int64_t>(2, import_ms * 11 / 10));
      ReadUntil(child.read_fd, reader, started + std::chrono::milliseconds(at(rng)), "done");
    }
    int status = KillAndReap(child);
    DrainToEof(child.read_fd, reader);
    close(child.read_fd);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "round " << round << ": " << DescribeStatus(status);
    bool done = false;
    for (const std::string& l : reader.lines) done = done || l == "done";
    if (round == 0) {
      ASSERT_TRUE(done) << "the uninterrupted import did not finish";
    }
    if (!done) ++killed_mid_import;
    events.push_back(event_id);
    finished.push_back(done);
  }

  Result<Store> opened = Store::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Result<std::string> integrity = opened->IntegrityCheck();
  ASSERT_TRUE(integrity.ok()) << integrity.status().ToString();
  EXPECT_EQ(*integrity, "ok");
  RawDb raw(path);
  ASSERT_NE(raw.db, nullptr);
  int full = 0, empty = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    int64_t students = QueryInt(
        raw.db, "SELECT count(*) FROM people WHERE event_id = ? AND role = 'student'", events[i]);
    int64_t indexed = QueryInt(raw.db,
                               "SELECT count(DISTINCT k.person_rowid) FROM roster_keys k JOIN "
                               "people p ON p.rowid = k.person_rowid WHERE p.event_id = ?",
                               events[i]);
    int64_t audits = QueryInt(raw.db,
                              "SELECT count(*) FROM records WHERE type = 'audit' AND "
                              "event_id = ? AND payload LIKE '%\"roster_import\"%'",
                              events[i]);
    EXPECT_TRUE(students == 0 || students == kRows)
        << "round " << i << ": a partial roster of " << students << " students";
    EXPECT_EQ(indexed, students) << "round " << i << ": search index out of step";
    EXPECT_EQ(audits, students == kRows ? 1 : 0) << "round " << i;
    if (finished[i]) {
      EXPECT_EQ(students, kRows) << "round " << i << " reported done";
    }
    (students == kRows ? full : empty)++;
  }
  EXPECT_GE(killed_mid_import, 1) << "no kill landed during an import";
  std::printf("Crash.RosterImportIsAllOrNothing: %d rows, import %lld ms, %d rounds: %d full, "
              "%d empty, %d killed before the import returned\n",
              kRows, static_cast<long long>(import_ms), kRounds, full, empty, killed_mid_import);
}

}  // namespace
}  // namespace stem
