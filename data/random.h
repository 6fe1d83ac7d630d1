// Cryptographically secure randomness (libsodium) behind a seam, so tests can make
// pickup codes and ids deterministic. Thread safety: SecureRandom may be shared;
// a SequenceRandom belongs to one test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stem {

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(uint8_t* out, size_t n) = 0;
  // Uniform in [0, upper), without modulo bias.
  virtual uint32_t Uniform(uint32_t upper) = 0;
};

class SecureRandom final : public Random {
 public:
  SecureRandom();  // initialises libsodium once
  void Fill(uint8_t* out, size_t n) override;
  uint32_t Uniform(uint32_t upper) override;
};

// Replays a fixed list of values for Uniform() (each taken modulo `upper`), cycling;
// Fill() writes a counter. For tests only.
class SequenceRandom final : public Random {
 public:
  explicit SequenceRandom(std::vector<uint32_t> values) : values_(std::move(values)) {}
  void Fill(uint8_t* out, size_t n) override;
  uint32_t Uniform(uint32_t upper) override;

 private:
  std::vector<uint32_t> values_;
  size_t next_ = 0;
  uint64_t counter_ = 0;
};

}  // namespace stem
