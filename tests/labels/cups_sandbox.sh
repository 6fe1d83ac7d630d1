#!/usr/bin/env bash
# A real CUPS scheduler (Debian's cupsd) in a folder of its own, for the printing tests:
# it listens on DIR/cups.sock only (clients: CUPS_SERVER=DIR/cups.sock), and its queues
# print to a backend that keeps every job's document as DIR/jobs/QUEUE-N.pdf.
#   cups_sandbox.sh start DIR QUEUE...   starts it with these queues (enabled, accepting)
#   cups_sandbox.sh stop DIR           stops it (and waits until it has)
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?a folder}
shift 2
if [ "$cmd" = stop ]; then
  if [ -f "$dir/cupsd.pid" ]; then
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$dir/cupsd.pid"
  fi
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR [QUEUE...]" >&2; exit 2; }
command -v cupsd >/dev/null || { echo "cupsd is missing: run installer/install-deps.sh" >&2; exit 1; }
dir=$(realpath -m "$dir")
mkdir -p "$dir"/{etc,spool/tmp,cache,state,log,jobs,bin/backend}
# The scheduler's helper programs are Debian's; the backend is ours. Backends run as the
# file's owner when it is not root-writable only, so it stays 0755 and runs as lp or root.
for d in daemon notifier; do ln -sfn "/usr/lib/cups/$d" "$dir/bin/$d"; done
cat > "$dir/bin/backend/capture" <<'BACKEND'
#!/bin/sh
# capture:/FOLDER: keeps each job's document as FOLDER/QUEUE-JOB.pdf (written, then renamed).
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Keeps each job in a folder"'; exit 0; fi
folder=${DEVICE_URI#capture:}
out="$folder/$PRINTER-$1.pdf"
if [ -n "${6:-}" ]; then cat "$6" > "$out.part"; else cat > "$out.part"; fi
chmod 0644 "$out.part"
mv "$out.part" "$out"
BACKEND
chmod 0755 "$dir/bin/backend/capture"
chmod 0777 "$dir/jobs"
chmod 0755 "$dir"
cat > "$dir/etc/cupsd.conf" <<CONF
Listen $dir/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat > "$dir/etc/cups-files.conf" <<CONF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ServerBin $dir/bin
DataDir /usr/share/cups
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
SystemGroup root
CONF
cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" > "$dir/log/cupsd.out" 2>&1 &
echo $! > "$dir/cupsd.pid"
export CUPS_SERVER="$dir/cups.sock"
# A loaded machine (the test suites run two at a time) can take seconds to start it.
for _ in $(seq 1 400); do
  lpstat -r >/dev/null 2>&1 && break
  sleep 0.05
done
lpstat -r >/dev/null 2>&1 || { echo "cupsd did not start:" >&2; cat "$dir/log/"* >&2; exit 1; }
for q in "$@"; do
  for attempt in $(seq 1 20); do
    if out=$(lpadmin -p "$q" -v "capture:$dir/jobs" -D "Test label printer $q" -E 2>&1); then
      break
    fi
    if [ "$attempt" -eq 20 ]; then
      echo "cups_sandbox: cannot add the queue $q: $out" >&2
      cat "$dir/log/"* >&2
      exit 1
    fi
    sleep 0.25
  done
done
