// QuestionView: the answer control for one wizard page, chosen by question type.
//
// Text-like questions get a big text box wired to the on-screen keyboard (letters, numbers,
// email or date pad); choices, yes/no, consent and ratings get big toggle buttons named
// "choice:<value>"; a signature gets a SignaturePad. Every change is handed to `on_answer`
// as the JSON answer value (null to clear). Borrows the keyboard; detaches from it when
// destroyed. UI thread only.
#pragma once

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/app/core/wizard.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/theme.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class QuestionView : public wxPanel {
 public:
  using OnAnswer = std::function<void(const nlohmann::json&)>;
  QuestionView(wxWindow* parent, const Theme& theme, const forms::Item& item,
               const nlohmann::json& answer, const std::string& language,
               OnAnswer on_answer, OnscreenKeyboard* keyboard);
  ~QuestionView() override;

 private:
  void AddText(const nlohmann::json& answer);
  void AddChoices(const nlohmann::json& answer);
  void AddSignature();
  void Choose(const std::string& value);
  void Repaint();

  Theme theme_;
  const forms::Item& item_;
  std::string language_;
  OnAnswer on_answer_;
  OnscreenKeyboard* keyboard_;
  std::vector<std::pair<std::string, wxToggleButton*>> toggles_;
  nlohmann::json selected_;  // the current choice answer
};

}  // namespace stem::kiosk
