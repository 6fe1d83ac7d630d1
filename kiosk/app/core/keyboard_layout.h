// The on-screen keyboard's layouts and which one fits a question.
//
// Letters (with a row of Spanish accents á é í ó ú ñ ü), numbers (phone, whole numbers,
// PINs, pickup codes that are digits), email (letters, digits, @ . _ - and ".com"), and the
// desk's search (a row of digits for phones and confirmation codes instead of the accents,
// no shift: the roster search folds case and accents, so "perez" finds "Pérez").
// Pure data; the wx keyboard panel draws whatever rows it gets. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "data/forms/form_spec.h"

namespace stem::kiosk {

enum class KeyboardLayout { kNone, kLetters, kNumbers, kEmail, kCode, kDate, kSearch };

struct Key {
  enum class Action { kInsert, kBackspace, kShift, kSpace, kClear };
  std::string label;   // UTF-8, as shown
  std::string insert;  // UTF-8, what it types (kInsert)
  Action action = Action::kInsert;
  int width = 1;       // in key units
};

using KeyRows = std::vector<std::vector<Key>>;

// The layout for a question type; kNone for questions answered without typing.
KeyboardLayout LayoutFor(forms::QuestionType type);
// The rows of a layout; `shifted` gives capitals.
KeyRows Keys(KeyboardLayout layout, bool shifted);

}  // namespace stem::kiosk
