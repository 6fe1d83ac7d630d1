// The command line of stem-kiosk, parsed without wx so that it is tested without a display.
//
//   stem-kiosk [--windowed] [--db PATH] [--lang en|es] [--help]
//
// The store path is --db, else the same default as kioskctl (ctl::DefaultStorePath:
// $STEM_KIOSK_DB, then the XDG data directory). Errors: InvalidArgument with reason "usage"
// and a one-line English detail for the terminal.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "data/status.h"

namespace stem::kiosk {

struct AppArgs {
  bool windowed = false;
  bool help = false;
  std::string db_path;
  std::string language;  // empty: the admin's default
};

Result<AppArgs> ParseAppArgs(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env);
const char* AppUsage();

}  // namespace stem::kiosk
