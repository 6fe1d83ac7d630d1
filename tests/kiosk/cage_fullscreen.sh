#!/usr/bin/env bash
# stem-kiosk in kiosk mode (no --windowed) fills the screen under the cage kiosk compositor,
# as the kiosk session runs it. cage runs on wlroots' headless backend (a 1280x720 output) and
# the app speaks Wayland to it; WAYLAND_DEBUG logs what the app tells the compositor, and the
# test passes when the app's window geometry becomes the whole output and stays so.
# (A frame without a resize border stayed at its first size, 400x480, under cage.)
#   bash tests/kiosk/cage_fullscreen.sh STEM_KIOSK KIOSKCTL
# cage refuses to run as root: as root, the test runs cage and the app as the user nobody.
set -euo pipefail
kiosk="$1"
kioskctl="$2"
for tool in cage Xwayland; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "cage_fullscreen: $tool is missing (installer/install-deps.sh installs it)" >&2
    exit 1
  fi
done

dir="$(mktemp -d)"
cage_pid=""
cleanup() {
  if [ -n "$cage_pid" ]; then kill "$cage_pid" 2>/dev/null || true; wait "$cage_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

"$kioskctl" --db "$dir/kiosk.db" init >/dev/null
"$kioskctl" --db "$dir/kiosk.db" event create --name "Cage fair" --kind fair \
  --start "$(date +%F)" --use >/dev/null
# The app is copied next to its store, so that nobody can run it wherever the build lives.
cp "$kiosk" "$dir/stem-kiosk"
mkdir "$dir/run"
chmod 0700 "$dir/run"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R nobody "$dir"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi

log="$dir/wayland.log"
env XDG_RUNTIME_DIR="$dir/run" WLR_BACKENDS=headless WLR_RENDERER=pixman \
  WLR_LIBINPUT_NO_DEVICES=1 GDK_BACKEND=wayland WAYLAND_DEBUG=client HOME="$dir" \
  "${as_user[@]}" cage -d -- "$dir/stem-kiosk" --db "$dir/kiosk.db" >"$log" 2>&1 &
cage_pid=$!

full="set_window_geometry(0, 0, 1280, 720)"
for _ in $(seq 1 300); do
  if grep -qF "$full" "$log"; then break; fi
  if ! kill -0 "$cage_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
sleep 1  # the window must stay full screen, not shrink back after its first resize
geometries="$(grep -o 'set_window_geometry([^)]*)' "$log" || true)"
last="$(printf '%s\n' "$geometries" | tail -n 1)"
if [ "$last" != "$full" ]; then
  echo "cage_fullscreen: stem-kiosk did not fill cage's 1280x720 output." >&2
  echo "Window geometries it set, in order:" >&2
  printf '%s\n' "$geometries" | uniq -c >&2
  grep -v '^\[' "$log" | tail -n 20 >&2 || true
  exit 1
fi
if ! grep -q 'xdg_toplevel@[0-9]*\.set_fullscreen' "$log"; then
  echo "cage_fullscreen: stem-kiosk never asked to be full screen" >&2
  exit 1
fi
echo "cage_fullscreen: stem-kiosk fills the 1280x720 output in kiosk mode"
