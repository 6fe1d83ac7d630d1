#include "data/drafts/draft_seal.h"

#include <sodium.h>

#include "data/pickup_code.h"

namespace stem::drafts {
namespace {

constexpr size_t kKeyBytes = crypto_secretbox_KEYBYTES;
constexpr size_t kNonceBytes = crypto_secretbox_NONCEBYTES;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// Argon2id at libsodium's interactive cost (about 0.1 s and 64 MiB): slow enough that a
// copied store cannot be searched for codes and birth dates cheaply.
bool Argon2(std::string_view secret, std::string_view salt16, unsigned char* out, size_t out_len) {
  return crypto_pwhash(out, out_len, secret.data(), secret.size(), Bytes(salt16),
                       crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                       crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

std::string DraftKey::Box(std::string_view plaintext, Random& random) const {
  std::string out(kNonceBytes + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  random.Fill(bytes, kNonceBytes);
  crypto_secretbox_easy(bytes + kNonceBytes, Bytes(plaintext), plaintext.size(), bytes,
                        Bytes(key_));
  return out;
}

std::string NewResumeCode(Random& random, const std::function<bool(const std::string&)>& taken) {
  return NewCode(random, kResumeCodeLength, taken);
}

bool IsResumeCodeShape(std::string_view code) {
  if (code.size() != kResumeCodeLength) return false;
  for (char c : code) {
    if (kPickupAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

Result<std::string> LookupTag(std::string_view code, std::string_view kiosk_salt) {
  if (!SodiumReady()) return Status::Internal("libsodium failed to initialise");
  if (kiosk_salt.size() != kSaltBytes) return Status::Internal("draft salt has the wrong size");
  unsigned char tag[32];
  if (!Argon2(code, kiosk_salt, tag, sizeof tag)) return Status::Internal("draft_tag_failed");
  char hex[sizeof tag * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, tag, sizeof tag);
  return std::string(hex);
}

DraftKey::DraftKey(DraftKey&& other) noexcept : key_(std::move(other.key_)) {
  other.key_.clear();
}

DraftKey::~DraftKey() {
  if (!key_.empty()) sodium_memzero(key_.data(), key_.size());
}

Result<DraftKey> DraftKey::Derive(std::string_view code, std::string_view birth_date,
                                  std::string_view salt) {
  if (!SodiumReady()) return Status::Internal("libsodium failed to initialise");
  if (salt.size() != kSaltBytes) return Status::Internal("draft salt has the wrong size");
  // The separator keeps ("AB", "C...") and ("ABC", "...") apart.
  std::string secret = std::string(code) + "\n" + std::string(birth_date);
  DraftKey key;
  key.key_.assign(kKeyBytes, '\0');
  bool ok = Argon2(secret, salt, reinterpret_cast<unsigned char*>(key.key_.data()), kKeyBytes);
  sodium_memzero(secret.data(), secret.size());
  if (!ok) return Status::Internal("draft_key_failed");
  return key;
}

Result<std::string> DraftKey::Open(std::string_view box) const {
  if (box.size() < kNonceBytes + crypto_secretbox_MACBYTES) {
    return Status::Denied("cannot_open", "the draft is too short");
  }
  std::string out(box.size() - kNonceBytes - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 Bytes(box) + kNonceBytes, box.size() - kNonceBytes, Bytes(box),
                                 Bytes(key_)) != 0) {
    return Status::Denied("cannot_open", "the code or birth date does not open this draft");
  }
  return out;
}

Result<Sealed> Seal(std::string_view code, std::string_view birth_date, std::string_view plaintext,
                    Random& random) {
  Sealed sealed;
  sealed.salt.assign(kSaltBytes, '\0');
  random.Fill(reinterpret_cast<uint8_t*>(sealed.salt.data()), kSaltBytes);
  STEM_ASSIGN_OR_RETURN(DraftKey key, DraftKey::Derive(code, birth_date, sealed.salt));
  sealed.box = key.Box(plaintext, random);
  sealed.proof = key.Box("", random);
  return sealed;
}

}  // namespace stem::drafts
