#include "kiosk/app/core/keyboard_layout.h"

namespace stem::kiosk {

using forms::QuestionType;

KeyboardLayout LayoutFor(QuestionType type) {
  switch (type) {
    case QuestionType::kText:
    case QuestionType::kLongText:
      return KeyboardLayout::kLetters;
    case QuestionType::kInteger:
    case QuestionType::kDecimal:
    case QuestionType::kPhone:
      return KeyboardLayout::kNumbers;
    case QuestionType::kEmail:
      return KeyboardLayout::kEmail;
    case QuestionType::kDate:
      return KeyboardLayout::kDate;
    default:
      return KeyboardLayout::kNone;
  }
}

namespace {

std::vector<Key> Row(const std::vector<std::string>& labels) {
  std::vector<Key> row;
  for (const std::string& l : labels) row.push_back(Key{l, l, Key::Action::kInsert, 1});
  return row;
}

Key Special(const std::string& label, Key::Action action, int width) {
  return Key{label, action == Key::Action::kSpace ? " " : "", action, width};
}

}  // namespace

KeyRows Keys(KeyboardLayout layout, bool shifted) {
  switch (layout) {
    case KeyboardLayout::kNone:
      return {};
    case KeyboardLayout::kNumbers:
    case KeyboardLayout::kDate: {
      std::string extra = layout == KeyboardLayout::kDate ? "/" : "-";
      KeyRows rows{Row({"1", "2", "3"}), Row({"4", "5", "6"}), Row({"7", "8", "9"})};
      rows.push_back({Key{extra, extra, Key::Action::kInsert, 1}, Key{"0", "0", Key::Action::kInsert, 1},
                      Special("⌫", Key::Action::kBackspace, 1)});
      return rows;
    }
    case KeyboardLayout::kCode: {
      // Pickup codes use 2-9 and consonants; a full upper-case board keeps it simple.
      KeyRows rows{Row({"2", "3", "4", "5", "6", "7", "8", "9"}),
                   Row({"B", "C", "D", "F", "G", "H", "J", "K"}),
                   Row({"M", "N", "P", "Q", "R", "S", "T", "V"}), Row({"W", "X", "Z"})};
      rows.back().push_back(Special("⌫", Key::Action::kBackspace, 2));
      return rows;
    }
    case KeyboardLayout::kLetters:
    case KeyboardLayout::kEmail:
    case KeyboardLayout::kSearch:
      break;
  }
  auto letters = [&](const std::vector<std::string>& lower) {
    std::vector<std::string> out;
    for (const std::string& l : lower) {
      std::string s = l;
      if (shifted) {
        static const std::vector<std::pair<std::string, std::string>> kAccents{
            {"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"}, {"ñ", "Ñ"}, {"ü", "Ü"}};
        bool mapped = false;
        for (const auto& [lo, up] : kAccents) {
          if (s == lo) {
            s = up;
            mapped = true;
          }
        }
        if (!mapped && s.size() == 1 && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
      }
      out.push_back(s);
    }
    return Row(out);
  };
  KeyRows rows;
  if (layout == KeyboardLayout::kEmail || layout == KeyboardLayout::kSearch) {
    rows.push_back(Row({"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}));
  } else {
    rows.push_back(letters({"á", "é", "í", "ó", "ú", "ñ", "ü"}));
  }
  rows.push_back(letters({"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"}));
  rows.push_back(letters({"a", "s", "d", "f", "g", "h", "j", "k", "l"}));
  std::vector<Key> z = letters({"z", "x", "c", "v", "b", "n", "m"});
  if (layout == KeyboardLayout::kLetters) {
    z.insert(z.begin(), Special("⇧", Key::Action::kShift, 1));
    z.push_back(Key{"-", "-", Key::Action::kInsert, 1});
    z.push_back(Key{"'", "'", Key::Action::kInsert, 1});
  } else if (layout == KeyboardLayout::kSearch) {
    z.push_back(Key{"-", "-", Key::Action::kInsert, 1});
    z.push_back(Key{"'", "'", Key::Action::kInsert, 1});
  } else {
    z.push_back(Key{".", ".", Key::Action::kInsert, 1});
    z.push_back(Key{"_", "_", Key::Action::kInsert, 1});
  }
  z.push_back(Special("⌫", Key::Action::kBackspace, 2));
  rows.push_back(std::move(z));
  if (layout == KeyboardLayout::kEmail) {
    rows.push_back({Key{"@", "@", Key::Action::kInsert, 2}, Key{"-", "-", Key::Action::kInsert, 1},
                    Key{".com", ".com", Key::Action::kInsert, 3}});
  } else {
    rows.push_back({Special(" ", Key::Action::kSpace, 8)});
  }
  return rows;
}

}  // namespace stem::kiosk
