// `stem-hub people ...`: probable duplicate people and merges from the hub's command line.
//   people duplicates [--event ID]          one line per pair: both ids, why, who and where from
//   people merge ID --into ID [--reason T]  count one person as another; nothing is deleted
//   people unmerge ID                       undo a merge
// Errors: usage, unknown_event, and the storage's (unknown_person, already_merged, ...).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "data/status.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

// `words` are the command's words after "people".
Status PeopleCommand(HubStorage& storage, const std::vector<std::string>& words,
                     const std::string& event, const std::optional<std::string>& into,
                     const std::string& reason, std::ostream& out);

}  // namespace stem::hub
