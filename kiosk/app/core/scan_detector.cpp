#include "kiosk/app/core/scan_detector.h"

namespace stem::kiosk {

bool ScanDetector::Key(const std::string& utf8, Clock::time_point at) {
  bool starts = keys_ == 0 || at - last_ > options_.max_gap || at < last_;
  if (starts) {
    run_.clear();
    keys_ = 0;
  }
  run_ += utf8;
  ++keys_;
  last_ = at;
  return starts;
}

std::optional<std::string> ScanDetector::Enter(Clock::time_point at) {
  bool scanned = keys_ >= options_.min_length && keys_ <= options_.max_length &&
                 at >= last_ && at - last_ <= options_.max_gap;
  std::string code = std::move(run_);
  run_.clear();
  keys_ = 0;
  if (!scanned) return std::nullopt;
  return code;
}

void ScanDetector::Other() {
  run_.clear();
  keys_ = 0;
}

}  // namespace stem::kiosk
