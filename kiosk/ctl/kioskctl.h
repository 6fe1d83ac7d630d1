// kioskctl: headless administration of a kiosk's store, for a nonprofit's IT person and for
// scripts. Run() is the whole program minus main(), so tests call it in-process.
//
// Output: human-readable text, or one JSON document with --json. Errors: one line on stderr
// ("kioskctl: ..." or, with --json, {"error": reason, "message": ...}) and exit code 1
// (2 for a usage mistake). Nothing is written to the store when a command fails.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/status.h"
#include "data/store/store.h"

namespace stem::ctl {

struct Environment {
  std::map<std::string, std::string> vars;  // STEM_KIOSK_DB, XDG_DATA_HOME, HOME
  const Clock* clock = nullptr;             // SystemClock when null
  static Environment FromProcess();
};

// The store path: --db, then $STEM_KIOSK_DB, then $XDG_DATA_HOME/stem-kiosk/kiosk.db,
// then $HOME/.local/share/stem-kiosk/kiosk.db.
std::string DefaultStorePath(const Environment& env);

int Run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
        const Environment& env);

// Shared by the command files.
struct Context {
  std::ostream& out;
  bool json = false;
  std::string db_path;
  const Environment& env;

  Result<Store> OpenStore() const;
  // Prints `text` (plus a newline) or, with --json, `doc`.
  void Print(const std::string& text, const nlohmann::json& doc) const;
};

using Command = std::function<Status(Context&, const std::vector<std::string>&)>;

struct CommandInfo {
  std::string words;  // "event create"
  std::string usage;  // shown by --help
  Command run;
};

std::vector<CommandInfo> EventCommands();
std::vector<CommandInfo> RosterCommands();
std::vector<CommandInfo> RecordCommands();
std::vector<CommandInfo> StoreCommands();
std::vector<CommandInfo> FormCommands();
std::vector<CommandInfo> SyncCommands();
std::vector<CommandInfo> PrintCommands();

// Reads a whole file of at most `max_bytes`.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes);
// A person named on the command line by id or by confirmation code (in --event's event,
// or the current one).
Result<Person> FindPerson(Store& store, const std::string& who,
                          const std::optional<std::string>& event_id);
// The event named by --event, or the current one.
Result<Event> ChosenEvent(Store& store, const std::optional<std::string>& event_id);

}  // namespace stem::ctl
