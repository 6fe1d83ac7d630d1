// The nonprofit's private key kept on the hub, locked under a passphrase, so that a person
// allowed to can open sealed answers in the browser: the key is encrypted with libsodium's
// secretbox under a key derived from the passphrase with Argon2id (crypto_pwhash, a random
// salt, at the moderate cost). The locked key is a hub setting; the passphrase and the opened key exist only in
// memory, for one request.
// Thread safety: pure functions (Lock and Unlock are slow on purpose).
// Errors: Denied "wrong_passphrase" (or a damaged locked key); InvalidArgument
// "passphrase_too_short" (under 12 characters), "bad_locked_key".
#pragma once

#include <string>
#include <string_view>

#include "data/seal.h"
#include "data/status.h"

namespace stem::hub::accounts {

inline constexpr const char* kLockedKeySetting = "sealed_answers_key";

// The locked key as JSON text: {"key_id", "public_key", "salt", "nonce", "box"}.
Result<std::string> LockKey(const seal::KeyPair& keys, std::string_view passphrase);
Result<seal::KeyPair> UnlockKey(const std::string& locked_json, std::string_view passphrase);
// The key id of a locked key, to show which key the hub holds ("" when unreadable).
std::string LockedKeyId(const std::string& locked_json);

}  // namespace stem::hub::accounts
