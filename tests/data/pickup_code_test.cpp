// Tests for data/pickup_code: alphabet, blocklist, drawing and normalising codes.
#include "data/pickup_code.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "data/random.h"

namespace stem {
namespace {

// Index of each character in kPickupAlphabet, so SequenceRandom can spell codes.
uint32_t At(char c) { return static_cast<uint32_t>(kPickupAlphabet.find(c)); }

std::vector<uint32_t> Spell(const std::string& code) {
  std::vector<uint32_t> out;
  for (char c : code) out.push_back(At(c));
  return out;
}

TEST(LogicPickupCode, AlphabetHasNoAmbiguousCharactersOrVowels) {
  EXPECT_EQ(27u, kPickupAlphabet.size());
  EXPECT_EQ(4u, kPickupCodeLength);
  std::set<char> unique(kPickupAlphabet.begin(), kPickupAlphabet.end());
  EXPECT_EQ(kPickupAlphabet.size(), unique.size());
  for (char bad : std::string("0O1ILAEIOUYaeiou")) {
    SCOPED_TRACE(std::string(1, bad));
    EXPECT_EQ(std::string_view::npos, kPickupAlphabet.find(bad));
  }
  for (char c : kPickupAlphabet) {
    EXPECT_TRUE((c >= '2' && c <= '9') || (c >= 'B' && c <= 'Z')) << c;
  }
}

TEST(LogicPickupCode, GeneratedCodesAreWellFormed) {
  SecureRandom random;
  std::array<std::array<int, 27>, kPickupCodeLength> seen{};
  std::set<std::string> distinct;
  for (int i = 0; i < 20000; ++i) {
    std::string code = NewPickupCode(random, [](const std::string&) { return false; });
    ASSERT_EQ(kPickupCodeLength, code.size()) << code;
    for (size_t p = 0; p < code.size(); ++p) {
      size_t at = kPickupAlphabet.find(code[p]);
      ASSERT_NE(std::string_view::npos, at) << code;
      ++seen[p][at];
    }
    ASSERT_EQ(std::string::npos, code.find_first_of("0O1IL")) << code;
    ASSERT_EQ(std::string::npos, code.find_first_of("AEIOU")) << code;
    ASSERT_FALSE(IsBlockedPickupCode(code)) << code;
    ASSERT_TRUE(IsWellFormedPickupCode(code)) << code;
    distinct.insert(code);
  }
  // 20,000 draws from ~500,000 codes: a handful of repeats at most, and every character is used
  // at every position (each is expected about 740 times).
  EXPECT_GT(distinct.size(), 19000u);
  for (size_t p = 0; p < kPickupCodeLength; ++p) {
    for (size_t c = 0; c < kPickupAlphabet.size(); ++c) {
      EXPECT_GT(seen[p][c], 400) << "position " << p << " char " << kPickupAlphabet[c];
    }
  }
}

TEST(LogicPickupCode, BlocklistFoldsLookAlikesAndCase) {
  struct Case {
    const char* code;
    bool blocked;
  };
  const std::vector<Case> cases = {
      {"F6XX", true},   // 6 -> G: FG
      {"F9TT", true},   // 9 -> G: FG
      {"FGBC", true},   {"fgbc", true}, {"BFKB", true},  {"FCK2", true}, {"FVCK", true},
      {"55BC", true},   // 5 -> S: SS
      {"S5BC", true},   {"BSS2", true},
      {"5X22", true},   // SX
      {"SH7B", true},   // 7 -> T: SHT
      {"CN7B", true},   {"B7CH", true},  {"BCH2", true},  {"DCKB", true}, {"XXX2", true},
      {"KKK9", true},   {"NGR2", true},  {"NG6B", true},  {"N66B", true}, // NGG
      {"N2BB", true},   // 2 -> Z: NZ
      {"JZ2B", true},   // JZZ
      {"KM5B", true},   // KMS
      {"PN5B", true},   // PNS
      {"V6NB", true},   // VGN
      {"H7LR", true},   {"W7FB", true},  {"PHKB", true},  {"F6T2", true},
      {"BCDF", false},  {"2345", false}, {"7777", false}, {"8888", false}, {"HJKM", false},
      {"QRST", false},  {"XX2B", false}, {"F2BC", false}, {"NGBC", false}, {"", false},
      {"GF", false},    {"KF", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    EXPECT_EQ(c.blocked, IsBlockedPickupCode(c.code));
  }
  // The check is on the code itself; a typed code must be normalised first.
  EXPECT_FALSE(IsBlockedPickupCode("ST FU"));
  EXPECT_TRUE(IsBlockedPickupCode(NormalizePickupCode("st-fu")));
}

TEST(LogicPickupCode, IsWellFormed) {
  struct Case {
    const char* code;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"BCDF", true},  {"2345", true},   {"ZZZZ", true},  {"bcdf", false}, {"BCD", false},
      {"BCDFG", false}, {"", false},     {"BCD0", false}, {"BCDO", false}, {"BCD1", false},
      {"BCDI", false},  {"BCDL", false}, {"BCDA", false}, {"BC-D", false}, {"F6XX", false},
      {"55BC", false},  {"BC D", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    EXPECT_EQ(c.ok, IsWellFormedPickupCode(c.code));
  }
}

TEST(LogicPickupCode, MostOfTheCodeSpaceIsUsable) {
  // Every possible code: well formed exactly when not blocked, and the blocklist leaves most.
  size_t usable = 0, total = 0;
  std::string code(kPickupCodeLength, ' ');
  for (char a : kPickupAlphabet) {
    for (char b : kPickupAlphabet) {
      for (char c : kPickupAlphabet) {
        for (char d : kPickupAlphabet) {
          code = {a, b, c, d};
          ++total;
          bool well = IsWellFormedPickupCode(code);
          ASSERT_EQ(!IsBlockedPickupCode(code), well) << code;
          if (well) ++usable;
        }
      }
    }
  }
  EXPECT_EQ(531441u, total);
  EXPECT_GT(usable, total * 8 / 10);
  EXPECT_LT(usable, total);
}

TEST(LogicPickupCode, SkipsTakenCodes) {
  SequenceRandom random({At('B'), At('C'), At('D'), At('F'), At('G'), At('H'), At('J'), At('K')});
  std::vector<std::string> asked;
  std::string code = NewPickupCode(random, [&](const std::string& c) {
    asked.push_back(c);
    return c == "BCDF";
  });
  EXPECT_EQ("GHJK", code);
  EXPECT_EQ((std::vector<std::string>{"BCDF", "GHJK"}), asked);
}

TEST(LogicPickupCode, SkipsTakenCodesWithSecureRandom) {
  SecureRandom random;
  std::set<std::string> taken;
  for (int i = 0; i < 2000; ++i) {
    std::string code = NewPickupCode(random, [&](const std::string& c) { return taken.count(c) > 0; });
    ASSERT_EQ(kPickupCodeLength, code.size());
    ASSERT_TRUE(taken.insert(code).second) << "handed out twice: " << code;
  }
}

TEST(LogicPickupCode, ReturnsEmptyWhenEverythingIsTaken) {
  {
    SequenceRandom random(Spell("BCDF"));
    int calls = 0;
    EXPECT_EQ("", NewPickupCode(random, [&](const std::string& c) {
                ++calls;
                EXPECT_EQ("BCDF", c);
                return true;
              }, 7));
    EXPECT_EQ(7, calls);
  }
  {
    SecureRandom random;
    int calls = 0;
    EXPECT_EQ("", NewPickupCode(random, [&](const std::string&) {
                ++calls;
                return true;
              }));
    EXPECT_GT(calls, 0);
    EXPECT_LE(calls, 1000);  // the default max_tries
  }
  {
    SequenceRandom random(Spell("BCDF"));
    int calls = 0;
    EXPECT_EQ("", NewPickupCode(random, [&](const std::string&) {
                ++calls;
                return false;
              }, 0));
    EXPECT_EQ(0, calls);
  }
}

TEST(LogicPickupCode, BlockedDrawIsSkippedDeterministically) {
  // First draw spells F6XX (blocked: FG), the second BCDF.
  std::vector<uint32_t> values = Spell("F6XX");
  for (uint32_t v : Spell("BCDF")) values.push_back(v);
  SequenceRandom random(values);
  std::vector<std::string> asked;
  std::string code = NewPickupCode(random, [&](const std::string& c) {
    asked.push_back(c);
    return false;
  });
  EXPECT_EQ("BCDF", code);
  // A blocked code is never even offered to the store.
  EXPECT_EQ(std::vector<std::string>{"BCDF"}, asked);

  // Only blocked draws: nothing comes out, and nothing is offered.
  SequenceRandom only_blocked(Spell("55BC"));
  asked.clear();
  EXPECT_EQ("", NewPickupCode(only_blocked, [&](const std::string& c) {
              asked.push_back(c);
              return false;
            }, 50));
  EXPECT_TRUE(asked.empty());
}

TEST(LogicPickupCode, NewCodeAtOtherLengths) {
  SequenceRandom seq(Spell("RG7K2BC"));
  EXPECT_EQ("RG7K2B", NewCode(seq, 6, [](const std::string&) { return false; }));

  SecureRandom random;
  for (size_t length : {3u, 6u, 8u}) {
    for (int i = 0; i < 500; ++i) {
      std::string code = NewCode(random, length, [](const std::string&) { return false; });
      ASSERT_EQ(length, code.size());
      ASSERT_EQ(std::string::npos, code.find_first_not_of(kPickupAlphabet)) << code;
      ASSERT_FALSE(IsBlockedPickupCode(code)) << code;
    }
  }
}

TEST(LogicPickupCode, Normalize) {
  struct Case {
    std::string typed;
    std::string normalized;
  };
  const std::vector<Case> cases = {
      {"BCDF", "BCDF"},
      {"bcdf", "BCDF"},
      {"bC-dF", "BCDF"},
      {" b c d f ", "BCDF"},
      {"\tbc--df\t", "BCDF"},
      {"", ""},
      {" - ", ""},
      {"rg7k2", "RG7K2"},
      {"Jos\xC3\xA9", "JOS\xC3\xA9"},  // non-ASCII bytes pass through untouched
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.typed);
    EXPECT_EQ(c.normalized, NormalizePickupCode(c.typed));
  }
  // Whatever a volunteer types for a real code normalises back to it.
  SecureRandom random;
  for (int i = 0; i < 200; ++i) {
    std::string code = NewPickupCode(random, [](const std::string&) { return false; });
    std::string typed;
    for (char ch : code) {
      typed += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      typed += ' ';
    }
    EXPECT_EQ(code, NormalizePickupCode(typed));
  }
}

}  // namespace
}  // namespace stem
