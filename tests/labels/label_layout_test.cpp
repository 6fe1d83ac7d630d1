// Label layouts for every stock and label kind, the text fitting rules with a measurer of
// fixed proportions, and what a queue's CUPS state means for a job.
#include "kiosk/labels/label_layout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kiosk/labels/printer.h"

namespace stem::labels {
namespace {

// Every character 0.6 em wide, lines 1.2 em tall; wraps at spaces, or inside a word longer
// than a line: enough like a real font to test the rules, exactly predictable.
class FixedMeasurer final : public TextMeasurer {
 public:
  TextMetrics Measure(const std::string& text, double size, bool, double wrap) const override {
    double advance = 0.6 * size;
    TextMetrics m;
    if (wrap <= 0) {
      m.width = advance * static_cast<double>(text.size());
      m.height = 1.2 * size;
      return m;
    }
    size_t per_line = std::max<size_t>(1, static_cast<size_t>(wrap / advance));
    int lines = 0;
    size_t widest = 0;
    size_t i = 0;
    while (i < text.size()) {
      size_t end = std::min(text.size(), i + per_line);
      if (end < text.size()) {
        size_t space = text.rfind(' ', end);
        if (space != std::string::npos && space > i) end = space + 1;
      }
      widest = std::max(widest, end - i - (text[end - 1] == ' ' ? 1 : 0));
      ++lines;
      i = end;
    }
    m.width = advance * static_cast<double>(widest);
    m.height = 1.2 * size * lines;
    m.lines = lines;
    return m;
  }
};

bool Inside(const Rect& inner, const Rect& outer) {
  constexpr double e = 1e-6;
  return inner.x >= outer.x - e && inner.y >= outer.y - e && inner.right() <= outer.right() + e &&
         inner.bottom() <= outer.bottom() + e;
}

bool Overlap(const Rect& a, const Rect& b) {
  return a.x < b.right() - 1e-6 && b.x < a.right() - 1e-6 && a.y < b.bottom() - 1e-6 &&
         b.y < a.bottom() - 1e-6;
}

Badge FullBadge() {
  return {"Sofía", "García", "Grade 4 · Robotics", "Summer STEM Camp 2027", "ALLERGY", "RG7K3"};
}

PickupStub FullStub() {
  return {"Sofía", "Pickup code", "K7M2Q9", "Summer STEM Camp · 12 Jul", "Show this at pickup"};
}

void ExpectWellPlaced(const LabelStock& stock, const LabelDrawing& d, int cell) {
  SCOPED_TRACE(stock.id + " cell " + std::to_string(cell));
  Rect page{0, 0, stock.page_width, stock.page_height};
  EXPECT_TRUE(Inside(d.label, page));
  EXPECT_NEAR(d.label.x, stock.cell_x(cell), 1e-9);
  EXPECT_NEAR(d.label.y, stock.cell_y(cell), 1e-9);
  std::vector<Rect> boxes;
  double margin = 3;
  Rect safe{d.label.x + margin, d.label.y + margin, d.label.w - 2 * margin, d.label.h - 2 * margin};
  for (const TextBox& t : d.texts) {
    SCOPED_TRACE(t.text);
    EXPECT_TRUE(Inside(t.rect, safe));
    EXPECT_GT(t.rect.w, 0);
    EXPECT_GT(t.rect.h, 0);
    EXPECT_GE(t.max_size, t.min_size);
    EXPECT_GE(t.min_size, std::min(5.0, t.max_size));
    boxes.push_back(t.rect);
  }
  for (const CodeBox& c : d.codes) {
    EXPECT_TRUE(Inside(c.rect, safe));
    EXPECT_NEAR(c.rect.w, c.rect.h, 1e-9);  // square
    boxes.push_back(c.rect);
  }
  for (size_t i = 0; i < boxes.size(); ++i) {
    for (size_t j = i + 1; j < boxes.size(); ++j) EXPECT_FALSE(Overlap(boxes[i], boxes[j])) << i << " " << j;
  }
}

TEST(LabelStocks, SheetsKeepEveryCellOnThePage) {
  ASSERT_GE(LabelStocks().size(), 6u);
  for (const LabelStock& s : LabelStocks()) {
    SCOPED_TRACE(s.id);
    EXPECT_EQ(FindLabelStock(s.id), &s);
    for (int i = 0; i < s.cells(); ++i) {
      EXPECT_GE(s.cell_x(i), 0);
      EXPECT_GE(s.cell_y(i), 0);
      EXPECT_LE(s.cell_x(i) + s.label_width, s.page_width + 1e-6);
      EXPECT_LE(s.cell_y(i) + s.label_height, s.page_height + 1e-6);
    }
  }
  EXPECT_EQ(FindLabelStock("nope"), nullptr);
  EXPECT_NEAR(FindLabelStock("62x29mm")->page_width, 62 * kPointsPerMm, 1e-9);
  EXPECT_EQ(FindLabelStock("letter-2x4")->cells(), 8);
  EXPECT_EQ(FindLabelStock("a4-2x5")->cells(), 10);
}

TEST(LabelLayout, EveryKindFitsEveryStockWithoutOverlaps) {
  for (const LabelStock& s : LabelStocks()) {
    for (int cell : {0, s.cells() - 1}) {
      LabelDrawing badge = LayOutBadge(s, FullBadge(), cell);
      EXPECT_EQ(badge.texts.size(), 6u);  // five lines and the code under the QR
      ASSERT_EQ(badge.codes.size(), 1u);
      EXPECT_EQ(badge.codes[0].payload, "RG7K3");
      ExpectWellPlaced(s, badge, cell);
      LabelDrawing stub = LayOutStub(s, FullStub(), cell);
      EXPECT_EQ(stub.texts.size(), 5u);
      EXPECT_TRUE(stub.codes.empty());
      ExpectWellPlaced(s, stub, cell);
      ExpectWellPlaced(s, LayOutTestLabel(s, "Test label", "Printer", "TEST"), 0);
    }
  }
}

TEST(LabelLayout, TheFirstNameIsTheLargestTextAndTheCodeLargestOnTheStub) {
  for (const LabelStock& s : LabelStocks()) {
    SCOPED_TRACE(s.id);
    LabelDrawing badge = LayOutBadge(s, FullBadge());
    for (const TextBox& t : badge.texts) {
      if (t.text != "Sofía") {
        EXPECT_LT(t.max_size, badge.texts[0].max_size) << t.text;
      }
    }
    EXPECT_EQ(badge.texts[0].text, "Sofía");
    EXPECT_TRUE(badge.texts[0].bold);
    LabelDrawing stub = LayOutStub(s, FullStub());
    const TextBox* code = nullptr;
    for (const TextBox& t : stub.texts) {
      if (t.text == "K7M2Q9") code = &t;
    }
    ASSERT_NE(code, nullptr);
    for (const TextBox& t : stub.texts) EXPECT_LE(t.max_size, code->max_size);
  }
}

TEST(LabelLayout, LeavesOutWhatIsEmptyAndMarksAllergiesOnly) {
  const LabelStock& s = LabelStocks().front();
  Badge b = FullBadge();
  b.allergy.clear();
  b.details.clear();
  b.code.clear();
  LabelDrawing d = LayOutBadge(s, b);
  EXPECT_EQ(d.texts.size(), 3u);
  EXPECT_TRUE(d.codes.empty());
  for (const TextBox& t : d.texts) EXPECT_FALSE(t.inverted);
  // Without a QR code the name has the label's whole width.
  EXPECT_GT(d.texts[0].rect.w, LayOutBadge(s, FullBadge()).texts[0].rect.w * 1.4);
  LabelDrawing marked = LayOutBadge(s, FullBadge());
  int inverted = 0;
  for (const TextBox& t : marked.texts) inverted += t.inverted ? 1 : 0;
  EXPECT_EQ(inverted, 1);
}

TextBox Box(const std::string& text, double w, double h, double max, double min, int lines) {
  TextBox b;
  b.text = text;
  b.rect = {0, 0, w, h};
  b.max_size = max;
  b.min_size = min;
  b.max_lines = lines;
  return b;
}

TEST(FitText, ShrinksThenWrapsThenShrinksFurtherNeverCuttingOff) {
  FixedMeasurer m;
  struct Case {
    std::string text;
    int lines;
    double size;  // expected, within 8% (the steps)
    bool wrapped;
    bool ellipsized;
  };
  // A box 120 pt wide, 40 tall, sizes 30 down to 15 on one line, up to two lines.
  const Case cases[] = {
      {"Ana", 2, 30, false, false},                       // 3 chars: 54 pt wide at 30
      {"Alexandra", 2, 22, false, false},                 // shrinks: 9 * 0.6 * s <= 120
      {"Maximiliano Alejandro", 2, 15.4, true, false},    // too long for one line at 15
      {std::string(60, 'x'), 2, 6.5, true, false},        // smaller still, on two lines
      {std::string(5000, 'x'), 2, 4, true, true},         // fits at no size
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 30));
    FittedText f = FitText(m, Box(c.text, 120, 40, 30, 15, c.lines));
    EXPECT_NEAR(f.size, c.size, c.size * 0.08);
    EXPECT_EQ(f.wrapped, c.wrapped);
    EXPECT_EQ(f.ellipsized, c.ellipsized);
    if (!f.ellipsized) {
      TextMetrics t = m.Measure(c.text, f.size, false, f.wrapped ? 120 : 0);
      EXPECT_LE(t.width, 120);
      EXPECT_LE(t.height, 40);
    }
  }
  // A one-line box (a code) shrinks below its smallest size rather than break...
  FittedText one = FitText(m, Box("Maximiliano Alejandro", 120, 40, 30, 15, 1));
  EXPECT_FALSE(one.wrapped);
  EXPECT_NEAR(one.size, 9.1, 0.2);
  // ...and wraps only when no size keeps it whole: 220 characters need 6 lines at 4.5 pt.
  FittedText many = FitText(m, Box(std::string(220, 'y'), 120, 40, 30, 15, 2));
  EXPECT_TRUE(many.wrapped);
  EXPECT_FALSE(many.ellipsized);
  EXPECT_GT(m.Measure(std::string(220, 'y'), many.size, false, 120).lines, 2);
}

TEST(PrinterQueueState, SaysWhatAJobWouldMeet) {
  struct Case {
    int state;
    std::vector<std::string> reasons;
    bool accepting;
    PrintProblem want;
  };
  const Case cases[] = {
      {3, {}, true, PrintProblem::kNone},
      {4, {}, true, PrintProblem::kNone},
      {3, {"media-low-warning"}, true, PrintProblem::kNone},
      {5, {"paused"}, true, PrintProblem::kPaused},
      {5, {}, true, PrintProblem::kPaused},
      {5, {"media-empty-error"}, true, PrintProblem::kOutOfLabels},
      {3, {"media-needed"}, true, PrintProblem::kOutOfLabels},
      {5, {"paused", "media-empty-error"}, true, PrintProblem::kOutOfLabels},
      {3, {"offline-report"}, true, PrintProblem::kOffline},
      {4, {"connecting-to-device"}, true, PrintProblem::kOffline},
      {5, {"cover-open-error"}, true, PrintProblem::kNeedsAttention},
      {5, {"offline-report", "media-jam-error"}, true, PrintProblem::kNeedsAttention},
      {3, {}, false, PrintProblem::kRefused},
      {5, {}, false, PrintProblem::kPaused},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.reasons) + " state " + std::to_string(c.state));
    EXPECT_EQ(ProblemName(ProblemOfQueue(c.state, c.reasons, c.accepting)), ProblemName(c.want));
  }
}

}  // namespace
}  // namespace stem::labels
