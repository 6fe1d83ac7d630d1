// libFuzzer target: the roster CSV parser and validator.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/csv.h"
#include "data/store/roster_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rows = stem::csv::Parse(text);
  if (rows.ok()) {
    for (const auto& row : *rows) {
      // Writing a row and reading it back must give the same fields.
      auto again = stem::csv::Parse(stem::csv::JoinRow(row.fields));
      (void)again;
    }
  }
  (void)stem::ParseRosterCsv(text, "2026-07-01");
  return 0;
}
