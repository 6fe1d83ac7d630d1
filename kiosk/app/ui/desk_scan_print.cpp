// DeskScreen's labels and scanner (desk_screen.h): printing a child's badge and pickup stub
// after check-in and on Reprint, and telling a barcode scanner's keys from typing.
#include <wx/wupdlock.h>

#include "kiosk/app/ui/desk_screen.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

void DeskScreen::OnKey(wxKeyEvent& e) {
  e.Skip();  // the key goes on to the focused box unless it ends a scan
  // The key's own time (the X server's, in ms) when there is one: events can wait in the
  // queue behind a redraw, and the scanner's speed is what counts.
  auto at = e.GetTimestamp() != 0
                ? ScanDetector::Clock::time_point(std::chrono::milliseconds(e.GetTimestamp()))
                : std::chrono::steady_clock::now();
  const int key = e.GetKeyCode();
  if (key == WXK_RETURN || key == WXK_NUMPAD_ENTER) {
    std::optional<std::string> code = scan_.Enter(at);
    if (!code) return;
    e.Skip(false);
    // Take the scan's characters back out of the box it typed into.
    if (scan_field_ != nullptr && wxWindow::FindFocus() == scan_field_) {
      scan_field_->ChangeValue(scan_field_before_);
      scan_field_->SetInsertionPointEnd();
    }
    scan_field_ = nullptr;
    Scanned(*code);
    return;
  }
  if (key == WXK_SHIFT || key == WXK_CAPITAL || key == WXK_CONTROL || key == WXK_ALT ||
      key == WXK_RAW_CONTROL) {
    return;  // a scanner presses Shift for its capital letters
  }
  wxChar c = e.GetUnicodeKey();
  if (c == WXK_NONE || c < 32 || (e.GetModifiers() & ~wxMOD_SHIFT) != 0) {
    scan_.Other();
    return;
  }
  // CHAR_HOOK has the key, not the character: a scanner's letters come shifted or not, and
  // codes are matched whatever their case.
  if (scan_.Key(wxString(c).utf8_string(), at)) {
    scan_field_ = dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus());
    if (scan_field_ != nullptr) scan_field_before_ = scan_field_->GetValue();
  }
}

void DeskScreen::Scanned(const std::string& code) {
  if (state_ == State::kWorking || !ctx_.event()) return;
  Result<Person> p = ctx_.store().FindByConfirmationCode(ctx_.event()->id, code);
  if (!p.ok()) {
    selected_.reset();
    state_ = State::kSearching;
    ShowDetail();
    Say(wxString::Format(_("No one with code %s."), U8(code)), Theme::From(ctx_).Error(), 26);
    return;
  }
  // The child as the search shows them (guardian, here or not), in the list too.
  search_->ChangeValue(U8(code));
  SearchNow();
  RosterHit hit{*p, "", false};
  Result<std::vector<RosterHit>> hits = ctx_.store().SearchRoster(ctx_.event()->id, code, kResultsShown);
  if (hits.ok()) {
    for (const RosterHit& h : *hits) {
      if (h.student.id == p->id) hit = h;
    }
  }
  Select(hit);
}

void DeskScreen::StartPrinting(bool reprint) {
  if (!selected_ || (reprint && printing_)) return;  // Reprint waits for the print running
  Result<labels::PrintSettings> settings = labels::LoadPrintSettings(ctx_.store());
  if (!reprint && (!settings.ok() || settings->printer.empty())) return;  // printing is off
  labels::LabelPrintRequest req;
  req.person_id = selected_->student.id;
  req.reprint = reprint;
  if (reprint) req.reason = print_failed_ ? "not printed: " + print_problem_ : "asked at the desk";
  req.volunteer = kDeskVolunteer;
  req.language = ctx_.language;
  printing_ = true;
  print_failed_ = false;
  print_said_ = wxGetTranslation(wxString::FromUTF8("Printing…"));
  ShowPrintLine();
  // Jobs run one after another on the print worker: a child checked in while the last
  // one's labels print is queued behind them, never skipped.
  std::string person = req.person_id;
  std::string name = selected_->student.given_name + " " + selected_->student.family_name;
  printer_.Print(std::move(req), [this, alive = std::weak_ptr<int>(alive_), person,
                                  name](PrintJobResult r) {
    if (alive.expired()) return;  // the screen was closed while it printed
    Printed(r, person, name);
  });
}

void DeskScreen::Printed(const PrintJobResult& r, const std::string& person_id,
                         const std::string& name) {
  if (!selected_ || selected_->student.id != person_id) {
    // The volunteer has moved on to another child: a failure is still said, with whose.
    bool failed = !r.status.ok() || !r.printed.outcome.ok();
    if (failed && state_ != State::kWorking) {
      wxString why = r.status.ok() ? PrintWords(r.printed.outcome.problem) : Words(r.status);
      Say(wxString::Format(_("Labels for %s: %s"), U8(name), why), Theme::From(ctx_).Error(), 22);
    }
    return;
  }
  wxWindowUpdateLocker one_paint(this);
  printing_ = false;
  if (!r.status.ok()) {
    print_failed_ = true;
    print_problem_ = r.status.reason();
    print_said_ = Words(r.status);
  } else {
    print_failed_ = !r.printed.outcome.ok();
    print_problem_ = labels::ProblemName(r.printed.outcome.problem);
    print_said_ = PrintWords(r.printed.outcome.problem);
  }
  ShowPrintLine();
}

void DeskScreen::ShowPrintLine() {
  if (print_status_ == nullptr || reprint_ == nullptr) return;
  Theme theme = Theme::From(ctx_);
  SetText(print_status_, print_said_);
  print_status_->SetForegroundColour(print_failed_ ? theme.Error()
                                                   : printing_ ? theme.Muted() : theme.Success());
  const int room = detail_->GetClientSize().x - reprint_->GetSize().x - theme.Px(24);
  FitText(print_status_, room > theme.Px(160) ? std::min(room, theme.Px(480)) : theme.Px(480));
  reprint_->Enable(!printing_ && state_ != State::kWorking);
  LayOutDetail();
}

}  // namespace stem::kiosk
