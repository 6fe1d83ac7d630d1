// FormWizard: page-by-page navigation through any form spec, for the touchscreen.
//
// Holds one family's answers (a JSON object shaped as data/form_answers.h expects) and turns
// the spec into pages: one question per page, with the notes (headings) before it shown on
// the same page; for a repeat group, its questions once per entry followed by an "add
// another" page; a review page at the end. Pages are recomputed after every answer, so skip
// logic applies live. Next() checks only the current page with the form engine and refuses to
// move on while it has errors (messages in the wizard's language).
//
// Ownership: shares the immutable spec. Threads: one thread (the UI's). Pure: no clock (today
// is given), no store, no display; never throws on any answer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/forms/form_answers.h"
#include "data/forms/form_spec.h"

namespace stem::kiosk {

struct WizardPage {
  enum class Kind { kQuestion, kAddEntry, kReview };
  Kind kind = Kind::kQuestion;
  std::vector<const forms::Item*> notes;  // headings and explanations shown above
  const forms::Item* item = nullptr;      // the question; the repeat for kAddEntry
  const forms::Item* repeat = nullptr;    // the repeat group the question belongs to
  int entry = -1;                         // its entry (0-based) in that group
  std::string path;                       // "phone", "children[1].first_name", "review"
};

class FormWizard {
 public:
  FormWizard(std::shared_ptr<const forms::FormSpec> spec, std::string language,
             std::string today);

  const forms::FormSpec& spec() const { return *spec_; }
  const std::string& language() const { return language_; }
  void SetLanguage(const std::string& language) { language_ = language; }
  const std::vector<WizardPage>& pages() const { return pages_; }
  size_t index() const { return index_; }
  const WizardPage& current() const { return pages_[index_]; }
  const nlohmann::json& answers() const { return answers_; }

  // The answer of a question page (null when unanswered).
  nlohmann::json AnswerAt(const WizardPage& page) const;
  // Sets the current question's answer; null, "" or [] clears it. Recomputes the pages.
  void SetAnswer(const nlohmann::json& value);

  // Checks the current page; moves on and returns no errors when it is fine.
  std::vector<forms::AnswerError> Next();
  // Moves back one page; false on the first page.
  bool Back();
  // On an add-entry page: starts a new entry and moves to its first question.
  bool AddEntry();
  // From the review page: jumps to a page to change it; Next() then returns to review.
  bool GoTo(const std::string& path);
  // Puts back the answers of an application saved for later and moves to the page it was
  // left at (the first page when that page no longer exists). Answers are not checked here:
  // the pages check them as the family goes on, and the submit checks them all.
  void Restore(nlohmann::json answers, const std::string& path);
  // Every error of the whole form; on the review page, moves to the first page with one.
  std::vector<forms::AnswerError> CheckForSubmit();

  // Page number among pages, for the progress indicator (1-based).
  size_t step() const { return index_ + 1; }
  size_t step_count() const { return pages_.size(); }

 private:
  void Build();
  void Walk(const std::vector<forms::Item>& items, nlohmann::json* scope,
            const std::string& prefix, const forms::Item* repeat, int entry,
            std::vector<const forms::Item*>* notes);
  nlohmann::json* Slot(const WizardPage& page);
  bool MoveTo(const std::string& path);
  std::vector<forms::AnswerError> ErrorsFor(const WizardPage& page) const;

  std::shared_ptr<const forms::FormSpec> spec_;
  std::string language_;
  std::string today_;
  nlohmann::json answers_ = nlohmann::json::object();
  std::vector<WizardPage> pages_;
  size_t index_ = 0;
  bool return_to_review_ = false;
};

// Turns what was typed into the answer value for a question type: whole numbers for integer
// and rating, numbers for decimal, digits only for phone; other text as typed (trimmed).
// Text that does not parse is kept as text so that the form engine reports it.
nlohmann::json AnswerFromText(forms::QuestionType type, const std::string& text);
// A date typed on the number pad: "DD/MM/YYYY" in Spanish, "MM/DD/YYYY" in English (or
// eight digits in that order) becomes "YYYY-MM-DD"; anything else is kept as typed so that
// the form engine reports it. DateText() is the inverse.
nlohmann::json DateFromText(const std::string& text, const std::string& language);
std::string DateText(const nlohmann::json& value, const std::string& language);
// The inverse, for showing an answer in a text box.
std::string TextFromAnswer(const nlohmann::json& value);

}  // namespace stem::kiosk
