#include "data/csv.h"

#include "data/text.h"

namespace stem::csv {

Result<std::vector<Row>> Parse(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    // The header promises a line number for every rejection: count the line ends (LF, CRLF or
    // a lone CR, as the parser below does) before the first NUL.
    int nul_line = 1;
    for (size_t i = 0; i < nul; ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) ++nul_line;
    }
    return Status::InvalidArgument(
        "csv_binary", "line " + std::to_string(nul_line) +
                          ": the file contains NUL bytes; is it really CSV?");
  }
  std::vector<Row> rows;
  Row row;
  std::string field;
  int line = 1;
  row.line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool row_has_content = false;
  int quote_line = 0;

  auto end_field = [&]() -> Status {
    if (!IsValidUtf8(field)) {
      return Status::InvalidArgument(
          "csv_encoding", "line " + std::to_string(row.line) + ": text is not UTF-8; save the "
                          "file as \"CSV UTF-8\"");
    }
    row.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    return Status::Ok();
  };
  auto end_row = [&]() -> Status {
    STEM_RETURN_IF_ERROR(end_field());
    bool blank = row.fields.size() == 1 && row.fields[0].empty() && !row_has_content;
    if (!blank) rows.push_back(std::move(row));
    row = Row();
    row_has_content = false;
    return Status::Ok();
  };

  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          return Status::InvalidArgument(
              "csv_quote", "line " + std::to_string(line) +
                               ": a quote (\") inside a field that does not start with one");
        }
        in_quotes = true;
        field_was_quoted = true;
        row_has_content = true;
        quote_line = line;
        break;
      case ',':
        row_has_content = true;
        STEM_RETURN_IF_ERROR(end_field());
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the \n ends the row
        [[fallthrough]];
      case '\n':
        STEM_RETURN_IF_ERROR(end_row());
        ++line;
        row.line = line;
        break;
      default:
        if (field_was_quoted) {
          return Status::InvalidArgument(
              "csv_quote", "line " + std::to_string(line) +
                               ": text after the closing quote of a field");
        }
        field += c;
        row_has_content = true;
    }
  }
  if (in_quotes) {
    return Status::InvalidArgument("csv_quote", "line " + std::to_string(quote_line) +
                                                    ": a quoted field is never closed");
  }
  if (!field.empty() || !row.fields.empty() || row_has_content) STEM_RETURN_IF_ERROR(end_row());
  return rows;
}

std::string EscapeField(std::string_view field) {
  std::string value(field);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                         value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string JoinRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += EscapeField(fields[i]);
  }
  return out;
}

}  // namespace stem::csv
