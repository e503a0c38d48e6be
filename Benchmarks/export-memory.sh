#!/usr/bin/env bash
# Time and memory of a large export: one user with ROWS completed sessions (default 1,000,000),
# then `GET /api/v1/exports/sessions` as CSV and as JSON; prints each answer's size, the time it
# took and pomod's peak RSS (VmHWM) before and after, sampled during the export too. Exports are
# streamed a page of 1,000 rows at a time, so the peak should not grow with ROWS.
#   ./Benchmarks/export-memory.sh
#   ROWS=100000 ./Benchmarks/export-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null' EXIT INT TERM

start_bench_pomod ""
python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users 1 --sessions "$ROWS" --entries 0 \
  --sqlite "$data/pomo.sqlite" --tokens "$data/tokens" >/dev/null
jwt=$(cut -d' ' -f2 "$data/tokens")
hwm() { awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
rss() { awk '$1 == "VmRSS:" {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
echo "$ROWS sessions; pomod peak RSS before: $(hwm) MB"
for format in csv json; do
  peak=0
  start=$(date +%s.%N)
  curl -s -o "$data/export.$format" -H "Authorization: Bearer $jwt" \
    "http://127.0.0.1:$port/api/v1/exports/sessions?format=$format" &
  fetch=$!
  while kill -0 "$fetch" 2>/dev/null; do
    now=$(rss)
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.2
  done
  wait "$fetch"
  seconds=$(python3 -c "import time,sys; print(round(time.time() - float(sys.argv[1]), 1))" "$start")
  size=$(wc -c <"$data/export.$format")
  lines=$(wc -l <"$data/export.$format")
  echo "$format: $size bytes ($lines lines) in $seconds s; RSS during it at most $peak MB; peak RSS since start $(hwm) MB"
done
stop_bench_pomod
