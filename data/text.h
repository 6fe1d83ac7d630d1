// Small text helpers shared by the importers and validators.
#pragma once

#include <string>
#include <string_view>

namespace stem {

bool IsValidUtf8(std::string_view text);
// Number of Unicode code points (the text must be valid UTF-8).
size_t CodePointCount(std::string_view text);
std::string Trim(std::string_view text);
std::string AsciiLower(std::string_view text);
std::string DigitsOnly(std::string_view text);
// True when the text has control characters other than tab, newline and carriage return.
bool HasControlCharacters(std::string_view text);

}  // namespace stem
