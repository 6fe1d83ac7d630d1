#include "kiosk/app/ui/admin_screen.h"

#include "data/seal.h"
#include "kiosk/app/core/pin.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

AdminScreen::AdminScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, bool first_setup)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "admin_screen"),
      ctx_(ctx),
      nav_(nav),
      first_setup_(first_setup) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->Add(MakeText(this, _("Kiosk settings"), theme.Heading(), theme.Foreground()), 0, wxALL, theme.Px(12));
  if (first_setup) {
    col->Add(MakeText(this, _("Welcome! First set an admin PIN and a volunteer PIN (4 to 8 digits)."),
                      theme.Body(), theme.Accent(), "first_setup"),
             0, wxLEFT | wxBOTTOM, theme.Px(12));
  }
  auto* grid = new wxFlexGridSizer(2, theme.Px(8), theme.Px(16));
  grid->AddGrowableCol(1);
  auto label = [&](const wxString& text) {
    grid->Add(MakeText(this, text, theme.Body(), theme.Foreground()), 0, wxALIGN_CENTER_VERTICAL);
  };

  label(_("Event"));
  event_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0,
                        wxDefaultValidator, "event");
  event_->SetFont(theme.Body());
  if (Result<std::vector<Event>> events = ctx.store().ListEvents(); events.ok()) events_ = *events;
  for (size_t i = 0; i < events_.size(); ++i) {
    event_->Append(U8(events_[i].name + " (" + events_[i].starts_on + ")"));
    if (ctx.event() && ctx.event()->id == events_[i].id) event_->SetSelection(static_cast<int>(i));
  }
  grid->Add(event_, 1, wxEXPAND);

  label(_("Families can"));
  auto* forms_box = new wxBoxSizer(wxVERTICAL);
  if (Result<std::vector<FormInfo>> forms = ctx.store().ListForms(); forms.ok()) {
    for (const FormInfo& f : *forms) {
      auto* cb = new wxCheckBox(this, wxID_ANY, U8(f.title), wxDefaultPosition, wxDefaultSize, 0,
                                wxDefaultValidator, U8("enable:" + f.id));
      cb->SetFont(theme.Body());
      cb->SetValue(ctx.config().enabled_forms.count(f.id) > 0);
      forms_box->Add(cb, 0, wxBOTTOM, theme.Px(4));
      forms_[f.id] = cb;
    }
  }
  grid->Add(forms_box);

  label(_("Idle reset after (seconds)"));
  idle_ = Field(this, "idle_timeout", 0, KeyboardLayout::kNumbers);
  idle_->SetValue(wxString::Format("%d", ctx.config().idle_timeout_s));
  grid->Add(idle_);

  label(_("Default language"));
  language_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0,
                           wxDefaultValidator, "default_language");
  language_->SetFont(theme.Body());
  language_->Append("English");
  language_->Append(wxString::FromUTF8("Español"));
  language_->SetSelection(ctx.config().default_language == "es" ? 1 : 0);
  grid->Add(language_);

  label(_("New volunteer PIN"));
  volunteer_pin_ = Field(this, "volunteer_pin", wxTE_PASSWORD, KeyboardLayout::kNumbers);
  grid->Add(volunteer_pin_);
  label(_("New admin PIN"));
  admin_pin_ = Field(this, "admin_pin", wxTE_PASSWORD, KeyboardLayout::kNumbers);
  grid->Add(admin_pin_);

  label(_("Nonprofit's public key"));
  public_key_ = Field(this, "public_key", 0, KeyboardLayout::kEmail);
  if (Result<std::optional<seal::PublicKey>> key = ctx.store().SealingKey(); key.ok() && *key) {
    public_key_->SetValue(U8((*key)->Base64()));
  }
  grid->Add(public_key_, 1, wxEXPAND);

  label(_("Hub"));
  grid->Add(MakeHubSection(), 1, wxEXPAND);
  col->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, theme.Px(16));

  message_ = MakeText(this, "", theme.Body(), theme.Foreground(), "admin_message");
  col->Add(message_, 0, wxALL, theme.Px(12));
  keyboard_ = new OnscreenKeyboard(this, theme);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL);
  col->AddStretchSpacer(1);

  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* back = MakeButton(this, _("Back"), theme, "back");
  back->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    nav_.GoAttract();
  });
  auto* save = MakeButton(this, _("Save"), theme, "save", true);
  save->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    Save();
  });
  row->Add(back, 0, wxALL, theme.Px(8));
  if (!first_setup) {
    auto* exit = MakeButton(this, _("Exit kiosk mode"), theme, "exit_kiosk");
    exit->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
      e.Skip();
      nav_.ExitKiosk();
    });
    row->Add(exit, 0, wxALL, theme.Px(8));
  }
  row->AddStretchSpacer(1);
  row->Add(save, 0, wxALL, theme.Px(8));
  col->Add(row, 0, wxEXPAND);
  SetSizer(col);
}

wxTextCtrl* AdminScreen::Field(wxWindow* parent, const wxString& name, long style,
                               KeyboardLayout layout) {
  Theme theme = Theme::From(ctx_);
  auto* t = new wxTextCtrl(parent, wxID_ANY, "", wxDefaultPosition, wxSize(theme.Px(300), theme.Px(56)),
                           style, wxDefaultValidator, name);
  t->SetFont(theme.Body());
  t->Bind(wxEVT_SET_FOCUS, [this, t, layout](wxFocusEvent& e) {
    e.Skip();
    keyboard_->SetLayout(layout);
    keyboard_->SetTarget(t);
  });
  return t;
}

void AdminScreen::Save() {
  Theme theme = Theme::From(ctx_);
  auto fail = [&](const wxString& text) {
    state_ = State::kInvalid;
    SetText(message_, text);
    message_->SetForegroundColour(theme.Error());
    Layout();
  };
  // Check everything first, so a bad value changes nothing.
  std::string vpin = ToU8(volunteer_pin_->GetValue()), apin = ToU8(admin_pin_->GetValue());
  if (first_setup_ && (vpin.empty() || apin.empty())) {
    return fail(_("Please set both PINs."));
  }
  if (!vpin.empty() && !CheckPinShape(vpin).ok()) return fail(_("Volunteer PIN: ") + Words(CheckPinShape(vpin)));
  if (!apin.empty() && !CheckPinShape(apin).ok()) return fail(_("Admin PIN: ") + Words(CheckPinShape(apin)));
  if (!vpin.empty() && vpin == apin) return fail(_("The two PINs must be different."));
  long idle = 0;
  if (!idle_->GetValue().ToLong(&idle) || idle < kMinIdleSeconds || idle > kMaxIdleSeconds) {
    return fail(Words(Status::InvalidArgument("idle_timeout_range", "")));
  }
  std::string key = ToU8(public_key_->GetValue().Strip(wxString::both));
  if (!key.empty() && !seal::ParsePublicKey(key).ok()) {
    return fail(Words(Status::InvalidArgument("invalid_public_key", "")));
  }
  std::set<std::string> enabled;
  for (const auto& [id, cb] : forms_) {
    if (cb->GetValue()) enabled.insert(id);
  }
  Store& store = ctx_.store();
  Status s;
  int ev = event_->GetSelection();
  if (ev != wxNOT_FOUND && static_cast<size_t>(ev) < events_.size()) {
    s = store.UseEvent(events_[static_cast<size_t>(ev)].id);
  }
  if (s.ok()) s = SaveEnabledForms(store, enabled);
  if (s.ok()) s = SaveIdleTimeout(store, static_cast<int>(idle));
  if (s.ok()) s = SaveDefaultLanguage(store, language_->GetSelection() == 1 ? "es" : "en");
  if (s.ok() && !key.empty()) s = store.SetSealingKey(key);
  if (s.ok() && !vpin.empty()) s = SavePin(store, PinRole::kVolunteer, vpin);
  if (s.ok() && !apin.empty()) s = SavePin(store, PinRole::kAdmin, apin);
  if (s.ok()) s = ctx_.Reload();
  volunteer_pin_->Clear();
  admin_pin_->Clear();
  if (!s.ok()) return fail(Words(s));
  state_ = State::kSaved;
  first_setup_ = false;
  SetText(message_, _("Saved."));
  message_->SetForegroundColour(theme.Success());
  Layout();
}

}  // namespace stem::kiosk
