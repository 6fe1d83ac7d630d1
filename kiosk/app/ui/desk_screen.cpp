#include "kiosk/app/ui/desk_screen.h"

#include <algorithm>

#include <wx/wupdlock.h>

#include "data/clock.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/sync_status_view.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

namespace {


// Whole years between a YYYY-MM-DD birth date and today; -1 when unknown.
int AgeYears(const std::optional<std::string>& birth, const std::string& today) {
  if (!birth || birth->size() != 10 || today.size() != 10) return -1;
  int by = std::atoi(birth->substr(0, 4).c_str()), ty = std::atoi(today.substr(0, 4).c_str());
  int age = ty - by;
  if (today.substr(5) < birth->substr(5)) --age;
  return age;
}

// "14:05" for a stored UTC time of today, "2026-11-21 14:05" for another day, in local time.
wxString LocalTime(const std::string& utc, const std::string& today) {
  TimePoint t;
  if (!ParseUtc(utc, &t)) return "";
  wxDateTime dt(static_cast<time_t>(std::chrono::system_clock::to_time_t(t)));
  return dt.Format(ToU8(dt.FormatISODate()) == today ? "%H:%M" : "%Y-%m-%d %H:%M");
}

// Why a check-in was refused as a duplicate: when, by whom and on which kiosk.
wxString DuplicateWords(const OpenCheckInInfo& open, const std::string& this_device,
                        const std::string& today) {
  wxString when = LocalTime(open.checked_in_at, today);
  wxString text = when.empty() ? _("This child is already checked in.")
                               : wxString::Format(_("Already checked in at %s."), when);
  const wxString name = open.station_name.empty()
                            ? wxString()
                            : wxString::FromUTF8("“") + U8(open.station_name) +
                                  wxString::FromUTF8("”");
  wxString where;
  if (open.device_id == this_device) {
    where = name.empty() ? wxString::Format(_("this kiosk (%s)"), U8(open.device_short))
                         : wxString::Format(_("this kiosk, %s"), name);
  } else {
    where = name.empty() ? wxString::Format(_("kiosk %s"), U8(open.device_short)) : name;
  }
  if (open.volunteer.empty()) return text + " " + wxString::Format(_("Recorded on %s."), where);
  wxString who = open.volunteer == DeskScreen::kDeskVolunteer ? _("the volunteer desk") : U8(open.volunteer);
  return text + " " + wxString::Format(_("Recorded by %s on %s."), who, where);
}

}  // namespace

DeskScreen::DeskScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "desk"),
      ctx_(ctx),
      nav_(nav),
      debouncer_(std::chrono::milliseconds(150)),
      poll_(this),
      printer_(ctx.store_path(),
               [](std::function<void()> f) {
                 if (wxTheApp != nullptr) wxTheApp->CallAfter(std::move(f));
               },
               [] { return labels::MakeCupsPrinter(); }),
      worker_(ctx.store_path(), [](std::function<void()> f) {
        // Runs on the UI thread; the callback itself checks that the screen still exists.
        if (wxTheApp != nullptr) wxTheApp->CallAfter(std::move(f));
      }) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);

  auto* top = new wxBoxSizer(wxHORIZONTAL);
  top->Add(MakeText(this, _("Volunteer desk"), theme.Heading(), theme.Foreground()), 0,
           wxALIGN_CENTER_VERTICAL);
  counts_ = MakeText(this, "", theme.Font(22), theme.Muted(), "counts");
  top->Add(counts_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(24));
  auto* lock = MakeButton(this, _("Lock"), theme, "lock", false, 24);
  lock->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    nav_.GoAttract();
  });
  top->Add(lock, 0, wxALIGN_CENTER_VERTICAL);
  col->Add(top, 0, wxEXPAND | wxALL, theme.Px(12));
  sync_ = new SyncStatusView(this, ctx, nav.Sync());
  col->Add(sync_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, theme.Px(12));

  auto* search_row = search_row_ = new wxBoxSizer(wxHORIZONTAL);
  search_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(theme.Px(560), theme.Px(68)),
                           wxTE_PROCESS_ENTER, wxDefaultValidator, "search");
  search_->SetFont(theme.Font(30));
  search_->SetHint(_("Name, phone or code"));
  search_row->Add(search_, 1, wxALIGN_CENTER_VERTICAL);
  auto* walkup = MakeButton(this, _("Register a walk-up"), theme, "walkup", false, 24);
  walkup->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    Result<std::vector<FormInfo>> forms = ctx_.store().ListForms();
    if (!forms.ok()) return;
    for (const FormInfo& f : *forms) {
      if (f.kind == "registration") {
        nav_.StartForm(f.id, true);
        return;
      }
    }
  });
  search_row->Add(walkup, 0, wxLEFT | wxALIGN_CENTER_VERTICAL, theme.Px(12));
  col->Add(search_row, 0, wxEXPAND | wxLEFT | wxRIGHT, theme.Px(12));

  auto* middle = new wxBoxSizer(wxHORIZONTAL);
  auto* results_col = new wxBoxSizer(wxVERTICAL);
  results_note_ = MakeText(this, "", theme.Font(22), theme.Muted(), "results_note");
  results_col->Add(results_note_, 0, wxBOTTOM, theme.Px(4));
  results_col->Show(results_note_, false);
  // A busy event finds more children than fit above the keyboard: the list scrolls.
  results_panel_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL,
                                        "results");
  PaintPanel(results_panel_, theme);
  results_panel_->SetScrollRate(0, 1);  // a finger moves it by the pixel
  results_panel_->SetMinSize(wxSize(-1, theme.Px(120)));
  results_ = new wxBoxSizer(wxVERTICAL);
  results_panel_->SetSizer(results_);
  results_drag_ = std::make_unique<DragScroll>(results_panel_, theme.Px(12), theme.Px(24));
  results_drag_->Attach(results_panel_);
  // Looking through a long list, the volunteer is done typing: the keyboard makes way for
  // the list (a tap on the search box brings it back).
  results_drag_->OnScroll([this] {
    if (keyboard_->layout() == KeyboardLayout::kNone) return;
    SetKeyboard(KeyboardLayout::kNone);
    FitSyncLine();
    LayOutDetail();
  });
  results_col->Add(results_panel_, 1, wxEXPAND);
  middle->Add(results_col, 1, wxEXPAND | wxRIGHT, theme.Px(12));
  detail_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL, "detail");
  PaintPanel(detail_, theme);
  detail_->SetScrollRate(0, theme.Px(24));
  detail_->SetSizer(new wxBoxSizer(wxVERTICAL));
  // Its content may be taller than the room left above the keyboard: it scrolls instead.
  detail_->SetMinSize(wxSize(-1, theme.Px(120)));
  middle->Add(detail_, 1, wxEXPAND);
  col->Add(middle, 1, wxEXPAND | wxALL, theme.Px(12));

  keyboard_ = new OnscreenKeyboard(this, theme);
  keyboard_->SetLayout(KeyboardLayout::kSearch);
  keyboard_->SetTarget(search_);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL | wxBOTTOM, theme.Px(8));
  SetSizer(col);

  search_->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    e.Skip();
    debouncer_.Typed(ToU8(search_->GetValue()), ctx_.now());
  });
  search_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { SearchNow(); });
  search_->Bind(wxEVT_SET_FOCUS, [this](wxFocusEvent& e) {
    e.Skip();
    ShowKeyboardFor(search_, KeyboardLayout::kSearch);
  });
  // The search box may keep the focus while the keyboard is down: a tap brings it back.
  search_->Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent& e) {
    e.Skip();
    ShowKeyboardFor(search_, KeyboardLayout::kSearch);
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
    if (std::optional<std::string> text = debouncer_.Due(ctx_.now())) Search(*text);
  });
  poll_.Start(50);
  // A scanner is a keyboard: every key passes here first, from whichever box has the focus.
  Bind(wxEVT_CHAR_HOOK, &DeskScreen::OnKey, this);
  RefreshCounts();
  search_->SetFocus();
}

void DeskScreen::SearchNow() {
  debouncer_.Typed(ToU8(search_->GetValue()), ctx_.now());
  debouncer_.Flush();
  if (std::optional<std::string> text = debouncer_.Due(ctx_.now())) Search(*text);
}

void DeskScreen::Search(const std::string& text) {
  if (!ctx_.event()) {
    ShowResults({}, 0);
    return;
  }
  Result<std::vector<RosterHit>> hits = ctx_.store().SearchRoster(ctx_.event()->id, text, kResultsShown);
  if (!hits.ok()) return;
  int total = static_cast<int>(hits->size());
  if (total >= kResultsShown) {
    // Counting reads the index only; when it fails the list simply does not say how many.
    Result<int> all = ctx_.store().CountRosterMatches(ctx_.event()->id, text, kResultsCounted);
    if (all.ok()) total = std::max(total, *all);
  }
  ShowResults(*hits, total);
}

void DeskScreen::RefreshCounts() {
  if (sync_ != nullptr) sync_->Refresh();
  Result<StoreSummary> sum = ctx_.store().Summary();
  if (!sum.ok()) return;
  SetText(counts_, wxString::Format(_("Here now: %lld   Today: %lld"),
                                     static_cast<long long>(sum->checked_in_now),
                                     static_cast<long long>(sum->checked_in_today)));
}

void DeskScreen::ShowResults(const std::vector<RosterHit>& hits, int total) {
  Theme theme = Theme::From(ctx_);
  const int shown = static_cast<int>(hits.size());
  if (total > shown) {
    const wxString words =
        total >= kResultsCounted
            ? wxString::Format(_("Showing %d of %d or more: type more to narrow"), shown, total)
            : wxString::Format(_("Showing %d of %d: type more to narrow"), shown, total);
    SetText(results_note_, words);
  }
  GetSizer()->Show(results_note_, total > shown, true);
  FitSyncLine();
  results_panel_->Freeze();
  results_panel_->DestroyChildren();
  results_->Clear(false);
  std::string today = ctx_.Today();
  if (hits.empty() && !search_->GetValue().empty()) {
    results_->Add(MakeText(results_panel_, _("No one found. Check the spelling or register a walk-up."),
                           theme.Body(), theme.Muted()));
  }
  for (size_t i = 0; i < hits.size(); ++i) {
    const RosterHit& h = hits[i];
    wxString line = U8(h.student.given_name + " " + h.student.family_name);
    wxString info;
    if (h.student.grade) info += wxString::Format(_("Grade %s"), U8(*h.student.grade));
    int age = AgeYears(h.student.birth_date, today);
    const wxString dot = wxString::FromUTF8(" · ");
    if (age >= 0) info += (info.empty() ? wxString() : dot) + wxString::Format(_("%d yrs"), age);
    if (!h.guardian_name.empty()) info += (info.empty() ? wxString() : dot) + U8(h.guardian_name);
    if (h.checked_in) info += dot + _("HERE");
    if (h.student.allergy_flag) info += dot + wxString::FromUTF8("⚠ ") + _("Allergy");
    auto* b = new wxButton(results_panel_, wxID_ANY, line + "\n" + info, wxDefaultPosition,
                           wxSize(-1, theme.Px(84)), wxBU_LEFT, wxDefaultValidator,
                           wxString::Format("result:%zu", i));
    b->SetFont(theme.Font(22));
    RosterHit hit = h;
    // Narrow enough for the list in portrait: the list scrolls up and down, not sideways.
    b->SetMinSize(wxSize(theme.Px(120), theme.Px(84)));
    b->Bind(wxEVT_BUTTON, [this, hit](wxCommandEvent& e) {
      e.Skip();
      if (results_drag_->Dragged()) return;  // the finger scrolled the list: no tap
      Select(hit);
    });
    results_drag_->Attach(b);
    results_->Add(b, 0, wxEXPAND | wxBOTTOM, theme.Px(6));
  }
  Layout();
  results_panel_->FitInside();
  results_panel_->Scroll(0, 0);
  results_panel_->Layout();
  results_panel_->Thaw();
  results_panel_->Refresh();
}

void DeskScreen::Select(const RosterHit& hit) {
  if (state_ == State::kWorking) return;  // the answer belongs to the child selected now
  if (!selected_ || selected_->student.id != hit.student.id) {
    // The print line is the new child's; a print still running for the last one answers
    // in the message instead (Printed).
    print_said_.clear();
    print_failed_ = false;
    print_problem_.clear();
    printing_ = false;
  }
  selected_ = hit;
  Result<Person> pickup = ctx_.store().WithPickup(hit.student);
  pickup_ = pickup.ok() ? *pickup : hit.student;
  collector_.clear();
  collector_other_ = false;
  state_ = State::kSelected;
  CallAfter([this] { ShowDetail(); });
}

void DeskScreen::ShowDetail() {
  Theme theme = Theme::From(ctx_);
  keyboard_->SetTarget(search_);
  // With a child picked the keyboard makes way for the detail until a box is tapped.
  SetKeyboard(selected_ ? KeyboardLayout::kNone : KeyboardLayout::kSearch);
  FitSyncLine();
  GetSizer()->Show(search_row_, true, true);
  entry_ = nullptr;
  message_ = nullptr;
  print_status_ = nullptr;
  reprint_ = nullptr;
  detail_->DestroyChildren();
  wxSizer* s = detail_->GetSizer();
  s->Clear(false);
  if (selected_) {
    const Person& p = selected_->student;
    s->Add(MakeText(detail_, U8(p.given_name + " " + p.family_name), theme.Heading(), theme.Foreground(),
                    "selected_name"));
    if (p.allergy_flag) {
      s->Add(MakeText(detail_, wxString::FromUTF8("⚠ ") + _("Allergy or medical needs: see the sealed form"),
                      theme.Body(), theme.Error()));
    }
    if (pickup_.no_pickup_flag) {
      auto* warn = MakeText(detail_,
                            wxString::FromUTF8("⚠ ") +
                                _("Someone must NOT pick up this child. Ask the program lead before "
                                  "letting anyone but the adults listed take them."),
                            theme.Font(24, true), theme.Error(), "no_pickup_warning");
      FitText(warn, FromDIP(ctx_.screen.width_dip) / 2);
      s->Add(warn, 0, wxTOP, theme.Px(4));
    }
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* in = MakeButton(detail_, _("Check in"), theme, "checkin", true);
    in->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
      e.Skip();
      CheckIn(std::nullopt);
    });
    auto* out = MakeButton(detail_, _("Check out"), theme, "checkout");
    out->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
      e.Skip();
      StartCheckOut();
    });
    row->Add(in, 0, wxRIGHT, theme.Px(8));
    row->Add(out, 0);
    s->Add(row, 0, wxTOP | wxBOTTOM, theme.Px(8));
    // The message first: a refusal says who and when above the box that answers it.
    message_ = MakeText(detail_, "", theme.Body(), theme.Foreground(), "desk_message");
    s->Add(message_, 0, wxBOTTOM, theme.Px(8));
    if (state_ == State::kEnteringCode && !pickup_.pickup_adults.empty()) AddCollectors(s);
    if (state_ == State::kEnteringCode || state_ == State::kEnteringReason) {
      bool code = state_ == State::kEnteringCode;
      s->Add(MakeText(detail_, code ? _("Pickup code:") : _("Reason for the override:"), theme.Body(),
                      theme.Foreground()));
      entry_ = new wxTextCtrl(detail_, wxID_ANY, "", wxDefaultPosition, wxSize(theme.Px(420), theme.Px(64)),
                              wxTE_PROCESS_ENTER, wxDefaultValidator, code ? "pickup_code" : "reason");
      entry_->SetFont(theme.Font(code ? 36 : 26, code));
      s->Add(entry_, 0, wxTOP | wxBOTTOM, theme.Px(6));
      auto* actions = new wxBoxSizer(wxHORIZONTAL);
      auto* confirm = MakeButton(detail_, code ? _("Check out") : _("Confirm override"), theme,
                                 code ? "confirm_checkout" : "confirm_override", true, 24);
      confirm->Bind(wxEVT_BUTTON, [this, code](wxCommandEvent& e) {
        e.Skip();
        std::string text = ToU8(entry_->GetValue());
        if (code && !pickup_.pickup_adults.empty() && collector_.empty()) {
          Say(_("Tap who is collecting the child first."), Theme::From(ctx_).Error(), 26);
        } else if (code) {
          CheckOut(text, std::nullopt);
        } else if (override_ == Override::kCheckIn) {
          CheckIn(text);
        } else {
          CheckOut(std::nullopt, text);
        }
      });
      actions->Add(confirm, 0, wxRIGHT, theme.Px(8));
      if (code) {
        auto* over = MakeButton(detail_, _("No code? Override"), theme, "override_checkout", false, 22);
        over->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
          e.Skip();
          CallAfter([this] { AskReason(Override::kCheckOut); });
        });
        actions->Add(over, 0, wxRIGHT, theme.Px(8));
      }
      // Back to the child's detail and the search, without an override.
      auto* cancel = MakeButton(detail_, _("Cancel"), theme, "cancel_entry", false, 22);
      cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
        e.Skip();
        if (state_ == State::kWorking) return;
        state_ = State::kSelected;
        CallAfter([this] { ShowDetail(); });
      });
      actions->Add(cancel, 0);
      s->Add(actions, 0, wxBOTTOM, theme.Px(8));
      const KeyboardLayout layout = code ? KeyboardLayout::kCode : KeyboardLayout::kLetters;
      wxTextCtrl* entry = entry_;
      entry_->Bind(wxEVT_SET_FOCUS, [this, entry, layout](wxFocusEvent& e) {
        e.Skip();
        ShowKeyboardFor(entry, layout);
      });
      entry_->Bind(wxEVT_LEFT_DOWN, [this, entry, layout](wxMouseEvent& e) {
        e.Skip();
        ShowKeyboardFor(entry, layout);
      });
      // Check-out asks for the code now; a reason waits for its box to be tapped, so the
      // refusal above it is read first.
      if (code) {
        entry_->SetFocus();
        ShowKeyboardFor(entry_, layout);
      }
    }
  }
  if (message_ == nullptr) {
    message_ = MakeText(detail_, "", theme.Body(), theme.Foreground(), "desk_message");
    s->Add(message_, 0, wxTOP, theme.Px(8));
  }
  code_ = MakeText(detail_, "", theme.Font(110, true), theme.Foreground(), "pickup_code_shown");
  s->Add(code_, 0, wxTOP, theme.Px(4));
  // The labels: what printing did, and Reprint, for a child who is here (not while a code
  // or a reason is typed: the keyboard needs the room).
  Result<labels::PrintSettings> printing = labels::LoadPrintSettings(ctx_.store());
  const bool printer_chosen = printing.ok() && !printing->printer.empty();
  if (selected_ && selected_->checked_in && state_ != State::kEnteringCode &&
      state_ != State::kEnteringReason && (printer_chosen || !print_said_.empty())) {
    auto* print_row = new wxBoxSizer(wxHORIZONTAL);
    print_status_ = MakeText(detail_, "", theme.Font(22), theme.Muted(), "print_status");
    print_row->Add(print_status_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.Px(8));
    reprint_ = MakeButton(detail_, _("Reprint"), theme, "reprint", false, 22);
    reprint_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
      e.Skip();
      StartPrinting(true);
    });
    print_row->Add(reprint_, 0, wxALIGN_CENTER_VERTICAL);
    s->Add(print_row, 0, wxEXPAND | wxTOP, theme.Px(8));
    ShowPrintLine();
  }
  detail_->Scroll(0, 0);
  LayOutDetail();
  Refresh();
}

void DeskScreen::SetKeyboard(KeyboardLayout layout) {
  keyboard_->SetLayout(layout);  // kNone hides it
}

void DeskScreen::FitSyncLine() {
  // The sync line steps aside while the keyboard is up, except over an empty search box:
  // there the volunteer reads it at a glance, and once a search is typed the results take
  // its room (at 1280x800 the list above the keyboard holds two more rows).
  const bool keyboard_up = keyboard_->layout() != KeyboardLayout::kNone;
  const bool show = !keyboard_up ||
                    (keyboard_->layout() == KeyboardLayout::kSearch && search_->GetValue().empty());
  if (sync_->IsShown() != show) sync_->Show(show);
}

void DeskScreen::LayOutDetail() {
  // The screen first, so the detail's content is measured against its new height.
  Layout();
  detail_->FitInside();
  detail_->Layout();
  detail_->Refresh();
}

void DeskScreen::ShowKeyboardFor(wxTextCtrl* field, KeyboardLayout layout) {
  keyboard_->SetTarget(field);
  // The keyboard leaves little room at 1280x800: the search row steps aside while it types
  // into the detail (and the sync line, see FitSyncLine).
  const bool into_detail = field != search_;
  const bool search_row_shown = GetSizer()->IsShown(search_row_);
  if (keyboard_->layout() != layout || search_row_shown == into_detail) {
    SetKeyboard(layout);
    GetSizer()->Show(search_row_, !into_detail, true);
    FitSyncLine();
    LayOutDetail();
  }
  if (field == entry_) {
    // After the frame has laid the smaller detail out.
    std::weak_ptr<int> alive = alive_;
    CallAfter([this, alive] {
      if (!alive.expired()) KeepEntryInSight();
    });
  }
}

void DeskScreen::KeepEntryInSight() {
  if (entry_ == nullptr) return;
  int unit = 0;
  detail_->GetScrollPixelsPerUnit(nullptr, &unit);
  if (unit <= 0) return;
  // The span to show, in the detail's content coordinates: from the message (when it fits)
  // down to the entry's buttons.
  int start = 0;
  detail_->GetViewStart(nullptr, &start);
  const int origin = start * unit;
  auto top_of = [&](wxWindow* w) { return detail_->ScreenToClient(w->GetScreenPosition()).y + origin; };
  int bottom = 0;
  for (wxWindow* child : detail_->GetChildren()) {
    if (child != code_) bottom = std::max(bottom, top_of(child) + child->GetSize().y);
  }
  const int room = detail_->GetClientSize().y;
  int top = top_of(message_);
  if (bottom - top > room) top = std::min(top_of(entry_), bottom - room);
  int want = origin;
  if (top < want) want = top;
  if (bottom > want + room) want = bottom - room;
  if (want == origin) return;
  // Whole scroll units: round towards the part that must show.
  detail_->Scroll(-1, want < origin ? std::max(0, want) / unit : (want + unit - 1) / unit);
}

void DeskScreen::Say(const wxString& text, const wxColour& colour, int px) {
  Theme theme = Theme::From(ctx_);
  SetText(message_, text);
  message_->SetForegroundColour(colour);
  message_->SetFont(theme.Font(px, px > 40));
  // Wrapped to the detail's width (narrow in portrait), never wider than a comfortable line.
  const int room = detail_->GetClientSize().x - theme.Px(8);
  FitText(message_, room > theme.Px(200) ? std::min(room, theme.Px(560)) : theme.Px(560));
  LayOutDetail();
  if (entry_ != nullptr) KeepEntryInSight();
  Refresh();
}

DeskWorker::Done DeskScreen::WhenDone(void (DeskScreen::*then)(const DeskResult&)) {
  return [this, alive = std::weak_ptr<int>(alive_), then](DeskResult result) {
    if (alive.expired()) return;  // the screen was closed while the job ran
    (this->*then)(result);
  };
}

void DeskScreen::StartWorking(const wxString& what) {
  before_work_ = state_;
  state_ = State::kWorking;
  for (wxWindow* child : detail_->GetChildren()) {
    if (dynamic_cast<wxButton*>(child) != nullptr || child == entry_) child->Disable();
  }
  Say(what, Theme::From(ctx_).Muted(), 24);
}

void DeskScreen::StopWorking() {
  state_ = before_work_;
  for (wxWindow* child : detail_->GetChildren()) child->Enable();
}

void DeskScreen::CheckIn(std::optional<std::string> reason) {
  if (!selected_ || state_ == State::kWorking) return;
  CheckInRequest req;
  req.person_id = selected_->student.id;
  req.override_reason = reason;
  req.volunteer = kDeskVolunteer;
  // "…" is not ASCII: the msgid is read as UTF-8, not in the C locale's charset.
  StartWorking(wxGetTranslation(wxString::FromUTF8("Checking in…")));
  worker_.CheckIn(std::move(req), WhenDone(&DeskScreen::CheckedIn));
}

void DeskScreen::CheckedIn(const DeskResult& r) {
  StopWorking();
  if (!r.status.ok()) {
    if (r.status.reason() == "duplicate_checkin") {
      wxString text = r.open ? DuplicateWords(*r.open, ctx_.store().device_id(), ctx_.Today())
                             : Words(r.status);
      AskReason(Override::kCheckIn);
      Say(text + "\n" + _("To check in again, give a reason."), Theme::From(ctx_).Error(), 24);
      return;
    }
    Say(Words(r.status), Theme::From(ctx_).Error(), 24);
    return;
  }
  selected_->checked_in = true;
  state_ = State::kCheckedIn;
  // One repaint for the whole change, not one per step: the desk stays within a frame.
  wxWindowUpdateLocker one_paint(this);
  ShowDetail();
  Theme th = Theme::From(ctx_);
  // The volunteer is done typing: the keyboard makes way for the code, in very large type.
  SetKeyboard(KeyboardLayout::kNone);
  wxString text = _("Checked in.");
  Say(r.pickup_code.empty() ? text : text + " " + _("Pickup code:"), th.Success(), 32);
  SetText(code_, U8(r.pickup_code));
  LayOutDetail();
  Refresh();
  RefreshCounts();
  // Saved first, then printed: the check-in never waits for the printer.
  StartPrinting(false);
}

void DeskScreen::StartCheckOut() {
  if (!selected_ || state_ == State::kWorking) return;
  collector_.clear();
  collector_other_ = false;
  state_ = State::kEnteringCode;
  CallAfter([this] { ShowDetail(); });
}

void DeskScreen::AskReason(Override what) {
  override_ = what;
  state_ = State::kEnteringReason;
  ShowDetail();
}

void DeskScreen::CheckOut(std::optional<std::string> code, std::optional<std::string> reason) {
  if (!selected_ || state_ == State::kWorking) return;
  CheckOutRequest req;
  req.person_id = selected_->student.id;
  req.pickup_code = code;  // the store ignores case, spaces and dashes
  req.override_reason = reason;
  req.volunteer = kDeskVolunteer;
  req.collected_by = collector_;
  StartWorking(wxGetTranslation(wxString::FromUTF8("Checking out…")));
  worker_.CheckOut(std::move(req), WhenDone(&DeskScreen::CheckedOut));
}

void DeskScreen::CheckedOut(const DeskResult& r) {
  StopWorking();
  if (!r.status.ok()) {
    Say(Words(r.status), Theme::From(ctx_).Error(), 26);
    if (entry_ != nullptr) entry_->Clear();
    return;
  }
  selected_->checked_in = false;
  state_ = State::kSelected;
  ShowDetail();
  Say(_("Checked out. See you next time!"), Theme::From(ctx_).Success(), 32);
  RefreshCounts();
}

}  // namespace stem::kiosk
