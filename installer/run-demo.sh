#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds the kiosk, and runs a day at a demo camp on the
# embedded SQLite store: create the event, import the roster, find students, check them in
# and out with pickup codes, save a survey, show the status and export the records.
# The demo store is made anew on each run at $XDG_DATA_HOME/stem-kiosk/demo/kiosk.db.
set -euo pipefail
cd "$(dirname "$0")/.."

bash installer/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target kioskctl

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
demo_dir="$data_home/stem-kiosk/demo"
export STEM_KIOSK_DB="$demo_dir/kiosk.db"
rm -f "$STEM_KIOSK_DB" "$STEM_KIOSK_DB-wal" "$STEM_KIOSK_DB-shm"
mkdir -p "$demo_dir"
kioskctl() { ./build/kiosk/ctl/kioskctl "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n$ kioskctl %s\n' "$1" "${*:2}"; kioskctl "${@:2}"; }

step "Create the kiosk's store" init
today=$(date +%F)
printf '\n\033[1m== Create today'"'"'s camp and choose it for this kiosk\033[0m\n'
event=$(kioskctl event create --name "Robotics Summer Camp" --kind camp --start "$today" \
  --venue "Eastside Public Library" --use)
echo "event $event"
step "Add a session with 12 places" activity add --name "Build a rover" --capacity 12
step "Import the roster the nonprofit sent" roster import data/samples/demo-roster.csv
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
step "Export every record on this kiosk" export --format csv --out "$demo_dir/records.csv"
printf '\nDemo store: %s\nExport:     %s\n' "$STEM_KIOSK_DB" "$demo_dir/records.csv"
