#include "kiosk/app/core/registration.h"

namespace stem::kiosk {

using nlohmann::json;

namespace {

std::optional<std::string> Opt(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::vector<NewRegistration> RegistrationsFromAnswers(const json& answers,
                                                      const std::string& event_id) {
  std::vector<NewRegistration> out;
  if (!answers.is_object()) return out;
  auto children = answers.find("children");
  if (children == answers.end() || !children->is_array()) return out;
  Person guardian;
  guardian.given_name = Opt(answers, "guardian_first_name").value_or("");
  guardian.family_name = Opt(answers, "guardian_last_name").value_or("");
  guardian.phone = Opt(answers, "guardian_phone");
  guardian.email = Opt(answers, "guardian_email");
  for (const json& child : *children) {
    if (!child.is_object()) continue;
    NewRegistration r;
    r.event_id = event_id;
    r.student.given_name = Opt(child, "student_first_name").value_or("");
    r.student.family_name = Opt(child, "student_last_name").value_or("");
    r.student.birth_date = Opt(child, "student_dob");
    r.student.grade = Opt(child, "grade");
    r.student.school = Opt(child, "school");
    auto allergy = child.find("has_allergies");
    r.student.allergy_flag = allergy != child.end() && allergy->is_boolean() && allergy->get<bool>();
    r.guardian = guardian;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace stem::kiosk
