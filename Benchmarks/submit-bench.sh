#!/usr/bin/env bash
# Benchmark: POST /api/pomodoro/submit under wrk on loopback, with durable commits, against
# SQLite and PostgreSQL. Every request is a new session (fresh UUID), so each is a real insert.
# Each run starts a fresh server and warms it up for WARMUP (not counted) before measuring.
# Group commit shares each fsync among the writes waiting for it, so throughput grows with
# concurrency: by default each database is measured at 32 and at 64 connections.
#   ./Benchmarks/submit-bench.sh            # release build, 10 s per run, 32 and 64 connections
#   DURATION=30s CONNECTIONS="64 128" ./Benchmarks/submit-bench.sh
#   POMOD=/path/to/other/pomod DATABASES=sqlite ./Benchmarks/submit-bench.sh   # another build
# Not part of the test suite: these machines are shared and noisy, so it prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32 64}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null; pg_cluster_stop' EXIT INT TERM

run() {  # $1 = label, $2 = POMO_DATABASE_URL (empty for SQLite), $3 = connections
  start_bench_pomod "$2"
  curl -s "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"bench-password"}' |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["user"]["id"], d["access_token"])' >"$data/tokens"
  SCENARIO=submit TOKENS_FILE=$data/tokens wrk -t"$THREADS" -c"$3" -d"$WARMUP" \
    -s Benchmarks/scenario.lua "http://127.0.0.1:$port" >/dev/null
  SCENARIO=submit TOKENS_FILE=$data/tokens wrk -t"$THREADS" -c"$3" -d"$DURATION" --latency \
    -s Benchmarks/scenario.lua "http://127.0.0.1:$port" >"$data/wrk.txt"
  local rps p99 errors stored
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$data/wrk.txt")
  stored=$(curl -s "http://127.0.0.1:$port/metrics" | awk -F' ' '/pomo_http_requests_total\{group="api",method="POST",status="2xx"\}/ {print $2}')
  printf '%-10s %4s conns %10s req/s   p99 %8s   non-2xx %s   stored (with warm-up) %s\n' \
    "$1" "$3" "$rps" "$p99" "${errors:-0}" "${stored:-?}"
  stop_bench_pomod
}

echo "submit benchmark: wrk -t$THREADS, $DURATION after $WARMUP of warm-up, connections: $CONNECTIONS; release build, durable commits"
DATABASES=${DATABASES:-"sqlite postgres"}
if [[ " $DATABASES " == *" sqlite "* ]]; then
  for connections in $CONNECTIONS; do run sqlite "" "$connections"; done
fi
[[ " $DATABASES " == *" postgres "* ]] || exit 0
durable_postgres pomo_bench
for connections in $CONNECTIONS; do
  # A fresh database per run, as SQLite gets a fresh file.
  psql "$POMO_TEST_POSTGRES_URL" -qc "CREATE DATABASE pomo_bench_$connections" >/dev/null
  run postgres "${bench_postgres_url/pomo_bench/pomo_bench_$connections}" "$connections"
done
