// stem-old-store PATH VERSION: writes a kiosk store at an older schema version, as an earlier
// release would have left it: the device identity, a camp in use, a session and an audit
// record. installer/package-smoke.sh opens it with the installed kioskctl to check that an
// upgrade migrates the store and keeps its data. Exit status 0, or 1 with one line on stderr.
#include <cstdlib>
#include <iostream>
#include <string>

#include "data/store/store.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: stem-old-store PATH VERSION\n";
    return 2;
  }
  int version = std::atoi(argv[2]);
  if (version < 1) {
    std::cerr << "stem-old-store: VERSION must be 1 or more\n";
    return 2;
  }
  auto fail = [](const stem::Status& s) {
    std::cerr << "stem-old-store: " << s.ToString() << "\n";
    return 1;
  };
  stem::Result<stem::Store> store = stem::Store::CreateAtVersionForTest(argv[1], version, {});
  if (!store.ok()) return fail(store.status());
  stem::Result<stem::Event> event = store->CreateEvent(
      stem::NewEvent{"Robotics Camp", "camp", "2026-07-06", "2026-07-10", "Eastside Library"});
  if (!event.ok()) return fail(event.status());
  stem::Result<stem::Activity> activity = store->AddActivity(event->id, {"Build a rover", 12});
  if (!activity.ok()) return fail(activity.status());
  if (stem::Status s = store->UseEvent(event->id); !s.ok()) return fail(s);
  stem::Result<stem::RecordRef> audit = store->Audit("written_by_old_version", {{"version", version}});
  if (!audit.ok()) return fail(audit.status());
  std::cout << event->id << "\n";
  return 0;
}
