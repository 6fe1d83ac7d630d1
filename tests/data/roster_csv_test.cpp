// Tests for data/roster_csv: roster files into validated rows.
#include "data/store/roster_csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace stem {
namespace {

const char kToday[] = "2026-11-22";

Result<std::vector<RosterRow>> Parse(const std::string& text) {
  return ParseRosterCsv(text, kToday);
}

std::string Detail(const Result<std::vector<RosterRow>>& r) {
  return r.ok() ? "ok" : r.status().detail();
}

TEST(LogicRosterCsv, ParsesAFullRow) {
  auto rows = Parse(
      "First name,Last name,Date of birth,Grade,School,Guardian first name,Guardian last name,"
      "Phone,Email,Confirmation code,Allergies\r\n"
      " Jos\xC3\xA9 , Garc\xC3\xAD" "a ,2014-03-12,6,Lincoln Middle School,Mar\xC3\xAD" "a,"
      "Garc\xC3\xAD" "a,(555) 201-4410,maria.garcia@example.org, rg7k2 ,peanuts\r\n");
  ASSERT_TRUE(rows.ok()) << Detail(rows);
  ASSERT_EQ(1u, rows->size());
  const RosterRow& r = (*rows)[0];
  EXPECT_EQ(2, r.line);
  const Person& s = r.student;
  EXPECT_EQ("student", s.role);
  EXPECT_EQ("import", s.source);
  EXPECT_EQ("Jos\xC3\xA9", s.given_name);
  EXPECT_EQ("Garc\xC3\xAD" "a", s.family_name);
  EXPECT_EQ(std::optional<std::string>("2014-03-12"), s.birth_date);
  EXPECT_EQ(std::optional<std::string>("6"), s.grade);
  EXPECT_EQ(std::optional<std::string>("Lincoln Middle School"), s.school);
  EXPECT_EQ(std::optional<std::string>("(555) 201-4410"), s.phone);
  EXPECT_EQ(std::optional<std::string>("maria.garcia@example.org"), s.email);
  EXPECT_EQ(std::optional<std::string>("RG7K2"), s.confirmation_code);
  EXPECT_TRUE(s.allergy_flag);
  EXPECT_TRUE(s.id.empty());
  EXPECT_FALSE(s.guardian_id.has_value());
  const Person& g = r.guardian;
  EXPECT_EQ("guardian", g.role);
  EXPECT_EQ("import", g.source);
  EXPECT_EQ("Mar\xC3\xAD" "a", g.given_name);
  EXPECT_EQ("Garc\xC3\xAD" "a", g.family_name);
  EXPECT_EQ(s.phone, g.phone);
  EXPECT_EQ(s.email, g.email);
  EXPECT_FALSE(g.allergy_flag);
  EXPECT_FALSE(g.confirmation_code.has_value());
}

TEST(LogicRosterCsv, EmptyOptionalColumnsAreAbsent) {
  auto rows = Parse("first_name,last_name,dob,grade,school,phone,email,code\nAna,,, , ,,,\n");
  ASSERT_TRUE(rows.ok()) << Detail(rows);
  const Person& s = (*rows)[0].student;
  EXPECT_EQ("Ana", s.given_name);
  EXPECT_EQ("", s.family_name);
  EXPECT_FALSE(s.birth_date);
  EXPECT_FALSE(s.grade);
  EXPECT_FALSE(s.school);
  EXPECT_FALSE(s.phone);
  EXPECT_FALSE(s.email);
  EXPECT_FALSE(s.confirmation_code);
  EXPECT_FALSE(s.allergy_flag);
  EXPECT_EQ("", (*rows)[0].guardian.given_name);
}

// Each header spelling, with the value it must deliver.
struct AliasCase {
  const char* header;
  const char* value;
  std::string (*read)(const RosterRow&);
};

std::string Given(const RosterRow& r) { return r.student.given_name; }
std::string Family(const RosterRow& r) { return r.student.family_name; }
std::string Birth(const RosterRow& r) { return r.student.birth_date.value_or("<none>"); }
std::string Grade(const RosterRow& r) { return r.student.grade.value_or("<none>"); }
std::string School(const RosterRow& r) { return r.student.school.value_or("<none>"); }
std::string Phone(const RosterRow& r) { return r.student.phone.value_or("<none>"); }
std::string Email(const RosterRow& r) { return r.student.email.value_or("<none>"); }
std::string Code(const RosterRow& r) { return r.student.confirmation_code.value_or("<none>"); }
std::string Allergy(const RosterRow& r) { return r.student.allergy_flag ? "flag" : "no flag"; }
std::string GuardianGiven(const RosterRow& r) { return r.guardian.given_name; }

TEST(LogicRosterCsv, HeaderAliases) {
  const std::vector<AliasCase> cases = {
      {"First name", "Ana", Given},
      {"FIRST_NAME", "Ana", Given},
      {"  first Name  ", "Ana", Given},
      {"first-name", "Ana", Given},
      {"First", "Ana", Given},
      {"Given name", "Ana", Given},
      {"Student First Name", "Ana", Given},
      {"Nombre", "Ana", Given},
      {"Last name", "Ruiz", Family},
      {"LAST", "Ruiz", Family},
      {"Surname", "Ruiz", Family},
      {"Family.Name", "Ruiz", Family},
      {"Student last name", "Ruiz", Family},
      {"Apellido", "Ruiz", Family},
      {"apellidos", "Ruiz", Family},
      {"Date of birth", "2014-03-12", Birth},
      {"DOB", "2014-03-12", Birth},
      {"Birthdate", "2014-03-12", Birth},
      {"birth date", "2014-03-12", Birth},
      {"Fecha de nacimiento", "2014-03-12", Birth},
      {"Grade", "5", Grade},
      {"Grado", "5", Grade},
      {"School", "Lincoln", School},
      {"Escuela", "Lincoln", School},
      {"Phone", "555-318-2290", Phone},
      {"Parent Phone", "555-318-2290", Phone},
      {"guardian phone", "555-318-2290", Phone},
      {"Mobile", "555-318-2290", Phone},
      {"Cell", "555-318-2290", Phone},
      {"Telefono", "555-318-2290", Phone},
      {"Tel\xC3\xA9" "fono", "555-318-2290", Phone},
      {"Email", "a@b.org", Email},
      {"E-mail", "a@b.org", Email},
      {"Guardian Email", "a@b.org", Email},
      {"parent_email", "a@b.org", Email},
      {"Correo", "a@b.org", Email},
      {"Confirmation Code", "ab12", Code},
      {"Confirmation", "ab12", Code},
      {"Code", "ab12", Code},
      {"Registration code", "ab12", Code},
      {"Allergies", "yes", Allergy},
      {"Allergy", "yes", Allergy},
      {"Has allergies", "yes", Allergy},
      {"Alergias", "s\xC3\xAD", Allergy},
      {"Guardian first name", "Chidi", GuardianGiven},
      {"Parent First Name", "Chidi", GuardianGiven},
      {"Guardian name", "Chidi Okafor", GuardianGiven},
      {"Guardian", "Chidi Okafor", GuardianGiven},
      {"Parent name", "Chidi Okafor", GuardianGiven},
      {"Parent", "Chidi Okafor", GuardianGiven},
      {"Tutor", "Chidi Okafor", GuardianGiven},
      // A guardian last name alone becomes the guardian's only name.
      {"Guardian last name", "Okafor", GuardianGiven},
      {"Parent Last Name", "Okafor", GuardianGiven},
  };
  const std::vector<std::pair<const char*, const char*>> expected_overrides = {
      {"ab12", "AB12"}, {"yes", "flag"}, {"s\xC3\xAD", "flag"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    // Names are required; when the case itself is a name column, fill the other one.
    std::string header, line;
    bool is_given = c.read == Given, is_family = c.read == Family;
    header = std::string("\"") + c.header + "\"";
    line = c.value;
    if (!is_given) {
      header += ",first_name";
      line += ",Ana";
    }
    if (!is_family) {
      header += ",last_name";
      line += ",Ruiz";
    }
    auto rows = Parse(header + "\n" + line + "\n");
    ASSERT_TRUE(rows.ok()) << Detail(rows);
    ASSERT_EQ(1u, rows->size());
    std::string want = c.value;
    for (const auto& [from, to] : expected_overrides) {
      if (want == from) want = to;
    }
    EXPECT_EQ(want, c.read((*rows)[0]));
  }
}

TEST(LogicRosterCsv, EveryKnownColumnIsAccepted) {
  std::string header = KnownRosterColumns();
  // "a, b, c" -> "a,b,c"
  std::string compact;
  for (char c : header) {
    if (c != ' ') compact += c;
  }
  auto rows = Parse(compact +
                    "\nAna,Ruiz,2014-03-12,5,Lincoln,Chidi,Okafor,,555-318-2290,a@b.org,X1Y2,no\n");
  ASSERT_TRUE(rows.ok()) << Detail(rows);
  EXPECT_EQ(12, std::count(compact.begin(), compact.end(), ',') + 1);
  const RosterRow& r = (*rows)[0];
  EXPECT_EQ("Chidi", r.guardian.given_name);
  EXPECT_EQ("Okafor", r.guardian.family_name);
  EXPECT_EQ(std::optional<std::string>("X1Y2"), r.student.confirmation_code);
}

struct ErrorCase {
  const char* name;
  std::string text;
  const char* reason;
  std::string detail;  // exact
};

TEST(LogicRosterCsv, HeaderAndFileErrors) {
  const std::vector<ErrorCase> cases = {
      {"empty file", "", "roster_empty", "the roster file is empty"},
      {"only blank lines", "\r\n\r\n", "roster_empty", "the roster file is empty"},
      {"header only", "first_name,last_name\n", "roster_empty", "the roster has no students"},
      {"unknown column", "first_name,last_name, Shoe size \nAna,Ruiz,38\n",
       "roster_unknown_column", ""},
      {"empty column name", "first_name,last_name,\nAna,Ruiz,\n", "roster_unknown_column", ""},
      {"duplicate column", "first_name,Nombre,last_name\nAna,Ana,Ruiz\n",
       "roster_duplicate_column", "line 1: column \"Nombre\" appears twice"},
      {"duplicate via spelling", "First Name,last_name,first-name\nAna,Ruiz,Ana\n",
       "roster_duplicate_column", "line 1: column \"first-name\" appears twice"},
      {"missing first name", "last_name,grade\nRuiz,5\n", "roster_missing_column",
       "line 1: the header needs at least first_name and last_name"},
      {"missing last name", "nombre,grado\nAna,5\n", "roster_missing_column",
       "line 1: the header needs at least first_name and last_name"},
      {"missing column, header after blank lines", "\n\ngrade,first_name\n5,Ana\n",
       "roster_missing_column", "line 3: the header needs at least first_name and last_name"},
      {"unknown column, header after blank lines", "\n\nfirst_name,last_name,x\n",
       "roster_unknown_column", ""},
      {"csv error passes through", "first_name,last_name\nAna,\"Ruiz\n", "csv_quote",
       "line 2: a quoted field is never closed"},
      {"not utf-8", "first_name,last_name\nJos\xE9,Ruiz\n", "csv_encoding", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto rows = Parse(c.text);
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(c.reason, rows.status().reason());
    if (!c.detail.empty()) {
      EXPECT_EQ(c.detail, rows.status().detail());
    }
  }
  auto unknown = Parse("first_name,last_name, Shoe size \nAna,Ruiz,38\n");
  EXPECT_EQ(0u, Detail(unknown).rfind("line 1: column \"Shoe size\" is not one I know; use "
                                      "first_name, last_name,", 0))
      << Detail(unknown);
  auto late = Parse("\n\nfirst_name,last_name,x\n");
  EXPECT_EQ(0u, Detail(late).rfind("line 3: column \"x\"", 0)) << Detail(late);
}

TEST(LogicRosterCsv, RowErrorsNameTheRightLine) {
  // Row 2 has a two-line allergies cell (lines 2-3), so the rows after it start on lines 4, 5...
  const std::string header = "first_name,last_name,dob,phone,email,code,allergies\n";
  const std::string multi = "Ana,Ruiz,2014-03-12,555-318-2290,a@b.org,AA1,\"peanuts\ntree nuts\"\n";
  const std::vector<ErrorCase> cases = {
      {"bad date", header + multi + "Ben,Lee,2014-02-30,,,,\n", "invalid_birth_date",
       "line 4: birth_date: must be a real date written YYYY-MM-DD"},
      {"future date", header + multi + "Ben,Lee,2027-01-01,,,,\n", "invalid_birth_date",
       "line 4: birth_date: is in the future"},
      {"bad phone", header + multi + "\nBen,Lee,,12345,,,\n", "invalid_phone",
       "line 5: phone: must have between 7 and 15 digits"},
      {"phone letters", header + multi + "Ben,Lee,,555-CALL,,,\n", "invalid_phone",
       "line 4: phone: may contain only digits, spaces and + - ( ) ."},
      {"bad email", header + multi + "Ben,Lee,,,ben@,,\n", "invalid_email",
       "line 4: email: is not an email address (name@example.org)"},
      {"wrong field count", header + multi + "Ben,Lee\n", "roster_field_count",
       "line 4: has 2 fields but the header has 7"},
      {"too many fields", header + multi + "Ben,Lee,,,,,,extra\n", "roster_field_count",
       "line 4: has 8 fields but the header has 7"},
      {"missing given name", header + multi + "  ,Lee,,,,,\n", "invalid_given_name",
       "line 4: given_name: is required"},
      {"newline in a name", header + multi + "\"Ben\nny\",Lee,,,,,\n", "invalid_given_name",
       "line 4: given_name: contains control characters"},
      {"bad code", header + multi + "Ben,Lee,,,,b_1,\n", "invalid_confirmation_code",
       "line 4: confirmation_code: may contain only letters, digits and '-'"},
      {"non-ascii code", header + multi + "Ben,Lee,,,,\xC3\xB1" "1x,\n", "invalid_confirmation_code",
       "line 4: confirmation_code: may contain only letters, digits and '-'"},
      {"duplicate code", header + multi + "Ben,Lee,,,,BB2,\nCy,Lee,,,,aa1,\n",
       "roster_duplicate_code", "line 5: confirmation code AA1 is also on line 2"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto rows = Parse(c.text);
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(c.reason, rows.status().reason());
    EXPECT_EQ(c.detail, rows.status().detail());
  }
}

TEST(LogicRosterCsv, GuardianNameErrors) {
  auto rows = Parse("first_name,last_name,guardian_name\nAna,Ruiz,\"Mar\x01" "a\"\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ("invalid_guardian_name", rows.status().reason());
  EXPECT_EQ("line 2: guardian_name: contains control characters", rows.status().detail());

  rows = Parse("first_name,last_name,guardian_first_name,guardian_last_name\nAna,Ruiz,Mar\xC3\xAD" "a," +
               std::string(201, 'x') + "\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ("line 2: guardian_last_name: is longer than 200 characters", rows.status().detail());
}

TEST(LogicRosterCsv, CountsFurtherProblems) {
  const std::string header = "first_name,last_name,phone\n";
  auto one = Parse(header + "Ana,Ruiz,1\nBen,Lee,555-318-2290\n");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ("line 2: phone: must have between 7 and 15 digits", one.status().detail());

  auto three = Parse(header + "Ana,Ruiz,1\nBen,Lee,555-318-2290\nCy\n,Lee,x\n");
  ASSERT_FALSE(three.ok());
  EXPECT_EQ("invalid_phone", three.status().reason());  // the first problem's reason
  EXPECT_EQ("line 2: phone: must have between 7 and 15 digits (and 2 more problems)",
            three.status().detail());

  auto two = Parse(header + "Ana,Ruiz\nBen,Lee,555-318-2290\nCy,Lee,x\n");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ("roster_field_count", two.status().reason());
  EXPECT_EQ(0u, two.status().detail().rfind("line 2: has 2 fields but the header has 3 (and 1 more",
                                            0))
      << two.status().detail();

  // Many bad rows: one message, with the count.
  std::string many = header;
  for (int i = 0; i < 500; ++i) many += "Ana,Ruiz,0\n";
  auto lots = Parse(many);
  ASSERT_FALSE(lots.ok());
  EXPECT_EQ("line 2: phone: must have between 7 and 15 digits (and 499 more problems)",
            lots.status().detail());
}

TEST(LogicRosterCsv, DuplicateCodesAreCaseInsensitiveAndNameBothLines) {
  auto rows = Parse("first_name,last_name,code\nAna,Ruiz,rg7k2\nBen,Lee,X1Y\n\nCy,Lee, RG7K2 \n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ("roster_duplicate_code", rows.status().reason());
  EXPECT_EQ("line 5: confirmation code RG7K2 is also on line 2", rows.status().detail());

  // No code at all is not a duplicate.
  auto blanks = Parse("first_name,last_name,code\nAna,Ruiz,\nBen,Lee,\n");
  ASSERT_TRUE(blanks.ok()) << Detail(blanks);
  EXPECT_EQ(2u, blanks->size());
}

TEST(LogicRosterCsv, AllergyOnlyAFlagIsKept) {
  struct Case {
    std::string cell;
    bool flag;
  };
  const std::vector<Case> cases = {
      {"", false},        {"no", false},      {"No", false},      {" NONE ", false},
      {"n", false},       {"false", false},   {"0", false},       {"ninguna", false},
      {"Ninguno", false}, {"n/a", false},     {"NA", false},      {"-", false},
      {"peanuts", true},  {"yes", true},      {"Y", true},        {"1", true},
      {"s\xC3\xAD", true}, {"bee stings (EpiPen in bag)", true},
      {"\"peanuts\ntree nuts\"", true},        {"\"none, thanks\"", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.cell);
    auto rows = Parse("first_name,last_name,allergies\nAna,Ruiz," + c.cell + "\n");
    ASSERT_TRUE(rows.ok()) << Detail(rows);
    const RosterRow& r = (*rows)[0];
    EXPECT_EQ(c.flag, r.student.allergy_flag);
    // The detail itself goes nowhere.
    for (const Person* p : {&r.student, &r.guardian}) {
      for (const std::string& field :
           {p->given_name, p->family_name, p->birth_date.value_or(""), p->grade.value_or(""),
            p->school.value_or(""), p->phone.value_or(""), p->email.value_or(""),
            p->confirmation_code.value_or("")}) {
        EXPECT_EQ(std::string::npos, field.find("peanut")) << field;
        EXPECT_EQ(std::string::npos, field.find("EpiPen")) << field;
      }
    }
  }
}

TEST(LogicRosterCsv, GuardianNames) {
  struct Case {
    const char* name;
    std::string header, cells;
    std::string given, family;
  };
  const std::vector<Case> cases = {
      {"first and last", "guardian_first_name,guardian_last_name", "Chidi,Okafor", "Chidi",
       "Okafor"},
      {"full name column", "guardian_name", " Chidi Okafor ", "Chidi Okafor", ""},
      {"full name wins", "guardian_name,guardian_first_name,guardian_last_name",
       "Chidi Okafor,C,O", "Chidi Okafor", ""},
      {"empty full name falls back", "guardian_name,guardian_first_name,guardian_last_name",
       ",Chidi,Okafor", "Chidi", "Okafor"},
      {"only a last name", "guardian_first_name,guardian_last_name", ",Okafor", "Okafor", ""},
      {"only a first name", "guardian_first_name,guardian_last_name", "Chidi,", "Chidi", ""},
      {"none", "guardian_first_name,guardian_last_name", ",", "", ""},
      {"no guardian columns", "grade", "5", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto rows = Parse("first_name,last_name," + c.header + "\nAna,Ruiz," + c.cells + "\n");
    ASSERT_TRUE(rows.ok()) << Detail(rows);
    const Person& g = (*rows)[0].guardian;
    EXPECT_EQ(c.given, g.given_name);
    EXPECT_EQ(c.family, g.family_name);
    EXPECT_EQ("guardian", g.role);
  }
}

TEST(LogicRosterCsv, RowLinesAndOrder) {
  auto rows = Parse(
      "\xEF\xBB\xBF" "first_name,last_name,allergies\r\n"
      "Ana,Ruiz,\"a\r\nb\r\nc\"\r\n"
      "\r\n"
      "Ben,Lee,no\r\n"
      "\"Cy\",\"O'Neil\",\r\n");
  ASSERT_TRUE(rows.ok()) << Detail(rows);
  ASSERT_EQ(3u, rows->size());
  EXPECT_EQ(2, (*rows)[0].line);
  EXPECT_EQ("Ana", (*rows)[0].student.given_name);
  EXPECT_EQ(6, (*rows)[1].line);
  EXPECT_EQ("Ben", (*rows)[1].student.given_name);
  EXPECT_EQ(7, (*rows)[2].line);
  EXPECT_EQ("O'Neil", (*rows)[2].student.family_name);
}

TEST(LogicRosterCsv, DemoSampleParses) {
  std::ifstream in(std::string(STEM_SOURCE_DIR) + "/data/samples/demo-roster.csv",
                   std::ios::binary);
  ASSERT_TRUE(in) << "demo roster missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto rows = Parse(buffer.str());
  ASSERT_TRUE(rows.ok()) << Detail(rows);
  EXPECT_EQ(20u, rows->size());
  EXPECT_EQ("Jos\xC3\xA9", (*rows)[0].student.given_name);
  EXPECT_EQ(std::optional<std::string>("RG7K2"), (*rows)[0].student.confirmation_code);
  EXPECT_FALSE((*rows)[0].student.allergy_flag);
  EXPECT_TRUE((*rows)[1].student.allergy_flag);
}

}  // namespace
}  // namespace stem
