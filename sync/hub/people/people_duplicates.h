// Probable duplicate people at the hub: the finder (duplicates.h) run over the read model's
// people, each pair with both people as the dashboard and `stem-hub people duplicates` show
// them. People merged already are left out. A student is matched by their guardian's phone when they have none of their own.
// Reads through HubStorage::ForEachPerson (streamed); holds one small entry per person of the
// events asked for. Errors: the storage's.
#pragma once

#include <string>
#include <vector>

#include "sync/hub/people/duplicates.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

struct DuplicatePeople {
  PersonRow first;
  PersonRow second;
  std::string reason;  // DuplicatePair::reason
};

// Every probable pair of one event, or of every event when `event_id` is "" (pairs never
// span two events).
Result<std::vector<DuplicatePeople>> FindDuplicatePeople(HubStorage& storage,
                                                         const std::string& event_id);

}  // namespace stem::hub
