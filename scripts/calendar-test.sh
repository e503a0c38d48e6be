#!/usr/bin/env bash
# The calendar feed in real iCalendar software (Tests/Calendar/calendar_test.py): PyPI's
# icalendar, vdirsyncer subscribing over HTTP and khal, in a virtual environment under .build/,
# against a throwaway pomod built by `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/throwaway-pomod.sh
venv=.build/calendar-venv
python_venv "$venv" "icalendar, khal, vdirsyncer" "icalendar==7.3.0" "khal==0.14.1" "vdirsyncer==0.21.0"
start_throwaway_pomod calendar
"$venv/bin/python" Tests/Calendar/calendar_test.py "$base"
