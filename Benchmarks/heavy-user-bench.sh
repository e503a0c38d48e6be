#!/usr/bin/env bash
# Whether a read's cost grows with one user's history: the reads of Benchmarks/data-bench.sh for
# a single user with 1,000, 10,000 and 100,000 sessions and time entries (SIZES), one after the
# other in one run, so the table shows whether each stays flat.
#   ./Benchmarks/heavy-user-bench.sh
#   SIZES="1000 100000" DATABASES=sqlite DURATION=5s ./Benchmarks/heavy-user-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
export SCENARIOS=${SCENARIOS:-"health userdata lb_all list50 report_day"}
export LATENCY_SCENARIOS=${LATENCY_SCENARIOS:-"userdata report_day"}
for size in $SIZES; do
  echo "## one user, $size sessions and $size time entries"
  USERS=1 PER_USER=$size ./Benchmarks/data-bench.sh
done
