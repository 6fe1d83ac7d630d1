// One Excel workbook (libxlsxwriter in constant_memory mode: each row goes to a temporary
// file as soon as the next one starts). A sheet per table, header row frozen, column widths
// set; numbers, dates and yes/no as Excel numbers, dates and TRUE/FALSE; text always as text
// (a string cell never runs as a formula). A table longer than a sheet's 1,048,576 rows
// goes on in a sheet of the same name with "~2", "~3" ...
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <unistd.h>

#include "sync/hub/export/table_sink.h"

namespace stem::hub {
namespace {

namespace fs = std::filesystem;
using table::Cell;

constexpr lxw_row_t kMaxRows = 1048576;
constexpr size_t kMaxSheetName = 31;
constexpr size_t kMaxCellText = 32767;

// The first `max` code points of UTF-8 text.
std::string CutCodePoints(const std::string& s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == max) return s.substr(0, i);
  }
  return s;
}

lxw_datetime ToDatetime(const std::string& t) {
  lxw_datetime d{};
  int y = 0, mo = 0, da = 0, h = 0, mi = 0;
  double sec = 0;
  if (t.size() > 10) {
    std::sscanf(t.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &da, &h, &mi, &sec);
  } else {
    std::sscanf(t.c_str(), "%d-%d-%d", &y, &mo, &da);
  }
  d.year = y;
  d.month = mo;
  d.day = da;
  d.hour = h;
  d.min = mi;
  d.sec = sec;
  return d;
}

class XlsxWorkbook final : public TableSink {
 public:
  XlsxWorkbook(SinkOptions o, std::string tmp, lxw_workbook* wb)
      : options_(std::move(o)), tmp_(std::move(tmp)), wb_(wb) {
    date_ = workbook_add_format(wb_);
    format_set_num_format(date_, "yyyy-mm-dd");
    datetime_ = workbook_add_format(wb_);
    format_set_num_format(datetime_, "yyyy-mm-dd hh:mm:ss");
    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    // Shown as TRUE/FALSE by every spreadsheet (LibreOffice shows a bare boolean TRUE as 1).
    bool_ = workbook_add_format(wb_);
    format_set_num_format(bool_, "\"TRUE\";\"TRUE\";\"FALSE\"");
  }
  ~XlsxWorkbook() override {
    if (wb_ != nullptr) workbook_close(wb_);  // frees it; the file is then removed
    if (!finished_) {
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }

  Result<int> Begin(const std::string& name, const std::vector<table::Column>& columns) override {
    Table t{name, columns, nullptr, 0, 0};
    STEM_RETURN_IF_ERROR(NewSheet(&t));
    tables_.push_back(std::move(t));
    return static_cast<int>(tables_.size() - 1);
  }

  Status Row(int index, const std::vector<Cell>& cells) override {
    Table& t = tables_.at(static_cast<size_t>(index));
    if (t.next_row == kMaxRows) STEM_RETURN_IF_ERROR(NewSheet(&t));
    lxw_row_t row = t.next_row++;
    for (size_t i = 0; i < cells.size(); ++i) {
      const Cell& c = cells[i];
      lxw_col_t col = static_cast<lxw_col_t>(i);
      lxw_error e = LXW_NO_ERROR;
      switch (c.kind) {
        case Cell::Kind::kEmpty:
          break;
        case Cell::Kind::kNumber:
          e = worksheet_write_number(t.sheet, row, col, c.number, nullptr);
          break;
        case Cell::Kind::kBool:
          e = worksheet_write_boolean(t.sheet, row, col, c.flag ? 1 : 0, bool_);
          break;
        case Cell::Kind::kDate:
        case Cell::Kind::kDateTime: {
          lxw_datetime d = ToDatetime(c.text);
          e = worksheet_write_datetime(t.sheet, row, col, &d,
                                       c.kind == Cell::Kind::kDate ? date_ : datetime_);
          break;
        }
        case Cell::Kind::kText:
          if (!c.text.empty()) {
            std::string text = c.text.size() > kMaxCellText ? CutCodePoints(c.text, kMaxCellText)
                                                            : c.text;
            e = worksheet_write_string(t.sheet, row, col, text.c_str(), nullptr);
          }
          break;
      }
      if (e != LXW_NO_ERROR) {
        return Status::IoError(std::string("cannot write the workbook: ") + lxw_strerror(e));
      }
    }
    return Status::Ok();
  }

  bool TakesAttachments() const override { return false; }
  Status Attachment(const std::string&, const std::string&) override { return Status::Ok(); }

  Status Finish() override {
    if (wb_ == nullptr) return Status::Internal("the workbook was already finished");
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR) {
      return Status::IoError(std::string("cannot write ") + options_.path + ": " + lxw_strerror(e));
    }
    std::error_code ec;
    fs::rename(tmp_, options_.path, ec);
    if (ec) return Status::IoError("cannot move the workbook to " + options_.path);
    finished_ = true;
    return Status::Ok();
  }

 private:
  struct Table {
    std::string name;
    std::vector<table::Column> columns;
    lxw_worksheet* sheet;
    lxw_row_t next_row;
    int parts;
  };

  // A sheet name Excel accepts: at most 31 characters, unique in the workbook.
  std::string SheetName(const std::string& wanted) {
    std::string base = CutCodePoints(wanted, kMaxSheetName);
    std::string name = base;
    for (int n = 2; used_.count(name); ++n) {
      std::string suffix = "~" + std::to_string(n);
      name = CutCodePoints(wanted, kMaxSheetName - suffix.size()) + suffix;
    }
    used_.insert(name);
    return name;
  }

  Status NewSheet(Table* t) {
    ++t->parts;
    std::string name = SheetName(t->parts == 1 ? t->name : t->name + "~" + std::to_string(t->parts));
    t->sheet = workbook_add_worksheet(wb_, name.c_str());
    if (t->sheet == nullptr) return Status::IoError("cannot add the sheet " + name);
    for (size_t i = 0; i < t->columns.size(); ++i) {
      lxw_col_t col = static_cast<lxw_col_t>(i);
      worksheet_set_column(t->sheet, col, col, t->columns[i].width, nullptr);
      std::string header = t->columns[i].name.size() > kMaxCellText
                               ? CutCodePoints(t->columns[i].name, kMaxCellText)
                               : t->columns[i].name;
      lxw_error e = worksheet_write_string(t->sheet, 0, col, header.c_str(), header_);
      if (e != LXW_NO_ERROR) return Status::IoError(std::string("cannot write the workbook: ") + lxw_strerror(e));
    }
    worksheet_freeze_panes(t->sheet, 1, 0);
    // Printed, a table fits the width of landscape pages and repeats its header row.
    worksheet_set_landscape(t->sheet);
    worksheet_fit_to_pages(t->sheet, 1, 0);
    worksheet_repeat_rows(t->sheet, 0, 0);
    t->next_row = 1;
    return Status::Ok();
  }

  SinkOptions options_;
  std::string tmp_;
  lxw_workbook* wb_;
  lxw_format* date_ = nullptr;
  lxw_format* datetime_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* bool_ = nullptr;
  std::vector<Table> tables_;
  std::set<std::string> used_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<TableSink>> OpenXlsxWorkbook(const SinkOptions& options) {
  STEM_ASSIGN_OR_RETURN(std::string tmp, PrepareOutput(options, false));
  std::error_code ec;
  // libxlsxwriter writes the file only at close: try now that the folder takes a file.
  {
    FILE* probe = std::fopen(tmp.c_str(), "wb");
    if (probe == nullptr) {
      return Status::IoError("cannot write " + options.path + " (is its folder writable?)");
    }
    std::fclose(probe);
    fs::remove(tmp, ec);
  }
  lxw_workbook_options o{};
  o.constant_memory = LXW_TRUE;
  o.use_zip64 = LXW_TRUE;
  if (!options.work_folder.empty()) o.tmpdir = const_cast<char*>(options.work_folder.c_str());
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &o);
  if (wb == nullptr) return Status::IoError("cannot start the workbook " + options.path);
  return std::unique_ptr<TableSink>(new XlsxWorkbook(options, tmp, wb));
}

}  // namespace stem::hub
