// Navigator: how a screen asks the frame to show another screen. The frame implements it;
// screens never create or destroy each other. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "data/store/records.h"
#include "kiosk/app/core/kiosk_config.h"
#include "kiosk/app/core/sync_link.h"

namespace stem::kiosk {

struct ThanksInfo {
  std::vector<std::string> confirmation_codes;  // one per child registered
  std::vector<std::string> child_names;         // their first names (may be shorter)
  bool back_to_desk = false;
};

class Navigator {
 public:
  virtual ~Navigator() = default;
  virtual void GoAttract() = 0;
  virtual void GoHome() = 0;
  virtual void StartForm(const std::string& form_id, bool from_desk) = 0;
  // A family's application in progress (its form, page and answers; its resume code, birth
  // date and draft id once it was saved for later): "Save and finish later" hands it to the
  // screen that seals it; "Continue an application" asks for the code and birth date; a draft
  // opened (or a family going back from saving) continues in the form at the page it left.
  virtual void SaveForLater(const ResumedDraft& application) = 0;
  virtual void ResumeApplication() = 0;
  virtual void ContinueApplication(const ResumedDraft& application) = 0;
  virtual void ShowThanks(const ThanksInfo& info) = 0;
  virtual void AskPin(PinRole role) = 0;
  virtual void GoDesk() = 0;
  virtual void GoAdmin(bool first_setup) = 0;
  // The family changed language or appearance: redraw the current screen.
  virtual void Restyle() = 0;
  virtual void ExitKiosk() = 0;
  // The hub connection, which lives as long as the frame.
  virtual SyncLink& Sync() = 0;
};

}  // namespace stem::kiosk
