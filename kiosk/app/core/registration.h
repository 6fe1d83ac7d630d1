// Turning the answers of a registration form into roster entries, so that a child registered
// at the kiosk can be found and checked in at the volunteer desk.
//
// Reads the bundled registration form's question ids (children[].student_first_name,
// student_last_name, student_dob, grade, school, has_allergies; guardian_first_name,
// guardian_last_name, guardian_phone, guardian_email). Only the allergy yes/no is copied:
// medical details stay in the sealed form answers. Pure; returns nothing for a form that has
// no children group.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/store/records.h"

namespace stem::kiosk {

std::vector<NewRegistration> RegistrationsFromAnswers(const nlohmann::json& answers,
                                                      const std::string& event_id);

}  // namespace stem::kiosk
