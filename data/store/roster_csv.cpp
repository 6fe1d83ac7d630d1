#include "data/store/roster_csv.h"

#include <map>
#include <set>

#include "data/csv.h"
#include "data/text.h"
#include "data/validate.h"

namespace stem {
namespace {

enum class Column {
  kGiven, kFamily, kBirthDate, kGrade, kSchool, kGuardianGiven, kGuardianFamily,
  kGuardianName, kPhone, kEmail, kCode, kAllergies
};

const std::map<std::string, Column>& Aliases() {
  static const std::map<std::string, Column> kAliases = {
      {"first_name", Column::kGiven}, {"first", Column::kGiven},
      {"given_name", Column::kGiven}, {"student_first_name", Column::kGiven},
      {"nombre", Column::kGiven},
      {"last_name", Column::kFamily}, {"last", Column::kFamily},
      {"family_name", Column::kFamily}, {"surname", Column::kFamily},
      {"student_last_name", Column::kFamily}, {"apellido", Column::kFamily},
      {"apellidos", Column::kFamily},
      {"birth_date", Column::kBirthDate}, {"date_of_birth", Column::kBirthDate},
      {"dob", Column::kBirthDate}, {"birthdate", Column::kBirthDate},
      {"fecha_de_nacimiento", Column::kBirthDate},
      {"grade", Column::kGrade}, {"grado", Column::kGrade},
      {"school", Column::kSchool}, {"escuela", Column::kSchool},
      {"guardian_first_name", Column::kGuardianGiven}, {"parent_first_name", Column::kGuardianGiven},
      {"guardian_last_name", Column::kGuardianFamily}, {"parent_last_name", Column::kGuardianFamily},
      {"guardian_name", Column::kGuardianName}, {"guardian", Column::kGuardianName},
      {"parent_name", Column::kGuardianName}, {"parent", Column::kGuardianName},
      {"tutor", Column::kGuardianName},
      {"phone", Column::kPhone}, {"guardian_phone", Column::kPhone},
      {"parent_phone", Column::kPhone}, {"telefono", Column::kPhone},
      {"tel\xc3\xa9" "fono", Column::kPhone}, {"mobile", Column::kPhone}, {"cell", Column::kPhone},
      {"email", Column::kEmail}, {"e_mail", Column::kEmail}, {"guardian_email", Column::kEmail},
      {"parent_email", Column::kEmail}, {"correo", Column::kEmail},
      {"confirmation_code", Column::kCode}, {"confirmation", Column::kCode},
      {"code", Column::kCode}, {"registration_code", Column::kCode},
      {"allergies", Column::kAllergies}, {"allergy", Column::kAllergies},
      {"has_allergies", Column::kAllergies}, {"alergias", Column::kAllergies},
  };
  return kAliases;
}

std::string NormalizeHeader(const std::string& raw) {
  std::string s = AsciiLower(Trim(raw));
  for (char& c : s) {
    if (c == ' ' || c == '-' || c == '.' || c == '/') c = '_';
  }
  return s;
}

// "no", "none", "n", "false", "0", "ninguna" and empty mean no allergy; anything else flags one.
// Only the flag is kept: allergy details are sensitive and belong in sealed answers.
bool AllergyFlag(const std::string& value) {
  static const std::set<std::string> kNo = {"", "no", "none", "n", "false", "0", "ninguna",
                                            "ninguno", "n/a", "na", "-"};
  return kNo.count(AsciiLower(Trim(value))) == 0;
}

std::optional<std::string> Optional(const std::string& value) {
  std::string t = Trim(value);
  return t.empty() ? std::nullopt : std::optional<std::string>(t);
}

}  // namespace

std::string KnownRosterColumns() {
  return "first_name, last_name, birth_date, grade, school, guardian_first_name, "
         "guardian_last_name, guardian_name, phone, email, confirmation_code, allergies";
}

Result<std::vector<RosterRow>> ParseRosterCsv(const std::string& text, const std::string& today) {
  STEM_ASSIGN_OR_RETURN(std::vector<csv::Row> rows, csv::Parse(text));
  if (rows.empty()) return Status::InvalidArgument("roster_empty", "the roster file is empty");

  std::map<Column, size_t> index;
  const csv::Row& header = rows[0];
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = NormalizeHeader(header.fields[i]);
    auto it = Aliases().find(name);
    if (it == Aliases().end()) {
      return Status::InvalidArgument(
          "roster_unknown_column", "line " + std::to_string(header.line) + ": column \"" +
                                       Trim(header.fields[i]) + "\" is not one I know; use " +
                                       KnownRosterColumns());
    }
    if (!index.emplace(it->second, i).second) {
      return Status::InvalidArgument("roster_duplicate_column",
                                     "line " + std::to_string(header.line) + ": column \"" +
                                         Trim(header.fields[i]) + "\" appears twice");
    }
  }
  if (!index.count(Column::kGiven) || !index.count(Column::kFamily)) {
    // The header is the first non-blank row, not always line 1.
    return Status::InvalidArgument("roster_missing_column",
                                   "line " + std::to_string(header.line) +
                                       ": the header needs at least first_name and last_name");
  }
  if (rows.size() - 1 > 200000) {
    return Status::InvalidArgument("roster_too_large", "the roster has more than 200,000 rows");
  }

  std::vector<RosterRow> out;
  std::map<std::string, int> code_lines;
  Status first_error;
  int error_count = 0;
  auto fail = [&](int line, const Status& s) {
    if (error_count++ == 0) {
      first_error = Status::InvalidArgument(s.reason(), "line " + std::to_string(line) + ": " +
                                                            s.detail());
    }
  };

  for (size_t r = 1; r < rows.size(); ++r) {
    const csv::Row& row = rows[r];
    if (row.fields.size() != header.fields.size()) {
      fail(row.line, Status::InvalidArgument(
                         "roster_field_count", "has " + std::to_string(row.fields.size()) +
                                                   " fields but the header has " +
                                                   std::to_string(header.fields.size())));
      continue;
    }
    auto get = [&](Column c) -> std::string {
      auto it = index.find(c);
      return it == index.end() ? std::string() : row.fields[it->second];
    };
    RosterRow rr;
    rr.line = row.line;
    Person& s = rr.student;
    s.role = "student";
    s.source = "import";
    s.given_name = Trim(get(Column::kGiven));
    s.family_name = Trim(get(Column::kFamily));
    s.birth_date = Optional(get(Column::kBirthDate));
    s.grade = Optional(get(Column::kGrade));
    s.school = Optional(get(Column::kSchool));
    s.phone = Optional(get(Column::kPhone));
    s.email = Optional(get(Column::kEmail));
    s.confirmation_code = Optional(get(Column::kCode));
    if (s.confirmation_code) {
      // ASCII only: std::toupper on a negative char (any UTF-8 byte) is undefined behaviour,
      // and it follows the process locale, which the kiosk app sets.
      for (char& c : *s.confirmation_code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
    }
    s.allergy_flag = AllergyFlag(get(Column::kAllergies));

    Person& g = rr.guardian;
    g.role = "guardian";
    g.source = "import";
    std::string guardian_full = Trim(get(Column::kGuardianName));
    g.given_name = guardian_full.empty() ? Trim(get(Column::kGuardianGiven)) : guardian_full;
    g.family_name = guardian_full.empty() ? Trim(get(Column::kGuardianFamily)) : "";
    if (g.given_name.empty() && !g.family_name.empty()) std::swap(g.given_name, g.family_name);
    g.phone = s.phone;
    g.email = s.email;

    Status st = validate::PersonFields(s, today);
    if (st.ok() && !g.given_name.empty()) {
      st = validate::Text("guardian_name", g.given_name, 200, true);
      if (st.ok()) st = validate::Text("guardian_last_name", g.family_name, 200, false);
    }
    if (!st.ok()) {
      fail(row.line, st);
      continue;
    }
    if (s.confirmation_code) {
      auto [it, inserted] = code_lines.emplace(*s.confirmation_code, row.line);
      if (!inserted) {
        fail(row.line, Status::InvalidArgument(
                           "roster_duplicate_code",
                           "confirmation code " + *s.confirmation_code +
                               " is also on line " + std::to_string(it->second)));
        continue;
      }
    }
    out.push_back(std::move(rr));
  }
  if (error_count > 0) {
    if (error_count == 1) return first_error;
    return Status::InvalidArgument(first_error.reason(),
                                   first_error.detail() + " (and " +
                                       std::to_string(error_count - 1) + " more problems)");
  }
  if (out.empty()) return Status::InvalidArgument("roster_empty", "the roster has no students");
  return out;
}

}  // namespace stem
