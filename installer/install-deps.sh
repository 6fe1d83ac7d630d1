#!/usr/bin/env bash
# Installs every Debian package that building, testing and running the kiosk needs.
# Idempotent and non-interactive: when everything is already installed it touches nothing
# (and needs no network); otherwise it installs only from Debian's archive through apt-get.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ca-certificates
  libsqlite3-dev sqlite3
  nlohmann-json3-dev
  libsodium-dev
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev
  # sync: client and hub (the hub's event-driven front door: libmicrohttpd, TLS by GnuTLS;
  # nginx in front of it in the proxy test; openssl makes the tests' certificates)
  libcurl4-openssl-dev zlib1g-dev libmicrohttpd-dev libssl-dev openssl nginx curl
  # the hub's read model (simdjson parses each payload once at ingest), its Excel exports,
  # and the tests that read exports back independently
  libsimdjson-dev libxlsxwriter-dev python3 python3-openpyxl
  # the hub's staff pages (mustache templates) and their tests in a real browser
  libkainjow-mustache-dev chromium chromium-driver python3-selenium
  # the hub on PostgreSQL (libpq), and the PostgreSQL 15 server its tests start a throwaway
  # cluster of (initdb and pg_ctl; the packaged cluster is not used)
  libpq-dev postgresql-15
  # badges and pickup stubs: drawn with cairo and pango, QR codes by libqrencode, printed
  # through CUPS (libcups); the tests read labels back with poppler and zbar and print
  # through a throwaway cupsd
  libcairo2-dev libpango1.0-dev libqrencode-dev libcups2-dev
  poppler-utils zbar-tools cups-daemon cups-client
  # the touchscreen app, its translations, and its tests under a virtual display
  libwxgtk3.2-dev gettext xvfb xauth fonts-dejavu-core
  # a barcode scanner's keystrokes in the desk's UI test (real X key events, at its pace)
  xdotool
  # the kiosk session's compositor: its test runs the app full screen under cage
  cage xwayland
  # the Debian packages: cpack's dpkg-shlibdeps (installer/package-smoke.sh)
  dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-deps: these packages are missing and I am not root (no sudo): ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
