#!/usr/bin/env bash
# Builds the two Debian packages in BUILD_DIR (cpack), installs them with apt-get, and then,
# through the installed binaries only (/usr/bin/stem-hub, /usr/bin/kioskctl):
#   - checks the packages' contents, dependencies and conffile, and the systemd units
#     (systemd-analyze verify, when available);
#   - starts the hub on loopback with a temporary database, adds a device, enrolls a kiosk,
#     saves a registration, a check-in, a survey and a check-out, syncs, exports from the hub
#     and compares the export with what the kiosk saved, field by field;
#   - takes a backup of the running hub and checks it holds the same records;
#   - upgrades: a kiosk store written by an older schema and a hub database of an older
#     schema are opened by the installed binaries and keep their data.
# Exits non-zero on any mismatch. Idempotent (reinstalls the same version); needs root or
# sudo. Does not start the systemd units (CI has no systemd).
#
#   bash installer/package-smoke.sh build
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/CPackConfig.cmake" ]; then
  echo "usage: bash installer/package-smoke.sh BUILD_DIR (a configured and built build directory)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi

fail() { echo "package-smoke: FAIL: $*" >&2; exit 1; }
say() { printf 'package-smoke: %s\n' "$*"; }
started=$(date +%s)

# --- build the packages ---------------------------------------------------------------------
say "building the packages in $build"
cmake --build "$build" -j"$(nproc)" --target stem-kiosk kioskctl stem-hub stem-old-store >/dev/null
rm -f "$build"/stem-kiosk_*.deb "$build"/stem-hub_*.deb
(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack failed"
kiosk_deb=$(ls "$build"/stem-kiosk_*.deb)
hub_deb=$(ls "$build"/stem-hub_*.deb)
say "built $(basename "$kiosk_deb") ($(du -k "$kiosk_deb" | cut -f1) KiB), $(basename "$hub_deb") ($(du -k "$hub_deb" | cut -f1) KiB)"

contents() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
expect_file() {
  contents "$1" | grep -qx "$2" || fail "$(basename "$1") does not contain $2"
}
for f in /usr/bin/stem-kiosk /usr/bin/kioskctl /usr/sbin/stem-kiosk-session \
         /usr/share/locale/es/LC_MESSAGES/stem-kiosk.mo /usr/share/applications/stem-kiosk.desktop \
         /usr/share/icons/hicolor/scalable/apps/stem-kiosk.svg \
         /usr/lib/systemd/system/stem-kiosk-session.service /usr/share/doc/stem-kiosk/README.md; do
  expect_file "$kiosk_deb" "$f"
done
for f in /usr/bin/stem-hub /usr/lib/systemd/system/stem-hub.service /etc/stem-hub/stem-hub.conf \
         /usr/share/stem-hub/nginx/stem-hub.conf; do
  expect_file "$hub_deb" "$f"
done
dpkg-deb -f "$kiosk_deb" Depends | grep -q 'libwxgtk3.2' || fail "stem-kiosk does not depend on wxGTK"
dpkg-deb -f "$kiosk_deb" Recommends | grep -q 'cage' || fail "stem-kiosk does not recommend cage"
dpkg-deb -f "$hub_deb" Depends | grep -q 'libsqlite3-0' || fail "stem-hub does not depend on libsqlite3"
dpkg-deb --ctrl-tarfile "$hub_deb" | tar -xO ./conffiles | grep -qx /etc/stem-hub/stem-hub.conf ||
  fail "stem-hub.conf is not a conffile"

# --- install ---------------------------------------------------------------------------------
say "installing both packages"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y -q --reinstall --no-install-recommends "$hub_deb" "$kiosk_deb" \
  >/tmp/package-smoke-apt.log 2>&1 || { cat /tmp/package-smoke-apt.log >&2; fail "apt-get install failed"; }
for b in /usr/bin/stem-hub /usr/bin/kioskctl /usr/bin/stem-kiosk; do
  [ -x "$b" ] || fail "$b is not installed"
done
getent passwd stem-hub >/dev/null || fail "the stem-hub user was not created"
getent passwd stem-kiosk >/dev/null || fail "the stem-kiosk user was not created"
[ "$(stat -c %U /var/lib/stem-hub)" = stem-hub ] || fail "/var/lib/stem-hub is not owned by stem-hub"
/usr/bin/stem-hub --help | grep -q 'backup OUT.db' || fail "the installed stem-hub is not this build's"
if ldd /usr/bin/stem-kiosk | grep -q 'not found'; then fail "stem-kiosk misses a library"; fi

if command -v systemd-analyze >/dev/null 2>&1; then
  units=(/usr/lib/systemd/system/stem-hub.service)
  if command -v cage >/dev/null 2>&1; then units+=(/usr/lib/systemd/system/stem-kiosk-session.service); fi
  out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "${units[@]}" 2>&1 || true)
  # Only lines about our units count (a container's missing system units are not ours).
  if echo "$out" | grep -E 'stem-(hub|kiosk-session)\.service' >&2; then
    fail "systemd-analyze verify found problems in the units"
  fi
  say "systemd-analyze verify: ${#units[@]} unit(s) clean"
fi
/usr/bin/stem-hub status --config /etc/stem-hub/stem-hub.conf --db /nonexistent/x.db >/dev/null 2>&1 &&
  fail "stem-hub accepted a missing database"
grep -v '^#' /etc/stem-hub/stem-hub.conf | grep -q 'db = /var/lib/stem-hub/hub.db' ||
  fail "the installed stem-hub.conf has no db setting"

# --- a day through the installed binaries ----------------------------------------------------
work=$(mktemp -d)
hub_pid=
cleanup() {
  if [ -n "$hub_pid" ] && kill -0 "$hub_pid" 2>/dev/null; then kill -TERM "$hub_pid"; wait "$hub_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
hub() { /usr/bin/stem-hub "$@" --db "$work/hub.db"; }
k() { /usr/bin/kioskctl --db "$work/kiosk.db" "$@"; }

# The hub reads its settings from a config file, as the service does.
printf 'db = %s\nlisten = 127.0.0.1:0\n' "$work/hub.db" >"$work/hub.conf"
/usr/bin/stem-hub serve --config "$work/hub.conf" >"$work/hub.out" 2>"$work/hub.log" &
hub_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/hub.out" 2>/dev/null && break
  kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.log" >&2; fail "stem-hub serve exited"; }
  sleep 0.1
done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/hub.out")
[ -n "$port" ] || fail "stem-hub did not say where it listens"
say "hub listening on 127.0.0.1:$port"

code=$(hub device add "Smoke kiosk")
k init >/dev/null
event=$(k event create --name "Smoke Camp" --kind camp --start "$(date +%F)" --use)
cat >"$work/roster.csv" <<'CSV'
first_name,last_name,birth_date,grade,guardian_first_name,guardian_last_name,phone,confirmation_code
José,García,2014-03-12,6,María,García,(555) 201-4410,RG7K2
Minh,Nguyễn,2015-01-05,5,Lan,Nguyễn,(555) 201-9932,NX4P8
CSV
k roster import "$work/roster.csv" >/dev/null
k enroll "http://127.0.0.1:$port" "$code" >/dev/null
k register --first Amara --last "O'Neil" --grade 4 --guardian-first Zoe --phone 5552017788 >/dev/null
pickup=$(k --json checkin RG7K2 --volunteer Dana | sed -n 's/.*"pickup_code": *"\([^"]*\)".*/\1/p')
[ -n "$pickup" ] || fail "check-in gave no pickup code"
k checkin RG7K2 >/dev/null 2>&1 && fail "a second check-in was accepted"
printf '{"child_had_fun": "5", "child_learned": "4", "recommend": 10, "liked_most": "El robot, \\"claro\\"", "improve": "Más tiempo"}\n' >"$work/survey.json"
k submit --form post-event-survey --answers "$work/survey.json" >/dev/null
k checkout RG7K2 --code "$pickup" --volunteer Dana >/dev/null
k sync >/dev/null
k sync status >"$work/sync-status.txt"
grep -q '^Waiting: *0 records' "$work/sync-status.txt" && grep -q '^Quarantined: *0 records' "$work/sync-status.txt" ||
  { cat "$work/sync-status.txt" >&2; fail "records are still waiting or quarantined after sync"; }

k export --format records --out "$work/kiosk.csv" >/dev/null
hub export --format json --out "$work/hub.json" >/dev/null
hub export --event "$event" --format json --out "$work/hub-event.json" >/dev/null
compare() {  # kiosk.csv and a hub JSON export hold the same records, field by field
  sqlite3 :memory: <<SQL
.bail on
.import --csv $work/kiosk.csv kiosk
CREATE TABLE hub AS SELECT json_extract(value, '\$.device_id') AS device_id,
  json_extract(value, '\$.seq') AS seq, json_extract(value, '\$.id') AS id,
  json_extract(value, '\$.type') AS type, json_extract(value, '\$.event_id') AS event_id,
  json_extract(value, '\$.person_id') AS person_id, json_extract(value, '\$.supersedes') AS supersedes,
  json_extract(value, '\$.created_at') AS created_at, json(json_extract(value, '\$.payload')) AS payload
  FROM json_each(readfile('$1'));
SELECT (SELECT count(*) FROM kiosk), (SELECT count(*) FROM hub),
  (SELECT count(*) FROM (SELECT device_id, CAST(seq AS INTEGER), id, type, event_id, person_id, supersedes, created_at, json(payload) FROM kiosk
                        EXCEPT SELECT device_id, seq, id, type, event_id, person_id, supersedes, created_at, payload FROM hub)),
  (SELECT count(*) FROM (SELECT device_id, seq, id, type, event_id, person_id, supersedes, created_at, payload FROM hub
                        EXCEPT SELECT device_id, CAST(seq AS INTEGER), id, type, event_id, person_id, supersedes, created_at, json(payload) FROM kiosk)),
  (SELECT count(*) FROM kiosk WHERE acked <> 'yes');
SQL
}
result=$(compare "$work/hub.json")
IFS='|' read -r n_kiosk n_hub only_kiosk only_hub unacked <<<"$result"
say "kiosk saved $n_kiosk records; hub exported $n_hub; differing: $only_kiosk kiosk-only, $only_hub hub-only; unacked: $unacked"
[ "$n_kiosk" -ge 5 ] || fail "the kiosk saved only $n_kiosk records"
[ "$n_kiosk" = "$n_hub" ] && [ "$only_kiosk" = 0 ] && [ "$only_hub" = 0 ] && [ "$unacked" = 0 ] ||
  fail "the hub's export differs from what the kiosk saved"
for type in registration checkin checkout form_response; do
  grep -q "\"type\":\"$type\"" "$work/hub-event.json" || fail "no $type record of the event reached the hub"
done

# The nonprofit's tables, as the installed hub writes them: an Excel workbook and CSV files.
hub export --event "$event" --format xlsx --out "$work/event.xlsx" >/dev/null
hub export --event "$event" --format csv --out "$work/event-csv" >/dev/null
[ -s "$work/event.xlsx" ] || fail "the XLSX export is empty"
for table in people attendance post-event-survey; do
  [ -s "$work/event-csv/$table.csv" ] || fail "the CSV export has no $table table"
done
grep -q '"Amara"' "$work/event-csv/people.csv" || fail "the walk-up is not in the people table"
grep -q 'pickup code' "$work/event-csv/attendance.csv" || fail "the check-out is not in attendance"

# A backup of the running hub holds the same records.
# A staff account with a password from a file; the audit log names the change.
printf 'robots on the moon\n' > "$work/admin.pw"
hub user add admin@example.org --role admin --password-file "$work/admin.pw" >/dev/null
hub user list | grep -q "^admin@example.org	admin	active" || fail "the staff account is not listed"
hub audit | grep -q "user_added" || fail "the audit log lacks the new account"
hub backup "$work/backup.db" >/dev/null
/usr/bin/stem-hub export --format json --db "$work/backup.db" --out "$work/backup.json" >/dev/null
[ "$(compare "$work/backup.json" | cut -d'|' -f2-4)" = "$n_hub|0|0" ] || fail "the backup differs from the hub"
hub backup "$work/backup.db" >/dev/null 2>&1 && fail "stem-hub backup overwrote an existing file"

kill -TERM "$hub_pid"
wait "$hub_pid" || fail "stem-hub did not stop cleanly on SIGTERM"
hub_pid=

# --- upgrades keep data ----------------------------------------------------------------------
latest=$(sqlite3 "$work/kiosk.db" 'PRAGMA user_version')
"$build/tests/stem-old-store" "$work/old-kiosk.db" 1 >/dev/null
/usr/bin/kioskctl --db "$work/old-kiosk.db" check >/dev/null || fail "kioskctl could not open a version-1 store"
/usr/bin/kioskctl --db "$work/old-kiosk.db" event list | grep -q 'Robotics Camp' || fail "the old store lost its event"
[ "$(sqlite3 "$work/old-kiosk.db" 'PRAGMA user_version')" = "$latest" ] || fail "the old store was not migrated"
[ "$(sqlite3 "$work/old-kiosk.db" "SELECT count(*) FROM records WHERE type = 'audit'")" -ge 1 ] ||
  fail "the old store lost its records"

# Version 6's tables (sessions, the sign-in throttle, people's search words, kiosks' last
# call), version 7's (scholarship reviews, hub settings) and version 8's (the overview's counts).
drop_v6="DROP TRIGGER people_counted; DROP TRIGGER people_uncounted; DROP TRIGGER people_recounted;
  DROP TRIGGER responses_counted; DROP TRIGGER responses_uncounted; DROP TRIGGER responses_recounted;
  DROP TABLE event_students; DROP TABLE event_form_responses; DROP TABLE sessions; DROP TABLE signin_failures; DROP TABLE person_words;
  ALTER TABLE devices DROP COLUMN last_seen_at;
  DROP TABLE reviews; DROP TABLE review_history; DROP TABLE settings;
  DROP TABLE api_tokens; ALTER TABLE devices DROP COLUMN app_version; ALTER TABLE devices DROP COLUMN waiting;
  ALTER TABLE devices DROP COLUMN quarantined; ALTER TABLE devices DROP COLUMN reported_at;"
# A hub database of schema 3 (before it kept the events made on kiosks, and staff accounts):
# migrated on start,
# the kiosk's event is listed from the record that reported it.
cp "$work/backup.db" "$work/v3-hub.db"
sqlite3 "$work/v3-hub.db" "$drop_v6 DROP TABLE signin_links; DROP TABLE users; DROP TABLE audit_log;
  DELETE FROM events WHERE source = 'kiosk'; DROP TABLE published_forms;
  ALTER TABLE events DROP COLUMN device_id; ALTER TABLE events DROP COLUMN venue;
  PRAGMA user_version = 3;"
/usr/bin/stem-hub event list --db "$work/v3-hub.db" | grep -q "^$event	Smoke Camp	camp	.*	made on kiosk" ||
  fail "the migrated hub does not list the kiosk's event"
# Everyone known before version 6 can be searched for on the staff pages.
[ "$(sqlite3 "$work/v3-hub.db" "SELECT count(DISTINCT person_id) FROM person_words")" = \
  "$(sqlite3 "$work/v3-hub.db" "SELECT count(*) FROM people")" ] ||
  fail "the migrated hub did not index its people for search"
# The overview's counts are filled from the rows already there.
[ "$(sqlite3 "$work/v3-hub.db" "SELECT coalesce(sum(n), 0) FROM event_students")" = \
  "$(sqlite3 "$work/v3-hub.db" "SELECT count(*) FROM people WHERE role = 'student'")" ] ||
  fail "the migrated hub did not count its students for the overview"

# A hub database of schema 1 (before the published roster): the hub migrates it on start.
cp "$work/backup.db" "$work/old-hub.db"
# Back to version 1: no roster (v2), no read model (v3), no kiosk events or published forms
# (v4), no staff accounts (v5), no staff pages (v6).
sqlite3 "$work/old-hub.db" "$drop_v6 DROP TABLE signin_links; DROP TABLE users; DROP TABLE audit_log;
  DELETE FROM events WHERE source = 'kiosk'; DROP TABLE published_forms;
  ALTER TABLE events DROP COLUMN device_id; ALTER TABLE events DROP COLUMN venue;
  DROP TABLE roster; DROP TABLE forms; DROP TABLE people;
  DROP TABLE checkins; DROP TABLE checkouts; DROP TABLE responses; DROP TABLE questions;
  DROP TABLE answers; ALTER TABLE events DROP COLUMN source; PRAGMA user_version = 1;"
before=$(sqlite3 "$work/old-hub.db" 'SELECT count(*) FROM records')
/usr/bin/stem-hub status --db "$work/old-hub.db" | grep -qx "records $before" || fail "the old hub database lost records"
[ "$(sqlite3 "$work/old-hub.db" 'PRAGMA user_version')" -ge 3 ] || fail "the old hub database was not migrated"
# The migration built the tables from the records already there.
/usr/bin/stem-hub export --db "$work/old-hub.db" --format csv --out "$work/old-hub-tables" >/dev/null
grep -q '"Amara"' "$work/old-hub-tables/people.csv" || fail "the migrated hub's people table lacks the walk-up"
grep -q 'pickup code' "$work/old-hub-tables/attendance.csv" || fail "the migrated hub's attendance lacks the check-out"
/usr/bin/stem-hub event list --db "$work/old-hub.db" | grep -q "^$event	Smoke Camp	camp	" ||
  fail "the hub migrated from version 1 does not list the kiosk's event"
say "upgrades: kiosk store v1 -> v$latest and hub database v1 -> v$(sqlite3 "$work/old-hub.db" 'PRAGMA user_version') kept their data"

say "OK in $(( $(date +%s) - started )) s"
