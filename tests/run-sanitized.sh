#!/usr/bin/env bash
# Builds the project with AddressSanitizer + UndefinedBehaviorSanitizer (STEM_SANITIZE=ON) and runs
# the unit and end-to-end suites (data, kioskctl, crash, kiosk core, sync, sync_protocol, and the
# app under Xvfb). Exit status is non-zero when any test fails or any process, including the
# stem-hub and kioskctl children the tests start, reported a sanitizer error or a leak.
#   bash tests/run-sanitized.sh [build-dir]      # default build-asan
# The benchmarks are not tests, and the libFuzzer runs have their own build (tests/fuzz/run.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${1:-$root/build-asan}")"

# -O0 with line tables only (-g1): GCC compiles a file with ASan + UBSan at -O2 -g in about 5x
# the time of the normal build, at -O1 -g1 in 2.5x, at -O0 -g1 in about the same time. The tests
# wait on SQLite and sockets far more than on our code, and the reports still name file and line.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEM_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1 -DNDEBUG" -DSTEM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

# Every ASan/LSan report goes to a file named after the process (reports/asan.<pid>), so a report
# from a child whose exit status a test does not look at (a hub stopped with SIGTERM, say) still
# fails the run. GCC's UBSan ignores log_path and writes to stderr; abort_on_error turns each
# report of either kind into SIGABRT, which no test mistakes for an ordinary exit code 1, and a
# hub or kioskctl that aborts mid-test fails the request the test is waiting on.
reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"

status=0
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" -E '^fuzz_' || status=1

if compgen -G "$reports/*" >/dev/null; then
  for f in "$reports"/*; do
    echo "=== sanitizer report $(basename "$f")" >&2
    cat "$f" >&2
  done
  echo "sanitized tests: sanitizer reports above" >&2
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "sanitized tests: all passed, no sanitizer reports"
fi
exit "$status"
