// The hub's read model: what pages and exports read instead of the records' JSON.
//
// Written by the storage in the same transaction as each ingested record (and by a roster
// import), so it never disagrees with what was stored: people (students and guardians, one
// row per person id), attendance (one row per check-in with its check-out), and form
// responses with their answers by question. Plain values; thread safety as for any value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stem::hub {

// One student or guardian, from the hub's roster or a kiosk's registration.
struct PersonRow {
  std::string person_id;
  std::string event_id;
  std::string role;  // "student" or "guardian"
  std::string given_name;
  std::string family_name;
  std::string birth_date;  // "YYYY-MM-DD" or ""
  std::string grade;
  std::string school;
  std::string phone;
  std::string email;
  std::string confirmation_code;
  std::string guardian_id;
  std::string guardian_name;  // the guardian's full name, for a student
  bool allergy_flag = false;
  std::string source;         // "hub roster" or "kiosk registration"
  std::string device_id;      // the kiosk that registered them; "" for the hub's roster
  std::string record_id;      // the registration record; "" for the hub's roster
  std::string registered_at;  // UTC "2026-11-22T14:03:07.123Z"
  std::string merged_into;    // the person staff merged this one into, or ""
};

// One check-in and, once it happened, its check-out.
// A badge or pickup stub a kiosk printed (or tried to) for a student: from the kiosk's
// "label_printed" audit record.
struct LabelPrint {
  std::string person_id;
  std::string event_id;
  std::string label;      // "badge" or "stub"
  bool reprint = false;
  std::string reason;     // why a reprint; may be empty
  std::string volunteer;
  std::string printer;
  std::string outcome;    // "sent", or what stopped it ("paused", "out_of_labels", ...)
  std::string printed_at;
  std::string device_id;
};

struct AttendanceRow {
  std::string checkin_id;
  std::string event_id;
  std::string person_id;
  std::string given_name;  // "" when the person is not known at the hub
  std::string family_name;
  std::string activity_id;  // "" for the whole event
  std::string local_day;    // the kiosk's day of the check-in, "YYYY-MM-DD"
  std::string in_at;        // UTC
  std::string in_by;        // the volunteer, as typed; may be ""
  std::string in_device;
  std::string in_override_reason;  // a duplicate or over-capacity check-in admitted anyway
  std::string overrides_checkin;   // the open check-in this one was admitted over, or ""
  std::string checkout_id;         // "" while still checked in
  std::string out_at;
  std::string out_by;
  std::string out_device;
  std::string out_method;  // "pickup_code", "override" or "no_code_needed"
  std::string out_override_reason;
  // The person the kiosk checked in, when staff merged them into `person_id` since; else "".
  std::string merged_from;
};

// The JSON text of an answer that is a list or an object: a multiple choice, a signature, a
// sealed answer. Kept apart from text, so typed text never passes for one.
struct StructuredAnswer {
  std::string json;
};

// An answer as stored: text, a whole number (true/false as 1/0), a number, or structured.
using AnswerValue = std::variant<std::monostate, std::string, int64_t, double, StructuredAnswer>;

// A question of a form as the read model numbers it: answers name their question by `qid`.
struct QuestionKey {
  int64_t qid = 0;
  std::string repeat_id;  // "" outside a repeat group
  std::string question_id;
};

struct AnswerRow {
  int64_t qid = 0;  // see QuestionKey
  int entry = 0;    // 1-based entry of the repeat group; 0 outside
  AnswerValue value;
};

struct ResponseRow {
  std::string record_id;
  std::string form_id;
  int form_version = 0;
  std::string event_id;
  std::string person_id;
  std::string device_id;
  int64_t seq = 0;
  std::string created_at;
  std::string received_at;
  std::string supersedes;     // the response this one corrects, or ""
  std::string superseded_by;  // the correction that replaced this one, or ""
  std::vector<AnswerRow> answers;  // in (question, entry) order
  // The scholarship review of this response (exports only; "" and none when not reviewed).
  std::string review_status;
  std::optional<double> review_score;
  std::string reviewer;
};

// A form version the hub knows: its spec, and where the hub got it.
struct HubForm {
  std::string form_id;
  int version = 0;
  std::string kind;
  std::string spec_json;
  std::string source;  // "bundled", "hub" (stem-hub forms install) or "kiosk"
  std::string added_at;
};

// A form version published to kiosks: the position kiosks download it at, and its spec.
struct PublishedForm {
  int64_t cursor = 0;
  std::string spec_json;
};

// Responses stored for a form version the hub does not know: only in the raw JSON export.
struct UnknownFormVersion {
  std::string form_id;
  int version = 0;
  int64_t responses = 0;
};

struct ExportFilter {
  std::string event_id;  // "" for every event
  bool history = false;  // also responses replaced by a correction
};

}  // namespace stem::hub
