#include "kiosk/app/core/app_args.h"

#include "kiosk/ctl/kioskctl.h"

namespace stem::kiosk {

const char* AppUsage() {
  return "Usage: stem-kiosk [--windowed] [--db PATH] [--lang en|es]\n"
         "  The touchscreen app for families, volunteers and admins.\n"
         "  --windowed   run in a window (development); default is full-screen kiosk mode\n"
         "  --db PATH    the store file (default: $STEM_KIOSK_DB, else\n"
         "               $XDG_DATA_HOME/stem-kiosk/kiosk.db)\n"
         "  --lang L     start in English (en) or Spanish (es)\n"
         "  --help       show this help\n";
}

Result<AppArgs> ParseAppArgs(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env) {
  AppArgs out;
  bool have_db = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& flag, std::string* dest) -> Status {
      if (a == flag) {
        if (i + 1 >= args.size() || args[i + 1].empty()) {
          return Status::InvalidArgument("usage", flag + " needs a value");
        }
        *dest = args[++i];
      } else {
        *dest = a.substr(flag.size() + 1);
        if (dest->empty()) return Status::InvalidArgument("usage", flag + " needs a value");
      }
      return Status::Ok();
    };
    if (a == "--help" || a == "-h") {
      out.help = true;
    } else if (a == "--windowed") {
      out.windowed = true;
    } else if (a == "--db" || a.rfind("--db=", 0) == 0) {
      STEM_RETURN_IF_ERROR(value("--db", &out.db_path));
      have_db = true;
    } else if (a == "--lang" || a.rfind("--lang=", 0) == 0) {
      STEM_RETURN_IF_ERROR(value("--lang", &out.language));
      if (out.language != "en" && out.language != "es") {
        return Status::InvalidArgument("usage", "--lang must be en or es");
      }
    } else {
      std::string shown = a.size() > 40 ? a.substr(0, 40) + "..." : a;
      return Status::InvalidArgument("usage", "unknown argument '" + shown + "' (try --help)");
    }
  }
  if (!have_db) {
    ctl::Environment e;
    e.vars = env;
    out.db_path = ctl::DefaultStorePath(e);
  }
  return out;
}

}  // namespace stem::kiosk
