#include "data/random.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace stem {

SecureRandom::SecureRandom() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init() fails only when the OS offers no entropy source; nothing is safe then.
    if (sodium_init() < 0) std::abort();
  });
}

void SecureRandom::Fill(uint8_t* out, size_t n) { randombytes_buf(out, n); }
uint32_t SecureRandom::Uniform(uint32_t upper) { return randombytes_uniform(upper); }

void SequenceRandom::Fill(uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>((counter_ >> ((i % 8) * 8)) ^ i);
  ++counter_;
}

uint32_t SequenceRandom::Uniform(uint32_t upper) {
  if (values_.empty() || upper == 0) return 0;
  uint32_t v = values_[next_ % values_.size()];
  ++next_;
  return v % upper;
}

}  // namespace stem
