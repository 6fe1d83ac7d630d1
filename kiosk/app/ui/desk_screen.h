// DeskScreen: the volunteer desk, behind the volunteer PIN.
//
// Type-ahead roster search (debounced, core/search_debouncer.h) by name, phone digits,
// confirmation code or a badge scan; results show name, grade and age, guardian, checked-in
// state and the allergy flag (never the sealed details). Up to kResultsShown results, in a
// list that scrolls (a finger drags it, a wheel turns it, and the keyboard then steps down to
// make room for it); when more match, a line above it says how many in all and to type more. Check in shows the pickup code
// large; check out needs the code (a wrong one is refused) or an override with a reason, and,
// for a child whose family named who may collect them, a tap on who is collecting (the
// guardian or a listed adult; "Someone else" needs an override with a reason); a child some
// adult must not collect shows a warning (the details are sealed); a
// duplicate check-in is refused with who recorded it (volunteer, kiosk) and when, and may be
// overridden with a reason. Walk-up registration opens the registration form. Counts at a
// glance come from Store::Summary; the sync line (SyncStatusView) shows the hub link and
// "Sync now".
// Check-in and check-out run on the screen's DeskWorker (its own thread and store
// connection) while the screen shows kWorking with its buttons disabled; the result comes
// back through CallAfter, guarded by a weak pointer so a screen already closed is never
// touched, and the pickup code shows only after the commit. Searches and counts are short
// reads on the UI thread's store. UI thread only.
// The on-screen keyboard is up while searching; once a child is picked it makes way for the
// detail (a scrolling area), and comes back when the search box or the reason box is tapped
// (the pickup-code keys as soon as check-out asks for the code). While it types into the
// reason or code box, the sync line and the search row step aside (Cancel brings them back)
// and the detail scrolls so the message, the box and its buttons stay above the keyboard.
// States: kSearching, kSelected, kWorking, kCheckedIn, kEnteringCode, kEnteringReason.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "kiosk/app/core/desk_job.h"
#include "kiosk/app/core/print_job.h"
#include "kiosk/app/core/scan_detector.h"
#include "kiosk/app/core/search_debouncer.h"
#include "kiosk/app/ui/drag_scroll.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class SyncStatusView;

class DeskScreen : public wxPanel {
 public:
  enum class State {
    kSearching,
    kSelected,
    kWorking,
    kCheckedIn,
    kEnteringCode,
    kEnteringReason
  };
  // What the desk records as the volunteer: there is one volunteer PIN, not one per person.
  static constexpr const char* kDeskVolunteer = "desk";
  // The most results the list shows; more are counted (up to kResultsCounted) and said.
  static constexpr int kResultsShown = 20;
  static constexpr int kResultsCounted = 1000;
  DeskScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav);
  State state() const { return state_; }
  // Runs a search now (tests and the Enter key of a scanner).
  void SearchNow();
  // A scanned confirmation code (a badge's QR, a printed code, one on a phone's screen):
  // selects that child of the event from any state, or says no one has it.
  void Scanned(const std::string& code);

 private:
  enum class Override { kNone, kCheckIn, kCheckOut };
  // Searches the roster for `text` and shows the results.
  void Search(const std::string& text);
  // `total`: how many matched in all (kResultsCounted meaning that many or more).
  void ShowResults(const std::vector<RosterHit>& hits, int total);
  void Select(const RosterHit& hit);
  // Every key typed while the desk shows: a scanner's run ending in Enter becomes Scanned,
  // and what it typed into the focused box is taken back out.
  void OnKey(wxKeyEvent& e);
  void ShowDetail();
  void CheckIn(std::optional<std::string> reason);
  void CheckedIn(const DeskResult& result);
  void StartCheckOut();
  // The "Who is collecting?" toggles of a child with a pickup list: the guardian, each listed
  // adult, and "Someone else" (which asks for an override).
  void AddCollectors(wxSizer* s);
  void CheckOut(std::optional<std::string> code, std::optional<std::string> reason);
  void CheckedOut(const DeskResult& result);
  // Prints the selected child's labels on the chosen printer (the badge, and the pickup stub
  // at a camp); a no-op at check-in when no printer is chosen.
  void StartPrinting(bool reprint);
  // A print's answer for `person_id` (named `name`): on the print line when that child is
  // still selected, else in the message when it failed.
  void Printed(const PrintJobResult& result, const std::string& person_id,
               const std::string& name);
  // Shows the print line and the Reprint button as they stand for the selected child.
  void ShowPrintLine();
  // kWorking: the detail's buttons and entry are disabled until the worker answers.
  void StartWorking(const wxString& what);
  void StopWorking();
  // Runs `then` on the UI thread with the worker's result, unless this screen is gone.
  DeskWorker::Done WhenDone(void (DeskScreen::*then)(const DeskResult&));
  void AskReason(Override what);
  void RefreshCounts();
  void Say(const wxString& text, const wxColour& colour, int px);
  // Sets the keyboard's keys; kNone hides it.
  void SetKeyboard(KeyboardLayout layout);
  // Lays the screen out, then the detail's scrolling content.
  void LayOutDetail();
  void FitSyncLine();  // shows or hides the sync line for the keyboard's state
  // Puts the keyboard up for `field`, then keeps the field in sight above it.
  void ShowKeyboardFor(wxTextCtrl* field, KeyboardLayout layout);
  // Scrolls the detail so the message, the entry and its buttons show (the entry and buttons
  // first when not all fit).
  void KeepEntryInSight();

  KioskContext& ctx_;
  Navigator& nav_;
  State state_ = State::kSearching;
  Override override_ = Override::kNone;
  SearchDebouncer debouncer_;
  wxTimer poll_;
  std::optional<RosterHit> selected_;
  Person pickup_;               // the selected child's pickup list and no-pickup flag
  std::string collector_;       // who the volunteer tapped as collecting, "" for nobody yet
  bool collector_other_ = false;  // "Someone else" was tapped
  State before_work_ = State::kSelected;  // the state to return to when a job is refused

  wxStaticText* counts_ = nullptr;
  SyncStatusView* sync_ = nullptr;  // hub, waiting, last sync, quarantined, Sync now
  wxTextCtrl* search_ = nullptr;
  wxBoxSizer* search_row_ = nullptr;
  wxBoxSizer* results_ = nullptr;
  wxStaticText* results_note_ = nullptr;  // "Showing 20 of 143 — type more to narrow"
  wxScrolledWindow* results_panel_ = nullptr;
  std::unique_ptr<DragScroll> results_drag_;
  wxScrolledWindow* detail_ = nullptr;
  wxStaticText* message_ = nullptr;
  wxStaticText* code_ = nullptr;  // the pickup code, very large
  wxTextCtrl* entry_ = nullptr;  // pickup code or override reason
  wxStaticText* print_status_ = nullptr;  // "Printing…", "Printed." or why not
  wxButton* reprint_ = nullptr;
  // The selected child's last print: its words and whether it failed (a Reprint then says
  // why it was needed). Cleared when another child is selected.
  wxString print_said_;
  bool print_failed_ = false;
  bool printing_ = false;
  std::string print_problem_;
  ScanDetector scan_;
  wxTextCtrl* scan_field_ = nullptr;  // the box focused when the scan began, and its text
  wxString scan_field_before_;
  OnscreenKeyboard* keyboard_ = nullptr;

  // Expires when the screen is destroyed; results check it on the UI thread.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  LabelPrintWorker printer_;  // its own thread: a slow printer never holds a check-in
  DeskWorker worker_;  // last: joined (after its jobs finish) before anything else goes
};

}  // namespace stem::kiosk
