#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) and runs each one for
# SECONDS (default 20) on a copy of its seed corpus. Fails on any crash or sanitizer report.
#   bash tests/fuzz/run.sh 600      # a longer run on demand
set -euo pipefail
seconds="${1:-20}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${STEM_FUZZ_BUILD:-$root/build-fuzz}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is not installed; run installer/install-deps.sh" >&2
  exit 1
fi
CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for bin in "$build"/*_fuzz; do
  name="$(basename "$bin")"
  mkdir -p "$work/$name"
  if [ -d "$root/tests/fuzz/corpus/${name%_fuzz}" ]; then
    cp -r "$root/tests/fuzz/corpus/${name%_fuzz}/." "$work/$name/"
  fi
  echo "fuzz: $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -artifact_prefix="$work/" "$work/$name" 2>"$work/$name.log" || {
    tail -40 "$work/$name.log" >&2
    echo "fuzz: $name FAILED" >&2
    exit 1
  }
  grep -E '^(Done|#[0-9]+ *DONE)' "$work/$name.log" | tail -1 || true
done
echo "fuzz: all targets ran clean"
