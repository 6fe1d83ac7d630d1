// Private to the Store's implementation files: its state and shared helpers.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "data/random.h"
#include "data/store/records.h"
#include "data/sqlite/sqlite.h"
#include "data/store/store.h"
#include "data/text_fold.h"

namespace stem {

struct Store::Private {
  sql::Connection db;
  std::unique_ptr<SystemClock> own_clock;
  std::unique_ptr<SecureRandom> own_random;
  const Clock* clock = nullptr;
  Random* random = nullptr;
  std::string device_id;

  std::unique_ptr<TextFolder> folder;  // declared after db: released before the connection

  explicit Private(sql::Connection c) : db(std::move(c)) {}

  std::string NowUtc() const { return FormatUtc(clock->Now()); }
  std::string Today() const { return LocalDay(clock->Now()); }

  // Appends a record and its outbox entry. Must run inside a transaction.
  Result<RecordRef> AppendRecord(const std::string& type, const std::string& event_id,
                                 const std::string& person_id, const std::string& supersedes,
                                 const nlohmann::json& payload);

  // The roster's word folder, made on first use and kept for the connection's lifetime.
  Result<const TextFolder*> Folder();
  // Inserts or updates a person and, for students, their roster search entries. The single
  // writer of people: the CSV import, walk-up registration and roster download all use it.
  // Must run inside a transaction.
  Status WritePerson(const Person& person, const std::string& guardian_name,
                     const std::string& record_id);
  // Fills a student's pickup_adults and no_pickup_flag from student_pickup.
  Status LoadPickup(Person* person);

  // Installs a form version (see Store::InstallForm). Must run inside a transaction.
  Result<FormInfo> InstallForm(const std::string& spec_json, bool report_to_hub);

  Result<std::optional<std::string>> GetSetting(const std::string& key);
  Status PutSetting(const std::string& key, const std::string& value);

  // The kiosk's salt for draft lookup tags (store_drafts.cpp), made at the first draft when
  // `create`; nullopt when there has never been a draft here.
  Result<std::optional<std::string>> DraftSalt(bool create);
};

// Reads the Person in the current row of a statement that selected kPersonColumns first.
inline constexpr const char* kPersonColumns =
    "p.id, p.event_id, p.role, p.given_name, p.family_name, p.birth_date, p.grade, p.school, "
    "p.phone, p.email, p.confirmation_code, p.guardian_id, p.allergy_flag, p.source";
Person ReadPerson(const sql::Statement& stmt);
// The student_pickup row's JSON for a person (nullopt when there is nothing to keep), and
// back (store_roster.cpp).
std::optional<std::string> PickupJson(const Person& p);
void ReadPickup(const std::optional<std::string>& json, Person* p);

// Reads the record (not its acked flag) in the current row of a statement that selected
// kRecordColumns first.
inline constexpr const char* kRecordColumns =
    "r.seq, r.id, r.device_id, r.type, r.event_id, r.person_id, r.supersedes, r.created_at, "
    "r.payload";
StoredRecord ReadStoredRecord(const sql::Statement& stmt);


}  // namespace stem
