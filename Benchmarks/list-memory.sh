#!/usr/bin/env bash
# Memory of a long list: one user with ENTRIES time entries (default 100,000), then
# `GET /timemagic/api/time_entries` eight times at once and once more; prints the answer's size
# and pomod's peak RSS (VmHWM) before and after. The list is streamed a page at a time, so the
# peak should not grow with ENTRIES.
#   ./Benchmarks/list-memory.sh
#   ENTRIES=10000 POMOD=/path/to/other/pomod ./Benchmarks/list-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=${ENTRIES:-100000}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null' EXIT INT TERM

start_bench_pomod "" POMO_TIMEMAGIC_RATE_LIMIT=100000
python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users 1 --sessions 0 --entries "$ENTRIES" \
  --sqlite "$data/pomo.sqlite" --tokens "$data/tokens" >/dev/null
jwt=$(cut -d' ' -f2 "$data/tokens")
hwm() { awk '$1 == "VmHWM:" {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"; }
before=$(hwm)
pids=""
for _ in 1 2 3 4 5 6 7 8; do
  curl -s -o /dev/null -H "Authorization: Bearer $jwt" "http://127.0.0.1:$port/timemagic/api/time_entries" &
  pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
size=$(curl -s -H "Authorization: Bearer $jwt" "http://127.0.0.1:$port/timemagic/api/time_entries" | wc -c)
echo "$ENTRIES entries: answer $size bytes; peak RSS $before before, $(hwm) after eight lists at once and one more"
stop_bench_pomod
