#!/usr/bin/env bash
# Runs the web app's browser tests: Debian's chromium and chromium-driver (installed with
# apt-get when missing), Selenium from PyPI in a virtual environment under .build/, and a
# pomod built by `swift build` serving a throwaway SQLite directory on a free loopback port.
# Screenshots of every main page land in .build/web-screenshots/ (override: POMO_SCREENSHOTS).
#   ./scripts/web-test.sh          # expects .build/debug/pomod (scripts/test.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/debian-packages.sh
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  debian_install "the browser tests" chromium chromium-driver
fi
source scripts/throwaway-pomod.sh
venv=.build/web-venv
python_venv "$venv" axe_selenium_python "selenium==4.51.0" "axe-selenium-python==2.1.6"
shots=${POMO_SCREENSHOTS:-.build/web-screenshots}
# The team project's webhook posts to a closed loopback port, and nowhere else.
start_throwaway_pomod web POMO_WEBHOOK_ALLOW_PRIVATE=true POMO_WEBHOOK_HOSTS=127.0.0.1

set +e
SE_OFFLINE=true "$venv/bin/python" Tests/WebApp/webapp_test.py --base "$base" --screenshots "$shots" --data "$data"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "web-test.sh: server log:" >&2
  tail -n 40 "$data/pomod.log" >&2
fi
echo "web-test.sh: screenshots in $shots"
exit "$status"
