// What a shell command printed on its standard output: the label tests read PDFs and images
// back with poppler's and zbar's command-line tools.
#pragma once

#include <array>
#include <cstdio>
#include <string>

namespace stem::test {

inline std::string CommandOutput(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

}  // namespace stem::test
