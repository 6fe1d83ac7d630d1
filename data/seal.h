// Sealed answers: sensitive answers (medical notes, household income) are encrypted at save
// time to the nonprofit's public key with a libsodium sealed box (X25519 + XSalsa20-Poly1305),
// so that neither the kiosk nor the hub can read them; only the holder of the private key can.
//
// Keys travel as base64 text. A key id (16 hex characters of a BLAKE2b hash of the public key)
// is stored beside each sealed answer so an export knows which private key it needs.
// Thread safety: all functions are reentrant. Errors are Status values; nothing here logs.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/status.h"

namespace stem::seal {

struct PublicKey {
  std::string raw;  // 32 bytes
  std::string id;   // 16 hex characters
  std::string Base64() const;
};

struct KeyPair {
  PublicKey public_key;
  std::string secret_raw;  // 32 bytes; wiped by the destructor
  KeyPair() = default;
  KeyPair(const KeyPair&) = default;
  KeyPair& operator=(const KeyPair&) = default;
  ~KeyPair();
};

KeyPair Generate();
Result<PublicKey> ParsePublicKey(std::string_view base64);

// Seals `plaintext`; the result is base64 text.
std::string Seal(const PublicKey& key, std::string_view plaintext);
// Opens base64 ciphertext. A different key or any change to the ciphertext gives
// Denied("cannot_open") and no plaintext.
Result<std::string> Open(const KeyPair& keys, std::string_view ciphertext_base64);

// A sealed answer as stored in a response: {"sealed": BASE64, "key_id": ID}.
nlohmann::json SealAnswer(const PublicKey& key, const nlohmann::json& answer);
bool IsSealedAnswer(const nlohmann::json& value);
Result<nlohmann::json> OpenAnswer(const KeyPair& keys, const nlohmann::json& sealed);

// Opens every sealed answer anywhere in `answers` (also inside repeat entries), for export.
// Fails, changing nothing, when any of them cannot be opened with `keys`.
Result<nlohmann::json> OpenSealedAnswers(const KeyPair& keys, const nlohmann::json& answers);

// The private key file the nonprofit keeps: JSON with the key id, public and secret key.
// Written with mode 0600; refuses to overwrite an existing file.
Status WritePrivateKeyFile(const std::string& path, const KeyPair& keys);
Result<KeyPair> ReadPrivateKeyFile(const std::string& path);
// The same file's text (InvalidArgument "invalid_private_key" when it is not one).
Result<KeyPair> ParsePrivateKey(std::string_view text);

}  // namespace stem::seal
