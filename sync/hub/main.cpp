// stem-hub: see hub_cli.h.
#include <iostream>
#include <string>
#include <vector>

#include "sync/hub/hub_cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return stem::hub::RunHub(args, std::cout, std::cerr);
}
