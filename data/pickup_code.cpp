#include "data/pickup_code.h"

#include <array>
#include <cctype>

namespace stem {
namespace {

// Consonant skeletons of slurs, profanity and hate symbols that a vowel-free code could still
// suggest. Matched as substrings after folding look-alike digits.
constexpr std::array<std::string_view, 26> kBlocked = {
    "FCK", "FVCK", "FK", "FGT", "FG", "SHT", "CNT", "CVNT", "KKK", "NGR", "NGG", "NZ", "SS",
    "HTLR", "WTF", "STFU", "XXX", "DCK", "PNS", "VGN", "BTCH", "BCH", "SX", "PHK", "JZZ", "KMS"};

char FoldLookAlike(char c) {
  switch (c) {
    case '5': return 'S';
    case '7': return 'T';
    case '8': return 'B';
    case '6': return 'G';
    case '9': return 'G';
    case '2': return 'Z';
    case '4': return 'A';
    case '3': return 'E';
    default: return c;
  }
}

}  // namespace

std::string NormalizePickupCode(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsBlockedPickupCode(std::string_view code) {
  std::string folded;
  for (char c : code) folded += FoldLookAlike(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (std::string_view bad : kBlocked) {
    if (folded.find(bad) != std::string::npos) return true;
  }
  return false;
}

bool IsWellFormedPickupCode(std::string_view code) {
  if (code.size() != kPickupCodeLength) return false;
  for (char c : code) {
    if (kPickupAlphabet.find(c) == std::string_view::npos) return false;
  }
  return !IsBlockedPickupCode(code);
}

std::string NewCode(Random& random, size_t length,
                    const std::function<bool(const std::string&)>& taken, int max_tries) {
  for (int attempt = 0; attempt < max_tries; ++attempt) {
    std::string code;
    for (size_t i = 0; i < length; ++i) {
      code += kPickupAlphabet[random.Uniform(static_cast<uint32_t>(kPickupAlphabet.size()))];
    }
    if (!IsBlockedPickupCode(code) && !taken(code)) return code;
  }
  return "";
}

std::string NewPickupCode(Random& random, const std::function<bool(const std::string&)>& taken,
                          int max_tries) {
  return NewCode(random, kPickupCodeLength, taken, max_tries);
}

}  // namespace stem
