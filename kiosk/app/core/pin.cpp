#include "kiosk/app/core/pin.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace stem::kiosk {

namespace {
bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}
}  // namespace

Status CheckPinShape(const std::string& pin) {
  if (!std::all_of(pin.begin(), pin.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return Status::InvalidArgument("pin_not_digits", "a PIN is digits only");
  }
  if (pin.size() < kMinPinDigits) {
    return Status::InvalidArgument("pin_too_short", "a PIN has at least 4 digits");
  }
  if (pin.size() > kMaxPinDigits) {
    return Status::InvalidArgument("pin_too_long", "a PIN has at most 8 digits");
  }
  return Status::Ok();
}

Result<std::string> HashPin(const std::string& pin) {
  STEM_RETURN_IF_ERROR(CheckPinShape(pin));
  if (!SodiumReady()) return Status::Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("hash_failed");
  }
  return std::string(out);
}

bool VerifyPin(const std::string& hash, const std::string& pin) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (!CheckPinShape(pin).ok()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace stem::kiosk
