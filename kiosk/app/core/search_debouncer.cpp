#include "kiosk/app/core/search_debouncer.h"

namespace stem::kiosk {

void SearchDebouncer::Typed(const std::string& text, Clock::time_point now) {
  pending_ = text;
  changed_at_ = now;
  flush_ = false;
}

void SearchDebouncer::Flush() {
  if (pending_) flush_ = true;
}

std::optional<std::string> SearchDebouncer::Due(Clock::time_point now) {
  if (!pending_) return std::nullopt;
  if (!flush_ && now - changed_at_ < pause_) return std::nullopt;
  std::optional<std::string> text = std::move(pending_);
  pending_.reset();
  flush_ = false;
  if (last_run_ == text) return std::nullopt;
  last_run_ = text;
  return text;
}

}  // namespace stem::kiosk
