// RFC 4180 CSV reading and writing, for roster imports and exports.
//
// The reader accepts a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with
// embedded commas, quotes ("") and newlines. It rejects, with the line number, what a
// spreadsheet would not produce: an unterminated quote, a quote inside an unquoted field,
// NUL bytes and text that is not UTF-8. Blank lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem::csv {

struct Row {
  int line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

Result<std::vector<Row>> Parse(std::string_view text);

// Quotes a field when needed. Cells that a spreadsheet would run as a formula
// (starting with = + - @ or a tab) are prefixed with a single quote.
std::string EscapeField(std::string_view field);
std::string JoinRow(const std::vector<std::string>& fields);

}  // namespace stem::csv
