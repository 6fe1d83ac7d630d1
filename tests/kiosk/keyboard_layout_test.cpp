// Keyboard layouts: the right board for each question type, with the keys families need.
#include "kiosk/app/core/keyboard_layout.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using forms::QuestionType;

bool Has(const KeyRows& rows, const std::string& insert) {
  for (const auto& row : rows) {
    for (const Key& k : row) {
      if (k.insert == insert) return true;
    }
  }
  return false;
}

TEST(KeyboardLayoutTest, LayoutForType) {
  const std::vector<std::pair<QuestionType, KeyboardLayout>> cases = {
      {QuestionType::kText, KeyboardLayout::kLetters},
      {QuestionType::kLongText, KeyboardLayout::kLetters},
      {QuestionType::kPhone, KeyboardLayout::kNumbers},
      {QuestionType::kInteger, KeyboardLayout::kNumbers},
      {QuestionType::kEmail, KeyboardLayout::kEmail},
      {QuestionType::kYesNo, KeyboardLayout::kNone},
      {QuestionType::kSignature, KeyboardLayout::kNone},
  };
  for (const auto& [type, layout] : cases) {
    EXPECT_EQ(LayoutFor(type), layout) << forms::TypeName(type);
  }
}

TEST(KeyboardLayoutTest, KeysOfEachLayout) {
  struct Case {
    KeyboardLayout layout;
    bool shifted;
    std::vector<std::string> has;
    std::vector<std::string> lacks;
  };
  const std::vector<Case> cases = {
      {KeyboardLayout::kLetters, false, {"á", "é", "í", "ó", "ú", "ñ", "ü", "a", " "}, {"A", "@"}},
      {KeyboardLayout::kLetters, true, {"Á", "Ñ", "Ü", "A"}, {"a", "ñ"}},
      {KeyboardLayout::kNumbers, false, {"0", "5", "9"}, {"a", "@"}},
      {KeyboardLayout::kEmail, false, {"@", ".com", ".", "0", "a"}, {"ñ", " "}},
      {KeyboardLayout::kCode, false, {"2", "B", "Z"}, {"0", "O", "A"}},
      // The desk's search: digits for phones and codes, no accents and no shift (it folds them).
      {KeyboardLayout::kSearch, false, {"0", "5", "9", "a", "z", "-", " "}, {"á", "ñ", "⇧", "A", "@"}},
  };
  for (const Case& c : cases) {
    KeyRows rows = Keys(c.layout, c.shifted);
    for (const std::string& k : c.has) EXPECT_TRUE(Has(rows, k)) << k;
    for (const std::string& k : c.lacks) EXPECT_FALSE(Has(rows, k)) << k;
  }
  EXPECT_TRUE(Keys(KeyboardLayout::kNone, false).empty());
}

}  // namespace
}  // namespace stem::kiosk
