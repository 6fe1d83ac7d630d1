// Every label kind drawn at every stock with hostile names (long, accented, right-to-left,
// emoji), read back by tools that share no code with ours: poppler's pdftotext finds the
// names and codes and where each word sits, pdftoppm renders the page (checked for ink at
// or beyond the label's edge), zbar's zbarimg decodes the QR code.
#include "kiosk/labels/pdf_label.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/labels/command_output.h"

namespace stem::labels {
namespace {

namespace fs = std::filesystem;

std::string Output(const std::string& command) { return test::CommandOutput(command); }

std::string NoSpace(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') out += c;
  }
  return out;
}

struct Word {
  double x0, y0, x1, y1;
  std::string text;
};

// pdftotext -bbox: every word with its box, in points from the page's top left.
std::vector<Word> Words(const std::string& pdf) {
  std::string html = Output("pdftotext -bbox '" + pdf + "' - 2>/dev/null");
  std::regex word(R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>)re");
  std::vector<Word> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), word); it != std::sregex_iterator(); ++it) {
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                   std::stod((*it)[4]), (*it)[5]});
  }
  return out;
}

// A grey map of the page at `dpi` (pdftoppm -gray writes PGM).
struct Gray {
  int w = 0, h = 0;
  std::vector<unsigned char> px;
  int at(int x, int y) const { return px[static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)]; }
};

Gray Render(const std::string& pdf, int dpi, const std::string& out_base) {
  std::system(("pdftoppm -gray -r " + std::to_string(dpi) + " -singlefile '" + pdf + "' '" + out_base + "'").c_str());
  Gray g;
  std::ifstream in(out_base + ".pgm", std::ios::binary);
  std::string magic;
  int max = 0;
  in >> magic >> g.w >> g.h >> max;
  in.get();
  if (magic != "P5" || max != 255) return {};
  g.px.resize(static_cast<size_t>(g.w) * static_cast<size_t>(g.h));
  in.read(reinterpret_cast<char*>(g.px.data()), static_cast<std::streamsize>(g.px.size()));
  return g;
}

struct Name {
  std::string given;
  std::string family;
};

const Name kNames[] = {
    {"Sofía", "García Núñez"},
    {"Maximiliano Alejandro Bartholomew", "Fernández-Castellanos de la Vega y Montenegro"},
    {"Wolfeschlegelsteinhausenbergerdorff", "Ø"},
    {"مريم", "العبدالله"},
    {"נועה", "כהן"},
    {"Nguyễn Thị Ánh", "Trần"},
    {"Zoë 🚀", "O'Brien-Łukasiewicz"},
    {"Li", "Wu"},
};

class LabelPdf : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("label-pdf-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    for (const char* tool : {"pdftotext", "pdftoppm", "zbarimg"}) {
      ASSERT_EQ(std::system((std::string("command -v ") + tool + " >/dev/null").c_str()), 0)
          << tool << " is missing: run installer/install-deps.sh";
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // Nothing printed at or beyond the label's edge: every word pdftotext finds lies inside
  // the label, and the rendered page is white within 1 pt of its edges and all around it.
  void ExpectInside(const std::string& pdf, const LabelStock& stock, const Rect& label) {
    for (const Word& w : Words(pdf)) {
      SCOPED_TRACE(w.text);
      EXPECT_GE(w.x0, label.x + 1);
      EXPECT_GE(w.y0, label.y + 1);
      EXPECT_LE(w.x1, label.right() - 1);
      EXPECT_LE(w.y1, label.bottom() - 1);
    }
    constexpr int kDpi = 100;
    Gray g = Render(pdf, kDpi, (dir_ / "page").string());
    ASSERT_GT(g.w, 0) << "pdftoppm rendered nothing";
    double scale = kDpi / 72.0;
    EXPECT_NEAR(g.w, stock.page_width * scale, 1.5);
    int dark_inside = 0, dark_edge = 0;
    for (int y = 0; y < g.h; ++y) {
      for (int x = 0; x < g.w; ++x) {
        if (g.at(x, y) > 200) continue;
        double px = (x + 0.5) / scale, py = (y + 0.5) / scale;
        bool inside = px > label.x + 1 && px < label.right() - 1 && py > label.y + 1 &&
                      py < label.bottom() - 1;
        (inside ? dark_inside : dark_edge) += 1;
      }
    }
    EXPECT_EQ(dark_edge, 0);
    EXPECT_GT(dark_inside, 50);
  }

  fs::path dir_;
};

TEST_F(LabelPdf, BadgesCarryTheNamesAndAQrCodeOfTheConfirmationCode) {
  int n = 0;
  for (const LabelStock& stock : LabelStocks()) {
    for (const Name& name : kNames) {
      SCOPED_TRACE(stock.id + ": " + name.given);
      Badge b{name.given, name.family, "Grade 4 · Robotics", "Summer STEM Camp", "ALLERGY",
              "RG7K" + std::to_string(n % 10)};
      int cell = stock.cells() - 1 - (n % stock.cells());  // sheets: any cell
      LabelDrawing d = LayOutBadge(stock, b, cell);
      Result<std::string> pdf = RenderPdf(stock, {{d}});
      ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
      std::string path = Write("badge.pdf", *pdf);
      std::string text = NoSpace(Output("pdftotext '" + path + "' - 2>/dev/null"));
      // Poppler writes right-to-left words in reading order too; emoji has no glyph in
      // DejaVu and may come back as anything, so only the letters are looked for.
      std::string given = NoSpace(std::regex_replace(name.given, std::regex("🚀"), ""));
      EXPECT_NE(text.find(given), std::string::npos) << text;
      EXPECT_NE(text.find(NoSpace(name.family)), std::string::npos) << text;
      EXPECT_NE(text.find("ALLERGY"), std::string::npos);
      ExpectInside(path, stock, d.label);
      // The QR code, read from a 300 dpi rendering as a phone or a scanner would.
      std::string png = (dir_ / "badge").string();
      std::system(("pdftoppm -png -r 300 -singlefile '" + path + "' '" + png + "'").c_str());
      EXPECT_EQ(Output("zbarimg -q --raw '" + png + ".png' 2>/dev/null"), b.code + "\n");
      ++n;
    }
  }
}

TEST_F(LabelPdf, PickupStubsCarryTheCodeLargeAndTheChildsName) {
  for (const LabelStock& stock : LabelStocks()) {
    for (const Name& name : kNames) {
      SCOPED_TRACE(stock.id + ": " + name.given);
      PickupStub s{name.given, "Código de recogida", "K7M2Q9", "Summer STEM Camp · 12 Jul",
                   "Muestre esto al recoger a su hijo"};
      LabelDrawing d = LayOutStub(stock, s, stock.cells() > 1 ? 1 : 0);
      Result<std::string> pdf = RenderPdf(stock, {{d}});
      ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
      std::string path = Write("stub.pdf", *pdf);
      std::string text = NoSpace(Output("pdftotext '" + path + "' - 2>/dev/null"));
      EXPECT_NE(text.find("K7M2Q9"), std::string::npos) << text;
      EXPECT_NE(text.find("Códigoderecogida"), std::string::npos) << text;
      std::string given = NoSpace(std::regex_replace(name.given, std::regex("🚀"), ""));
      EXPECT_NE(text.find(given), std::string::npos) << text;
      ExpectInside(path, stock, d.label);
      // The code is the stub's largest text: its word is the tallest on the page.
      double code_height = 0, tallest_other = 0;
      for (const Word& w : Words(path)) {
        double& tallest = w.text == "K7M2Q9" ? code_height : tallest_other;
        tallest = std::max(tallest, w.y1 - w.y0);
      }
      EXPECT_GT(code_height, tallest_other);
    }
  }
}

TEST_F(LabelPdf, ABadgeAndAStubShareOneSheetOrGoOnTwoPagesOfARoll) {
  const LabelStock& sheet = *FindLabelStock("letter-2x4");
  Badge b{"Ana", "Ruiz", "Grade 2", "Fair", "", "AB12C"};
  PickupStub s{"Ana", "Pickup code", "Q4W8E2", "Fair", "Show this at pickup"};
  Result<std::string> one = RenderPdf(sheet, {{LayOutBadge(sheet, b, 0), LayOutStub(sheet, s, 1)}});
  ASSERT_TRUE(one.ok());
  std::string path = Write("sheet.pdf", *one);
  EXPECT_NE(Output("pdfinfo '" + path + "'").find("Pages:           1"), std::string::npos);
  const LabelStock& roll = *FindLabelStock("62x29mm");
  Result<std::string> two = RenderPdf(roll, {{LayOutBadge(roll, b)}, {LayOutStub(roll, s)}});
  ASSERT_TRUE(two.ok());
  path = Write("roll.pdf", *two);
  EXPECT_NE(Output("pdfinfo '" + path + "'").find("Pages:           2"), std::string::npos);
  std::string text = Output("pdftotext '" + path + "' -");
  EXPECT_LT(text.find("AB12C"), text.find("Q4W8E2"));  // the badge first
  // The page is the label: 62 x 29 mm.
  EXPECT_NE(Output("pdfinfo '" + path + "'").find("175.748 x 82.2047 pts"), std::string::npos)
      << Output("pdfinfo '" + path + "'");
}

TEST_F(LabelPdf, AQrPayloadTooLongIsRefused) {
  const LabelStock& roll = LabelStocks().front();
  Badge b{"Ana", "", "", "", "", std::string(3000, 'x')};
  Result<std::string> pdf = RenderPdf(roll, {{LayOutBadge(roll, b)}});
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().reason(), "qr_payload");
}

}  // namespace
}  // namespace stem::labels
