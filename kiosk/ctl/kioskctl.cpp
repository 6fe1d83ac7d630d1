#include "kiosk/ctl/kioskctl.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "data/uuid.h"
#include "kiosk/ctl/args.h"


namespace stem::ctl {
namespace {

constexpr const char* kVersion = "0.1.0";

std::vector<CommandInfo> AllCommands() {
  std::vector<CommandInfo> all;
  for (auto group : {StoreCommands(), EventCommands(), RosterCommands(), RecordCommands(),
                     FormCommands(), SyncCommands(), PrintCommands()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

std::string Help() {
  std::string h =
      "Usage: kioskctl [--db PATH] [--json] COMMAND ...\n"
      "Administers a STEM kiosk's offline store.\n\n"
      "Options:\n"
      "  --db PATH   the store file (default: $STEM_KIOSK_DB, else\n"
      "              $XDG_DATA_HOME/stem-kiosk/kiosk.db)\n"
      "  --json      machine-readable output\n"
      "  --help      this text;  --version  the version\n\nCommands:\n";
  for (const CommandInfo& c : AllCommands()) h += "  " + c.usage + "\n";
  return h;
}

void PrintError(std::ostream& err, bool json, const Status& s) {
  if (json) {
    err << nlohmann::json{{"error", s.reason()}, {"message", s.ToString()}}.dump(
               -1, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    std::string line = s.ToString();
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    err << "kioskctl: " << line << "\n";
  }
}

}  // namespace

Environment Environment::FromProcess() {
  Environment env;
  for (const char* name : {"STEM_KIOSK_DB", "XDG_DATA_HOME", "HOME"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') env.vars[name] = v;
  }
  return env;
}

std::string DefaultStorePath(const Environment& env) {
  auto get = [&](const char* k) -> std::string {
    auto it = env.vars.find(k);
    return it == env.vars.end() ? "" : it->second;
  };
  if (!get("STEM_KIOSK_DB").empty()) return get("STEM_KIOSK_DB");
  if (!get("XDG_DATA_HOME").empty()) return get("XDG_DATA_HOME") + "/stem-kiosk/kiosk.db";
  if (!get("HOME").empty()) return get("HOME") + "/.local/share/stem-kiosk/kiosk.db";
  return "kiosk.db";
}

Result<Store> Context::OpenStore() const {
  StoreOptions options;
  options.clock = env.clock;
  return Store::Open(db_path, options);
}

void Context::Print(const std::string& text, const nlohmann::json& doc) const {
  if (json) {
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (!text.empty()) {
    out << text << (text.back() == '\n' ? "" : "\n");
  }
}

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + path + " for reading");
  std::string data;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > max_bytes) {
      return Status::InvalidArgument("file_too_large",
                                     path + " is larger than " + std::to_string(max_bytes >> 20) +
                                         " MiB");
    }
  }
  if (in.bad()) return Status::IoError("cannot read " + path);
  return data;
}

Result<Event> ChosenEvent(Store& store, const std::optional<std::string>& event_id) {
  return event_id ? store.GetEvent(*event_id) : store.CurrentEvent();
}

Result<Person> FindPerson(Store& store, const std::string& who,
                          const std::optional<std::string>& event_id) {
  if (IsCanonicalUuid(who)) return store.GetPerson(who);
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, event_id));
  return store.FindByConfirmationCode(e.id, who);
}

int Run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
        const Environment& env) {
  bool json = false;
  std::optional<std::string> db;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--db" || a.rfind("--db=", 0) == 0) {
      if (a == "--db" && i + 1 >= argv.size()) {
        PrintError(err, json, Status::InvalidArgument("usage", "--db needs a path"));
        return 2;
      }
      db = a == "--db" ? argv[++i] : a.substr(5);
      if (db->empty()) {
        PrintError(err, json, Status::InvalidArgument("usage", "--db needs a path"));
        return 2;
      }
    } else if (a == "--help" || a == "-h" || a == "help") {
      out << Help();
      return 0;
    } else if (a == "--version") {
      out << "kioskctl " << kVersion << "\n";
      return 0;
    } else {
      break;
    }
  }
  if (i == argv.size()) {
    err << Help();
    return 2;
  }
  // Longest match of the command words ("event create" before "event").
  const std::vector<CommandInfo> commands = AllCommands();
  const CommandInfo* chosen = nullptr;
  size_t used = 0;
  for (const CommandInfo& c : commands) {
    std::istringstream words(c.words);
    std::string w;
    size_t n = 0;
    bool match = true;
    while (words >> w) {
      if (i + n >= argv.size() || argv[i + n] != w) {
        match = false;
        break;
      }
      ++n;
    }
    if (match && n > used) {
      chosen = &c;
      used = n;
    }
  }
  if (chosen == nullptr) {
    PrintError(err, json,
               Status::InvalidArgument("usage", "unknown command \"" + argv[i] +
                                                    "\"; run kioskctl --help for the list"));
    return 2;
  }
  std::vector<std::string> rest(argv.begin() + static_cast<long>(i + used), argv.end());
  for (const std::string& r : rest) {
    if (r == "--help") {
      out << "Usage: kioskctl " << chosen->usage << "\n";
      return 0;
    }
    if (r == "--json") json = true;
  }
  std::erase(rest, std::string("--json"));
  Context ctx{out, json, db ? *db : DefaultStorePath(env), env};
  Status s;
  try {
    s = chosen->run(ctx, rest);
  } catch (const std::exception& e) {
    // Not expected: the store reports errors as values. Say so plainly without a trace.
    s = Status::Internal(std::string("unexpected failure: ") + e.what());
  }
  if (s.ok()) return 0;
  PrintError(err, json, s);
  return s.reason() == "usage" ? 2 : 1;
}

}  // namespace stem::ctl
