#include "kiosk/app/ui/messages.h"

namespace stem::kiosk {

wxString Words(const Status& s) {
  const std::string& r = s.reason();
  if (r == "duplicate_checkin") return _("This child is already checked in.");
  if (r == "collector_not_listed") {
    return _("Only the guardian or an adult on this child's pickup list may collect them. Use "
             "Override and give a reason.");
  }
  // Saved-for-later applications: an unknown code and a wrong date get the same words.
  if (r == "draft_not_found") {
    return _("No saved application on this kiosk matches that code and date of birth. Check "
             "both and try again. An application can only be continued on the kiosk where it "
             "was saved.");
  }
  if (r == "draft_locked") {
    return _("Too many tries. This application is locked for 15 minutes. A volunteer can help.");
  }
  if (r == "draft_expired") {
    return _("This saved application was kept as long as allowed and has expired; its answers "
             "were deleted. Please start a new one.");
  }
  if (r == "resume_code_shape") {
    return _("A resume code has 6 letters and numbers, for example BCD 234.");
  }
  if (r == "invalid_birth_date") {
    return _("Please type the date of birth as shown, with the year in 4 digits.");
  }
  if (r == "draft_too_large") {
    return _("This application is too long to save for later. Please finish it now, or ask a "
             "volunteer.");
  }
  if (r == "draft_days_range") return _("Saved applications are kept 1 to 90 days.");
  if (r == "wrong_pickup_code" || s.code() == Status::Code::kDenied) {
    return _("That pickup code does not match. Please check it and try again.");
  }
  if (r == "activity_full") return _("This session is full.");
  if (r == "pickup_code_required") return _("Please enter the pickup code.");
  if (r == "not_checked_in") return _("This child is not checked in.");
  if (r == "no_pickup_code") return _("This child has no pickup code to print.");
  if (r == "no_current_event") return _("No event is chosen on this kiosk yet. Please ask the admin.");
  if (r == "no_public_key") {
    return _("This form cannot be used until the admin sets the nonprofit's public key.");
  }
  if (r == "pin_too_short") return _("A PIN has at least 4 digits.");
  if (r == "pin_too_long") return _("A PIN has at most 8 digits.");
  if (r == "pin_not_digits") return _("A PIN has digits only.");
  if (r == "idle_timeout_range") return _("The idle time must be between 10 and 600 seconds.");
  if (r == "invalid_public_key" || r == "bad_public_key") {
    return _("That public key is not valid. Copy it again from the nonprofit's export tool.");
  }
  if (s.code() == Status::Code::kInvalidArgument) {
    return _("Some of what was entered is not valid. Please check it.");
  }
  if (s.code() == Status::Code::kBusy) return _("The kiosk is busy. Please try again.");
  return _("Something went wrong and nothing was saved. Please ask a volunteer.");
}

wxString DateFormatHint(const std::string& language) {
  return language == "es" ? _("Day / month / year, for example 25/12/2016")
                          : _("Month / day / year, for example 12/25/2016");
}

wxString PrintWords(labels::PrintProblem p) {
  using labels::PrintProblem;
  switch (p) {
    case PrintProblem::kNone: return _("Printed.");
    case PrintProblem::kNoPrinterChosen:
      return _("Not printed: no printer is chosen. The admin chooses one in Admin.");
    case PrintProblem::kNoSuchPrinter:
      return _("Not printed: the chosen printer is gone. The admin chooses another in Admin.");
    case PrintProblem::kNoPrintSystem:
      return _("Not printed: this computer's printing service is not running.");
    case PrintProblem::kOffline:
      return _("Not printed: the printer is off or unplugged. Check it, then Reprint.");
    case PrintProblem::kPaused:
      return _("Not printed: the printer is paused. Resume it, then Reprint.");
    case PrintProblem::kOutOfLabels:
      return _("Not printed: the printer is out of labels. Load more, then Reprint.");
    case PrintProblem::kNeedsAttention:
      return _("Not printed: the printer needs attention (cover open or labels jammed).");
    case PrintProblem::kRefused:
      return _("Not printed: the printer refused the job. Try Reprint, or ask the admin.");
  }
  return _("Not printed.");
}

wxString PrinterStateWords(labels::PrintProblem p) {
  using labels::PrintProblem;
  switch (p) {
    case PrintProblem::kOffline: return _("offline");
    case PrintProblem::kPaused: return _("paused");
    case PrintProblem::kOutOfLabels: return _("out of labels");
    case PrintProblem::kNeedsAttention: return _("needs attention");
    case PrintProblem::kRefused: return _("not taking jobs");
    default: return _("ready");
  }
}

}  // namespace stem::kiosk
