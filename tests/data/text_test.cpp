// Tests for data/text: UTF-8 validity, code points and small string helpers.
#include "data/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stem {
namespace {

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
};

TEST(LogicText, IsValidUtf8) {
  const std::vector<Utf8Case> cases = {
      {"empty", "", true},
      {"ascii", "Hello, world", true},
      {"nul is a valid code point", std::string("a\0b", 3), true},
      {"2-byte lowest U+0080", "\xC2\x80", true},
      {"2-byte e acute", "Jos\xC3\xA9", true},
      {"2-byte highest U+07FF", "\xDF\xBF", true},
      {"3-byte lowest U+0800", "\xE0\xA0\x80", true},
      {"3-byte euro", "\xE2\x82\xAC", true},
      {"3-byte before surrogates U+D7FF", "\xED\x9F\xBF", true},
      {"3-byte after surrogates U+E000", "\xEE\x80\x80", true},
      {"3-byte highest U+FFFF", "\xEF\xBF\xBF", true},
      {"byte order mark", "\xEF\xBB\xBF", true},
      {"4-byte lowest U+10000", "\xF0\x90\x80\x80", true},
      {"4-byte emoji", "\xF0\x9F\x9A\x80", true},
      {"4-byte highest U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"arabic", "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", true},
      {"lone continuation 0x80", "\x80", false},
      {"lone continuation 0xBF", "a\xBF", false},
      {"overlong NUL", "\xC0\x80", false},
      {"overlong slash 2-byte", "\xC0\xAF", false},
      {"overlong U+007F", "\xC1\xBF", false},
      {"overlong 3-byte U+0000", "\xE0\x80\x80", false},
      {"overlong 3-byte U+07FF", "\xE0\x9F\xBF", false},
      {"overlong 4-byte U+0000", "\xF0\x80\x80\x80", false},
      {"overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", false},
      {"high surrogate U+D800", "\xED\xA0\x80", false},
      {"low surrogate U+DFFF", "\xED\xBF\xBF", false},
      {"CESU-8 surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", false},
      {"past U+10FFFF", "\xF4\x90\x80\x80", false},
      {"lead F5", "\xF5\x80\x80\x80", false},
      {"lead F7", "\xF7\xBF\xBF\xBF", false},
      {"5-byte form", "\xF8\x88\x80\x80\x80", false},
      {"6-byte form", "\xFC\x84\x80\x80\x80\x80", false},
      {"FE", "\xFE", false},
      {"FF", "\xFF", false},
      {"truncated 2-byte", "\xC3", false},
      {"truncated 2-byte at end", "abc\xC3", false},
      {"truncated 3-byte", "\xE2\x82", false},
      {"truncated 4-byte", "\xF0\x9F\x9A", false},
      {"bad continuation", "\xC3(", false},
      {"bad second of 3", "\xE2\x28\xA1", false},
      {"bad third of 3", "\xE2\x82\x28", false},
      {"bad fourth of 4", "\xF0\x9F\x9A\x41", false},
      {"latin-1 e acute", "Jos\xE9", false},
      {"valid then invalid", "\xC3\xA9\xE9", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.valid, IsValidUtf8(c.bytes));
  }
}

TEST(LogicText, CodePointCount) {
  struct Case {
    std::string text;
    size_t count;
  };
  std::string many_e;
  for (int i = 0; i < 10000; ++i) many_e += "\xC3\xA9";
  const std::vector<Case> cases = {
      {"", 0},
      {"abc", 3},
      {"Jos\xC3\xA9", 4},
      {"\xE2\x82\xAC", 1},
      {"\xF0\x9F\x9A\x80", 1},
      // woman, zero-width joiner, microscope: one glyph, three code points
      {"\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC", 3},
      {"\xD7\xA9\xD7\xA8\xD7\x94", 3},
      {std::string("a\0b", 3), 3},
      {many_e, 10000},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 20));
    EXPECT_EQ(c.count, CodePointCount(c.text));
  }
}

TEST(LogicText, Trim) {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"", ""},           {"   ", ""},           {"a", "a"},
      {"  a b  ", "a b"}, {"\t\r\n a \r\n", "a"}, {"\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(c.out, Trim(c.in));
  }
}

TEST(LogicText, AsciiLowerAndDigitsOnly) {
  EXPECT_EQ("first name", AsciiLower("First NAME"));
  EXPECT_EQ("tel\xC3\x89" "fono", AsciiLower("TEL\xC3\x89" "FONO"));  // only ASCII is folded
  EXPECT_EQ("az@[`{", AsciiLower("AZ@[`{"));
  EXPECT_EQ("5552014410", DigitsOnly("(555) 201-4410"));
  EXPECT_EQ("", DigitsOnly("no digits"));
  EXPECT_EQ("12", DigitsOnly("\xEF\xBC\x95" "1x2"));  // a full-width 5 is not an ASCII digit
}

TEST(LogicText, HasControlCharacters) {
  struct Case {
    const char* name;
    std::string text;
    bool control;
  };
  const std::vector<Case> cases = {
      {"empty", "", false},
      {"plain", "Mar\xC3\xAD" "a Garc\xC3\xAD" "a", false},
      {"tab newline cr allowed", "a\tb\nc\rd", false},
      {"nul", std::string("a\0b", 3), true},
      {"0x01", "a\x01", true},
      {"escape", "\x1B[31m", true},
      {"0x1f", "\x1F", true},
      {"delete", "a\x7F", true},
      {"space", " ", false},
      {"C1 next line U+0085", "a\xC2\x85" "b", true},
      {"C1 U+0080", "\xC2\x80", true},
      {"C1 U+009F", "\xC2\x9F", true},
      {"no-break space U+00A0", "a\xC2\xA0" "b", false},
      {"emoji", "\xF0\x9F\x9A\x80", false},
      // 0x80..0x9F as continuation bytes of other characters are not C1 controls.
      {"U+2005 ends in 0x85", "\xE2\x80\x85", false},
      {"A with ring U+00C5", "\xC3\x85", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.control, HasControlCharacters(c.text));
  }
}

}  // namespace
}  // namespace stem
