#include "sync/hub/hub_cli_people.h"

#include <algorithm>

#include "sync/hub/people/people_duplicates.h"

namespace stem::hub {
namespace {

// What a reason slug means, for the command line.
const char* ReasonWords(const std::string& reason) {
  if (reason == "same_name_and_birth_date") return "same name and birth date";
  if (reason == "same_birth_date_similar_name") return "same birth date, similar name";
  if (reason == "same_birth_date_phone_and_given_name") return "same birth date, phone and given name";
  if (reason == "same_name_birth_date_swapped") return "same name, birth day and month swapped";
  if (reason == "same_phone_similar_name") return "same phone, similar name";
  return "alike";
}

std::string Who(const PersonRow& p) {
  std::string where = p.source == "hub roster" ? "hub roster" : "kiosk " + p.device_id;
  return p.given_name + " " + p.family_name + " (" +
         (p.birth_date.empty() ? "no birth date" : p.birth_date) + ", " + where + ")";
}

Status Duplicates(HubStorage& storage, const std::string& event, std::ostream& out) {
  if (!event.empty()) {
    STEM_ASSIGN_OR_RETURN(std::vector<HubEventInfo> events, storage.ListEvents());
    bool known = std::any_of(events.begin(), events.end(),
                             [&](const HubEventInfo& e) { return e.event.id == event; });
    if (!known) return Status::NotFound("unknown_event", "no event " + event.substr(0, 64) + " at this hub");
  }
  STEM_ASSIGN_OR_RETURN(std::vector<DuplicatePeople> pairs, FindDuplicatePeople(storage, event));
  for (const DuplicatePeople& d : pairs) {
    out << d.first.person_id << "\t" << d.second.person_id << "\t" << ReasonWords(d.reason) << "\t"
        << Who(d.first) << "\t" << Who(d.second) << "\n";
  }
  out << pairs.size() << (pairs.size() == 1 ? " probable duplicate pair\n" : " probable duplicate pairs\n");
  return Status::Ok();
}

}  // namespace

Status PeopleCommand(HubStorage& storage, const std::vector<std::string>& words,
                     const std::string& event, const std::optional<std::string>& into,
                     const std::string& reason, std::ostream& out) {
  const std::string verb = words.empty() ? "" : words[0];
  if (verb == "duplicates" && words.size() == 1) return Duplicates(storage, event, out);
  if (verb == "merge") {
    if (words.size() != 2 || !into) {
      return Status::InvalidArgument("usage", "people merge PERSON_ID --into PERSON_ID [--reason TEXT]");
    }
    STEM_RETURN_IF_ERROR(storage.MergePeople(words[1], *into, reason, "stem-hub people merge"));
    out << "merged " << words[1] << " into " << *into << "\n";
    return Status::Ok();
  }
  if (verb == "unmerge" && words.size() == 2) {
    STEM_RETURN_IF_ERROR(storage.UndoMerge(words[1], "stem-hub people unmerge"));
    out << "unmerged " << words[1] << "\n";
    return Status::Ok();
  }
  return Status::InvalidArgument(
      "usage", "people duplicates [--event ID] | people merge ID --into ID | people unmerge ID");
}

}  // namespace stem::hub
