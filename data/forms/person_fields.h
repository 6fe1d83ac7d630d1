// Person fields: how a registration form's answers put people on the roster.
//
// A question of a registration form may name the person field its answer fills
// (`"person_field": "student.given_name"`, data/forms/FORMAT.md). The loader checks the names,
// the question types and the form-wide rules (form_spec.cpp); RegistrationsFromAnswers turns
// one response's answers into one roster entry per child, the same way in the app, kioskctl
// and the hub, whatever the form's question ids are.
// Pure functions of their arguments; thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/forms/form_spec.h"
#include "data/store/records.h"

namespace stem::forms {

struct PersonFieldRule {
  std::string_view name;              // "student.given_name"
  std::vector<QuestionType> types;    // the question types whose answers fit it
};

// The rule of a known field name, or null.
const PersonFieldRule* FindPersonFieldRule(std::string_view name);
// Every known field name, comma separated, for error messages.
std::string PersonFieldNames();

// The loader's rules (form_spec.cpp calls these while it reads a spec).
// One question's person_field: a known field name, on a question whose answers fit it, never
// a sealed one, and the names asked as required. A problem whose `field` is "person_field"
// means the question fills no field.
std::vector<SpecError> CheckPersonField(const std::string& name, const Item& item,
                                        const std::string& where);
// Where each person field was met, for the rules across the whole form.
struct PersonFieldUse {
  std::string name;
  std::string where;   // the question
  std::string repeat;  // the enclosing repeat group's id, or ""
};
// Only registration forms fill fields; each field once; student fields in one place (one
// repeat group, or none); guardian fields outside repeats; both names filled.
std::vector<SpecError> CheckPersonFieldsOfForm(const std::string& kind,
                                               const std::vector<PersonFieldUse>& uses);

// True when the form fills person fields (so a saved response registers its children).
bool FillsPersonFields(const FormSpec& spec);

// One registration per child the answers describe: per entry of the repeat group holding the
// student fields (or one child when they are outside any repeat), each with the guardian's
// fields. Answers are as the form engine keeps them (before sealing). A child without a phone
// of their own gets the guardian's, as a roster import does. A child whose given or family
// name is empty is left out; a form without person fields gives none.
std::vector<NewRegistration> RegistrationsFromAnswers(const FormSpec& spec,
                                                      const nlohmann::json& answers,
                                                      const std::string& event_id);

}  // namespace stem::forms
