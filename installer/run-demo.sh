#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds the kiosk and prepares a demo camp on the
# embedded SQLite store (event, session, roster, the nonprofit's key for sealed answers),
# then opens the touchscreen app on it in a window:
#
#   bash installer/run-demo.sh          the demo camp in stem-kiosk (needs a display)
#   bash installer/run-demo.sh --cli    a day at the camp scripted with kioskctl instead:
#                                       find students, check them in and out with pickup
#                                       codes, save a survey, show the status, export
#
# The demo store is made anew on each run at $XDG_DATA_HOME/stem-kiosk/demo/kiosk.db.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=app
case "${1:-}" in
  --cli) mode=cli ;;
  "") ;;
  *) echo "usage: bash installer/run-demo.sh [--cli]" >&2; exit 2 ;;
esac
build="${STEM_BUILD_DIR:-build}"

bash installer/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ "$mode" = app ]; then
  cmake --build "$build" -j"$(nproc)" --target kioskctl stem-kiosk
else
  cmake --build "$build" -j"$(nproc)" --target kioskctl
fi

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
demo_dir="$data_home/stem-kiosk/demo"
export STEM_KIOSK_DB="$demo_dir/kiosk.db"
rm -f "$STEM_KIOSK_DB" "$STEM_KIOSK_DB-wal" "$STEM_KIOSK_DB-shm"
mkdir -p "$demo_dir"
kioskctl() { "./$build/kiosk/ctl/kioskctl" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n$ kioskctl %s\n' "$1" "${*:2}"; kioskctl "${@:2}"; }

step "Create the kiosk's store" init
today=$(date +%F)
printf '\n\033[1m== Create today'"'"'s camp and choose it for this kiosk\033[0m\n'
event=$(kioskctl event create --name "Robotics Summer Camp" --kind camp --start "$today" \
  --venue "Eastside Public Library" --use)
echo "event $event"
step "Add a session with 12 places" activity add --name "Build a rover" --capacity 12
step "Import the roster the nonprofit sent" roster import data/samples/demo-roster.csv
printf '\n\033[1m== The nonprofit'"'"'s key pair; the kiosk seals medical notes to its public half\033[0m\n'
public_key=$(kioskctl --json keys generate --out "$demo_dir/nonprofit.key" |
  sed -n 's/.*"public_key": *"\([^"]*\)".*/\1/p')
kioskctl keys use "$public_key"

if [ "$mode" = app ]; then
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "No display to open the kiosk on. Run it from a desktop session, or try --cli." >&2
    exit 1
  fi
  printf '\n\033[1m== Opening the kiosk\033[0m\n'
  echo "First start: tap Admin (bottom right) to set an admin PIN and a volunteer PIN."
  echo "Families tap 'Tap to begin'; volunteers use 'Volunteer desk' with their PIN."
  exec "./$build/kiosk/app/stem-kiosk" --windowed --db "$STEM_KIOSK_DB"
fi

step "A volunteer types 'jose' (no accent)" roster search jose
step "... or the last four digits of a phone" roster search 4410
step "... or 'nguyen' for Nguyễn" roster search nguyen
step "Check José in (by confirmation code)" checkin RG7K2 --volunteer "Dana"
code=$(kioskctl --json checkin NX4P8 --volunteer Dana | sed -n 's/.*"pickup_code": "\(.*\)".*/\1/p')
echo "Minh checked in; pickup code $code"
printf '\n\033[1m== Checking José in again is refused\033[0m\n'
kioskctl checkin RG7K2 || echo "(refused, as it should be)"
printf '\n\033[1m== A wrong pickup code is refused\033[0m\n'
kioskctl checkout NX4P8 --code ZZZZ || echo "(refused, as it should be)"
step "The right code checks Minh out" checkout NX4P8 --code "$code" --volunteer Dana
cat > "$demo_dir/survey.json" <<'JSON'
{"child_had_fun": "5", "child_learned": "4", "recommend": 10,
 "liked_most": "Building the rover", "improve": "Más tiempo para programar"}
JSON
step "A family answers the survey (record id printed after commit)" submit --form post-event-survey \
  --answers "$demo_dir/survey.json"
step "Status" status
rm -f "$demo_dir/camp.xlsx"
step "Export the camp as a spreadsheet (people, attendance, a sheet per form)" export \
  --format xlsx --out "$demo_dir/camp.xlsx"
printf '\nDemo store: %s\nExport:     %s\n' "$STEM_KIOSK_DB" "$demo_dir/camp.xlsx"
