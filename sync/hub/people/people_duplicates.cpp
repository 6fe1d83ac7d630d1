#include "sync/hub/people/people_duplicates.h"

#include <unordered_map>

namespace stem::hub {

Result<std::vector<DuplicatePeople>> FindDuplicatePeople(HubStorage& storage,
                                                         const std::string& event_id) {
  STEM_ASSIGN_OR_RETURN(DuplicateFinder finder, DuplicateFinder::Make());
  std::unordered_map<std::string, PersonRow> people;
  ExportFilter filter;
  filter.event_id = event_id;
  STEM_RETURN_IF_ERROR(storage.ForEachPerson(filter, [&](const PersonRow& p) {
    people.emplace(p.person_id, p);
    return Status::Ok();
  }));
  for (const auto& [id, p] : people) {
    if (!p.merged_into.empty()) continue;  // staff decided already
    PersonToMatch m{p.person_id, p.event_id, p.role, p.given_name, p.family_name, p.birth_date,
                    p.phone};
    if (m.phone.empty() && !p.guardian_id.empty()) {
      auto guardian = people.find(p.guardian_id);
      if (guardian != people.end()) m.phone = guardian->second.phone;
    }
    finder.Add(m);
  }
  std::vector<DuplicatePeople> out;
  for (const DuplicatePair& pair : finder.Find()) {
    out.push_back({people.at(pair.first), people.at(pair.second), pair.reason});
  }
  return out;
}

}  // namespace stem::hub
