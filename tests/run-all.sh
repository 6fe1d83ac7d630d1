#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds everything and runs the whole test suite through
# CTest; then builds the Debian packages, installs them and smoke-tests the installed binaries;
# then builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit and
# end-to-end suites a second time. Exit status is non-zero when any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== run-all: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "dependencies"
bash installer/install-deps.sh
step "build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
step "tests"
ctest --test-dir build --output-on-failure -j"$(nproc)"
step "packages: build, install, smoke test through the installed binaries"
bash installer/package-smoke.sh build
step "tests again under ASan + UBSan"
bash tests/run-sanitized.sh build-asan
step "all passed"
