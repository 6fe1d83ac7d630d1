// AdminScreen: behind the admin PIN (or open on first start, when no PINs are set, to set
// them). Chooses the event, the actions families see, the idle timeout, the default
// language, the PINs (stored hashed), the nonprofit's public key; exits kiosk mode.
// Every value is checked before anything is written; a bad one is named and nothing
// changes. The Hub section enrolls the kiosk with its hub (address and one-time code; the
// enrollment runs off the UI thread through the SyncLink) and shows the sync line. The
// Labels section lists the printers (off the UI thread), the label sizes and prints a test
// label; the printer and size are saved with the rest.
// The settings scroll between the heading and the keyboard with the buttons, so nothing
// overlaps at any window size; choices are finger-sized toggles ("event:<id>",
// "enable:<form id>", "language:en|es"). States: kEditing, kSaved, kInvalid, kConnecting.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "kiosk/app/core/print_job.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class SyncStatusView;

class AdminScreen : public wxPanel {
 public:
  enum class State { kEditing, kSaved, kInvalid, kConnecting };
  AdminScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, bool first_setup);
  State state() const { return state_; }

 private:
  void Save();
  void Connect();
  void AddChoices(wxSizer* into);
  wxSizer* MakeHubSection(wxWindow* parent);
  // Labels (admin_printer.cpp): the printer, the label size, a test label.
  wxSizer* MakePrinterSection(wxWindow* parent);
  void ShowPrinterChoices();
  void PrintTestLabel();
  wxTextCtrl* Field(wxWindow* parent, const wxString& name, long style, KeyboardLayout layout);
  // Scrolls the settings so `field` shows above the keyboard.
  void ShowField(wxWindow* field);

  KioskContext& ctx_;
  Navigator& nav_;
  bool first_setup_;
  State state_ = State::kEditing;
  std::vector<Event> events_;
  std::vector<wxToggleButton*> event_toggles_;  // one per event, in events_ order
  int event_ = wxNOT_FOUND;                      // the chosen event's index
  std::map<std::string, wxToggleButton*> forms_;
  wxTextCtrl* idle_ = nullptr;
  wxTextCtrl* draft_days_ = nullptr;
  std::string language_;  // "en" or "es"
  wxToggleButton* language_en_ = nullptr;
  wxToggleButton* language_es_ = nullptr;
  wxScrolledWindow* settings_ = nullptr;
  wxTextCtrl* volunteer_pin_ = nullptr;
  wxTextCtrl* admin_pin_ = nullptr;
  wxTextCtrl* public_key_ = nullptr;
  wxStaticText* message_ = nullptr;
  wxTextCtrl* hub_url_ = nullptr;
  wxTextCtrl* hub_code_ = nullptr;
  wxButton* connect_ = nullptr;
  wxStaticText* hub_message_ = nullptr;
  SyncStatusView* sync_view_ = nullptr;
  std::string printer_;  // the queue chosen ("" for none), saved with Save
  std::string stock_;    // the label stock's id
  wxBoxSizer* printers_ = nullptr;
  std::map<std::string, wxToggleButton*> printer_toggles_;  // by queue ("" for none)
  std::map<std::string, wxToggleButton*> stock_toggles_;
  wxStaticText* print_message_ = nullptr;
  // Set while this screen exists; the enrollment's answer checks it before touching us.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  OnscreenKeyboard* keyboard_ = nullptr;
  LabelPrintWorker print_worker_;  // last: joined before the rest goes
};

}  // namespace stem::kiosk
