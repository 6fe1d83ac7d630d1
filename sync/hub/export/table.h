// Tables for people who live in spreadsheets: what a cell is, how a text cell is kept from
// running as a formula, and how a form's versions become the columns of its table and of one
// table per repeat group (as ODK Central and KoboToolbox lay them out).
//
// Pure code: no storage, no files. Thread safe (values only).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/forms/form_spec.h"
#include "data/seal.h"
#include "sync/hub/storage/read_model.h"

namespace stem::hub::table {

struct Cell {
  enum class Kind { kEmpty, kText, kNumber, kBool, kDate, kDateTime };
  Kind kind = Kind::kEmpty;
  std::string text;   // kText; kDate "YYYY-MM-DD"; kDateTime "YYYY-MM-DDTHH:MM:SS[.mmm]Z"
  double number = 0;  // kNumber
  bool flag = false;  // kBool

  static Cell Empty() { return {}; }
  static Cell Text(std::string t) { return {Kind::kText, std::move(t), 0, false}; }
  static Cell Number(double n) { return {Kind::kNumber, "", n, false}; }
  static Cell Bool(bool b) { return {Kind::kBool, "", 0, b}; }
  // A date or a time stamp when `t` is one (else a text cell; empty text: an empty cell).
  static Cell Date(std::string t);
  static Cell DateTime(std::string t);
};

struct Column {
  std::string name;
  int width = 12;  // in characters, for spreadsheets
};

// A text that a spreadsheet would run as a formula (it begins with '=', '+', '-', '@', a tab
// or a carriage return) gets a leading apostrophe, and so does a text that already begins
// with one; so the original is always the cell without its first apostrophe, if it has one.
std::string NeutraliseFormula(const std::string& text);
bool NeedsFormulaGuard(const std::string& text);

// The column names, with ids or in a language ("en", "es": question and choice labels).
struct Naming {
  std::string language;  // "" for ids and values
};

// One question's column(s) in a form table.
struct QuestionColumn {
  std::string question_id;
  forms::QuestionType type = forms::QuestionType::kText;
  bool sensitive = false;
  std::string choice_value;  // set: the 0/1 column of one choice of a multiple choice
  std::vector<forms::Choice> choices;
  std::string header;
};

struct RepeatTable {
  std::string repeat_id;
  std::vector<QuestionColumn> questions;
};

// The tables of one form across its known versions: the newest version's questions in its
// order, then questions only older versions asked. Notes and sections hold no column.
struct FormLayout {
  std::string form_id;
  std::string kind;  // the newest version's: a "scholarship" table ends with its review
  std::vector<QuestionColumn> questions;  // outside repeat groups
  std::vector<RepeatTable> repeats;
  // Where each numbered question's answer goes: table (-1: the form's, else a repeat's
  // index) and the column of its (first) question column. Questions no known version asks
  // have no slot.
  struct Slot {
    int table = -1;
    size_t column = 0;
  };
  std::unordered_map<int64_t, Slot> slots;
};
FormLayout LayoutOf(const std::vector<forms::FormSpec>& versions,
                    const std::vector<QuestionKey>& numbered, const Naming& naming);

// The fixed columns before the questions.
std::vector<Column> ResponseColumns(const FormLayout& layout, bool history);
std::vector<Column> RepeatColumns(const RepeatTable& repeat);
// The review's columns at the end of a scholarship form's table, and their cells.
std::vector<Column> ReviewColumns();
std::vector<Cell> ReviewCells(const ResponseRow& r);
std::vector<Column> PeopleColumns();
std::vector<Column> AttendanceColumns();
std::vector<Column> LabelPrintColumns();

// A signature drawn on the kiosk, as an SVG document (for CSV exports' signatures/ folder);
// nullopt when the answer is not a signature.
std::optional<std::string> SignatureSvg(const nlohmann::json& answer);

// Turns stored rows into cells, in the order of the columns above. Opens sealed answers with
// `keys` when given (an answer that does not open fails the export: the wrong key).
class RowMaker {
 public:
  // `draw_signatures`: make each signature's SVG (only a CSV folder with signatures keeps
  // them; drawing them for nothing costs a JSON parse per signature).
  RowMaker(const Naming& naming, const std::optional<seal::KeyPair>& keys,
           const std::map<std::string, std::string>& kiosk_names, bool draw_signatures)
      : naming_(naming), keys_(keys), kiosk_names_(kiosk_names),
        draw_signatures_(draw_signatures) {}

  std::vector<Cell> Person(const PersonRow& p) const;
  std::vector<Cell> Attendance(const AttendanceRow& a) const;
  std::vector<Cell> LabelPrinted(const LabelPrint& l) const;

  struct Signature {
    std::string question_id;
    int entry = 0;
    std::string svg;
  };
  struct ResponseCells {
    std::vector<Cell> main;
    std::vector<std::vector<std::vector<Cell>>> repeats;  // per repeat table, per entry
    std::vector<Signature> signatures;
  };
  Result<ResponseCells> Response(const FormLayout& layout, const ResponseRow& r,
                                 bool history) const;

 private:
  // Writes the cell(s) of the answer to columns[column] (and, for a multiple choice, its
  // 0/1 columns after it) into row[offset + column ...].
  Status Fill(const std::vector<QuestionColumn>& columns, size_t column, const AnswerValue& value,
              int entry, std::vector<Cell>* row, size_t offset,
              std::vector<Signature>* signatures) const;
  std::string Kiosk(const std::string& id) const;
  const Naming& naming_;
  const std::optional<seal::KeyPair>& keys_;
  const std::map<std::string, std::string>& kiosk_names_;
  bool draw_signatures_;
};

}  // namespace stem::hub::table
