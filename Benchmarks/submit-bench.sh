#!/usr/bin/env bash
# Benchmark: POST /api/pomodoro/submit under wrk on loopback, with durable commits, against
# SQLite and PostgreSQL. Every request is a new session (fresh UUID), so each is a real insert.
#   ./Benchmarks/submit-bench.sh            # release build, 10 s per database, 32 connections
#   DURATION=30s CONNECTIONS=64 ./Benchmarks/submit-bench.sh
# Not part of the test suite: these machines are shared and noisy, so it prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null; pg_cluster_stop' EXIT INT TERM

run() {  # $1 = label, $2 = POMO_DATABASE_URL (empty for SQLite)
  start_bench_pomod "$2"
  curl -s "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"bench-password"}' |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["user"]["id"], d["access_token"])' >"$data/tokens"
  SCENARIO=submit TOKENS_FILE=$data/tokens wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s Benchmarks/scenario.lua "http://127.0.0.1:$port" >"$data/wrk.txt"
  local rps p99 errors stored
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$data/wrk.txt")
  stored=$(curl -s "http://127.0.0.1:$port/metrics" | awk -F' ' '/pomo_http_requests_total\{group="api",method="POST",status="2xx"\}/ {print $2}')
  printf '%-10s %10s req/s   p99 %8s   non-2xx %s   stored %s\n' "$1" "$rps" "$p99" "${errors:-0}" "${stored:-?}"
  stop_bench_pomod
}

echo "submit benchmark: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, release build, durable commits"
run sqlite ""
durable_postgres pomo_bench
run postgres "$bench_postgres_url"
