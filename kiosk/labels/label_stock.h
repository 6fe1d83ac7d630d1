// The label stocks the desk prints on: the rolls and die-cut labels of label printers
// (Brother QL, DYMO, Zebra) and office sheets of badges. A print job's page is the stock's
// page: one label on a roll, a whole sheet (one label in each cell used) on an office printer.
// Sizes are PDF points (1/72 inch). Immutable; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stem::labels {

struct LabelStock {
  std::string id;           // saved in the kiosk's settings: "62x29mm", "letter-2x4", ...
  std::string description;  // for the admin screen (sizes and the usual products; English)
  double page_width = 0;    // the page sent to the printer
  double page_height = 0;
  double label_width = 0;   // one label on the page
  double label_height = 0;
  int columns = 1;          // labels across and down a sheet (1 x 1 on a roll)
  int rows = 1;
  double left = 0;          // the first label's top-left corner on the page
  double top = 0;
  double column_step = 0;   // from one label's left edge to the next one's
  double row_step = 0;

  int cells() const { return columns * rows; }
  bool is_sheet() const { return cells() > 1; }
  // The top-left corner of cell `i` (0 = top left, row by row).
  double cell_x(int i) const { return left + (i % columns) * column_step; }
  double cell_y(int i) const { return top + (i / columns) * row_step; }
};

// Every stock, rolls first. The first is the default.
const std::vector<LabelStock>& LabelStocks();
// nullptr for an id no stock has.
const LabelStock* FindLabelStock(std::string_view id);

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kPointsPerInch = 72.0;

}  // namespace stem::labels
