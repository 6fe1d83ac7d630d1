#include "kiosk/app/ui/sync_words.h"

namespace stem::kiosk {

wxString HubWords(HubState state) {
  switch (state) {
    case HubState::kNotSetUp:
      return _("Hub: not set up");
    case HubState::kSyncing:
      // "…" is not ASCII: the msgid is read as UTF-8, not in the C locale's charset.
      return wxGetTranslation(wxString::FromUTF8("Hub: Syncing…"));
    case HubState::kNotCheckedYet:
      return _("Hub: not checked yet");
    case HubState::kReachable:
      return _("Hub: reachable");
    case HubState::kNotReachable:
      return _("Hub: not reachable");
    case HubState::kAccessWithdrawn:
      return _("Hub: access withdrawn");
  }
  return _("Hub: not checked yet");
}

wxString SyncProblemWords(const std::string& r) {
  if (r.empty() || r == "not_enrolled") return "";
  if (r == "unauthorized") return _("This kiosk's access to the hub was withdrawn. Ask the organizer.");
  if (r == "hub_unreachable") {
    return _("The hub cannot be reached right now. Records stay safe here and go when it is back.");
  }
  if (r == "not_a_hub") {
    return _("Something on this network answers instead of the hub (maybe a Wi-Fi sign-in page).");
  }
  return _("The last sync did not finish. Records stay safe here; it will try again.");
}

wxString EnrollWords(const Status& s) {
  if (s.ok()) return _("Connected. This kiosk now sends its records to the hub.");
  const std::string& r = s.reason();
  if (r == "bad_enrollment_code") {
    return _("The hub did not accept that code. Ask the organizer for a new one.");
  }
  if (r == "too_many_enrollment_attempts") {
    return _("The hub stopped taking codes for a few minutes after too many wrong ones. "
             "Please wait, then try again.");
  }
  if (r == "kiosk_already_enrolled") {
    return _("The hub already knows this kiosk. Ask the organizer to remove it at the hub first.");
  }
  if (r == "not_a_hub") return _("That address does not answer like a hub. Please check it.");
  if (r == "unauthorized") return SyncProblemWords(r);
  if (s.code() == Status::Code::kInvalidArgument) {
    return _("Please check the hub address (for example https://hub.example.org) and the code.");
  }
  if (s.code() == Status::Code::kIoError) {
    return _("The hub cannot be reached. Check the address and the network, then try again.");
  }
  return _("The kiosk could not connect to the hub. Please try again.");
}

}  // namespace stem::kiosk
