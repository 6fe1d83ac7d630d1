// Where export tables go: a folder of CSV files or one Excel workbook. Rows are written as
// they come (constant memory), to several tables at once (a form and its repeat groups).
//
// Each writer builds its output under a temporary name beside the target and moves it into
// place only in Finish(), so a failed or interrupted export leaves no partial output; the
// destructor removes what an unfinished export wrote. Not thread safe: one exporting thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/status.h"
#include "sync/hub/export/table.h"

namespace stem::hub {

class TableSink {
 public:
  virtual ~TableSink() = default;
  // Starts a table; returns its handle for Row(). `name` is "people", "attendance", a form id
  // or "FORM-REPEAT".
  virtual Result<int> Begin(const std::string& name, const std::vector<table::Column>& columns) = 0;
  virtual Status Row(int table, const std::vector<table::Cell>& cells) = 0;
  // Whether files can go beside the tables (a CSV folder: yes; a workbook: no).
  virtual bool TakesAttachments() const = 0;
  // A file that goes beside the tables (a signature's SVG); ignored where there is no room.
  virtual Status Attachment(const std::string& relative_path, const std::string& content) = 0;
  // Completes the output and moves it into place.
  virtual Status Finish() = 0;
};

struct SinkOptions {
  std::string path;   // the folder (CSV) or the .xlsx file
  bool force = false; // replace an existing output
  bool bom = true;    // CSV: begin each file with a UTF-8 byte order mark (for Excel)
  std::string work_folder;  // XLSX: where libxlsxwriter keeps its rows meanwhile ("": the
                            // system's temp folder)
};

// Checks where an export goes before anything is written: an existing target without
// `force`, a target of the wrong kind (`folder`: a folder of CSV files, else a file), a
// parent folder that does not exist. Returns the temporary path beside the target that the
// writer builds its output under.
Result<std::string> PrepareOutput(const SinkOptions& options, bool folder);

// Refuses (changing nothing) an existing target without `force`, or a folder it cannot write.
Result<std::unique_ptr<TableSink>> OpenCsvFolder(const SinkOptions& options);
Result<std::unique_ptr<TableSink>> OpenXlsxWorkbook(const SinkOptions& options);

}  // namespace stem::hub
