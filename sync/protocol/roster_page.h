// Roster pages: the hub's published roster sent down to kiosks, a page at a time in the
// order of a server-side change cursor. A kiosk asks for the changes after the cursor it
// last applied, so an interrupted download resumes where it stopped.
// Thread safety: pure functions. Errors: InvalidArgument "bad_message" naming the field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/store/records.h"
#include "data/status.h"
#include "data/store/sync_records.h"

namespace stem::sync {

using RosterPerson = HubRosterEntry;

struct RosterPage {
  std::vector<Event> events;  // the events the people belong to
  std::vector<RosterPerson> people;  // guardians before their students
  int64_t next_cursor = 0;    // ask for changes after this next time
  bool more = false;          // another page follows now
  // Form versions the hub published after the forms cursor the kiosk sent (`forms_after`),
  // each the spec's JSON text, and the forms cursor after them; -1 when the page carries no
  // forms part (the kiosk did not ask, or the hub is older).
  std::vector<std::string> forms;
  int64_t forms_cursor = -1;
};

std::string EncodeRosterPage(const RosterPage& page);
// One person as stored by the hub between import and download.
std::string EncodeRosterPerson(const RosterPerson& person);
Result<RosterPerson> DecodeRosterPerson(std::string_view text);
Result<RosterPage> DecodeRosterPage(std::string_view text);

}  // namespace stem::sync
