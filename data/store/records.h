// Values the Store takes and returns. Plain data, no behaviour.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/clock.h"

namespace stem {

struct NewEvent {
  std::string name;
  std::string kind;       // "fair" or "camp"
  std::string starts_on;  // YYYY-MM-DD
  std::string ends_on;    // YYYY-MM-DD
  std::string venue;
};

struct Event {
  std::string id;
  std::string name;
  std::string kind;
  std::string starts_on;
  std::string ends_on;
  std::string venue;
  bool is_camp() const { return kind == "camp"; }
};

struct NewActivity {
  std::string name;
  std::optional<int64_t> capacity;  // none: unlimited
};

struct Activity {
  std::string id;
  std::string event_id;
  std::string name;
  std::optional<int64_t> capacity;
};

// A student or guardian on an event's roster.
// An adult a family allows to collect their child at check-out (besides the guardian).
struct PickupAdult {
  std::string name;
  std::string relationship;  // "aunt", "neighbour", ...; may be empty
  std::string phone;         // may be empty
  bool operator==(const PickupAdult&) const = default;
};

struct Person {
  std::string id;
  std::string event_id;
  std::string role;  // "student" or "guardian"
  std::string given_name;
  std::string family_name;
  std::optional<std::string> birth_date;
  std::optional<std::string> grade;
  std::optional<std::string> school;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> confirmation_code;
  std::optional<std::string> guardian_id;
  bool allergy_flag = false;
  std::string source;  // "import", "walkup" or "hub"
  // A student's: who else may collect them, and whether the family said someone must not
  // (the who and why are a sealed answer; the desk sees only this flag).
  std::vector<PickupAdult> pickup_adults;
  bool no_pickup_flag = false;
};

struct RosterImportReport {
  int students_added = 0;
  int students_updated = 0;
  int guardians_added = 0;
};

// One search result: what a volunteer needs to recognise and check in a student.
struct RosterHit {
  Person student;
  std::string guardian_name;
  bool checked_in = false;  // an open check-in in any activity of the event
};

struct RecordRef {
  std::string id;  // UUIDv7
  int64_t seq = 0;
};

struct NewRegistration {
  std::string event_id;
  Person student;   // id, event_id, role and source are filled in by the store
  // given_name empty: no guardian recorded. With an id: the guardian an earlier registration
  // of the same family recorded (one guardian row for all their children).
  Person guardian;
  nlohmann::json answers = nlohmann::json::object();
};

struct RegistrationResult {
  RecordRef record;
  std::string student_id;
  std::string confirmation_code;
  std::string guardian_id;  // empty when no guardian was recorded
};

struct CheckInRequest {
  std::string person_id;
  std::string activity_id;  // empty: the whole event
  std::optional<std::string> override_reason;  // allows a duplicate or over-capacity check-in
  std::string volunteer;    // who did it, for the record; may be empty
};

struct CheckInResult {
  RecordRef record;
  std::string pickup_code;  // empty at a fair
  bool overrode = false;
};

// The open check-in that makes another one a duplicate: when, where and by whom.
struct OpenCheckInInfo {
  std::string record_id;
  std::string checked_in_at;  // UTC, as stored ("2026-11-22T14:05:09.123Z")
  std::string device_id;      // the kiosk that recorded it
  std::string device_short;   // the last 8 characters of device_id, to tell kiosks apart
  std::string station_name;   // the name the hub knows that kiosk by; empty when not enrolled
  std::string volunteer;      // as recorded; may be empty
  std::string activity_id;    // empty: the whole event
  std::string pickup_code;    // empty at a fair
};

struct CheckOutRequest {
  std::string person_id;
  std::string activity_id;
  std::optional<std::string> pickup_code;
  std::optional<std::string> override_reason;  // instead of the code, or for someone not listed
  std::string volunteer;
  // Who collects the child, as the volunteer chose or typed them. When the child has a pickup
  // list, the collector must be the guardian or an adult on it (names compared as the roster
  // search folds them), or the check-out needs an override with a reason.
  std::string collected_by = "";
};

struct CheckOutResult {
  RecordRef record;
  std::string checkin_id;
  std::string method;  // "pickup_code", "override" or "no_code_needed"
  bool collector_listed = false;  // the collector is the guardian or on the pickup list
};

struct FormSubmission {
  std::string form_id;
  int form_version = 1;
  std::string event_id;   // may be empty
  std::string person_id;  // may be empty (anonymous surveys)
  nlohmann::json answers = nlohmann::json::object();
  std::string supersedes;  // id of the response this one corrects, or empty
};

// An application saved for later on this kiosk (Store::SaveDraft).
struct DraftToSave {
  std::string form_id;
  int form_version = 0;
  std::string language = "en";
  std::string page;  // where the family was: a wizard page path
  nlohmann::json answers = nlohmann::json::object();
  std::string birth_date;   // the child's, "YYYY-MM-DD": the second factor
  std::string resume_code;  // empty for a new code; the code it was resumed with otherwise
  std::string replaces;     // the id of the draft it was resumed from, or empty
};

struct SavedDraft {
  std::string id;
  std::string resume_code;  // shown to the family once
  TimePoint expires_at;
};

struct ResumedDraft {
  std::string id;
  std::string form_id;
  int form_version = 0;
  std::string language;
  std::string page;
  nlohmann::json answers = nlohmann::json::object();
  std::string resume_code;  // normalized, as typed
  std::string birth_date;
  TimePoint expires_at;
};

struct FormInfo {
  std::string id;
  int version = 0;
  std::string kind;
  std::string title;  // in the form's first language
  bool sensitive = false;
};

struct ResponseToSave {
  std::string form_id;
  std::string language = "en";
  nlohmann::json answers = nlohmann::json::object();
  std::string event_id;    // may be empty
  std::string person_id;   // ignored for anonymous forms
  std::string supersedes;  // id of the response this one corrects, or empty
  std::string draft_id;    // the saved-for-later draft this finishes: deleted with the save
};

struct SaveOutcome {
  std::optional<RecordRef> saved;  // set when the response was committed
  struct Problem {
    std::string path;
    std::string code;
    std::string message;
  };
  std::vector<Problem> errors;  // answers that need attention; nothing was saved
  // A registration form's children put on the roster with the response, with their codes.
  std::vector<RegistrationResult> registered;
};

struct StoredRecord {
  int64_t seq = 0;
  std::string id;
  std::string device_id;
  std::string type;
  std::string event_id;
  std::string person_id;
  std::string supersedes;
  std::string created_at;
  std::string payload;  // JSON
  bool acked = false;
};

struct StoreSummary {
  std::string device_id;
  int schema_version = 0;
  std::optional<std::string> current_event_id;
  std::optional<std::string> current_event_name;
  std::map<std::string, int64_t> records_by_type;
  int64_t outbox_depth = 0;  // records not yet acknowledged by the hub
  std::optional<std::string> last_sync_at;
  int64_t roster_students = 0;
  int64_t checked_in_now = 0;
  int64_t checked_in_today = 0;
};

}  // namespace stem
