// kioskctl: see kiosk/ctl/kioskctl.h.
#include <iostream>

#include "kiosk/ctl/kioskctl.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return stem::ctl::Run(args, std::cout, std::cerr, stem::ctl::Environment::FromProcess());
}
