// SHA-256 content hashes (libsodium), as lowercase hex.
// Thread safety: pure functions (libsodium is initialised on first use).
#pragma once

#include <string>
#include <string_view>

namespace stem::sync {

// 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);
// True for exactly 64 lowercase hex digits.
bool IsSha256Hex(std::string_view text);
// Compares two strings in time independent of where they differ (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace stem::sync
