// Tests for data/uuid: RFC 9562 version 7 ids.
#include "data/uuid.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "data/clock.h"
#include "data/random.h"

namespace stem {
namespace {

TimePoint AtMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

uint64_t TimestampOf(const std::string& uuid) {
  return std::stoull(uuid.substr(0, 8) + uuid.substr(9, 4), nullptr, 16);
}

TEST(LogicUuid, ExactBytesWithDeterministicRandom) {
  // SequenceRandom::Fill writes 0,1,2,... on its first call; version and variant bits overwrite
  // the top of bytes 6 and 8.
  SequenceRandom random({});
  EXPECT_EQ("0192f0c1-7a3b-7001-8203-040506070809", NewUuidV7(AtMillis(0x0192F0C17A3B), random));
  // The second Fill() writes counter 1 into the first byte of each 8: 1,1,2,...,7,9,9.
  EXPECT_EQ("00000000-0000-7101-8203-040506070909", NewUuidV7(AtMillis(0), random));
}

TEST(LogicUuid, VersionVariantAndCanonicalForm) {
  SecureRandom random;
  FakeClock clock(AtMillis(1795000000123));  // late 2026
  for (int i = 0; i < 10000; ++i) {
    std::string id = NewUuidV7(clock.Now(), random);
    ASSERT_EQ(36u, id.size()) << id;
    ASSERT_TRUE(IsCanonicalUuid(id)) << id;
    ASSERT_EQ('-', id[8]);
    ASSERT_EQ('-', id[13]);
    ASSERT_EQ('-', id[18]);
    ASSERT_EQ('-', id[23]);
    ASSERT_EQ('7', id[14]) << id;                                       // version nibble
    ASSERT_NE(std::string::npos, std::string("89ab").find(id[19])) << id;  // RFC variant 10xx
    ASSERT_EQ(1795000000123u, TimestampOf(id)) << id;
  }
}

TEST(LogicUuid, TimestampIsTheUnixMillisecond) {
  SecureRandom random;
  const std::vector<int64_t> times = {0, 1, 999, 1000, 0x0192F0C17A3B, 1795000000123,
                                      // system_clock (nanoseconds) ends in 2262
                                      9000000000000};
  for (int64_t ms : times) {
    SCOPED_TRACE(ms);
    std::string id = NewUuidV7(AtMillis(ms), random);
    EXPECT_EQ(static_cast<uint64_t>(ms), TimestampOf(id));
  }
  // Sub-millisecond precision is truncated, not rounded.
  std::string id = NewUuidV7(AtMillis(5) + std::chrono::microseconds(999), random);
  EXPECT_EQ(5u, TimestampOf(id));
}

TEST(LogicUuid, IdsSortByCreationTime) {
  SecureRandom random;
  FakeClock clock(AtMillis(1795000000000));
  std::string previous = NewUuidV7(clock.Now(), random);
  const std::vector<std::chrono::milliseconds> steps = {
      std::chrono::milliseconds(1), std::chrono::milliseconds(7), std::chrono::milliseconds(1000),
      std::chrono::hours(24), std::chrono::hours(24 * 30)};
  for (auto step : steps) {
    for (int i = 0; i < 300; ++i) {
      clock.Advance(step);
      std::string id = NewUuidV7(clock.Now(), random);
      ASSERT_LT(previous, id) << "step " << step.count();
      previous = id;
    }
  }
  // Across a carry in the hex digits (…ffff -> …0000 of the next digit).
  std::string before = NewUuidV7(AtMillis(0x00FFFFFFFFFF), random);
  std::string after = NewUuidV7(AtMillis(0x010000000000), random);
  EXPECT_LT(before, after);
  EXPECT_EQ("00ffffff-ffff-7", before.substr(0, 15));
  EXPECT_EQ("01000000-0000-7", after.substr(0, 15));
}

TEST(LogicUuid, UniqueWithinOneMillisecond) {
  SecureRandom random;
  const TimePoint now = AtMillis(1795000000456);
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(NewUuidV7(now, random));
  EXPECT_EQ(10000u, ids.size());
  std::string prefix = NewUuidV7(now, random).substr(0, 15);
  for (const auto& id : ids) ASSERT_EQ(prefix, id.substr(0, 15));
}

TEST(LogicUuid, IsCanonicalUuid) {
  struct Case {
    std::string text;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"0192f0c1-7a3b-7c4d-8e5f-0123456789ab", true},
      {"00000000-0000-0000-0000-000000000000", true},
      {"ffffffff-ffff-ffff-ffff-ffffffffffff", true},
      {"123e4567-e89b-42d3-a456-426614174000", true},  // version 4 is fine too
      {"0192F0C1-7A3B-7C4D-8E5F-0123456789AB", false},  // uppercase
      {"0192f0c1-7a3b-7c4d-8e5f-0123456789a", false},   // short
      {"0192f0c1-7a3b-7c4d-8e5f-0123456789abc", false}, // long
      {"0192f0c17a3b7c4d8e5f0123456789ab", false},      // no dashes
      {"{0192f0c1-7a3b-7c4d-8e5f-0123456789ab}", false},
      {"0192f0c1-7a3b-7c4d-8e5f_0123456789ab", false},
      {"0192f0c1-7a3b-7c4d-8e5f-0123456789ag", false},
      {"0192f0c1a7a3b-7c4d-8e5f-0123456789a", false},   // dash moved
      {"0192f0c1-7a3b-7c4d-8e5f-01234567-9ab", false},
      {" 192f0c1-7a3b-7c4d-8e5f-0123456789ab", false},
      {std::string("0192f0c1-7a3b-7c4d-8e5f-0123456789a\0", 36), false},
      {"", false},
      {"------------------------------------", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(c.ok, IsCanonicalUuid(c.text));
  }
}

}  // namespace
}  // namespace stem
