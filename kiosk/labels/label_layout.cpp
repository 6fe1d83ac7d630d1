#include "kiosk/labels/label_layout.h"

#include <algorithm>

namespace stem::labels {
namespace {

// A line of text is about 1.17 em tall in DejaVu Sans (ascent + descent); a box of height h
// holds one line of at most h / kLineHeight points.
constexpr double kLineHeight = 1.2;

Rect Inset(const Rect& r, double d) { return {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d}; }

Rect LabelRect(const LabelStock& stock, int cell) {
  cell = std::clamp(cell, 0, stock.cells() - 1);
  return {stock.cell_x(cell), stock.cell_y(cell), stock.label_width, stock.label_height};
}

// A margin that keeps ink off a label's edge (printers do not print to the very edge, and
// die-cut labels shift a little).
double Margin(const Rect& label) { return std::max(3.0, 0.06 * std::min(label.w, label.h)); }

bool Portrait(const Rect& label) { return label.h > label.w * 1.15; }

// A row of a stack: its share of the height; its text's smallest comfortable size as a share
// of the largest that fits the row's height; and its size at most `of_key` times the size of
// the stack's key row (what the label is for: a badge's first name, a stub's code), or the
// key itself.
struct Row {
  double weight;
  TextBox box;
  double min_share = 0.6;
  double of_key = 0;
  bool key = false;
};

double MinSize(double max_size, double share) {
  return std::max(std::min(5.0, max_size), max_size * share);
}

// Stacks the rows top to bottom in `area`, each as tall as its share of the weights. Returns
// the key row's index in `out` (-1 when it has no text).
int Stack(const Rect& area, std::vector<Row> rows, std::vector<TextBox>* out) {
  std::erase_if(rows, [](const Row& r) { return r.box.text.empty(); });
  int key = -1;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].key) key = static_cast<int>(out->size() + i);
  }
  double total = 0;
  for (const Row& r : rows) total += r.weight;
  double gap = area.h * 0.02;
  double usable = area.h - gap * (rows.size() > 0 ? static_cast<double>(rows.size() - 1) : 0);
  double y = area.y;
  for (Row& r : rows) {
    double h = usable * r.weight / total;
    r.box.rect = {area.x, y, area.w, h};
    r.box.max_size = h / kLineHeight;
    r.box.min_size = MinSize(r.box.max_size, r.min_share);
    if (r.of_key > 0 && key >= 0) {
      r.box.size_of = key;
      r.box.size_ratio = r.of_key;
    }
    y += h + gap;
    out->push_back(std::move(r.box));
  }
  return key;
}

TextBox Text(std::string text, bool bold = false, int max_lines = 1) {
  TextBox b;
  b.text = std::move(text);
  b.bold = bold;
  b.max_lines = max_lines;
  return b;
}

int StackText(const Rect& area, std::vector<Row> rows, LabelDrawing* d, Align align) {
  for (Row& r : rows) r.box.align = align;
  return Stack(area, std::move(rows), &d->texts);
}

// A QR code of `code` and the code in print under it, in `area` (centred), the code at most
// half the size of text number `key`.
void CodeWithCaption(const Rect& area, const std::string& code, int key, LabelDrawing* d) {
  if (code.empty()) return;
  double caption = std::min(area.h * 0.15, area.w * 0.2);
  double side = std::min(area.w, area.h - caption);
  double top = area.y + (area.h - side - caption) / 2;
  Rect square{area.x + (area.w - side) / 2, top, side, side};
  d->codes.push_back({code, square});
  TextBox t = Text(code, true);
  t.align = Align::kCenter;
  t.rect = {area.x, square.bottom(), area.w, caption};
  t.max_size = t.rect.h / kLineHeight;
  t.min_size = MinSize(t.max_size, 0.5);
  if (key >= 0) {
    t.size_of = key;
    t.size_ratio = 0.5;
  }
  d->texts.push_back(std::move(t));
}

std::vector<Row> BadgeRows(const Badge& b) {
  std::vector<Row> rows = {
      {4.2, Text(b.given_name, true, 2), 0.55, 0, true},
      {2.0, Text(b.family_name, false, 2), 0.6, 0.75},
      {1.3, Text(b.details), 0.6, 0.55},
      {1.2, Text(b.event_name), 0.6, 0.5},
  };
  if (!b.allergy.empty()) {
    TextBox mark = Text(b.allergy, true);
    mark.inverted = true;
    rows.push_back({1.5, std::move(mark), 0.6, 0.6});
  }
  return rows;
}

}  // namespace

LabelDrawing LayOutBadge(const LabelStock& stock, const Badge& badge, int cell) {
  LabelDrawing d;
  d.label = LabelRect(stock, cell);
  Rect in = Inset(d.label, Margin(d.label));
  double gap = in.w * 0.03;
  if (!Portrait(d.label)) {
    // Landscape: the texts on the left, the QR code and its code on the right.
    double qr = badge.code.empty() ? 0 : std::min(in.h, in.w * 0.36);
    int key = StackText({in.x, in.y, in.w - qr - (qr > 0 ? gap : 0), in.h}, BadgeRows(badge),
                        &d, Align::kStart);
    CodeWithCaption({in.right() - qr, in.y, qr, in.h}, badge.code, key, &d);
  } else {
    // Portrait: the texts above, centred; the QR code below.
    double texts = badge.code.empty() ? in.h : in.h * 0.6;
    int key = StackText({in.x, in.y, in.w, texts}, BadgeRows(badge), &d, Align::kCenter);
    double side = std::min(in.w * 0.7, in.h - texts - gap);
    CodeWithCaption({in.x + (in.w - side) / 2, in.y + texts + gap, side, in.h - texts - gap},
                    badge.code, key, &d);
  }
  return d;
}

LabelDrawing LayOutStub(const LabelStock& stock, const PickupStub& stub, int cell) {
  LabelDrawing d;
  d.label = LabelRect(stock, cell);
  Rect in = Inset(d.label, Margin(d.label));
  std::vector<Row> rows = {
      {1.1, Text(stub.caption), 0.6, 0.4},
      {4.0, Text(stub.pickup_code, true), 0.5, 0, true},
      {2.0, Text(stub.given_name, true, 2), 0.6, 0.8},
      {1.0, Text(stub.event_name), 0.6, 0.4},
      {1.0, Text(stub.note, false, 2), 0.6, 0.35},
  };
  StackText(in, std::move(rows), &d, Align::kCenter);
  return d;
}

LabelDrawing LayOutTestLabel(const LabelStock& stock, const std::string& title,
                             const std::string& detail, const std::string& code, int cell) {
  Badge b;
  b.given_name = title;
  b.details = detail;
  b.event_name = stock.description;
  b.code = code;
  return LayOutBadge(stock, b, cell);
}

FittedText FitText(const TextMeasurer& m, const TextBox& box) {
  constexpr double kStep = 0.92;
  const double w = box.rect.w;
  const double h = box.rect.h;
  if (box.text.empty()) return {box.max_size, false, false};
  auto fits = [&](const TextMetrics& t) { return t.width <= w && t.height <= h; };
  // Shrink on one line, down to the box's smallest comfortable size.
  for (double s = box.max_size; s >= box.min_size * 0.999; s *= kStep) {
    if (fits(m.Measure(box.text, s, box.bold, 0))) return {s, false, false};
  }
  // Then wrap, as large as the lines allow.
  if (box.max_lines > 1) {
    for (double s = box.max_size; s >= box.min_size * 0.999; s *= kStep) {
      TextMetrics t = m.Measure(box.text, s, box.bold, w);
      if (t.lines <= box.max_lines && fits(t)) return {s, true, false};
    }
  }
  // Then smaller still, within max_lines (one line stays one: a code is never broken),
  // and only then on as many lines as fit: never cut off.
  const double below = std::min(box.min_size, box.max_size);
  for (double s = below; s >= kSmallestSize * 0.999; s *= kStep) {
    if (fits(m.Measure(box.text, s, box.bold, 0))) return {s, false, false};
    if (box.max_lines > 1) {
      TextMetrics t = m.Measure(box.text, s, box.bold, w);
      if (t.lines <= box.max_lines && fits(t)) return {s, true, false};
    }
  }
  for (double s = below; s >= kSmallestSize * 0.999; s *= kStep) {
    if (fits(m.Measure(box.text, s, box.bold, w))) return {s, true, false};
  }
  return {std::min(kSmallestSize, box.max_size), true, true};
}

}  // namespace stem::labels
