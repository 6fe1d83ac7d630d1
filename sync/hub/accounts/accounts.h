// Staff accounts of the hub: who may sign in to its pages, with which role.
//
// Roles, each including the ones before it: viewer (dashboards, people, responses without
// sealed answers), reviewer (scholarship review), staff (events, rosters, forms, devices,
// exports), admin (users, the sealed-answer key). Opening sealed answers (the nonprofit's
// "sensitive data": medical notes, income) is for admins and for staff given that right
// (MayOpenSealed). Passwords: at least 10 characters, not
// among the commonest, kept only as Argon2id hashes (libsodium's crypto_pwhash_str). A new or
// reset account gets a one-time sign-in token, valid 72 hours, kept only as its SHA-256.
// Thread safety: pure functions (HashPassword and VerifyPassword are slow on purpose).
// Errors: InvalidArgument "bad_email", "bad_role", "password_too_short", "password_too_long",
// "password_too_common".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "data/status.h"

namespace stem::hub::accounts {

enum class Role { kViewer = 0, kReviewer = 1, kStaff = 2, kAdmin = 3 };

Result<Role> ParseRole(std::string_view name);
const char* RoleName(Role role);
// Whether `has` includes everything `needs` may do.
inline bool Includes(Role has, Role needs) { return static_cast<int>(has) >= static_cast<int>(needs); }
// Whether an account of `role`, given the "sensitive data" right or not, may open sealed
// answers: every admin; staff only when given it (the right means nothing below staff).
inline bool MayOpenSealed(Role role, bool sensitive_data) {
  return role == Role::kAdmin || (role == Role::kStaff && sensitive_data);
}

// An address of reasonable shape, lower-cased (the account's key); "bad_email" otherwise.
Result<std::string> NormalizeEmail(std::string_view email);

// Checks a new password against the rules; Ok or the reason it is refused.
Status CheckNewPassword(std::string_view password);
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// A one-time token (43 URL-safe characters) and the hash kept in place of it.
std::string NewToken();
std::string TokenHash(std::string_view token);

inline constexpr std::chrono::hours kSignInLinkLifetime{72};

}  // namespace stem::hub::accounts
