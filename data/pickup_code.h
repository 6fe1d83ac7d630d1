// Pickup codes: the short code a guardian shows at camp check-out.
//
// Codes are made offline from an alphabet with no ambiguous characters (0/O, 1/I/L) and no
// vowels (so no word can be spelled by accident), and are checked against a blocklist of
// offensive letter combinations, including digit look-alikes (5 for S, 7 for T, ...).
// Uniqueness per device and day is the store's job (it retries on a collision).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "data/random.h"

namespace stem {

inline constexpr std::string_view kPickupAlphabet = "23456789BCDFGHJKMNPQRSTVWXZ";
inline constexpr size_t kPickupCodeLength = 4;

// True when `code` has the right length, uses only the alphabet and passes the blocklist.
bool IsWellFormedPickupCode(std::string_view code);
// True when `code` (any case, look-alike digits folded) contains a blocked combination.
bool IsBlockedPickupCode(std::string_view code);
// Normalises what a volunteer typed: uppercase, spaces and dashes dropped.
std::string NormalizePickupCode(std::string_view typed);

// Draws codes until one is well formed and `taken(code)` is false, at most `max_tries`
// times; returns "" when every try failed.
std::string NewPickupCode(Random& random, const std::function<bool(const std::string&)>& taken,
                          int max_tries = 1000);

// The same rules at another length, for confirmation codes of walk-up registrations.
std::string NewCode(Random& random, size_t length,
                    const std::function<bool(const std::string&)>& taken, int max_tries = 1000);

}  // namespace stem
