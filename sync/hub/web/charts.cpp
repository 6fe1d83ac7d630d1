#include "sync/hub/web/charts.h"

#include <algorithm>
#include <cmath>

namespace stem::hub::web {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Percent(int64_t count, int64_t total) {
  if (total <= 0) return "0%";
  return std::to_string(static_cast<int64_t>(std::llround(100.0 * count / total))) + "%";
}

namespace {

// At most `max` code points, with an ellipsis when cut (whole UTF-8 sequences only).
std::string Shorten(const std::string& s, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && points++ == max) {
      return s.substr(0, i) + "…";
    }
  }
  return s;
}

}  // namespace

std::string BarChartSvg(const std::string& title, const std::vector<Bar>& bars, int64_t total) {
  constexpr int kWidth = 640, kLabel = 230, kBarArea = 300, kRow = 30, kTop = 6;
  int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " +
                    std::to_string(kWidth) + " " + std::to_string(height) +
                    "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>" +
                    XmlEscape(title) + "</title>";
  int64_t most = 0;
  for (const Bar& b : bars) most = std::max(most, b.count);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    int y = kTop + kRow * static_cast<int>(i);
    int length = most > 0 ? static_cast<int>(std::lround(double(kBarArea) * b.count / most)) : 0;
    svg += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 19) +
           "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1b1f24\">" +
           XmlEscape(Shorten(b.label, 30)) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" + std::to_string(std::max(length, b.count > 0 ? 2 : 0)) +
           "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"#0b5cad\"/>";
    svg += "<text x=\"" + std::to_string(kLabel + length + 8) + "\" y=\"" + std::to_string(y + 19) +
           "\" font-size=\"14\" fill=\"#1b1f24\">" + std::to_string(b.count) + " (" +
           Percent(b.count, total) + ")</text>";
  }
  return svg + "</svg>";
}

NetPromoter NetPromoterScore(const std::map<int, int64_t>& counts) {
  NetPromoter n;
  for (const auto& [rating, count] : counts) {
    if (rating < 0 || rating > 10) continue;
    n.answers += count;
    if (rating >= 9) {
      n.promoters += count;
    } else if (rating >= 7) {
      n.passives += count;
    } else {
      n.detractors += count;
    }
  }
  if (n.answers > 0) {
    n.score = static_cast<int>(std::lround(100.0 * (n.promoters - n.detractors) / n.answers));
  }
  return n;
}

}  // namespace stem::hub::web
