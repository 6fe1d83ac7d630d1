// Volunteer and admin PINs: checked for shape, stored only as libsodium password hashes
// (crypto_pwhash_str, Argon2id), never in clear.
//
// Pure functions; thread-safe (libsodium is initialised once). Errors are Status values with
// stable reasons ("pin_too_short", "pin_too_long", "pin_not_digits", "hash_failed").
#pragma once

#include <string>

#include "data/status.h"

namespace stem::kiosk {

inline constexpr size_t kMinPinDigits = 4;
inline constexpr size_t kMaxPinDigits = 8;

// Ok when `pin` is 4 to 8 digits.
Status CheckPinShape(const std::string& pin);
// The hash to store; refuses a PIN of the wrong shape.
Result<std::string> HashPin(const std::string& pin);
// True only when `pin` matches `hash` (false for an empty or malformed hash).
bool VerifyPin(const std::string& hash, const std::string& pin);

}  // namespace stem::kiosk
