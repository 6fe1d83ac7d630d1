#include "data/forms/person_fields.h"

#include <algorithm>
#include <optional>
#include <set>

namespace stem::forms {
namespace {

using nlohmann::json;
using QT = QuestionType;

const std::vector<PersonFieldRule>& Rules() {
  static const std::vector<PersonFieldRule> kRules = {
      {"student.given_name", {QT::kText}},
      {"student.family_name", {QT::kText}},
      {"student.birth_date", {QT::kDate}},
      {"student.grade", {QT::kSingleChoice, QT::kText}},
      {"student.school", {QT::kText, QT::kSingleChoice}},
      {"student.phone", {QT::kPhone}},
      {"student.email", {QT::kEmail}},
      {"student.allergy_flag", {QT::kYesNo}},
      {"student.no_pickup_flag", {QT::kYesNo}},
      {"guardian.given_name", {QT::kText}},
      {"guardian.family_name", {QT::kText}},
      {"guardian.phone", {QT::kPhone}},
      {"guardian.email", {QT::kEmail}},
      {"pickup.name", {QT::kText}},
      {"pickup.relationship", {QT::kText, QT::kSingleChoice}},
      {"pickup.phone", {QT::kPhone}},
  };
  return kRules;
}

std::optional<std::string> TextOf(const json& answers, const std::string& id) {
  auto it = answers.find(id);
  if (it == answers.end() || !it->is_string() || it->get<std::string>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

// Sets the field `name` (without its "student."/"guardian." prefix) of `p` from the answer.
void Fill(std::string_view name, const json& answers, const std::string& id, Person* p) {
  if (name == "allergy_flag" || name == "no_pickup_flag") {
    auto it = answers.find(id);
    bool yes = it != answers.end() && it->is_boolean() && it->get<bool>();
    (name == "allergy_flag" ? p->allergy_flag : p->no_pickup_flag) = yes;
    return;
  }
  std::optional<std::string> v = TextOf(answers, id);
  if (name == "given_name") p->given_name = v.value_or("");
  if (name == "family_name") p->family_name = v.value_or("");
  if (name == "birth_date") p->birth_date = v;
  if (name == "grade") p->grade = v;
  if (name == "school") p->school = v;
  if (name == "phone") p->phone = v;
  if (name == "email") p->email = v;
}

bool HasFieldOf(const std::vector<Item>& items, std::string_view prefix) {
  for (const Item& item : items) {
    if (item.person_field.rfind(prefix, 0) == 0 || HasFieldOf(item.items, prefix)) return true;
  }
  return false;
}

bool HasStudentField(const std::vector<Item>& items) { return HasFieldOf(items, "student."); }

// The repeat group whose entries are the adults who may collect the children, if any.
const Item* PickupGroup(const std::vector<Item>& items) {
  for (const Item& item : items) {
    if (item.type == QT::kRepeat && HasFieldOf(item.items, "pickup.")) return &item;
    if (item.type == QT::kSection) {
      if (const Item* g = PickupGroup(item.items)) return g;
    }
  }
  return nullptr;
}

// One entry's adult (its name empty when the entry names nobody).
PickupAdult AdultFrom(const std::vector<Item>& items, const json& entry) {
  PickupAdult a;
  for (const Item& item : items) {
    if (item.type == QT::kSection) {
      PickupAdult inner = AdultFrom(item.items, entry);
      if (!inner.name.empty()) a.name = inner.name;
      if (!inner.relationship.empty()) a.relationship = inner.relationship;
      if (!inner.phone.empty()) a.phone = inner.phone;
      continue;
    }
    std::string v = TextOf(entry, item.id).value_or("");
    if (item.person_field == "pickup.name") a.name = v;
    if (item.person_field == "pickup.relationship") a.relationship = v;
    if (item.person_field == "pickup.phone") a.phone = v;
  }
  return a;
}

// Fills `student` and `guardian` from the questions of `items` (sections included, repeat
// groups not); returns the repeat group that holds the student fields, if any.
const Item* FillFrom(const std::vector<Item>& items, const json& answers, Person* student,
                     Person* guardian) {
  const Item* group = nullptr;
  for (const Item& item : items) {
    if (item.type == QT::kRepeat) {
      if (HasStudentField(item.items)) group = &item;
    } else if (item.type == QT::kSection) {
      if (const Item* g = FillFrom(item.items, answers, student, guardian)) group = g;
    } else if (item.person_field.rfind("student.", 0) == 0) {
      Fill(std::string_view(item.person_field).substr(8), answers, item.id, student);
    } else if (item.person_field.rfind("guardian.", 0) == 0) {
      Fill(std::string_view(item.person_field).substr(9), answers, item.id, guardian);
    }
  }
  return group;
}

}  // namespace

const PersonFieldRule* FindPersonFieldRule(std::string_view name) {
  for (const PersonFieldRule& r : Rules()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::string PersonFieldNames() {
  std::string out;
  for (const PersonFieldRule& r : Rules()) out += (out.empty() ? "" : ", ") + std::string(r.name);
  return out;
}

std::vector<SpecError> CheckPersonField(const std::string& name, const Item& item,
                                        const std::string& where) {
  const PersonFieldRule* rule = FindPersonFieldRule(name);
  if (rule == nullptr) return {{where, "person_field", "must be one of " + PersonFieldNames()}};
  if (std::find(rule->types.begin(), rule->types.end(), item.type) == rule->types.end()) {
    std::string types;
    for (QT t : rule->types) types += (types.empty() ? "" : " or ") + std::string(TypeName(t));
    return {{where, "person_field", name + " needs a " + types + " question"}};
  }
  if (item.sensitive) {
    return {{where, "person_field", "a sensitive answer is sealed and cannot fill the roster"}};
  }
  if ((name == "student.given_name" || name == "student.family_name" || name == "pickup.name") &&
      !item.required) {
    return {{where, "required", "a question that fills " + name + " must be required"}};
  }
  return {};
}

std::vector<SpecError> CheckPersonFieldsOfForm(const std::string& kind,
                                               const std::vector<PersonFieldUse>& uses) {
  if (uses.empty()) return {};
  if (kind != "registration") {
    return {{"form", "person_field", "only registration forms fill person fields"}};
  }
  std::vector<SpecError> errors;
  std::set<std::string> seen;
  std::optional<std::string> student_group;
  std::optional<std::string> pickup_group;
  for (const PersonFieldUse& f : uses) {
    if (f.name.rfind("pickup.", 0) == 0) {
      if (f.repeat.empty()) {
        errors.push_back({f.where, "person_field",
                          "the adults who may collect a child are asked in a repeat group (one "
                          "entry per adult)"});
      } else if (pickup_group && *pickup_group != f.repeat) {
        errors.push_back({f.where, "person_field",
                          "every pickup field must be in the same repeat group"});
      }
      if (!f.repeat.empty()) pickup_group = f.repeat;
    }
  }
  for (const PersonFieldUse& f : uses) {
    if (!seen.insert(f.name).second) {
      errors.push_back({f.where, "person_field", f.name + " is filled by another question too"});
    }
    if (f.name.rfind("pickup.", 0) == 0) continue;
    bool student = f.name.rfind("student.", 0) == 0;
    if (!student && !f.repeat.empty()) {
      errors.push_back({f.where, "person_field",
                        "guardian fields are asked once per form, not inside the repeat group " +
                            f.repeat});
    } else if (student && student_group && *student_group != f.repeat) {
      errors.push_back({f.where, "person_field",
                        "every student field must be in the same place (one repeat group, or "
                        "none)"});
    } else if (student) {
      student_group = f.repeat;
    }
  }
  if (pickup_group && student_group && *pickup_group == *student_group) {
    errors.push_back({"form", "person_field",
                      "the adults who may collect the children need a repeat group of their own"});
  }
  if (pickup_group && !seen.count("pickup.name")) {
    errors.push_back({"form", "person_field", "a pickup repeat group must fill pickup.name"});
  }
  for (const char* needed : {"student.given_name", "student.family_name"}) {
    if (!seen.count(needed)) {
      errors.push_back({"form", "person_field",
                        std::string("a form that fills person fields must fill ") + needed});
    }
  }
  return errors;
}

bool FillsPersonFields(const FormSpec& spec) { return HasStudentField(spec.items); }

std::vector<NewRegistration> RegistrationsFromAnswers(const FormSpec& spec, const json& answers,
                                                      const std::string& event_id) {
  std::vector<NewRegistration> out;
  if (!answers.is_object() || !FillsPersonFields(spec)) return out;
  Person base;
  Person guardian;
  const Item* group = FillFrom(spec.items, answers, &base, &guardian);
  std::vector<Person> students;
  if (group == nullptr) {
    students.push_back(base);
  } else if (auto entries = answers.find(group->id);
             entries != answers.end() && entries->is_array()) {
    for (const json& entry : *entries) {
      if (!entry.is_object()) continue;
      Person child = base;
      Person unused;
      FillFrom(group->items, entry, &child, &unused);
      students.push_back(std::move(child));
    }
  }
  // The same adults may collect every child of the family.
  std::vector<PickupAdult> adults;
  if (const Item* pickup = PickupGroup(spec.items)) {
    auto entries = answers.find(pickup->id);
    if (entries != answers.end() && entries->is_array()) {
      for (const json& entry : *entries) {
        if (!entry.is_object()) continue;
        PickupAdult a = AdultFrom(pickup->items, entry);
        if (!a.name.empty()) adults.push_back(std::move(a));
      }
    }
  }
  for (Person& student : students) {
    if (student.given_name.empty() || student.family_name.empty()) continue;
    student.pickup_adults = adults;
    // As a roster import does: a child without a phone of their own is reached (and found at
    // the desk) through the guardian's.
    if (!student.phone) student.phone = guardian.phone;
    NewRegistration r;
    r.event_id = event_id;
    r.student = std::move(student);
    r.guardian = guardian;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace stem::forms
