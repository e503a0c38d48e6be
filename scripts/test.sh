#!/usr/bin/env bash
# Runs every test: the whole Swift suite against SQLite files and against a throwaway PostgreSQL
# cluster started from the machine's own binaries (installed with apt-get when missing), which
# is stopped afterwards, also on failure; then the web app in headless Chromium
# (scripts/web-test.sh installs chromium, chromium-driver and Selenium when missing), then
# schemathesis against /openapi.json (scripts/fuzz.sh, in its own virtual environment), and the
# calendar feed in icalendar, vdirsyncer and khal (scripts/calendar-test.sh), the MCP endpoint
# through the official Python SDK (scripts/mcp-test.sh), and three pomods behind nginx
# (scripts/cluster-test.sh, which installs Debian's nginx when missing), and the container image
# (scripts/container-test.sh: Debian's docker.io and debootstrap, installed when missing).
#   ./scripts/test.sh                 # everything
#   ./scripts/test.sh --filter Hub    # extra arguments go to `swift test`
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-cluster.sh
trap pg_cluster_stop EXIT INT TERM

# node runs the Game doc's JavaScript example against a live server (SeedExampleTests).
source scripts/debian-packages.sh
command -v node >/dev/null 2>&1 || debian_install "the JavaScript example test" nodejs
# tmux is the real terminal the CLI's countdown is tested in (CLITerminalTests).
command -v tmux >/dev/null 2>&1 || debian_install "the terminal test of the CLI" tmux

start=$(date +%s)
swift build --build-tests
built=$(date +%s)
echo "test.sh: build took $((built - start)) s"

pg_cluster_start
export POMO_TEST_REQUIRE_POSTGRES=1

log=$(mktemp /tmp/pomo-test-log.XXXXXX)
set +e
# One test at a time: on a 2-core machine the parallel run starves the in-process servers that
# the process, terminal and slow-client tests talk to over real sockets, and their timing fails.
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo "test.sh: tests took $(($(date +%s) - built)) s (SQLite and PostgreSQL $PG_CLUSTER_PORT)"

# run_suite WHAT SCRIPT: one of the suites below, its output added to the log; a failure's
# status becomes the run's.
run_suite() {
  local started suite_status
  started=$(date +%s)
  set +e
  "$2" 2>&1 | tee -a "$log"
  suite_status=${PIPESTATUS[0]}
  set -e
  echo "test.sh: $1 took $(($(date +%s) - started)) s"
  if [ "$suite_status" -ne 0 ]; then status=$suite_status; fi
}

# The suites outside Swift, each against the pomod just built. Skipped when the run was narrowed
# with arguments (e.g. --filter), since those name Swift tests.
if [ "$#" -eq 0 ]; then
  run_suite "browser tests" ./scripts/web-test.sh        # the web app in a headless Chromium
  run_suite "calendar tests" ./scripts/calendar-test.sh  # the feed in icalendar, vdirsyncer, khal
  run_suite "MCP tests" ./scripts/mcp-test.sh            # the official Python SDK
  run_suite "cluster tests" ./scripts/cluster-test.sh    # three pomods behind nginx, one killed
  # The container image on a debootstrapped Debian (it links its pomod in a build folder apart).
  run_suite "container tests" ./scripts/container-test.sh

  # schemathesis against /openapi.json: no 5xx, no undocumented status, no body off its schema.
  fuzz_start=$(date +%s)
  set +e
  ./scripts/fuzz.sh > "$log.fuzz" 2>&1
  fuzz_status=$?
  set -e
  tail -n 25 "$log.fuzz"
  if [ "$fuzz_status" -eq 0 ]; then
    echo "✔ fuzz: every operation of /openapi.json passed after $(($(date +%s) - fuzz_start)) s" | tee -a "$log"
  else
    cat "$log.fuzz"
    echo "✘ fuzz: schemathesis found failures after $(($(date +%s) - fuzz_start)) s" | tee -a "$log"
    status=$fuzz_status
  fi
  rm -f "$log.fuzz"
fi

# One plain closing line, counted from Swift Testing's per-test results and the other suites' steps.
suites='web|fuzz|mcp|cluster|container'
passed=$(grep -E "^✔ (Test|($suites):) .* passed|^✔ calendar:" "$log" | grep -vc '^✔ Test run ' || true)
failed=$(grep -E "^✘ (Test|($suites):) .* failed|^✘ calendar:" "$log" | grep -vc '^✘ Test run ' || true)
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
exit "$status"
