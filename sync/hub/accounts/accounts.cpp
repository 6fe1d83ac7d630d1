#include "sync/hub/accounts/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "sync/protocol/hash.h"

namespace stem::hub::accounts {
namespace {

// The commonest passwords of ten or more characters in public breach lists, lower-cased.
constexpr std::array<std::string_view, 40> kCommon = {
    "1234567890", "12345678910", "123456789a", "1234567890a", "0123456789",
    "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty12345",
    "password12", "password123", "password1234", "password1!", "passw0rd123",
    "iloveyou12", "iloveyou123", "football12", "baseball12", "1111111111",
    "0000000000", "abcdefghij", "abc1234567", "abcd123456", "princess12",
    "sunshine12", "superman12", "welcome123", "welcome1234", "letmein123",
    "admin12345", "administrator", "changeme123", "trustno1234", "monkey1234",
    "dragon1234", "michael123", "jennifer12", "starwars12", "contraseña",
};

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "reviewer") return Role::kReviewer;
  if (name == "staff") return Role::kStaff;
  if (name == "admin") return Role::kAdmin;
  return Status::InvalidArgument("bad_role", "the role must be viewer, reviewer, staff or admin");
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kReviewer: return "reviewer";
    case Role::kStaff: return "staff";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

Result<std::string> NormalizeEmail(std::string_view email) {
  Status bad = Status::InvalidArgument("bad_email", "give an e-mail address such as ana@example.org");
  if (email.size() < 3 || email.size() > 254) return bad;
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad;
  }
  for (unsigned char c : email) {
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';') return bad;
  }
  std::string_view domain = email.substr(at + 1);
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return bad;
  }
  return Lower(email);
}

Status CheckNewPassword(std::string_view password) {
  if (CodePoints(password) < 10) {
    return Status::InvalidArgument("password_too_short", "a password needs at least 10 characters");
  }
  if (password.size() > 1024) {
    return Status::InvalidArgument("password_too_long", "a password may have at most 1024 bytes");
  }
  std::string lower = Lower(password);
  for (std::string_view common : kCommon) {
    if (lower == common) {
      return Status::InvalidArgument("password_too_common",
                                     "this password is among the commonest; choose another");
    }
  }
  // One character repeated is as weak as the list.
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return Status::InvalidArgument("password_too_common", "a password of one repeated character is too weak");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (sodium_init() < 0 || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewToken() {
  if (sodium_init() < 0) return "";
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string TokenHash(std::string_view token) { return sync::Sha256Hex(token); }

}  // namespace stem::hub::accounts
