// Turns a roster CSV (one row per student, header row naming the columns) into validated
// rows. Pure: no database. Column names are matched case-insensitively with common
// English and Spanish spellings ("First name", "nombre", "DOB", "Parent phone", ...).
#pragma once

#include <string>
#include <vector>

#include "data/store/records.h"
#include "data/status.h"

namespace stem {

struct RosterRow {
  int line = 0;
  Person student;   // role "student"; the contact phone and email are copied here too
  Person guardian;  // given_name empty when the file names no guardian
};

// Every row is checked; the first problem is returned as "line N: column: problem"
// (with a count of further problems), and no rows are returned then.
Result<std::vector<RosterRow>> ParseRosterCsv(const std::string& text, const std::string& today);

// The column names ParseRosterCsv understands, for help texts.
std::string KnownRosterColumns();

}  // namespace stem
