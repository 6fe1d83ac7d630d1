// Survey charts drawn on the server as SVG (no script, no outside library; the page sets a
// table of the same figures beside each chart for screen readers), and the net promoter
// score of a 0-10 "would you recommend" question. Pure functions; thread safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stem::hub::web {

struct Bar {
  std::string label;
  int64_t count = 0;
};

// "42%" of `total` (0 when total is 0), rounded to the nearest whole percent.
std::string Percent(int64_t count, int64_t total);

// A horizontal bar chart: one bar per entry, its length the share of `total` (the responses
// that answered), with the count and percentage after it. Labels and title are escaped.
std::string BarChartSvg(const std::string& title, const std::vector<Bar>& bars, int64_t total);

// Promoters answer 9-10, passives 7-8, detractors 0-6; the score is the percentage of
// promoters minus that of detractors (-100 to 100), rounded.
struct NetPromoter {
  int64_t promoters = 0;
  int64_t passives = 0;
  int64_t detractors = 0;
  int64_t answers = 0;
  int score = 0;
};
NetPromoter NetPromoterScore(const std::map<int, int64_t>& counts_by_rating);

// Text for XML and HTML: & < > " ' escaped.
std::string XmlEscape(std::string_view text);

}  // namespace stem::hub::web
