// hub-bench: the hub's read side, measured.
//
//   (a) Ingest with the read model (people, attendance, responses and answers written in the
//       ingest transaction) as a ratio to ingest without it: the same batches into two new
//       databases through SqlHubStorage::IngestBatch. Aim >= 0.8.
//   (b) Export of N responses (default 100,000 and 1,000,000; a realistic mix of the three
//       bundled forms: families registering one to three children, with a registration record
//       and a check-in per child, surveys, scholarship applications with sealed answers) by
//       `stem-hub export` to CSV and to XLSX: time and peak RSS of the exporting process.
//       Aim: peak RSS at 1M no more than 1.2x that at 100k.
//   (c) CSV export time as a ratio to `sqlite3 -csv` dumping the raw records table of the
//       same database (ratio = sqlite3's time / ours), with and without the SVG file per
//       signature. Aim >= 0.5.
//
// The databases are made in child processes, so that this process stays small and the
// exports' peak RSS (wait4) is their own: Linux carries a parent's high-water mark into a
// forked child across exec.
// Not a test: it prints figures and exits 0; 1 only when something it needs fails.
//   (d) With --pages: the staff pages on a database of the first size (default 1,000,000):
//       p50/p95 server times of the overview, a form's first and last page of responses, a
//       person search and one response's page (aim p95 <= 50 ms each), and the hub's peak RSS
//       while streaming an XLSX download (pages_bench.cpp). With --keep and --dir, a second
//       run reuses the database the first made.
//   (e) With --pg URL: ingest by one hub process on SQLite, one and two on PostgreSQL at once
//       (aim: two at least 1.6x one), and `migrate` of the SQLite hub made (pg_bench.cpp), on
//       the first size (default 20,000 responses). URL: a database for the benchmark alone.
//       With --pages too: (d) on PostgreSQL, on the SQLite database of (d) moved there by
//       `migrate` (timed; with --keep a hub already in URL is used again).
// Usage: hub-bench [--sizes 100000,1000000] [--dir DIR] [--keep]
//                  [--ingest-only | --pages [--pg URL] | --pg URL]
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "data/random.h"
#include "data/seal.h"
#include "data/uuid.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "tests/hub_bench/pages_bench.h"
#include "tests/hub_bench/pg_bench.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
using nlohmann::json;
using stem::Result;
using stem::Status;
namespace fs = std::filesystem;

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "hub-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}

const char* kFirst[] = {"Ana", "José", "Sofía", "Minh", "Aaliyah", "Liam", "Zoë", "Mateo",
                        "Fatima", "Noah", "Ximena", "Kwame", "Yuki", "Olivia", "Diego", "Amara"};
const char* kLast[] = {"García", "Nguyễn", "Smith", "O'Neil", "Okafor", "Hernández", "Kim",
                       "Johnson", "Quispe", "Müller", "Patel", "López", "Cohen", "Ivanova"};
const char* kInterests[] = {"robotics", "coding", "rockets", "chemistry", "astronomy", "engineering"};

// Generates the records of `responses` form responses, in batches of one device each.
class Generator {
 public:
  explicit Generator(int64_t responses) : responses_(responses) {
    stem::seal::KeyPair keys = stem::seal::Generate();
    for (int i = 0; i < 16; ++i) {
      sealed_.push_back(stem::seal::SealAnswer(keys.public_key, "Peanut allergy; inhaler " +
                                                                     std::to_string(i)));
    }
    for (int d = 0; d < 4; ++d) devices_.push_back(stem::NewUuidV7(stem::SystemClock().Now(), random_));
    event_ = stem::NewUuidV7(stem::SystemClock().Now(), random_);
  }

  // Calls `ingest` with batches of at most 500 records until every response was made.
  void Run(const std::function<void(const stem::sync::Batch&)>& ingest) {
    std::vector<stem::sync::Batch> pending(devices_.size());
    for (size_t d = 0; d < devices_.size(); ++d) pending[d].device_id = devices_[d];
    for (int64_t i = 0; i < responses_; ++i) {
      size_t d = static_cast<size_t>(i % static_cast<int64_t>(devices_.size()));
      std::vector<stem::sync::BatchRecord> made = Unit(i);
      for (auto& r : made) {
        stem::sync::Batch& b = pending[d];
        r.seq = ++seq_[d];
        if (b.records.empty()) b.first_seq = r.seq;
        b.last_seq = r.seq;
        b.records.push_back(std::move(r));
        if (b.records.size() == 500) {
          ingest(b);
          b.records.clear();
        }
      }
    }
    for (auto& b : pending) {
      if (!b.records.empty()) ingest(b);
    }
  }

  int64_t records() const { return seq_[0] + seq_[1] + seq_[2] + seq_[3]; }

 private:
  std::string Id() { return stem::NewUuidV7(stem::SystemClock().Now(), random_); }
  std::string At(int64_t i) {
    return stem::FormatUtc(stem::TimePoint(std::chrono::seconds(1780000000 + i * 3)));
  }
  stem::sync::BatchRecord Record(const std::string& type, const std::string& person,
                                 int64_t i, const json& payload) {
    return {0, Id(), type, event_, person, "", At(i), payload.dump()};
  }
  const char* Pick(const char* const* list, size_t n, int64_t k) { return list[k % static_cast<int64_t>(n)]; }

  std::vector<stem::sync::BatchRecord> Unit(int64_t i) {
    std::vector<stem::sync::BatchRecord> out;
    int kind = static_cast<int>(i % 10);
    if (kind < 5) {  // a family registers 1-3 children; each registered and checked in
      int n = 1 + static_cast<int>(i % 3);
      json children = json::array();
      std::string guardian = Id();
      for (int c = 0; c < n; ++c) {
        json child = {{"student_first_name", Pick(kFirst, 16, i + c)},
                      {"student_last_name", Pick(kLast, 14, i)},
                      {"student_dob", "201" + std::to_string(2 + (i + c) % 8) + "-0" +
                                          std::to_string(1 + c) + "-1" + std::to_string(c)},
                      {"grade", std::to_string(1 + (i + c) % 12)},
                      {"interests", {Pick(kInterests, 6, i), Pick(kInterests, 6, i + 2)}},
                      {"has_allergies", (i + c) % 5 == 0},
                      {"tshirt_size", "youth_m"}};
        if ((i + c) % 5 == 0) child["medical_notes"] = sealed_[static_cast<size_t>(i % 16)];
        children.push_back(child);
      }
      json answers = {{"children", children},
                      {"guardian_first_name", Pick(kFirst, 16, i + 7)},
                      {"guardian_last_name", Pick(kLast, 14, i)},
                      {"guardian_relationship", "parent"},
                      {"guardian_phone", "555" + std::to_string(1000000 + i % 8999999)},
                      {"guardian_email", "family" + std::to_string(i) + "@example.org"},
                      {"preferred_language", i % 2 ? "es" : "en"},
                      {"how_heard", "school"},
                      {"emergency_name", "Ana López"},
                      {"emergency_phone", "5553182290"},
                      {"photo_consent", i % 3 != 0},
                      {"liability_consent", true},
                      {"others_pick_up", false},
                      {"guardian_signature",
                       {{"width", 600}, {"height", 200},
                        {"strokes", {{{10, 20}, {40, 60}, {90, 30}, {140, 80}}}}}}};
      out.push_back(Record("form_response", "", i,
                           {{"form_id", "student-registration"}, {"form_version", 3},
                            {"answers", answers}}));
      for (int c = 0; c < n; ++c) {
        std::string student = Id();
        const json& ch = children[static_cast<size_t>(c)];
        out.push_back(Record(
            "registration", student, i,
            {{"student_id", student},
             {"confirmation_code", "C" + std::to_string(100000 + (i * 3 + c) % 899999)},
             {"student",
              {{"given_name", ch["student_first_name"]}, {"family_name", ch["student_last_name"]},
               {"birth_date", ch["student_dob"]}, {"grade", ch["grade"]}, {"school", ""},
               {"phone", answers["guardian_phone"]}, {"email", ""},
               {"allergy_flag", ch["has_allergies"]}}},
             {"guardian",
              {{"id", guardian}, {"given_name", answers["guardian_first_name"]},
               {"family_name", answers["guardian_last_name"]},
               {"phone", answers["guardian_phone"]}, {"email", answers["guardian_email"]}}},
             {"answers", json::object()}}));
        stem::sync::BatchRecord in = Record(
            "checkin", student, i,
            {{"person_id", student}, {"activity_id", ""}, {"local_day", At(i).substr(0, 10)},
             {"volunteer", "Dana"}, {"pickup_code", "4821"}});
        std::string checkin_id = in.id;
        out.push_back(std::move(in));
        if (c % 2 == 0) {
          out.push_back(Record("checkout", student, i + 1000,
                               {{"person_id", student}, {"activity_id", ""},
                                {"checkin_id", checkin_id}, {"method", "pickup_code"},
                                {"volunteer", "Lee"}}));
        }
      }
    } else if (kind < 9) {  // a survey
      json answers = {{"child_had_fun", std::to_string(1 + i % 5)},
                      {"child_learned", std::to_string(1 + (i / 5) % 5)},
                      {"recommend", static_cast<int>(i % 11)},
                      {"liked_most", "The rockets, \"of course\", and the robots"},
                      {"grade_band", {"3_to_5", "6_to_8"}},
                      {"events_before", "1_to_2"},
                      {"home_language", {"english", "spanish"}},
                      {"zip_code", "60623"}};
      out.push_back(Record("form_response", "", i,
                           {{"form_id", "post-event-survey"}, {"form_version", 1},
                            {"answers", answers}}));
    } else {  // a scholarship application with sealed answers
      json answers = {{"student_first_name", Pick(kFirst, 16, i)},
                      {"student_last_name", Pick(kLast, 14, i)},
                      {"student_dob", "2014-05-06"}, {"student_grade", "5"},
                      {"camp_weeks", {"week_1", "week_3"}},
                      {"guardian_first_name", "María"}, {"guardian_last_name", "García"},
                      {"guardian_phone", "5552014410"}, {"household_size", 4},
                      {"household_children", 2},
                      {"household_income", sealed_[static_cast<size_t>(i % 16)]},
                      {"free_lunch", sealed_[static_cast<size_t>((i + 1) % 16)]},
                      {"essay_why_attend", "She loves building things and wants to learn more."},
                      {"reference_name", "Mr. Okafor"}, {"reference_relationship", "teacher"},
                      {"reference_phone", "5559990000"}, {"info_true_consent", true},
                      {"guardian_signature",
                       {{"width", 600}, {"height", 200}, {"strokes", {{{1, 2}, {3, 4}}}}}}};
      out.push_back(Record("form_response", "", i,
                           {{"form_id", "scholarship-application"}, {"form_version", 2},
                            {"answers", answers}}));
    }
    return out;
  }

  int64_t responses_;
  stem::SecureRandom random_;
  std::vector<json> sealed_;
  std::vector<std::string> devices_;
  std::string event_;
  int64_t seq_[4] = {0, 0, 0, 0};
};

struct Ingested {
  double seconds = 0;
  int64_t records = 0;
};

// Makes a hub database of `responses` responses at `db`; in this process.
Ingested Make(const std::string& db, int64_t responses, bool read_model) {
  auto storage = Must(stem::hub::SqlHubStorage::Open(db, true), "open " + db);
  storage->SetReadModelForBench(read_model);
  Generator g(responses);
  double seconds = 0;
  g.Run([&](const stem::sync::Batch& b) {
    auto t0 = SteadyClock::now();
    Must(storage->IngestBatch(b), "ingest");
    seconds += std::chrono::duration<double>(SteadyClock::now() - t0).count();
  });
  return {seconds, g.records()};
}

// Runs `make` in a child process and returns what it wrote to the pipe.
Ingested InChild(const std::function<Ingested()>& make) {
  int fds[2];
  if (pipe(fds) != 0) Die("pipe", Status::IoError("pipe failed"));
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Ingested r = make();
    if (write(fds[1], &r, sizeof r) != sizeof r) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Ingested r;
  ssize_t got = read(fds[0], &r, sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Die("making a database", Status::Internal("the child failed"));
  }
  return r;
}

struct Run {
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs a program (stdout to `out_file` when given) and measures it.
Run Measure(const std::vector<std::string>& argv, const std::string& out_file = "") {
  auto t0 = SteadyClock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!out_file.empty()) {
      int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || dup2(fd, 1) < 0) _exit(127);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Die(argv[0] + " " + argv[1], Status::Internal("failed"));
  }
  return {std::chrono::duration<double>(SteadyClock::now() - t0).count(), usage.ru_maxrss};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes = {100000, 1000000};
  std::string dir;
  bool keep = false;
  bool ingest_only = false;  // (a) alone, on the first size
  bool pages = false;        // (d) alone, on the first size (1,000,000 unless --sizes)
  std::string pg;            // (e) alone, on the first size (20,000 unless --sizes)
  bool sizes_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--sizes" && i + 1 < argc) {
      sizes_given = true;
      sizes.clear();
      std::string list = argv[++i];
      for (size_t p = 0; p <= list.size();) {
        size_t comma = list.find(',', p);
        if (comma == std::string::npos) comma = list.size();
        sizes.push_back(std::atoll(list.substr(p, comma - p).c_str()));
        p = comma + 1;
      }
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--keep") {
      keep = true;
    } else if (a == "--ingest-only") {
      ingest_only = true;
    } else if (a == "--pages") {
      pages = true;
    } else if (a == "--pg" && i + 1 < argc) {
      pg = argv[++i];
    } else {
      std::fprintf(stderr, "usage: hub-bench [--sizes 100000,1000000] [--dir DIR] [--keep] "
                           "[--ingest-only | --pages [--pg URL] | --pg URL]\n");
      return 2;
    }
  }
  if (pages && !sizes_given) sizes = {1000000};
  if (!pg.empty() && !pages && !sizes_given) sizes = {20000};
  if (dir.empty()) dir = (fs::temp_directory_path() / ("hub-bench-" + std::to_string(getpid()))).string();
  fs::create_directories(dir);
  std::printf("hub-bench in %s\n", dir.c_str());

  int64_t n0 = sizes.front();
  if (!pg.empty() && !pages) {
    stem::bench::MeasurePostgres(pg, n0, dir, [](int64_t responses, const auto& ingest) {
      Generator g(responses);
      g.Run(ingest);
    });
    if (!keep) fs::remove_all(dir);
    return 0;
  }
  if (pages) {
    std::string db = dir + "/hub-" + std::to_string(n0) + ".db";
    if (fs::exists(db)) {
      std::printf("using the hub database of %lld responses already in %s (--keep made it)\n",
                  static_cast<long long>(n0), dir.c_str());
    } else {
      auto t0 = SteadyClock::now();
      Ingested made = InChild([&] { return Make(db, n0, true); });
      std::printf("made a hub database of %lld responses (%lld records) in %.0f s\n",
                  static_cast<long long>(n0), static_cast<long long>(made.records),
                  std::chrono::duration<double>(SteadyClock::now() - t0).count());
    }
    std::fflush(stdout);
    if (!pg.empty()) {
      stem::bench::MigrateForPages(db, pg, keep);
      db = pg;
    }
    stem::bench::MeasurePages(STEM_HUB_PATH, dir, db);
    if (!keep) fs::remove_all(dir);
    return 0;
  }

  // (a) the read model's price at ingest, on the first size.
  Ingested raw = InChild([&] { return Make(dir + "/raw.db", n0, false); });
  Ingested with = InChild([&] { return Make(dir + "/hub-" + std::to_string(n0) + ".db", n0, true); });
  double raw_rate = static_cast<double>(raw.records) / raw.seconds;
  double with_rate = static_cast<double>(with.records) / with.seconds;
  std::printf("\n(a) ingest of %lld responses (%lld records) through IngestBatch, 500 per batch\n",
              static_cast<long long>(n0), static_cast<long long>(with.records));
  std::printf("    without the read model: %8.0f records/s\n", raw_rate);
  std::printf("    with the read model:    %8.0f records/s\n", with_rate);
  std::printf("    ratio: %.2f (aim >= 0.8)\n", with_rate / raw_rate);
  fs::remove(dir + "/raw.db");
  fs::remove(dir + "/raw.db-wal");
  fs::remove(dir + "/raw.db-shm");
  if (ingest_only) {
    if (!keep) fs::remove_all(dir);
    return 0;
  }

  std::printf("\n(b, c) stem-hub export (time, peak RSS) against sqlite3 -csv of the records table\n");
  std::printf("%10s %10s | %9s %8s | %11s | %9s %8s | %9s | %7s %7s\n", "responses", "records",
              "csv s", "csv MB", "csv-nosig s", "xlsx s", "xlsx MB", "sqlite3 s", "ratio",
              "nosig");
  std::vector<long> csv_rss, xlsx_rss;
  for (int64_t n : sizes) {
    std::string db = dir + "/hub-" + std::to_string(n) + ".db";
    int64_t records = n == n0 ? with.records
                              : InChild([&] { return Make(db, n, true); }).records;
    Run csv = Measure({STEM_HUB_PATH, "export", "--db", db, "--format", "csv", "--out",
                       dir + "/csv-" + std::to_string(n), "--force"}, "/dev/null");
    Run bare = Measure({STEM_HUB_PATH, "export", "--db", db, "--format", "csv", "--out",
                        dir + "/bare-" + std::to_string(n), "--no-signatures"}, "/dev/null");
    Run xlsx = Measure({STEM_HUB_PATH, "export", "--db", db, "--format", "xlsx", "--out",
                        dir + "/export-" + std::to_string(n) + ".xlsx", "--force"}, "/dev/null");
    Run dump = Measure({"sqlite3", "-csv", db, "SELECT * FROM records"},
                       dir + "/records-" + std::to_string(n) + ".csv");
    std::printf("%10lld %10lld | %9.1f %8.1f | %11.1f | %9.1f %8.1f | %9.1f | %7.2f %7.2f\n",
                static_cast<long long>(n), static_cast<long long>(records), csv.seconds,
                csv.max_rss_kb / 1024.0, bare.seconds, xlsx.seconds, xlsx.max_rss_kb / 1024.0,
                dump.seconds, dump.seconds / csv.seconds, dump.seconds / bare.seconds);
    std::fflush(stdout);
    csv_rss.push_back(csv.max_rss_kb);
    xlsx_rss.push_back(xlsx.max_rss_kb);
  }
  if (sizes.size() >= 2) {
    std::printf("\npeak RSS at %lld / at %lld responses: csv %.2fx, xlsx %.2fx (aim <= 1.2x)\n",
                static_cast<long long>(sizes.back()), static_cast<long long>(sizes.front()),
                static_cast<double>(csv_rss.back()) / static_cast<double>(csv_rss.front()),
                static_cast<double>(xlsx_rss.back()) / static_cast<double>(xlsx_rss.front()));
  }
  std::printf("ratio = sqlite3's time / our CSV export's (aim >= 0.5); nosig: the CSV export "
              "with --no-signatures (no SVG file per signature)\n");
  if (!keep) fs::remove_all(dir);
  return 0;
}
