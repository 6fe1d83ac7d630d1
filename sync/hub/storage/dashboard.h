// What the staff pages read: sign-in state (accounts, sessions, throttles) and the views of
// the read model that pages show (an event's overview, people found by search, one person).
// Plain values; thread safety as for any value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/hub/storage/read_model.h"

namespace stem::hub {

// A staff account as signing in needs it.
struct StaffCredentials {
  std::string email;
  std::string role;
  std::string password_hash;  // "" until the person set one
  bool disabled = false;
};

// A signed-in session, found by the hash of its cookie.
struct StaffSession {
  std::string email;
  std::string role;
  std::string csrf;  // the token every state-changing request of this session carries
  bool sensitive_data = false;  // the account's "sensitive data" right (StaffUser)
};

// One activity of an event (or "" for the whole event): check-ins now and today.
struct ActivityCount {
  std::string activity_id;
  int64_t here_now = 0;
  int64_t today = 0;
};

// A child checked in and not checked out: the end-of-day safety list.
struct StillHere {
  std::string person_id;
  std::string given_name;
  std::string family_name;
  std::string activity_id;
  std::string in_at;
  std::string guardian_name;
  std::string guardian_phone;
};

struct FormCount {
  std::string form_id;
  int64_t responses = 0;
};

// An event's counts for its landing page (its name and dates: HubStorage::ListEvents).
struct EventOverview {
  std::string event_id;
  int64_t students = 0;
  int64_t here_now = 0;
  int64_t checked_in_today = 0;
  std::vector<ActivityCount> activities;
  std::vector<StillHere> still_here;
  std::vector<FormCount> forms;
};

// A kiosk as the overview lists it.
struct KioskStatus {
  std::string name;
  std::string kiosk_id;
  bool enrolled = false;
  bool revoked = false;
  std::string last_seen_at;  // UTC; "" when it never called
  int64_t acked_through = 0;
  int64_t records = 0;  // received: its contiguous acknowledged sequence (counting is slow)
  int64_t rejected = 0;  // records the hub refused (quarantined on the kiosk)
  // As the kiosk last reported (with any request): -1 / "" before it ever did.
  std::string app_version;
  int64_t waiting = -1;      // records not yet acknowledged by the hub
  int64_t quarantined = -1;  // records the kiosk holds as refused
  std::string reported_at;
};

// What a kiosk reports holding with each request (headers X-Kiosk-Version, -Waiting,
// -Quarantined); -1 / "" for what it did not say.
struct KioskReport {
  std::string app_version;
  int64_t waiting = -1;
  int64_t quarantined = -1;
};

// One check-in of a person, for their page.
struct PersonVisit {
  std::string event_id;
  std::string activity_id;
  std::string local_day;
  std::string in_at;
  std::string out_at;  // "" while still here
  std::string out_method;
};

// One response a person gave or that names them.
struct PersonResponse {
  std::string record_id;
  std::string form_id;
  std::string created_at;
};

// A person's page: who they are, their guardian or children, visits, responses and the
// labels printed for them (newest first).
struct PersonDetail {
  PersonRow person;
  std::vector<PersonRow> related;  // the guardian of a student; the children of a guardian
  std::vector<PersonVisit> visits;
  std::vector<PersonResponse> responses;
  std::vector<LabelPrint> prints;
};

// A page of one form's responses (current ones, newest first), with filters. Paging is by
// key (the saved time and the row), so the last page of a million is as quick as the first.
struct ResponseQuery {
  std::string form_id;
  std::string event_id;   // "" for every event
  std::string from_day;   // "YYYY-MM-DD" (UTC), inclusive; "" for no bound
  std::string to_day;     // inclusive
  std::string device_id;  // a kiosk's id; "" for every kiosk
  int64_t answer_qid = 0;    // with answer_value: only responses that gave this answer
  std::string answer_value;
  std::string cursor;     // a ResponsePage cursor, or "" for the newest page
  bool older = true;      // from the cursor: older responses (next page) or newer (previous)
  bool oldest = false;    // the oldest page (the last one), ignoring the cursor
  int limit = 50;
};

struct ResponsePage {
  std::vector<ResponseRow> rows;  // newest first, each with its answers
  std::string first_cursor;       // of rows.front() and rows.back(), for the links
  std::string last_cursor;
  bool has_newer = false;
  bool has_older = false;
};

// A response and the corrections around it, oldest first (itself included).
struct ResponseDetail {
  ResponseRow response;
  std::vector<ResponseRow> history;  // without answers
};

// A scholarship committee's review of one application (a response to a form of kind
// "scholarship"), kept at the hub. `version` counts saves: a save names the version it
// started from, so two reviewers changing one application at once cannot overwrite each
// other (the second is told).
struct Review {
  std::string record_id;
  std::string status = "new";  // new, in_review, awarded, waitlisted, declined
  std::string reviewer;        // the assigned reviewer's email, or ""
  std::map<std::string, int> scores;  // rubric line id -> points
  std::optional<double> score;        // their total, when any line is scored
  std::string notes;
  int64_t version = 0;
  std::string updated_at;
  std::string updated_by;
};

// One save of a review, as its history shows it.
struct ReviewChange {
  std::string at;
  std::string actor;
  Review saved;
};

// An application in the review queue.
struct Application {
  ResponseRow response;  // with its answers
  Review review;
};

// A personal API token as its owner's page lists it (never the token itself).
struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string access;  // "read" (GET only) or "write"
  std::string created_at;
  std::string last_used;
  bool revoked = false;
};

// Who calls with an API token: its owner's email and role, and the token's access.
struct ApiCaller {
  std::string email;
  std::string role;
  std::string access;
};

// How often each answer was given to a question (outside repeat groups), for the charts.
struct AnswerCount {
  int64_t qid = 0;
  AnswerValue value;
  int64_t count = 0;
};

}  // namespace stem::hub
