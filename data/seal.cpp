#include "data/seal.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "data/random.h"

namespace stem::seal {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string ToBase64(std::string_view bin) {
  std::string out(sodium_base64_encoded_len(bin.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bin), bin.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool FromBase64(std::string_view text, std::string* out) {
  out->assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), text.data(),
                        text.size(), " \n\r\t", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out->resize(len);
  return true;
}

std::string KeyIdOf(std::string_view raw_public) {
  unsigned char hash[8];
  crypto_generichash(hash, sizeof hash, Bytes(raw_public), raw_public.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

void EnsureSodium() { SecureRandom init; (void)init; }

}  // namespace

std::string PublicKey::Base64() const { return ToBase64(raw); }

KeyPair::~KeyPair() {
  if (!secret_raw.empty()) sodium_memzero(secret_raw.data(), secret_raw.size());
}

KeyPair Generate() {
  EnsureSodium();
  KeyPair kp;
  kp.public_key.raw.assign(crypto_box_PUBLICKEYBYTES, '\0');
  kp.secret_raw.assign(crypto_box_SECRETKEYBYTES, '\0');
  crypto_box_keypair(reinterpret_cast<unsigned char*>(kp.public_key.raw.data()),
                     reinterpret_cast<unsigned char*>(kp.secret_raw.data()));
  kp.public_key.id = KeyIdOf(kp.public_key.raw);
  return kp;
}

Result<PublicKey> ParsePublicKey(std::string_view base64) {
  EnsureSodium();
  PublicKey key;
  if (base64.size() > 200 || !FromBase64(base64, &key.raw) ||
      key.raw.size() != crypto_box_PUBLICKEYBYTES) {
    return Status::InvalidArgument("invalid_public_key",
                                   "that is not a public key made by `kioskctl keys generate`");
  }
  key.id = KeyIdOf(key.raw);
  return key;
}

std::string Seal(const PublicKey& key, std::string_view plaintext) {
  EnsureSodium();
  std::string box(plaintext.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(box.data()), Bytes(plaintext),
                  plaintext.size(), Bytes(key.raw));
  std::string out = ToBase64(box);
  sodium_memzero(box.data(), box.size());
  return out;
}

Result<std::string> Open(const KeyPair& keys, std::string_view ciphertext_base64) {
  EnsureSodium();
  std::string box;
  if (!FromBase64(ciphertext_base64, &box) || box.size() < crypto_box_SEALBYTES) {
    return Status::Denied("cannot_open", "the sealed answer is damaged");
  }
  std::string plain(box.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), Bytes(box), box.size(),
                           Bytes(keys.public_key.raw), Bytes(keys.secret_raw)) != 0) {
    return Status::Denied("cannot_open",
                          "the sealed answer cannot be opened with this key, or was altered");
  }
  return plain;
}

nlohmann::json SealAnswer(const PublicKey& key, const nlohmann::json& answer) {
  std::string plain = answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  nlohmann::json out = {{"sealed", Seal(key, plain)}, {"key_id", key.id}};
  sodium_memzero(plain.data(), plain.size());
  return out;
}

bool IsSealedAnswer(const nlohmann::json& v) {
  return v.is_object() && v.size() == 2 && v.contains("sealed") && v["sealed"].is_string() &&
         v.contains("key_id") && v["key_id"].is_string();
}

Result<nlohmann::json> OpenAnswer(const KeyPair& keys, const nlohmann::json& sealed) {
  if (!IsSealedAnswer(sealed)) {
    return Status::InvalidArgument("not_sealed", "the value is not a sealed answer");
  }
  if (sealed["key_id"].get<std::string>() != keys.public_key.id) {
    return Status::Denied("wrong_key", "the answer was sealed to key " +
                                           sealed["key_id"].get<std::string>() +
                                           ", not to key " + keys.public_key.id);
  }
  STEM_ASSIGN_OR_RETURN(std::string plain, Open(keys, sealed["sealed"].get<std::string>()));
  nlohmann::json value = nlohmann::json::parse(plain, nullptr, false);
  sodium_memzero(plain.data(), plain.size());
  if (value.is_discarded()) return Status::Denied("cannot_open", "the sealed answer is damaged");
  return value;
}

Result<nlohmann::json> OpenSealedAnswers(const KeyPair& keys, const nlohmann::json& answers) {
  if (IsSealedAnswer(answers)) return OpenAnswer(keys, answers);
  if (!answers.is_object() && !answers.is_array()) return answers;
  nlohmann::json out = answers;
  for (auto it = out.begin(); it != out.end(); ++it) {
    STEM_ASSIGN_OR_RETURN(*it, OpenSealedAnswers(keys, *it));
  }
  return out;
}

Status WritePrivateKeyFile(const std::string& path, const KeyPair& keys) {
  nlohmann::json doc = {{"format", "stem-kiosk-sealing-key/1"},
                        {"key_id", keys.public_key.id},
                        {"public_key", keys.public_key.Base64()},
                        {"secret_key", ToBase64(keys.secret_raw)}};
  std::string text = doc.dump(2) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string why = errno == EEXIST ? " already exists; choose another file name"
                                      : " cannot be created";
    sodium_memzero(text.data(), text.size());
    return Status::IoError(path + why);
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == text.size() && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    ::unlink(path.c_str());
    return Status::IoError("could not write " + path + " completely; nothing was kept");
  }
  return Status::Ok();
}

Result<KeyPair> ParsePrivateKey(std::string_view text) {
  EnsureSodium();
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  auto bad = [&] {
    return Status::InvalidArgument("invalid_private_key",
                                   "this is not a private key file made by `kioskctl keys generate`");
  };
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "stem-kiosk-sealing-key/1" ||
      !doc.contains("public_key") || !doc["public_key"].is_string() ||
      !doc.contains("secret_key") || !doc["secret_key"].is_string()) {
    return bad();
  }
  Result<PublicKey> pub = ParsePublicKey(doc["public_key"].get<std::string>());
  if (!pub.ok()) return bad();
  KeyPair kp;
  kp.public_key = *pub;
  if (!FromBase64(doc["secret_key"].get<std::string>(), &kp.secret_raw) ||
      kp.secret_raw.size() != crypto_box_SECRETKEYBYTES) {
    return bad();
  }
  // The secret key must belong to the public key in the file.
  std::string derived(crypto_box_PUBLICKEYBYTES, '\0');
  crypto_scalarmult_base(reinterpret_cast<unsigned char*>(derived.data()), Bytes(kp.secret_raw));
  if (derived != kp.public_key.raw) return bad();
  return kp;
}

Result<KeyPair> ReadPrivateKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  Result<KeyPair> kp = ParsePrivateKey(buf.str());
  if (!kp.ok()) {
    return Status::InvalidArgument("invalid_private_key",
                                   path + " is not a private key file made by `kioskctl keys "
                                          "generate`");
  }
  return kp;
}

}  // namespace stem::seal
