// Survey charts: the net promoter score, percentages, and the SVG (escaped, one bar each).
#include "sync/hub/web/charts.h"

#include <gtest/gtest.h>

namespace stem::test {
namespace {

using hub::web::Bar;

TEST(Charts, NetPromoterScore) {
  struct Case {
    std::map<int, int64_t> counts;
    int score;
    int64_t promoters, passives, detractors;
  } cases[] = {
      {{}, 0, 0, 0, 0},
      {{{10, 4}}, 100, 4, 0, 0},
      {{{0, 2}, {6, 2}}, -100, 0, 0, 4},
      {{{9, 5}, {7, 3}, {3, 2}}, 30, 5, 3, 2},   // (5 - 2) / 10
      {{{9, 1}, {8, 1}, {6, 1}}, 0, 1, 1, 1},
      {{{10, 2}, {5, 1}}, 33, 2, 0, 1},          // 66.7 - 33.3 = 33.3
      {{{11, 5}, {-1, 5}, {9, 1}}, 100, 1, 0, 0},  // out of range: ignored
  };
  for (const Case& c : cases) {
    hub::web::NetPromoter n = hub::web::NetPromoterScore(c.counts);
    EXPECT_EQ(n.score, c.score);
    EXPECT_EQ(n.promoters, c.promoters);
    EXPECT_EQ(n.passives, c.passives);
    EXPECT_EQ(n.detractors, c.detractors);
  }
}

TEST(Charts, PercentagesRoundAndNeverDivideByZero) {
  EXPECT_EQ(hub::web::Percent(1, 3), "33%");
  EXPECT_EQ(hub::web::Percent(2, 3), "67%");
  EXPECT_EQ(hub::web::Percent(0, 0), "0%");
  EXPECT_EQ(hub::web::Percent(5, 5), "100%");
}

TEST(Charts, BarChartIsEscapedSvgWithABarPerAnswer) {
  std::string svg = hub::web::BarChartSvg(
      "<script>alert(1)</script>",
      {{"Agree \"a lot\" & more", 3}, {"<b>", 1}, {"None", 0}}, 4);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("Agree &quot;a lot&quot; &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("3 (75%)"), std::string::npos);
  EXPECT_NE(svg.find("0 (0%)"), std::string::npos);
  size_t bars = 0;
  for (size_t at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++bars;
  EXPECT_EQ(bars, 3u);
  EXPECT_NE(svg.find("width=\"300\""), std::string::npos);  // the largest fills the bar area
  EXPECT_NE(svg.find("width=\"0\""), std::string::npos);    // nobody: no bar
  // A very long label is cut at a character, never inside one.
  std::string cut = hub::web::BarChartSvg("t", {{std::string(29, 'a') + "ñññ", 1}}, 1);
  EXPECT_NE(cut.find(std::string(29, 'a') + "ñ…"), std::string::npos);
}

}  // namespace
}  // namespace stem::test
