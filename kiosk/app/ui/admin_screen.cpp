#include "kiosk/app/ui/admin_screen.h"

#include <algorithm>

#include "data/seal.h"
#include "kiosk/app/core/pin.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

AdminScreen::AdminScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, bool first_setup)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "admin_screen"),
      ctx_(ctx),
      nav_(nav),
      first_setup_(first_setup),
      language_(ctx.config().default_language),
      print_worker_(ctx.store_path(),
                    [](std::function<void()> f) {
                      if (wxTheApp != nullptr) wxTheApp->CallAfter(std::move(f));
                    },
                    [] { return labels::MakeCupsPrinter(); }) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->Add(MakeText(this, _("Kiosk settings"), theme.Heading(), theme.Foreground()), 0,
           wxLEFT | wxRIGHT | wxTOP, theme.Px(12));
  if (first_setup) {
    auto* hello = MakeText(this, _("Welcome! First set an admin PIN and a volunteer PIN (4 to 8 digits)."),
                           theme.Body(), theme.Accent(), "first_setup");
    FitText(hello, ctx.screen.width_dip > 0 ? FromDIP(ctx.screen.width_dip) - theme.Px(24) : 0);
    col->Add(hello, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(12));
  }

  // Label above control, one column: fits portrait and landscape alike; the area scrolls.
  settings_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL,
                                   "settings");
  PaintPanel(settings_, theme);
  settings_->SetScrollRate(0, theme.Px(24));
  auto* list = new wxBoxSizer(wxVERTICAL);
  auto label = [&](const wxString& text) {
    list->Add(MakeText(settings_, text, theme.Body(), theme.Foreground()), 0, wxTOP | wxBOTTOM,
              theme.Px(6));
  };
  auto field = [&](wxWindow* w) { list->Add(w, 0, wxBOTTOM, theme.Px(10)); };

  label(_("Event"));
  AddChoices(list);

  label(_("Idle reset after (seconds)"));
  idle_ = Field(settings_, "idle_timeout", 0, KeyboardLayout::kNumbers);
  idle_->SetValue(wxString::Format("%d", ctx.config().idle_timeout_s));
  field(idle_);

  label(_("Applications saved for later are kept (days)"));
  draft_days_ = Field(settings_, "draft_days", 0, KeyboardLayout::kNumbers);
  Result<int> days = ctx.store().DraftDays();
  draft_days_->SetValue(wxString::Format("%d", days.ok() ? *days : 14));
  field(draft_days_);

  label(_("New volunteer PIN"));
  volunteer_pin_ = Field(settings_, "volunteer_pin", wxTE_PASSWORD, KeyboardLayout::kNumbers);
  field(volunteer_pin_);
  label(_("New admin PIN"));
  admin_pin_ = Field(settings_, "admin_pin", wxTE_PASSWORD, KeyboardLayout::kNumbers);
  field(admin_pin_);

  label(_("Nonprofit's public key"));
  public_key_ = Field(settings_, "public_key", 0, KeyboardLayout::kEmail);
  if (Result<std::optional<seal::PublicKey>> key = ctx.store().SealingKey(); key.ok() && *key) {
    public_key_->SetValue(U8((*key)->Base64()));
  }
  list->Add(public_key_, 0, wxEXPAND | wxBOTTOM, theme.Px(10));

  label(_("Hub"));
  list->Add(MakeHubSection(settings_), 0, wxEXPAND | wxBOTTOM, theme.Px(10));
  label(_("Badges and pickup labels: printer"));
  list->Add(MakePrinterSection(settings_), 0, wxEXPAND | wxBOTTOM, theme.Px(10));
  auto* inset = new wxBoxSizer(wxVERTICAL);
  inset->Add(list, 1, wxEXPAND | wxLEFT | wxRIGHT, theme.Px(16));
  settings_->SetSizer(inset);
  settings_->FitInside();
  col->Add(settings_, 1, wxEXPAND | wxTOP, theme.Px(8));

  message_ = MakeText(this, "", theme.Body(), theme.Foreground(), "admin_message");
  col->Add(message_, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(12));
  keyboard_ = new OnscreenKeyboard(this, theme);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.Px(4));

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

void AdminScreen::AddChoices(wxSizer* list) {
  Theme theme = Theme::From(ctx_);
  const int width = theme.Px(600);
  auto toggle = [&](const wxString& text, const wxString& name) {
    auto* t = MakeToggle(settings_, text, theme, name, 24);
    t->SetMinSize(wxSize(std::max(width, t->GetMinSize().x), theme.TapHeight()));
    list->Add(t, 0, wxBOTTOM, theme.Px(6));
    return t;
  };
  // The event: exactly one is chosen.
  if (Result<std::vector<Event>> events = ctx_.store().ListEvents(); events.ok()) events_ = *events;
  for (size_t i = 0; i < events_.size(); ++i) {
    auto* t = toggle(U8(events_[i].name + " (" + events_[i].starts_on + ")"), U8("event:" + events_[i].id));
    if (ctx_.event() && ctx_.event()->id == events_[i].id) event_ = static_cast<int>(i);
    event_toggles_.push_back(t);
    t->Bind(wxEVT_TOGGLEBUTTON, [this, i](wxCommandEvent& e) {
      e.Skip();
      event_ = static_cast<int>(i);
      Theme now = Theme::From(ctx_);
      for (size_t j = 0; j < event_toggles_.size(); ++j) ShowSelected(event_toggles_[j], j == i, now);
    });
  }
  for (size_t j = 0; j < event_toggles_.size(); ++j) {
    ShowSelected(event_toggles_[j], static_cast<int>(j) == event_, theme);
  }

  list->Add(MakeText(settings_, _("Families can"), theme.Body(), theme.Foreground()), 0,
            wxTOP | wxBOTTOM, theme.Px(6));
  if (Result<std::vector<FormInfo>> forms = ctx_.store().ListForms(); forms.ok()) {
    for (const FormInfo& f : *forms) {
      auto* t = toggle(U8(f.title), U8("enable:" + f.id));
      ShowSelected(t, ctx_.config().enabled_forms.count(f.id) > 0, theme);
      t->Bind(wxEVT_TOGGLEBUTTON, [this, t](wxCommandEvent& e) {
        e.Skip();
        ShowSelected(t, t->GetValue(), Theme::From(ctx_));
      });
      forms_[f.id] = t;
    }
  }

  list->Add(MakeText(settings_, _("Default language"), theme.Body(), theme.Foreground()), 0,
            wxTOP | wxBOTTOM, theme.Px(6));
  auto* langs = new wxBoxSizer(wxHORIZONTAL);
  language_en_ = MakeToggle(settings_, "English", theme, "language:en", 24);
  language_es_ = MakeToggle(settings_, wxString::FromUTF8("Español"), theme, "language:es", 24);
  for (wxToggleButton* t : {language_en_, language_es_}) {
    t->SetMinSize(wxSize(std::max(theme.Px(240), t->GetMinSize().x), theme.TapHeight()));
    langs->Add(t, 0, wxRIGHT, theme.Px(10));
    t->Bind(wxEVT_TOGGLEBUTTON, [this, t](wxCommandEvent& e) {
      e.Skip();
      language_ = t == language_es_ ? "es" : "en";
      ShowSelected(language_en_, language_ == "en", Theme::From(ctx_));
      ShowSelected(language_es_, language_ == "es", Theme::From(ctx_));
    });
  }
  ShowSelected(language_en_, language_ == "en", theme);
  ShowSelected(language_es_, language_ == "es", theme);
  list->Add(langs, 0, wxBOTTOM, theme.Px(10));
}

wxTextCtrl* AdminScreen::Field(wxWindow* parent, const wxString& name, long style,
                               KeyboardLayout layout) {
  Theme theme = Theme::From(ctx_);
  auto* t = new wxTextCtrl(parent, wxID_ANY, "", wxDefaultPosition,
                           wxSize(theme.Px(300), theme.TapHeight()), style, wxDefaultValidator, name);
  t->SetFont(theme.Body());
  t->SetMinSize(wxSize(theme.Px(300), theme.TapHeight()));
  t->Bind(wxEVT_SET_FOCUS, [this, t, layout](wxFocusEvent& e) {
    e.Skip();
    keyboard_->SetLayout(layout);
    keyboard_->SetTarget(t);
    // The keyboard just took room from the settings: keep the field in sight.
    wxWeakRef<wxTextCtrl> field(t);
    CallAfter([this, field] {
      if (field) ShowField(field);
    });
  });
  return t;
}

void AdminScreen::ShowField(wxWindow* field) {
  Layout();
  int unit = 0;
  settings_->GetScrollPixelsPerUnit(nullptr, &unit);
  if (unit <= 0) return;
  int start = 0;
  settings_->GetViewStart(nullptr, &start);
  wxRect r(settings_->ScreenToClient(field->GetScreenPosition()), field->GetSize());
  int visible = settings_->GetClientSize().y;
  int top = start * unit;
  if (r.y < 0) {
    top += r.y;
  } else if (r.GetBottom() >= visible) {
    top += r.GetBottom() - visible + 1;
  } else {
    return;
  }
  settings_->Scroll(-1, (std::max(0, top) + unit - 1) / unit);
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
  long draft_days = 0;
  if (!draft_days_->GetValue().ToLong(&draft_days) || draft_days < 1 || draft_days > 90) {
    return fail(Words(Status::InvalidArgument("draft_days_range", "")));
  }
  std::string key = ToU8(public_key_->GetValue().Strip(wxString::both));
  if (!key.empty() && !seal::ParsePublicKey(key).ok()) {
    return fail(Words(Status::InvalidArgument("invalid_public_key", "")));
  }
  std::set<std::string> enabled;
  for (const auto& [id, toggle] : forms_) {
    if (toggle->GetValue()) enabled.insert(id);
  }
  Store& store = ctx_.store();
  Status s;
  if (event_ != wxNOT_FOUND && static_cast<size_t>(event_) < events_.size()) {
    s = store.UseEvent(events_[static_cast<size_t>(event_)].id);
  }
  if (s.ok()) s = SaveEnabledForms(store, enabled);
  if (s.ok()) s = SaveIdleTimeout(store, static_cast<int>(idle));
  if (s.ok()) s = store.SetDraftDays(static_cast<int>(draft_days));
  if (s.ok()) s = SaveDefaultLanguage(store, language_);
  if (s.ok() && !key.empty()) s = store.SetSealingKey(key);
  if (s.ok()) s = labels::SavePrintSettings(store, printer_, stock_.empty() ? labels::LabelStocks().front().id : stock_);
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
