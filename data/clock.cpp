#include "data/clock.h"

#include <cstdio>
#include <ctime>
#include <optional>
#include <string_view>

namespace stem {

std::string FormatUtc(TimePoint t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  if (ms < 0 && ms % 1000 != 0) --secs;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

std::string LocalDay(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

bool IsValidDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int y = std::stoi(text.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  if (y < 1900 || y > 2200) return false;
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                     std::chrono::day{d}}
      .ok();
}

namespace {

struct DateStep {
  int amount = 0;  // signed
  char unit = 'd';  // d, m or y
};

// "today", "today-20y", "today+30d": the step, or nullopt when `text` is not of that shape.
std::optional<DateStep> ParseTodayStep(std::string_view text) {
  constexpr std::string_view kToday = "today";
  if (text.substr(0, kToday.size()) != kToday) return std::nullopt;
  text.remove_prefix(kToday.size());
  if (text.empty()) return DateStep{};
  if (text.size() < 3 || text.size() > 5 || (text[0] != '+' && text[0] != '-')) {
    return std::nullopt;
  }
  char unit = text.back();
  if (unit != 'd' && unit != 'm' && unit != 'y') return std::nullopt;
  std::string_view digits = text.substr(1, text.size() - 2);
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return DateStep{text[0] == '-' ? -n : n, unit};
}

}  // namespace

bool IsValidDateLimit(const std::string& text) {
  return IsValidDate(text) || ParseTodayStep(text).has_value();
}

std::string ResolveDateLimit(const std::string& limit, const std::string& today) {
  using namespace std::chrono;
  if (IsValidDate(limit)) return limit;
  std::optional<DateStep> step = ParseTodayStep(limit);
  if (!step || !IsValidDate(today)) return "";
  year_month_day t{year{std::stoi(today.substr(0, 4))},
                   month{static_cast<unsigned>(std::stoi(today.substr(5, 2)))},
                   day{static_cast<unsigned>(std::stoi(today.substr(8, 2)))}};
  year_month_day r = t;
  if (step->unit == 'd') {
    r = year_month_day{sys_days{t} + days{step->amount}};
  } else {
    year_month ym = year_month{t.year(), t.month()} +
                    (step->unit == 'y' ? months{12 * step->amount} : months{step->amount});
    day last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
    r = year_month_day{ym.year(), ym.month(), t.day() > last ? last : t.day()};
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(r.year()),
                static_cast<unsigned>(r.month()), static_cast<unsigned>(r.day()));
  return IsValidDate(buf) ? buf : "";
}

bool ParseUtc(const std::string& text, TimePoint* out) {
  // sscanf alone takes "07.1Z" as 1 ms (not 100), and accepts signs, spaces, one-digit fields
  // and trailing junk; insist on the exact shape first: 20 or 24 characters, digits in place.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (text.size() != 20 && text.size() != 24) return false;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
    if (!ok) return false;
  }
  if (text.back() != 'Z') return false;
  // The shape is right: read the digits in place (sscanf cost more than the rest of ingest).
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  if (text.size() == 24 && text[19] != '.') return false;
  int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
      s = num(17, 2), ms = text.size() == 24 ? num(20, 3) : 0;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return false;
  *out = std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s} + std::chrono::milliseconds{ms};
  return true;
}

}  // namespace stem
