// Sealing a saved-for-later application on a shared kiosk.
//
// A family that leaves a long application half-way gets a resume code (6 characters from the
// pickup-code alphabet, so nothing can be misread or spell a word) and gives the child's birth
// date as a second factor. The kiosk keeps the draft encrypted (XSalsa20-Poly1305, libsodium
// secretbox) under a key derived from both with Argon2id and a salt of its own, so the store
// file alone shows no answers. The draft is found by a tag derived from the code alone
// (Argon2id with the kiosk's salt): a wrong birth date can then be counted against that draft
// and lock it, while an unknown code and a wrong birth date look the same to whoever typed them.
// Pure functions over bytes; the store keeps the rows (store/store_drafts.cpp). Reentrant.
// Errors: Internal when libsodium fails; Denied("cannot_open") when a key does not open a box.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "data/random.h"
#include "data/status.h"

namespace stem::drafts {

inline constexpr size_t kResumeCodeLength = 6;
inline constexpr size_t kSaltBytes = 16;

// A new resume code that `taken` does not know ("" when every try was taken).
std::string NewResumeCode(Random& random, const std::function<bool(const std::string&)>& taken);
// What a family typed, uppercased with spaces and dashes dropped; true when it is a code's
// shape (6 characters of the alphabet).
bool IsResumeCodeShape(std::string_view normalized);

// The tag a draft is found by: hex of Argon2id(code, kiosk salt).
Result<std::string> LookupTag(std::string_view code, std::string_view kiosk_salt);

// Encrypts `plaintext` under Argon2id(code + birth date, salt): nonce then box, raw bytes.
struct Sealed {
  std::string salt;  // kSaltBytes, random per draft
  std::string box;
  std::string proof;  // an empty message under the same key: tells a right key from a wrong
                      // one after the answers themselves were deleted at expiry
};
Result<Sealed> Seal(std::string_view code, std::string_view birth_date, std::string_view plaintext,
                    Random& random);
// The key for a draft's salt; then open its box or check its proof with it.
class DraftKey {
 public:
  static Result<DraftKey> Derive(std::string_view code, std::string_view birth_date,
                                 std::string_view salt);
  DraftKey(const DraftKey&) = delete;
  DraftKey& operator=(const DraftKey&) = delete;
  DraftKey(DraftKey&& other) noexcept;
  ~DraftKey();
  // Encrypts under this key: a random nonce, then the box.
  std::string Box(std::string_view plaintext, Random& random) const;
  Result<std::string> Open(std::string_view box) const;
  bool Proves(std::string_view proof) const { return Open(proof).ok(); }

 private:
  DraftKey() = default;
  std::string key_;
};

}  // namespace stem::drafts
