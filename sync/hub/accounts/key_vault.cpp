#include "sync/hub/accounts/key_vault.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace stem::hub::accounts {
namespace {

using nlohmann::json;

std::string ToBase64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

bool FromBase64(const std::string& text, std::string* out) {
  out->assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out->resize(len);
  return true;
}

// The box key from the passphrase; wiped by the caller. The locked key lies beside the sealed
// answers in the database, so a copy of it may meet an offline guesser: Argon2id's moderate
// cost (about 0.7 s and 256 MiB per try), not the interactive one.
bool Derive(std::string_view passphrase, const std::string& salt, unsigned char* key) {
  return crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase.data(), passphrase.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()),
                       crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                       crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

Result<std::string> LockKey(const seal::KeyPair& keys, std::string_view passphrase) {
  if (sodium_init() < 0) return Status::Internal("libsodium did not start");
  if (passphrase.size() < 12) {
    return Status::InvalidArgument("passphrase_too_short", "a passphrase needs at least 12 characters");
  }
  std::string salt(crypto_pwhash_SALTBYTES, '\0');
  std::string nonce(crypto_secretbox_NONCEBYTES, '\0');
  randombytes_buf(salt.data(), salt.size());
  randombytes_buf(nonce.data(), nonce.size());
  unsigned char key[crypto_secretbox_KEYBYTES];
  if (!Derive(passphrase, salt, key)) return Status::Internal("not enough memory to lock the key");
  std::string box(keys.secret_raw.size() + crypto_secretbox_MACBYTES, '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(box.data()),
                        reinterpret_cast<const unsigned char*>(keys.secret_raw.data()),
                        keys.secret_raw.size(), reinterpret_cast<const unsigned char*>(nonce.data()),
                        key);
  sodium_memzero(key, sizeof key);
  json locked = {{"key_id", keys.public_key.id}, {"public_key", keys.public_key.Base64()},
                 {"salt", ToBase64(salt)}, {"nonce", ToBase64(nonce)}, {"box", ToBase64(box)}};
  return locked.dump();
}

Result<seal::KeyPair> UnlockKey(const std::string& locked_json, std::string_view passphrase) {
  if (sodium_init() < 0) return Status::Internal("libsodium did not start");
  json locked = json::parse(locked_json, nullptr, false);
  std::string salt, nonce, box;
  auto text = [&](const char* k) {
    return locked.is_object() && locked.contains(k) && locked[k].is_string() ? locked[k].get<std::string>() : "";
  };
  if (!FromBase64(text("salt"), &salt) || salt.size() != crypto_pwhash_SALTBYTES ||
      !FromBase64(text("nonce"), &nonce) || nonce.size() != crypto_secretbox_NONCEBYTES ||
      !FromBase64(text("box"), &box) || box.size() != crypto_box_SECRETKEYBYTES + crypto_secretbox_MACBYTES) {
    return Status::InvalidArgument("bad_locked_key", "the hub's locked key is damaged; import it again");
  }
  Result<seal::PublicKey> pub = seal::ParsePublicKey(text("public_key"));
  if (!pub.ok()) return Status::InvalidArgument("bad_locked_key", "the hub's locked key is damaged");
  unsigned char key[crypto_secretbox_KEYBYTES];
  if (!Derive(passphrase, salt, key)) return Status::Internal("not enough memory to open the key");
  seal::KeyPair kp;
  kp.public_key = *pub;
  kp.secret_raw.assign(crypto_box_SECRETKEYBYTES, '\0');
  int rc = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(kp.secret_raw.data()),
                                      reinterpret_cast<const unsigned char*>(box.data()), box.size(),
                                      reinterpret_cast<const unsigned char*>(nonce.data()), key);
  sodium_memzero(key, sizeof key);
  if (rc != 0) return Status::Denied("wrong_passphrase", "the passphrase does not open the key");
  return kp;
}

std::string LockedKeyId(const std::string& locked_json) {
  json locked = json::parse(locked_json, nullptr, false);
  if (!locked.is_object() || !locked.contains("key_id") || !locked["key_id"].is_string()) return "";
  return locked["key_id"].get<std::string>();
}

}  // namespace stem::hub::accounts
