// A folder of CSV files: RFC 4180 (every text field quoted, CRLF line ends), UTF-8 with an
// optional byte order mark so that Excel reads accents right, formulas neutralised.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "sync/hub/export/file_writer.h"
#include "sync/hub/export/table_sink.h"

namespace stem::hub {
namespace {

namespace fs = std::filesystem;
using table::Cell;

void Quoted(const std::string& text, std::string* out) {
  out->push_back('"');
  if (table::NeedsFormulaGuard(text)) out->push_back('\'');
  size_t from = 0;
  for (size_t q = text.find('"'); q != std::string::npos; q = text.find('"', q + 1)) {
    out->append(text, from, q + 1 - from);
    out->push_back('"');
    from = q + 1;
  }
  out->append(text, from, std::string::npos);
  out->push_back('"');
}

void AppendNumber(double n, std::string* out) {
  char buf[32];
  // Shortest text that reads back as the same number (whole numbers without a fraction).
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out->append(buf, ec == std::errc() ? static_cast<size_t>(end - buf) : 0);
}

class CsvFolder final : public TableSink {
 public:
  CsvFolder(SinkOptions o, fs::path tmp) : options_(std::move(o)), tmp_(std::move(tmp)) {}
  ~CsvFolder() override {
    (void)attachments_.Finish();
    files_.clear();
    if (!finished_) {
      std::error_code ec;
      fs::remove_all(tmp_, ec);
    }
  }

  Result<int> Begin(const std::string& name, const std::vector<table::Column>& columns) override {
    // Two tables never share a file (a form named "people", a form "a" with a repeat group
    // "b" beside a form "a-b"): the second one is NAME~2.csv.
    std::string file_name = name;
    for (int n = 2; !used_.insert(file_name).second; ++n) file_name = name + "~" + std::to_string(n);
    auto file = std::make_unique<std::ofstream>(tmp_ / (file_name + ".csv"),
                                                std::ios::binary | std::ios::trunc);
    if (!*file) return Status::IoError("cannot write " + file_name + ".csv in " + options_.path);
    std::string line = options_.bom ? "\xEF\xBB\xBF" : "";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) line += ',';
      Quoted(columns[i].name, &line);
    }
    *file << line << "\r\n";
    files_.push_back(std::move(file));
    return static_cast<int>(files_.size() - 1);
  }

  Status Row(int t, const std::vector<Cell>& cells) override {
    line_.clear();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line_ += ',';
      const Cell& c = cells[i];
      switch (c.kind) {
        case Cell::Kind::kEmpty:
          break;
        case Cell::Kind::kNumber:
          AppendNumber(c.number, &line_);
          break;
        case Cell::Kind::kBool:
          line_ += c.flag ? "TRUE" : "FALSE";
          break;
        case Cell::Kind::kDate:
        case Cell::Kind::kDateTime:
          line_ += c.text;
          break;
        case Cell::Kind::kText:
          Quoted(c.text, &line_);
          break;
      }
    }
    line_ += "\r\n";
    std::ofstream& f = *files_.at(static_cast<size_t>(t));
    f.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    if (!f) return Status::IoError("cannot write the export to " + options_.path);
    return Status::Ok();
  }

  bool TakesAttachments() const override { return true; }

  // Written on the attachments' own thread, so that creating the files (tens of microseconds
  // each in the kernel) overlaps making the rows.
  Status Attachment(const std::string& relative_path, const std::string& content) override {
    fs::path p = tmp_ / relative_path;
    if (made_dirs_.insert(p.parent_path().string()).second) {
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      if (ec) return Status::IoError("cannot write " + relative_path + " in " + options_.path);
    }
    return attachments_.Put(p.string(), content);
  }

  Status Finish() override {
    STEM_RETURN_IF_ERROR(attachments_.Finish());
    for (auto& f : files_) {
      f->flush();
      f->close();
      if (!*f) return Status::IoError("cannot write the export to " + options_.path);
    }
    files_.clear();
    std::error_code ec;
    fs::path target(options_.path);
    fs::path old;
    if (fs::exists(target, ec)) {
      // --force: the old export steps aside and goes only once the new one is in place.
      old = target;
      old += ".old-" + std::to_string(::getpid());
      fs::rename(target, old, ec);
      if (ec) return Status::IoError("cannot replace " + options_.path);
    }
    fs::rename(tmp_, target, ec);
    if (ec) {
      if (!old.empty()) fs::rename(old, target, ec);
      return Status::IoError("cannot move the export into " + options_.path);
    }
    finished_ = true;
    if (!old.empty()) fs::remove_all(old, ec);
    return Status::Ok();
  }

 private:
  SinkOptions options_;
  fs::path tmp_;
  std::vector<std::unique_ptr<std::ofstream>> files_;
  std::string line_;
  std::set<std::string> made_dirs_;
  std::set<std::string> used_;
  bool finished_ = false;
  BackgroundFileWriter attachments_{options_.path};  // finished (joined) before tmp_ goes
};

}  // namespace

Result<std::string> PrepareOutput(const SinkOptions& options, bool folder) {
  std::error_code ec;
  fs::path target(options.path);
  bool exists = fs::exists(target, ec);
  if (exists && !options.force) {
    return Status::AlreadyExists("output_exists", options.path +
                                                      " already exists; give --force to replace it");
  }
  if (exists && folder && !fs::is_directory(target, ec)) {
    return Status::InvalidArgument("output_not_folder",
                                   options.path + " is a file; CSV exports go to a folder");
  }
  if (exists && !folder && fs::is_directory(target, ec)) {
    return Status::InvalidArgument("output_is_folder", options.path + " is a folder, not a file");
  }
  fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::is_directory(parent, ec)) {
    return Status::NotFound("no_such_folder", "the folder " + parent.string() + " does not exist");
  }
  return options.path + ".partial-" + std::to_string(::getpid());
}

Result<std::unique_ptr<TableSink>> OpenCsvFolder(const SinkOptions& options) {
  STEM_ASSIGN_OR_RETURN(std::string tmp_path, PrepareOutput(options, true));
  std::error_code ec;
  fs::path tmp(tmp_path);
  fs::remove_all(tmp, ec);
  if (!fs::create_directory(tmp, ec) || ec) {
    return Status::IoError("cannot write " + options.path + " (is its folder writable?)");
  }
  return std::unique_ptr<TableSink>(new CsvFolder(options, tmp));
}

}  // namespace stem::hub
