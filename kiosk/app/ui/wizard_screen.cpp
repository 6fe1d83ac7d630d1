#include "kiosk/app/ui/wizard_screen.h"

#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/question_view.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

using forms::QuestionType;
using nlohmann::json;

WizardScreen::WizardScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, SaveWorker& saver,
                           std::shared_ptr<const forms::FormSpec> spec, bool from_desk,
                           const ResumedDraft* resumed)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "wizard"),
      ctx_(ctx),
      nav_(nav),
      saver_(saver),
      from_desk_(from_desk),
      wizard_(std::move(spec), ctx.language, ctx.Today()) {
  if (resumed != nullptr) {
    resumed_ = *resumed;
    wizard_.Restore(resumed_.answers, resumed_.page);
    resumed_.answers = nlohmann::json::object();  // the wizard holds them now
  }
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);

  auto* top = new wxBoxSizer(wxHORIZONTAL);
  top->Add(MakeText(this, Tr(wizard_.spec().title), theme.Font(26, true), theme.Muted(), "form_title"),
           1, wxALIGN_CENTER_VERTICAL);
  progress_ = MakeText(this, "", theme.Font(24), theme.Muted(), "progress");
  top->Add(progress_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(16));
  col->Add(top, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  gauge_ = new wxGauge(this, wxID_ANY, 100, wxDefaultPosition, wxSize(-1, theme.Px(14)));
  col->Add(gauge_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, theme.Px(8));

  body_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL, "body");
  PaintPanel(body_, theme);
  body_->SetScrollRate(0, theme.Px(24));
  body_->SetSizer(new wxBoxSizer(wxVERTICAL));
  body_->SetMinSize(wxSize(-1, theme.Px(200)));
  body_->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    if (WrapWidth() != wrapped_at_) CallAfter([this] { Rewrap(); });
  });
  col->Add(body_, 1, wxEXPAND | wxALL, theme.Px(12));

  keyboard_ = new OnscreenKeyboard(this, theme);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL | wxBOTTOM, theme.Px(8));

  status_ = MakeText(this, "", theme.Heading(), theme.Foreground(), "status");
  col->Add(status_, 0, wxALIGN_CENTER_HORIZONTAL);

  auto* nav_row = new wxBoxSizer(wxHORIZONTAL);
  back_ = MakeButton(this, _("Back"), theme, "back");
  auto* cancel = MakeButton(this, _("Start over"), theme, "cancel");
  add_ = MakeButton(this, "", theme, "add_entry");
  next_ = MakeButton(this, _("Next"), theme, "next", true, 30);
  next_->SetMinSize(wxSize(theme.Px(240), theme.TapHeight()));
  nav_row->Add(back_, 0, wxALL, theme.Px(8));
  nav_row->Add(cancel, 0, wxALL, theme.Px(8));
  if (!from_desk_) {
    auto* later = MakeButton(this, _("Save and finish later"), theme, "save_later");
    later->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
      e.Skip();
      SaveForLater();
    });
    nav_row->Add(later, 0, wxALL, theme.Px(8));
  }
  nav_row->AddStretchSpacer(1);
  nav_row->Add(add_, 0, wxALL, theme.Px(8));
  nav_row->Add(next_, 0, wxALL, theme.Px(8));
  col->Add(nav_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, theme.Px(8));
  SetSizer(col);

  back_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    if (state_ == State::kSaving) return;
    if (wizard_.Back()) {
      ShowPage();
    } else if (from_desk_) {
      nav_.GoDesk();
    } else {
      nav_.GoHome();
    }
  });
  cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    if (state_ == State::kSaving) return;
    if (from_desk_) {
      nav_.GoDesk();
    } else {
      nav_.GoAttract();
    }
  });
  add_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    if (wizard_.AddEntry()) ShowPage();
  });
  next_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    OnNext();
  });
  ShowPage();
}

wxString WizardScreen::Tr(const forms::Text& text) const {
  auto it = text.find(ctx_.language);
  if (it != text.end()) return U8(it->second);
  return text.empty() ? wxString() : U8(text.begin()->second);
}

void WizardScreen::UpdateProgress() {
  SetText(progress_, wxString::Format(_("Step %zu of %zu"), wizard_.step(), wizard_.step_count()));
  gauge_->SetValue(static_cast<int>(100 * wizard_.step() / std::max<size_t>(1, wizard_.step_count())));
  Layout();
}

int WizardScreen::WrapWidth() const {
  int width = body_->GetClientSize().x;
  // Before the first layout: the window's width less the area's margins.
  if (width <= 0) width = FromDIP(ctx_.screen.width_dip) - Theme::From(ctx_).Px(24);
  return width - wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, body_);
}

wxStaticText* WizardScreen::Wrapped(wxStaticText* text, int reserve) {
  wrapped_.push_back({text, text->GetLabel(), reserve});
  SetText(text, wrapped_.back().label, std::max(1, WrapWidth() - reserve));
  return text;
}

void WizardScreen::Rewrap() {
  int width = WrapWidth();
  if (width == wrapped_at_ || width <= 0) return;
  wrapped_at_ = width;
  body_->Freeze();
  for (const WrappedText& w : wrapped_) SetText(w.text, w.label, std::max(1, width - w.reserve));
  body_->Layout();
  body_->FitInside();
  body_->Thaw();
}

void WizardScreen::ShowPage(const std::vector<forms::AnswerError>& errors) {
  Theme theme = Theme::From(ctx_);
  Freeze();
  keyboard_->SetTarget(nullptr);
  wrapped_.clear();
  wrapped_at_ = WrapWidth();
  body_->DestroyChildren();
  wxSizer* s = body_->GetSizer();
  s->Clear(false);
  const WizardPage& page = wizard_.current();
  state_ = page.kind == WizardPage::Kind::kReview ? State::kReview : State::kAnswering;
  for (const forms::Item* note : page.notes) {
    s->Add(Wrapped(MakeText(body_, Tr(note->label), theme.Heading(), theme.Accent(), "note")), 0,
           wxBOTTOM, theme.Px(4));
    if (!note->hint.empty()) {
      auto* hint = Wrapped(MakeText(body_, Tr(note->hint), theme.Body(), theme.Muted(), "note_hint"));
      s->Add(hint, 0, wxBOTTOM, theme.Px(12));
    }
  }
  keyboard_->SetLayout(KeyboardLayout::kNone);
  add_->Hide();
  next_->SetLabel(_("Next"));
  if (page.kind == WizardPage::Kind::kQuestion) {
    wxString label = Tr(page.item->label);
    if (page.repeat != nullptr) {
      label = wxString::Format("%s %d: ", Tr(page.repeat->label), page.entry + 1) + label;
    }
    auto* q = Wrapped(MakeText(body_, label, theme.Font(34, true), theme.Foreground(), "question_label"));
    s->Add(q, 0, wxBOTTOM, theme.Px(6));
    if (!page.item->hint.empty()) {
      auto* hint = Wrapped(MakeText(body_, Tr(page.item->hint), theme.Body(), theme.Muted(), "hint"));
      s->Add(hint, 0, wxBOTTOM, theme.Px(10));
    }
    s->Add(new QuestionView(body_, theme, *page.item, wizard_.AnswerAt(page), ctx_.language,
                            [this](const json& v) { OnAnswer(v); }, keyboard_),
           0, wxBOTTOM, theme.Px(8));
  } else if (page.kind == WizardPage::Kind::kAddEntry) {
    wxString done = wxString::Format(_("%s %d added."), Tr(page.item->label), page.entry);
    s->Add(Wrapped(MakeText(body_, done, theme.Font(34, true), theme.Foreground(), "question_label")),
           0, wxBOTTOM, theme.Px(8));
    if (page.entry < page.item->max_entries) {
      add_->SetLabel(page.item->add_label.empty() ? _("Add another") : Tr(page.item->add_label));
      FitTouch(add_, theme);
      add_->Show();
    }
  } else {
    s->Add(Wrapped(MakeText(body_, _("Please check your answers"), theme.Font(34, true),
                            theme.Foreground(), "question_label")),
           0, wxBOTTOM, theme.Px(8));
    BuildReview(s);
    next_->SetLabel(_("Submit"));
  }
  wxString messages;
  for (const forms::AnswerError& e : errors) {
    if (!messages.empty()) messages += "\n";
    messages += U8(e.message);
  }
  error_ = Wrapped(MakeText(body_, messages, theme.Font(28, true), theme.Error(), "error"));
  s->Add(error_, 0, wxTOP, theme.Px(4));
  SetText(status_, "");
  status_->Hide();
  back_->Enable(true);
  next_->Enable(true);
  body_->FitInside();
  body_->Scroll(0, 0);
  UpdateProgress();
  Layout();
  Thaw();
  Refresh();
}

wxString WizardScreen::AnswerText(const forms::Item& item, const json& a) const {
  if (a.is_null()) return _("(no answer)");
  switch (item.type) {
    case QuestionType::kYesNo:
      return a.is_boolean() && a.get<bool>() ? _("Yes") : _("No");
    case QuestionType::kConsent:
      return _("I agree");
    case QuestionType::kSignature:
      return _("Signed");
    case QuestionType::kDate:
      return U8(DateText(a, ctx_.language));
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
    case QuestionType::kMultipleChoice: {
      wxString out;
      for (const forms::Choice& c : item.choices) {
        bool on = a.is_array() ? std::find(a.begin(), a.end(), json(c.value)) != a.end()
                               : a == json(c.value);
        if (on) out += (out.empty() ? "" : ", ") + Tr(c.label);
      }
      return out;
    }
    default:
      return U8(TextFromAnswer(a));
  }
}

void WizardScreen::BuildReview(wxSizer* s) {
  Theme theme = Theme::From(ctx_);
  for (const WizardPage& page : wizard_.pages()) {
    if (page.kind != WizardPage::Kind::kQuestion) continue;
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* texts = new wxBoxSizer(wxVERTICAL);
    wxString label = Tr(page.item->label);
    if (page.repeat != nullptr) {
      label = wxString::Format("%s %d: ", Tr(page.repeat->label), page.entry + 1) + label;
    }
    auto* change = MakeButton(body_, _("Change"), theme, U8("change:" + page.path), false, 24);
    int reserve = change->GetMinSize().x + theme.Px(12);
    texts->Add(Wrapped(MakeText(body_, label, theme.Font(22), theme.Muted(), "review_label"), reserve));
    texts->Add(Wrapped(MakeText(body_, AnswerText(*page.item, wizard_.AnswerAt(page)), theme.Font(26, true),
                                theme.Foreground(), "review_answer"),
                       reserve));
    row->Add(texts, 1, wxALIGN_CENTER_VERTICAL);
    std::string path = page.path;
    change->Bind(wxEVT_BUTTON, [this, path](wxCommandEvent& e) {
      e.Skip();
      if (wizard_.GoTo(path)) CallAfter([this] { ShowPage(); });
    });
    row->Add(change, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(12));
    s->Add(row, 0, wxEXPAND | wxBOTTOM, theme.Px(10));
  }
}

void WizardScreen::OnAnswer(const json& value) {
  wizard_.SetAnswer(value);
  if (error_ != nullptr && !error_->GetLabel().empty()) {
    SetText(error_, "");
    for (WrappedText& w : wrapped_) {
      if (w.text == error_) w.label.clear();
    }
  }
  UpdateProgress();
}

void WizardScreen::OnNext() {
  if (state_ == State::kSaving) return;
  if (wizard_.current().kind == WizardPage::Kind::kReview) {
    Submit();
    return;
  }
  std::vector<forms::AnswerError> errors = wizard_.Next();
  // Redrawn after this handler returns: the button that was tapped lives on the page.
  CallAfter([this, errors] { ShowPage(errors); });
}

void WizardScreen::SaveForLater() {
  if (state_ == State::kSaving) return;
  ResumedDraft application = resumed_;
  application.form_id = wizard_.spec().id;
  application.form_version = wizard_.spec().version;
  application.language = ctx_.language;
  application.page = wizard_.current().path;
  application.answers = wizard_.answers();
  nav_.SaveForLater(application);
}

void WizardScreen::Submit() {
  std::vector<forms::AnswerError> errors = wizard_.CheckForSubmit();
  if (!errors.empty()) {
    CallAfter([this, errors] { ShowPage(errors); });
    return;
  }
  state_ = State::kSaving;
  SetText(status_, _("Saving..."));
  status_->Show();
  back_->Enable(false);
  next_->Enable(false);
  Layout();
  SaveRequest req;
  req.response.form_id = wizard_.spec().id;
  req.response.language = ctx_.language;
  req.response.answers = wizard_.answers();
  req.response.draft_id = resumed_.id;
  if (ctx_.event()) req.response.event_id = ctx_.event()->id;
  wxWeakRef<WizardScreen> self(this);
  saver_.Start(std::move(req), [self](SaveResult result) {
    if (self) self->Saved(result);
  });
}

void WizardScreen::Saved(const SaveResult& result) {
  if (result.status.ok()) {
    ThanksInfo info;
    info.confirmation_codes = result.confirmation_codes;
    info.child_names = result.child_names;
    info.back_to_desk = from_desk_;
    nav_.ShowThanks(info);
    return;
  }
  if (!result.problems.empty()) {
    std::vector<forms::AnswerError> errors;
    for (const SaveOutcome::Problem& p : result.problems) errors.push_back({p.path, p.code, p.message});
    ShowPage(errors);
    return;
  }
  state_ = State::kSaveFailed;
  SetText(status_, Words(result.status));
  status_->Show();
  status_->SetForegroundColour(Theme::From(ctx_).Error());
  back_->Enable(true);
  next_->Enable(true);
  Layout();
}

}  // namespace stem::kiosk
