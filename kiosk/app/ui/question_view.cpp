#include "kiosk/app/ui/question_view.h"

#include "kiosk/app/ui/messages.h"

#include <algorithm>

#include "kiosk/app/ui/signature_pad.h"

namespace stem::kiosk {

using forms::QuestionType;
using nlohmann::json;

namespace {

std::string InLanguage(const forms::Text& text, const std::string& language) {
  auto it = text.find(language);
  if (it != text.end()) return it->second;
  return text.empty() ? "" : text.begin()->second;
}

}  // namespace

QuestionView::QuestionView(wxWindow* parent, const Theme& theme, const forms::Item& item,
                           const json& answer, const std::string& language, OnAnswer on_answer,
                           OnscreenKeyboard* keyboard)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "question"),
      theme_(theme),
      item_(item),
      language_(language),
      on_answer_(std::move(on_answer)),
      keyboard_(keyboard),
      selected_(answer) {
  PaintPanel(this, theme_);
  SetSizer(new wxBoxSizer(wxVERTICAL));
  keyboard_->SetTarget(nullptr);
  KeyboardLayout layout = LayoutFor(item.type);
  keyboard_->SetLayout(layout);
  if (layout != KeyboardLayout::kNone) {
    AddText(answer);
  } else if (item.type == QuestionType::kSignature) {
    AddSignature();
  } else {
    AddChoices(answer);
  }
}

QuestionView::~QuestionView() { keyboard_->SetTarget(nullptr); }

void QuestionView::AddText(const json& answer) {
  long style = item_.type == QuestionType::kLongText ? wxTE_MULTILINE : 0;
  wxString value = item_.type == QuestionType::kDate ? U8(DateText(answer, language_))
                                                     : U8(TextFromAnswer(answer));
  auto* text = new wxTextCtrl(this, wxID_ANY, value, wxDefaultPosition,
                              wxSize(theme_.Px(760), theme_.Px(item_.type == QuestionType::kLongText ? 130 : 72)),
                              style, wxDefaultValidator, "answer");
  text->SetFont(theme_.Font(32));
  text->SetInsertionPointEnd();
  if (item_.type == QuestionType::kDate) {
    auto* format = MakeText(this, DateFormatHint(language_),
                            theme_.Body(), theme_.Muted());
    GetSizer()->Add(format, 0, wxBOTTOM, theme_.Px(6));
  }
  GetSizer()->Add(text, 0, wxALL, 0);
  text->Bind(wxEVT_TEXT, [this, text](wxCommandEvent& e) {
    e.Skip();
    std::string typed = ToU8(text->GetValue());
    on_answer_(item_.type == QuestionType::kDate ? DateFromText(typed, language_)
                                                 : AnswerFromText(item_.type, typed));
  });
  keyboard_->SetTarget(text);
  text->SetFocus();
}

void QuestionView::AddChoices(const json& answer) {
  std::vector<std::pair<std::string, wxString>> options;
  switch (item_.type) {
    case QuestionType::kYesNo:
      options = {{"yes", _("Yes")}, {"no", _("No")}};
      break;
    case QuestionType::kConsent:
      options = {{"agree", _("I agree")}};
      break;
    case QuestionType::kRating:
      for (int i = 0; i <= 10; ++i) options.push_back({std::to_string(i), wxString::Format("%d", i)});
      break;
    default:
      for (const forms::Choice& c : item_.choices) {
        options.push_back({c.value, U8(InLanguage(c.label, language_))});
      }
  }
  int cols = item_.type == QuestionType::kRating ? 11 : options.size() > 8 ? 3 : options.size() > 4 ? 2 : 1;
  if (item_.type == QuestionType::kYesNo) cols = 2;
  auto* grid = new wxGridSizer(cols, theme_.Px(10), theme_.Px(10));
  int width = item_.type == QuestionType::kRating ? theme_.Px(72) : cols >= 3 ? theme_.Px(300) : theme_.Px(460);
  for (const auto& [value, label] : options) {
    auto* t = MakeToggle(this, label, theme_, U8("choice:" + value), 26);
    t->SetMinSize(wxSize(width, theme_.TapHeight()));
    std::string v = value;
    t->Bind(wxEVT_TOGGLEBUTTON, [this, v](wxCommandEvent& e) {
      e.Skip();
      Choose(v);
    });
    grid->Add(t, 0, wxEXPAND);
    toggles_.push_back({value, t});
  }
  GetSizer()->Add(grid, 0, wxALL, 0);
  selected_ = answer;
  Repaint();
}

void QuestionView::Choose(const std::string& value) {
  switch (item_.type) {
    case QuestionType::kYesNo:
      selected_ = value == "yes";
      break;
    case QuestionType::kConsent:
      selected_ = selected_ == json(true) ? json(nullptr) : json(true);
      break;
    case QuestionType::kRating:
      selected_ = std::stoi(value);
      break;
    case QuestionType::kMultipleChoice: {
      json list = selected_.is_array() ? selected_ : json::array();
      auto it = std::find(list.begin(), list.end(), json(value));
      if (it != list.end()) {
        list.erase(it);
      } else {
        list.push_back(value);
      }
      selected_ = list;
      break;
    }
    default:
      selected_ = value;
  }
  Repaint();
  on_answer_(selected_);
}

void QuestionView::Repaint() {
  for (auto& [value, toggle] : toggles_) {
    bool on = false;
    switch (item_.type) {
      case QuestionType::kYesNo:
        on = selected_.is_boolean() && selected_.get<bool>() == (value == "yes");
        break;
      case QuestionType::kConsent:
        on = selected_ == json(true);
        break;
      case QuestionType::kRating:
        on = selected_.is_number_integer() && std::to_string(selected_.get<int>()) == value;
        break;
      case QuestionType::kMultipleChoice:
        on = selected_.is_array() &&
             std::find(selected_.begin(), selected_.end(), json(value)) != selected_.end();
        break;
      default:
        on = selected_ == json(value);
    }
    ShowSelected(toggle, on, theme_);
  }
}

void QuestionView::AddSignature() {
  auto* pad = new SignaturePad(this, theme_, [this] {
    auto* p = dynamic_cast<SignaturePad*>(FindWindow("signature"));
    if (p != nullptr) on_answer_(p->Value());
  });
  pad->Restore(selected_);
  GetSizer()->Add(pad, 0, wxALL, 0);
  auto* clear = MakeButton(this, _("Clear signature"), theme_, "clear_signature");
  clear->Bind(wxEVT_BUTTON, [pad](wxCommandEvent& e) {
    e.Skip();
    pad->Clear();
  });
  GetSizer()->Add(clear, 0, wxTOP, theme_.Px(8));
}

}  // namespace stem::kiosk
