// Time-ordered UUIDs (RFC 9562 version 7) for record ids: sortable by creation time,
// unique across devices without coordination.
#pragma once

#include <string>

#include "data/clock.h"
#include "data/random.h"

namespace stem {

// "0192f0c1-7a3b-7c4d-8e5f-0123456789ab": 48-bit Unix milliseconds, version 7,
// 74 random bits, RFC variant.
std::string NewUuidV7(TimePoint now, Random& random);

// True for a lowercase canonical UUID of any version.
bool IsCanonicalUuid(const std::string& text);

}  // namespace stem
