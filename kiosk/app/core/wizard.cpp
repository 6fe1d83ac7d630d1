#include "kiosk/app/core/wizard.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stem::kiosk {

using forms::Item;
using forms::QuestionType;
using nlohmann::json;

namespace {

bool Empty(const json& v) {
  return v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
         (v.is_array() && v.empty());
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

FormWizard::FormWizard(std::shared_ptr<const forms::FormSpec> spec, std::string language,
                       std::string today)
    : spec_(std::move(spec)), language_(std::move(language)), today_(std::move(today)) {
  Build();
}

void FormWizard::Build() {
  pages_.clear();
  std::vector<const Item*> notes;
  Walk(spec_->items, nullptr, "", nullptr, -1, &notes);
  WizardPage review;
  review.kind = WizardPage::Kind::kReview;
  review.notes = std::move(notes);
  review.path = "review";
  pages_.push_back(std::move(review));
}

void FormWizard::Walk(const std::vector<Item>& items, json* scope, const std::string& prefix,
                      const Item* repeat, int entry, std::vector<const Item*>* notes) {
  for (const Item& item : items) {
    if (!forms::IsRelevant(item, answers_, scope, today_)) continue;
    switch (item.type) {
      case QuestionType::kNote:
        notes->push_back(&item);
        break;
      case QuestionType::kSection:
        notes->push_back(&item);
        Walk(item.items, scope, prefix, repeat, entry, notes);
        break;
      case QuestionType::kRepeat: {
        json& list = (scope != nullptr ? *scope : answers_)[item.id];
        if (!list.is_array()) list = json::array();
        size_t first = static_cast<size_t>(std::max(1, item.min_entries));
        while (list.size() < first) list.push_back(json::object());
        for (size_t i = 0; i < list.size(); ++i) {
          if (!list[i].is_object()) list[i] = json::object();
          Walk(item.items, &list[i], prefix + item.id + "[" + std::to_string(i) + "].", &item,
               static_cast<int>(i), notes);
        }
        WizardPage add;
        add.kind = WizardPage::Kind::kAddEntry;
        add.notes = std::move(*notes);
        notes->clear();
        add.item = &item;
        add.entry = static_cast<int>(list.size());
        add.path = prefix + item.id;
        pages_.push_back(std::move(add));
        break;
      }
      default: {
        WizardPage page;
        page.notes = std::move(*notes);
        notes->clear();
        page.item = &item;
        page.repeat = repeat;
        page.entry = entry;
        page.path = prefix + item.id;
        pages_.push_back(std::move(page));
      }
    }
  }
}

json* FormWizard::Slot(const WizardPage& page) {
  if (page.kind != WizardPage::Kind::kQuestion) return nullptr;
  if (page.repeat == nullptr) return &answers_;
  json& list = answers_[page.repeat->id];
  if (!list.is_array() || page.entry < 0 || static_cast<size_t>(page.entry) >= list.size()) {
    return nullptr;
  }
  return &list[static_cast<size_t>(page.entry)];
}

json FormWizard::AnswerAt(const WizardPage& page) const {
  if (page.kind != WizardPage::Kind::kQuestion) return nullptr;
  const json* holder = &answers_;
  if (page.repeat != nullptr) {
    auto it = answers_.find(page.repeat->id);
    if (it == answers_.end() || !it->is_array() || page.entry < 0 ||
        static_cast<size_t>(page.entry) >= it->size()) {
      return nullptr;
    }
    holder = &(*it)[static_cast<size_t>(page.entry)];
  }
  auto it = holder->find(page.item->id);
  return it == holder->end() ? json(nullptr) : *it;
}

void FormWizard::SetAnswer(const json& value) {
  json* slot = Slot(current());
  if (slot == nullptr) return;
  std::string path = current().path;
  if (Empty(value)) {
    slot->erase(current().item->id);
  } else {
    (*slot)[current().item->id] = value;
  }
  Build();
  MoveTo(path);
}

bool FormWizard::MoveTo(const std::string& path) {
  for (size_t i = 0; i < pages_.size(); ++i) {
    if (pages_[i].path == path) {
      index_ = i;
      return true;
    }
  }
  index_ = std::min(index_, pages_.size() - 1);
  return false;
}

std::vector<forms::AnswerError> FormWizard::ErrorsFor(const WizardPage& page) const {
  forms::CheckedAnswers checked = forms::CheckAnswers(*spec_, answers_, language_, today_);
  std::vector<forms::AnswerError> mine;
  for (forms::AnswerError& e : checked.errors) {
    if (page.kind == WizardPage::Kind::kReview || e.path == page.path) mine.push_back(std::move(e));
  }
  return mine;
}

std::vector<forms::AnswerError> FormWizard::Next() {
  if (current().kind == WizardPage::Kind::kReview) return {};
  std::vector<forms::AnswerError> errors = ErrorsFor(current());
  if (!errors.empty()) return errors;
  if (return_to_review_) {
    return_to_review_ = false;
    index_ = pages_.size() - 1;
  } else if (index_ + 1 < pages_.size()) {
    ++index_;
  }
  return {};
}

bool FormWizard::Back() {
  return_to_review_ = false;
  if (index_ == 0) return false;
  --index_;
  return true;
}

bool FormWizard::AddEntry() {
  const WizardPage& page = current();
  if (page.kind != WizardPage::Kind::kAddEntry) return false;
  const Item* repeat = page.item;
  std::string prefix = page.path;  // "children"
  json& list = answers_[repeat->id];
  if (!list.is_array() || list.size() >= static_cast<size_t>(repeat->max_entries)) return false;
  size_t entry = list.size();
  list.push_back(json::object());
  Build();
  std::string first = prefix + "[" + std::to_string(entry) + "].";
  for (size_t i = 0; i < pages_.size(); ++i) {
    if (pages_[i].path.rfind(first, 0) == 0) {
      index_ = i;
      return true;
    }
  }
  return MoveTo(prefix);
}

void FormWizard::Restore(nlohmann::json answers, const std::string& path) {
  answers_ = answers.is_object() ? std::move(answers) : nlohmann::json::object();
  return_to_review_ = false;
  index_ = 0;
  Build();
  if (!MoveTo(path)) index_ = 0;
}

bool FormWizard::GoTo(const std::string& path) {
  if (!MoveTo(path)) return false;
  return_to_review_ = current().kind != WizardPage::Kind::kReview;
  return true;
}

std::vector<forms::AnswerError> FormWizard::CheckForSubmit() {
  std::vector<forms::AnswerError> errors =
      forms::CheckAnswers(*spec_, answers_, language_, today_).errors;
  if (!errors.empty() && current().kind == WizardPage::Kind::kReview) {
    for (size_t i = 0; i < pages_.size(); ++i) {
      bool has = std::any_of(errors.begin(), errors.end(),
                             [&](const forms::AnswerError& e) { return e.path == pages_[i].path; });
      if (has) {
        index_ = i;
        return_to_review_ = true;
        break;
      }
    }
  }
  return errors;
}

json AnswerFromText(QuestionType type, const std::string& text) {
  std::string t = Trim(text);
  if (t.empty()) return nullptr;
  switch (type) {
    case QuestionType::kInteger:
    case QuestionType::kRating: {
      long long n = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
      if (ec == std::errc() && end == t.data() + t.size()) return n;
      return t;
    }
    case QuestionType::kDecimal: {
      double d = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
      if (ec == std::errc() && end == t.data() + t.size()) return d;
      return t;
    }
    case QuestionType::kPhone: {
      std::string digits;
      for (char c : t) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+') return t;
      }
      return digits;
    }
    default:
      return t;
  }
}

json DateFromText(const std::string& text, const std::string& language) {
  std::string t = Trim(text);
  if (t.empty()) return nullptr;
  std::vector<std::string> parts(1);
  for (char c : t) {
    if (c == '/' || c == '-' || c == '.') {
      parts.emplace_back();
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      parts.back() += c;
    } else {
      return t;
    }
  }
  if (parts.size() == 1 && parts[0].size() == 8) {
    parts = {parts[0].substr(0, 2), parts[0].substr(2, 2), parts[0].substr(4)};
  }
  if (parts.size() != 3 || parts[2].size() != 4 || parts[0].empty() || parts[0].size() > 2 ||
      parts[1].empty() || parts[1].size() > 2) {
    return t;
  }
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  const std::string& day = language == "es" ? parts[0] : parts[1];
  const std::string& month = language == "es" ? parts[1] : parts[0];
  return parts[2] + "-" + two(month) + "-" + two(day);
}

std::string DateText(const json& value, const std::string& language) {
  if (!value.is_string()) return "";
  std::string v = value.get<std::string>();
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return v;
  std::string y = v.substr(0, 4), m = v.substr(5, 2), d = v.substr(8, 2);
  return language == "es" ? d + "/" + m + "/" + y : m + "/" + d + "/" + y;
}

std::string TextFromAnswer(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return value.dump();
  return "";
}

}  // namespace stem::kiosk
