#include "kiosk/app/ui/kiosk_frame.h"

#include <wx/display.h>

#include <cmath>

#include "kiosk/app/ui/admin_screen.h"
#include "kiosk/app/ui/attract_screen.h"
#include "kiosk/app/ui/desk_screen.h"
#include "kiosk/app/ui/draft_save_screen.h"
#include "kiosk/app/ui/home_screen.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/pin_screen.h"
#include "kiosk/app/ui/resume_screen.h"
#include "kiosk/app/ui/still_there_screen.h"
#include "kiosk/app/ui/thanks_screen.h"
#include "kiosk/app/ui/translations.h"
#include "kiosk/app/ui/wizard_screen.h"

namespace stem::kiosk {

KioskFrame::KioskFrame(KioskContext& ctx, bool windowed)
    : wxFrame(nullptr, wxID_ANY, "STEM kiosk", wxDefaultPosition, wxDefaultSize,
              windowed ? wxDEFAULT_FRAME_STYLE : wxBORDER_NONE | wxRESIZE_BORDER | wxSTAY_ON_TOP,
              "kiosk_frame"),
      ctx_(ctx),
      kiosk_mode_(!windowed),
      saver_(ctx.store_path(), [](std::function<void()> f) {
        // Runs on the UI thread; the callback itself checks that its window still exists.
        if (wxTheApp != nullptr) wxTheApp->CallAfter(std::move(f));
      }),
      sync_(ctx.store_path(),
            [frame = wxWeakRef<KioskFrame>(this)](std::function<void()> f) {
              // Runs on the UI thread, and only while this frame still exists.
              if (wxTheApp == nullptr) return;
              wxTheApp->CallAfter([frame, f = std::move(f)] {
                if (frame) f();
              });
            }),
      idle_(ctx.idle_after(), ctx.countdown),
      idle_tick_(this) {
  SetSizer(new wxBoxSizer(wxVERTICAL));
  if (windowed) SetClientSize(wxSize(1280, 800));
  for (auto type : {wxEVT_BUTTON, wxEVT_TOGGLEBUTTON, wxEVT_TEXT, wxEVT_CHECKBOX, wxEVT_CHOICE}) {
    Bind(type, [this](wxCommandEvent& e) { Touched(e); });
  }
  Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) { Touched(e); });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { TickIdle(); });
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
    if (kiosk_mode_ && !allow_close_ && e.CanVeto()) {
      e.Veto();
      return;
    }
    idle_tick_.Stop();
    sync_.Stop();
    Destroy();
  });
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    // Nobody's answers live on the attract screen: redraw it for the new size at once.
    if (MeasureScreen() && screen_ != nullptr && screen_->GetName() == "attract") {
      Restyle();
    }
  });
  idle_tick_.Start(250);
  SetUiLanguage(ctx_.language);
  if (windowed) {
    MeasureScreen();
  } else {
    // Not full screen yet: measure the display it will fill.
    wxSize dip = ToDIP(wxDisplay(this).GetGeometry().GetSize());
    ctx_.screen = ScreenMetrics{dip.x, dip.y, FromDIP(1000) / 1000.0};
  }
  make_current_ = [this] { return new AttractScreen(this, ctx_, *this); };
  screen_ = make_current_();
  GetSizer()->Add(screen_, 1, wxEXPAND);
  Layout();
  if (!windowed) ShowFullScreen(true, wxFULLSCREEN_ALL);
  sync_.StartIfEnrolled();
}

KioskFrame::~KioskFrame() {
  // The screens watch sync_; they must go before it does (members outlive this body only).
  DestroyChildren();
}

wxWindow* KioskFrame::screen() const {
  if (still_there_ != nullptr) return still_there_;
  return screen_;
}

void KioskFrame::Touched(wxEvent& e) {
  e.Skip();
  if (still_there_ == nullptr) idle_.Touch(ctx_.now());
}

bool KioskFrame::MeasureScreen() {
  wxSize dip = ToDIP(GetClientSize());
  ScreenMetrics now{dip.x, dip.y, FromDIP(1000) / 1000.0};
  double before = ThemeScale(ctx_.screen, false);
  ctx_.screen = now;
  return std::abs(ThemeScale(now, false) - before) > 0.005;
}

void KioskFrame::Switch(std::function<wxPanel*()> make, bool arm_idle) {
  CallAfter([this, make = std::move(make), arm_idle] {
    SetUiLanguage(ctx_.language);
    MeasureScreen();
    CloseStillThere();
    if (screen_ != nullptr) {
      GetSizer()->Detach(screen_);
      screen_->Destroy();
    }
    make_current_ = make;
    screen_ = make();
    GetSizer()->Add(screen_, 1, wxEXPAND);
    Layout();
    if (arm_idle) {
      idle_.SetIdleAfter(ctx_.idle_after());
      idle_.Arm(ctx_.now());
    } else {
      idle_.Disarm();
    }
  });
}

void KioskFrame::CloseStillThere() {
  if (still_there_ == nullptr) return;
  GetSizer()->Detach(still_there_);
  still_there_->Destroy();
  still_there_ = nullptr;
  if (screen_ != nullptr) screen_->Show();
  Layout();
}

void KioskFrame::TickIdle() {
  auto now = ctx_.now();
  switch (idle_.Update(now)) {
    case IdleTimer::State::kWarning:
      if (still_there_ == nullptr) {
        if (screen_ != nullptr) screen_->Hide();
        still_there_ = new StillThereScreen(this, ctx_, [this] {
          idle_.Touch(ctx_.now());
          CallAfter([this] { CloseStillThere(); });
        });
        GetSizer()->Add(still_there_, 1, wxEXPAND);
        Layout();
      }
      still_there_->SetSecondsLeft(idle_.SecondsLeft(now));
      break;
    case IdleTimer::State::kExpired:
      idle_.Disarm();
      GoAttract();
      break;
    default:
      break;
  }
}

void KioskFrame::GoAttract() {
  ctx_.ResetVisit();
  Switch([this] { return new AttractScreen(this, ctx_, *this); }, false);
}

void KioskFrame::GoHome() {
  Switch([this] { return new HomeScreen(this, ctx_, *this); }, true);
}

void KioskFrame::StartForm(const std::string& form_id, bool from_desk) {
  Result<std::shared_ptr<const forms::FormSpec>> spec = ctx_.store().GetForm(form_id);
  if (!spec.ok()) return;
  std::shared_ptr<const forms::FormSpec> s = *spec;
  Switch([this, s, from_desk] { return new WizardScreen(this, ctx_, *this, saver_, s, from_desk); },
         true);
}

void KioskFrame::SaveForLater(const ResumedDraft& application) {
  Switch([this, application] { return new DraftSaveScreen(this, ctx_, *this, saver_, application); },
         true);
}

void KioskFrame::ResumeApplication() {
  Switch([this] { return new ResumeScreen(this, ctx_, *this, saver_); }, true);
}

void KioskFrame::ContinueApplication(const ResumedDraft& application) {
  // The version it was started with, while this kiosk has it; else the latest.
  Result<std::shared_ptr<const forms::FormSpec>> spec =
      ctx_.store().GetForm(application.form_id, application.form_version);
  if (!spec.ok()) spec = ctx_.store().GetForm(application.form_id);
  if (!spec.ok()) {
    GoHome();
    return;
  }
  ctx_.language = application.language;
  std::shared_ptr<const forms::FormSpec> s = *spec;
  Switch([this, s, application] {
    return new WizardScreen(this, ctx_, *this, saver_, s, false, &application);
  }, true);
}

void KioskFrame::ShowThanks(const ThanksInfo& info) {
  Switch([this, info] { return new ThanksScreen(this, ctx_, *this, info); }, true);
}

void KioskFrame::AskPin(PinRole role) {
  if (!ctx_.config().has_admin_pin) {
    GoAdmin(true);
    return;
  }
  Switch([this, role] { return new PinScreen(this, ctx_, *this, role); }, true);
}

void KioskFrame::GoDesk() {
  Switch([this] { return new DeskScreen(this, ctx_, *this); }, true);
}

void KioskFrame::GoAdmin(bool first_setup) {
  Switch([this, first_setup] { return new AdminScreen(this, ctx_, *this, first_setup); }, true);
}

void KioskFrame::Restyle() {
  Switch(make_current_, false);
}

void KioskFrame::ExitKiosk() {
  allow_close_ = true;
  CallAfter([this] { Close(true); });
}

}  // namespace stem::kiosk
