// Shared helpers for the Store suites: a unique temp directory per test, a deterministic
// Random that can be told which codes to draw, a raw sqlite3 connection for inspecting or
// tampering with store files, status matchers and a roster CSV builder.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "data/pickup_code.h"
#include "data/random.h"
#include "data/store/records.h"
#include "data/status.h"
#include "data/store/store.h"

namespace stem::test {

// ---- Status assertions -------------------------------------------------------------------

inline const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "Ok";
    case Status::Code::kInvalidArgument: return "InvalidArgument";
    case Status::Code::kNotFound: return "NotFound";
    case Status::Code::kAlreadyExists: return "AlreadyExists";
    case Status::Code::kConflict: return "Conflict";
    case Status::Code::kDenied: return "Denied";
    case Status::Code::kNotAStore: return "NotAStore";
    case Status::Code::kCorruption: return "Corruption";
    case Status::Code::kTooNew: return "TooNew";
    case Status::Code::kIoError: return "IoError";
    case Status::Code::kBusy: return "Busy";
    case Status::Code::kInternal: return "Internal";
  }
  return "?";
}

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// EXPECT_TRUE(HasStatus(store.CheckIn(...), Status::Code::kConflict, "duplicate_checkin"))
template <typename R>
::testing::AssertionResult HasStatus(const R& result, Status::Code code, std::string_view reason) {
  const Status& s = StatusOf(result);
  if (s.code() == code && s.reason() == reason) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << CodeName(code) << " \"" << reason << "\", got " << CodeName(s.code())
         << " \"" << s.reason() << "\" (" << s.ToString() << ")";
}

template <typename R>
::testing::AssertionResult HasCode(const R& result, Status::Code code) {
  const Status& s = StatusOf(result);
  if (s.code() == code) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected " << CodeName(code) << ", got "
                                       << CodeName(s.code()) << " \"" << s.reason() << "\" ("
                                       << s.ToString() << ")";
}

#define STEM_ASSERT_OK(expr)                                                          \
  do {                                                                                \
    const auto& stem_assert_ok_ = (expr);                                             \
    const ::stem::Status& stem_assert_status_ = ::stem::test::StatusOf(stem_assert_ok_); \
    ASSERT_TRUE(stem_assert_status_.ok()) << #expr << ": " << stem_assert_status_.ToString(); \
  } while (0)

#define STEM_EXPECT_OK(expr)                                                          \
  do {                                                                                \
    const auto& stem_expect_ok_ = (expr);                                             \
    const ::stem::Status& stem_expect_status_ = ::stem::test::StatusOf(stem_expect_ok_); \
    EXPECT_TRUE(stem_expect_status_.ok()) << #expr << ": " << stem_expect_status_.ToString(); \
  } while (0)

#define STEM_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)                    \
  auto tmp = (expr);                                                      \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << tmp.status().ToString();      \
  lhs = std::move(tmp).value()
#define STEM_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  STEM_ASSERT_OK_AND_ASSIGN_IMPL(STEM_CONCAT(stem_test_result_, __LINE__), lhs, expr)

// ---- Time --------------------------------------------------------------------------------

// Noon UTC on a calendar day: the local day is that day in every time zone from UTC-11 to
// UTC+11, and adding whole days moves the local day by exactly that many.
inline TimePoint NoonUtc(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours(12);
}
inline constexpr std::chrono::hours kDay{24};

// ---- Files -------------------------------------------------------------------------------

// A fresh directory per test, removed with everything in it afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stem-store-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed for " << pattern;
      return;
    }
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// FNV-1a over the file's bytes; an absent file hashes differently from an empty one.
inline uint64_t HashFile(const std::string& path) {
  if (!std::filesystem::exists(path)) return 0;
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : ReadBytes(path)) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

inline bool Exists(const std::string& path) { return std::filesystem::exists(path); }

// ---- Randomness --------------------------------------------------------------------------

// Deterministic Random: Fill and Uniform come from a seeded generator, except that Uniform
// first hands out values queued with QueueCode, so a test can make the store draw a given
// pickup or confirmation code (and so force a collision).
class ScriptedRandom final : public Random {
 public:
  explicit ScriptedRandom(uint64_t seed = 20261122) : gen_(seed) {}
  void Fill(uint8_t* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(gen_() >> 24);
  }
  uint32_t Uniform(uint32_t upper) override {
    if (upper == 0) return 0;
    if (!queue_.empty()) {
      uint32_t v = queue_.front();
      queue_.pop_front();
      return v % upper;
    }
    return std::uniform_int_distribution<uint32_t>(0, upper - 1)(gen_);
  }
  // Queues the draws that spell `code` in the pickup alphabet.
  void QueueCode(std::string_view code) {
    for (char c : code) {
      size_t i = kPickupAlphabet.find(c);
      EXPECT_NE(i, std::string_view::npos) << "'" << c << "' is not in the pickup alphabet";
      queue_.push_back(static_cast<uint32_t>(i));
    }
  }
  size_t queued() const { return queue_.size(); }

 private:
  std::mt19937_64 gen_;
  std::deque<uint32_t> queue_;
};

// ---- Raw SQLite ------------------------------------------------------------------------------

// A plain sqlite3 connection to a store file, for looking behind the Store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path, int flags = SQLITE_OPEN_READWRITE) {
    rc_ = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc_ == SQLITE_OK) sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3* get() const { return db_; }

  // Returns SQLite's primary result code; `error` gets the message.
  int Exec(const std::string& sql, std::string* error = nullptr) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (error != nullptr) *error = err != nullptr ? err : "";
    sqlite3_free(err);
    return rc & 0xff;
  }
  void MustExec(const std::string& sql) {
    std::string error;
    int rc = Exec(sql, &error);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << error;
  }
  // The first column of the first row as text ("" for NULL or no row; ADD_FAILURE on error).
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    std::string out;
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        const unsigned char* p = sqlite3_column_text(stmt, 0);
        if (p != nullptr) {
          out.assign(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
        }
        rc = SQLITE_OK;
      } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
      }
    }
    if (rc != SQLITE_OK) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t Int(const std::string& sql) {
    std::string t = Text(sql);
    return t.empty() ? -1 : std::stoll(t);
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Row counts of every table a save may touch, read through a raw connection.
inline std::map<std::string, int64_t> TableCounts(const std::string& path) {
  RawDb raw(path);
  std::map<std::string, int64_t> out;
  for (const char* table : {"device", "settings", "events", "activities", "records", "outbox",
                            "people", "roster_keys", "checkins", "checkouts",
                            "form_responses", "drafts"}) {
    out[table] = raw.Int(std::string("SELECT count(*) FROM ") + table);
  }
  out["next_seq"] = raw.Int("SELECT next_seq FROM device");
  out["unacked"] = raw.Int("SELECT count(*) FROM outbox WHERE acked_at IS NULL");
  return out;
}

// ---- Store reading helpers -----------------------------------------------------------------

inline std::vector<StoredRecord> AllRecords(Store& store) {
  std::vector<StoredRecord> out;
  Status s = store.ForEachRecord([&](const StoredRecord& r) { out.push_back(r); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

inline std::optional<StoredRecord> RecordById(Store& store, const std::string& id) {
  for (StoredRecord& r : AllRecords(store)) {
    if (r.id == id) return r;
  }
  return std::nullopt;
}

inline nlohmann::json PayloadOf(Store& store, const std::string& id) {
  std::optional<StoredRecord> r = RecordById(store, id);
  EXPECT_TRUE(r.has_value()) << "no record " << id;
  return r ? nlohmann::json::parse(r->payload) : nlohmann::json();
}

inline int64_t OutboxDepth(Store& store) {
  Result<StoreSummary> s = store.Summary();
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? s->outbox_depth : -1;
}

// What a rejected call must leave exactly as it was, for stores with no file to inspect.
struct Footprint {
  size_t records = 0;
  int64_t last_seq = 0;
  int64_t outbox_depth = 0;
  int64_t roster_students = 0;
  int64_t checked_in_now = 0;
  int64_t checked_in_today = 0;
  bool operator==(const Footprint&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Footprint& f) {
  return os << "{records " << f.records << ", last_seq " << f.last_seq << ", outbox "
            << f.outbox_depth << ", students " << f.roster_students << ", in now "
            << f.checked_in_now << ", in today " << f.checked_in_today << "}";
}

inline Footprint FootprintOf(Store& store) {
  Footprint f;
  std::vector<StoredRecord> records = AllRecords(store);
  f.records = records.size();
  f.last_seq = records.empty() ? 0 : records.back().seq;
  Result<StoreSummary> s = store.Summary();
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (s.ok()) {
    f.outbox_depth = s->outbox_depth;
    f.roster_students = s->roster_students;
    f.checked_in_now = s->checked_in_now;
    f.checked_in_today = s->checked_in_today;
  }
  return f;
}

// ---- Roster CSV --------------------------------------------------------------------------

// Always quotes, doubling quotes inside, so any text survives the CSV reader unchanged.
inline std::string CsvField(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  return out + "\n";
}

inline const std::string& RosterHeader() {
  static const std::string kHeader = CsvLine({"first_name", "last_name", "birth_date", "grade",
                                              "guardian_first_name", "guardian_last_name",
                                              "phone", "email", "confirmation_code"});
  return kHeader;
}

struct RosterEntry {
  std::string given;
  std::string family;
  std::string birth_date;
  std::string guardian_given;
  std::string guardian_family;
  std::string phone;
  std::string code;
};

inline std::string RosterCsv(const std::vector<RosterEntry>& entries) {
  std::string csv = RosterHeader();
  for (const RosterEntry& e : entries) {
    csv += CsvLine({e.given, e.family, e.birth_date, "6", e.guardian_given, e.guardian_family,
                    e.phone, "", e.code});
  }
  return csv;
}

// `n` students named Student0001.. with distinct phones and codes C0001..
inline std::string GeneratedRoster(int n) {
  std::vector<RosterEntry> entries;
  for (int i = 1; i <= n; ++i) {
    char num[16];
    std::snprintf(num, sizeof num, "%04d", i);
    entries.push_back({std::string("Student") + num, "Family", "2014-05-01", "Parent",
                       std::string("Family") + num, std::string("555-01") + num,
                       std::string("C") + num});
  }
  return RosterCsv(entries);
}

// ---- Fixture -----------------------------------------------------------------------------

// Gives each test a temp dir, a FakeClock at noon UTC on 2026-11-22 and a ScriptedRandom.
class StoreFixture : public ::testing::Test {
 protected:
  StoreFixture() : clock_(NoonUtc(2026, 11, 22)) {}

  StoreOptions Options() {
    StoreOptions o;
    o.clock = &clock_;
    o.random = &random_;
    return o;
  }

  TempDir dir_;
  FakeClock clock_;
  ScriptedRandom random_;
};

inline NewEvent Fair() { return NewEvent{"Spring STEM Fair", "fair", "2026-11-22", "2026-11-22", "Gym"}; }
inline NewEvent Camp() { return NewEvent{"Robotics Camp", "camp", "2026-11-22", "2026-11-28", "Lab"}; }

}  // namespace stem::test
