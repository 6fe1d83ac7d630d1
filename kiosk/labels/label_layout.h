// What goes where on a badge, a pickup stub and a test label, for any stock; and how a
// text is fitted into its box (shrunk, then wrapped, never cut off). Pure code: no cairo,
// no fonts; a TextMeasurer says how big a text is (pdf_label.h has the real one).
// Any thread.
#pragma once

#include <string>
#include <vector>

#include "kiosk/labels/label_stock.h"

namespace stem::labels {

// A child's name badge. Empty fields are left off the label.
struct Badge {
  std::string given_name;
  std::string family_name;
  std::string details;     // grade and activity, in the desk's language: "Grade 6 · Robotics"
  std::string event_name;
  std::string allergy;     // the allergy mark's words ("ALLERGY"); empty: no mark
  std::string code;        // the confirmation code: printed, and in the QR code
};

// The guardian's stub at a camp: the code that must match at pickup.
struct PickupStub {
  std::string given_name;   // the child's
  std::string caption;      // "Pickup code"
  std::string pickup_code;
  std::string event_name;   // and the day
  std::string note;         // "Show this to pick up your child"
};

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

enum class Align { kStart, kCenter };

// A text to fit into `rect`: at most `max_size` points; below `min_size` only when it cannot
// fit otherwise; on at most `max_lines` lines.
struct TextBox {
  std::string text;
  Rect rect;
  double max_size = 12;
  double min_size = 6;
  int max_lines = 1;
  bool bold = false;
  Align align = Align::kStart;
  bool inverted = false;  // white on a black box (the allergy mark)
  // At most `size_ratio` times the size the label's text number `size_of` was fitted at
  // (-1: no such limit): what matters most on a label stays the largest.
  int size_of = -1;
  double size_ratio = 1;
};

struct CodeBox {
  std::string payload;  // what the QR code holds
  Rect rect;            // a square, its quiet zone inside
};

// One label drawn on a page: its outline (a cell of a sheet, or the whole page of a roll),
// the texts and the QR codes on it.
struct LabelDrawing {
  Rect label;
  std::vector<TextBox> texts;
  std::vector<CodeBox> codes;
};

// Lays the label out in cell `cell` of the stock (0 on a roll).
LabelDrawing LayOutBadge(const LabelStock& stock, const Badge& badge, int cell = 0);
LabelDrawing LayOutStub(const LabelStock& stock, const PickupStub& stub, int cell = 0);
// The admin screen's test label: a title, a line of detail and a QR code of `code`.
LabelDrawing LayOutTestLabel(const LabelStock& stock, const std::string& title,
                             const std::string& detail, const std::string& code, int cell = 0);

// A text's size at a font size: one line when `wrap_width` <= 0, else wrapped to it (at
// words, or inside a word longer than a line).
struct TextMetrics {
  double width = 0;   // the widest line
  double height = 0;  // all lines
  int lines = 1;
};

class TextMeasurer {
 public:
  virtual ~TextMeasurer() = default;
  virtual TextMetrics Measure(const std::string& text, double size, bool bold,
                              double wrap_width) const = 0;
};

struct FittedText {
  double size = 0;
  bool wrapped = false;     // drawn wrapped to the box's width
  bool ellipsized = false;  // even the smallest size did not fit: the end is cut with "…"
};

// Shrinks the text to one line, down to min_size; then wraps it to at most max_lines, from
// max_size down; then keeps shrinking within max_lines down to kSmallestSize, and only then
// wraps to more lines. Only a text that fits
// at no size (thousands of characters) is ellipsized.
FittedText FitText(const TextMeasurer& measurer, const TextBox& box);
constexpr double kSmallestSize = 4;

}  // namespace stem::labels
