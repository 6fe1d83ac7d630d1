// Registration answers to roster entries: one per child, guardian shared, no medical details.
#include "kiosk/app/core/registration.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using nlohmann::json;

TEST(RegistrationTest, OneEntryPerChildWithTheSharedGuardian) {
  json answers = json::parse(R"({
    "children": [
      {"student_first_name": "Ana", "student_last_name": "Pérez", "student_dob": "2016-03-04",
       "grade": "4", "has_allergies": true, "medical_notes": {"sealed": "x"}},
      {"student_first_name": "Luis", "student_last_name": "Pérez", "has_allergies": false}
    ],
    "guardian_first_name": "María", "guardian_last_name": "Pérez",
    "guardian_phone": "5551234567"})");
  std::vector<NewRegistration> r = RegistrationsFromAnswers(answers, "ev1");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].event_id, "ev1");
  EXPECT_EQ(r[0].student.given_name, "Ana");
  EXPECT_EQ(r[0].student.birth_date, "2016-03-04");
  EXPECT_EQ(r[0].student.grade, "4");
  EXPECT_TRUE(r[0].student.allergy_flag);
  EXPECT_FALSE(r[1].student.allergy_flag);
  EXPECT_FALSE(r[1].student.birth_date.has_value());
  EXPECT_EQ(r[1].guardian.given_name, "María");
  EXPECT_EQ(r[1].guardian.phone, "5551234567");
  EXPECT_TRUE(r[0].answers.empty());
}

TEST(RegistrationTest, NothingForOtherForms) {
  EXPECT_TRUE(RegistrationsFromAnswers(json::parse(R"({"recommend": 9})"), "e").empty());
  EXPECT_TRUE(RegistrationsFromAnswers(json::array(), "e").empty());
  EXPECT_TRUE(RegistrationsFromAnswers(json::parse(R"({"children": 3})"), "e").empty());
}

}  // namespace
}  // namespace stem::kiosk
