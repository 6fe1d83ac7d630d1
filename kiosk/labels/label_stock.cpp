#include "kiosk/labels/label_stock.h"

namespace stem::labels {
namespace {

LabelStock Roll(std::string id, std::string description, double width, double height) {
  LabelStock s;
  s.id = std::move(id);
  s.description = std::move(description);
  s.page_width = s.label_width = width;
  s.page_height = s.label_height = height;
  return s;
}

// A sheet of `columns` x `rows` labels of width x height, the first at (left, top), with
// gaps between them; every measure in the sheet's own unit, `unit` points each.
LabelStock Sheet(std::string id, std::string description, double unit, double page_width,
                 double page_height, int columns, int rows, double width, double height,
                 double left, double top, double column_gap, double row_gap) {
  LabelStock s;
  s.id = std::move(id);
  s.description = std::move(description);
  s.page_width = page_width * unit;
  s.page_height = page_height * unit;
  s.label_width = width * unit;
  s.label_height = height * unit;
  s.columns = columns;
  s.rows = rows;
  s.left = left * unit;
  s.top = top * unit;
  s.column_step = (width + column_gap) * unit;
  s.row_step = (height + row_gap) * unit;
  return s;
}

std::vector<LabelStock> MakeStocks() {
  constexpr double mm = kPointsPerMm;
  constexpr double in = kPointsPerInch;
  return {
      Roll("62x29mm", "62 x 29 mm (Brother QL: DK-11209, or 62 mm roll)", 62 * mm, 29 * mm),
      Roll("62x100mm", "62 x 100 mm (Brother QL: DK-11202, or 62 mm roll)", 62 * mm, 100 * mm),
      Roll("2.25x1.25in", "2.25 x 1.25 in (DYMO 30334, Zebra)", 2.25 * in, 1.25 * in),
      Roll("4x6in", "4 x 6 in (Zebra, DYMO 4XL shipping labels)", 4 * in, 6 * in),
      // Avery L4785 and the like: 80 x 50 mm, 2 across, 5 down.
      Sheet("a4-2x5", "A4 sheet, 10 badges of 80 x 50 mm (Avery L4785)", mm, 210, 297, 2, 5,
            80, 50, 20, 23.5, 10, 0),
      // Avery 5395 and the like: 3 3/8 x 2 1/3 in, 2 across, 4 down.
      Sheet("letter-2x4", "Letter sheet, 8 badges of 3 3/8 x 2 1/3 in (Avery 5395)", in, 8.5,
            11, 2, 4, 3.375, 7.0 / 3.0, 0.6875, 0.6, 0.375, 0.155),
  };
}

}  // namespace

const std::vector<LabelStock>& LabelStocks() {
  static const std::vector<LabelStock> stocks = MakeStocks();
  return stocks;
}

const LabelStock* FindLabelStock(std::string_view id) {
  for (const LabelStock& s : LabelStocks()) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

}  // namespace stem::labels
