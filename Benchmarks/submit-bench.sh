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
trap 'kill $server 2>/dev/null || true; pg_cluster_stop' EXIT INT TERM

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product pomod --scratch-path .build-release >/dev/null
pomod=.build-release/release/pomod

run() {  # $1 = label, $2 = POMO_DATABASE_URL (empty for SQLite)
  local data log port token
  data=$(mktemp -d /tmp/pomo-bench.XXXXXX)
  log="$data/pomod.log"
  POMO_DATA_DIR=$data POMO_DATABASE_URL=$2 POMO_PORT=0 POMO_BCRYPT_COST=4 \
    "$pomod" serve >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do
    port=$(grep -oE 'listening on 127.0.0.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log"; exit 1; }
  token=$(curl -s "http://127.0.0.1:$port/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"bench-password"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  POMO_TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s Benchmarks/submit.lua \
    "http://127.0.0.1:$port" >"$data/wrk.txt"
  local rps p99 errors stored
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$data/wrk.txt")
  stored=$(curl -s "http://127.0.0.1:$port/metrics" | awk -F' ' '/pomo_http_requests_total\{group="api",method="POST",status="2xx"\}/ {print $2}')
  printf '%-10s %10s req/s   p99 %8s   non-2xx %s   stored %s\n' "$1" "$rps" "$p99" "${errors:-0}" "${stored:-?}"
  kill "$server"; wait "$server" 2>/dev/null || true
  rm -rf "$data"
}

echo "submit benchmark: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, release build, durable commits"
run sqlite ""
pg_cluster_start >/dev/null 2>&1
# A durable cluster for this run: fsync back on (the test cluster turns it off).
pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_CLUSTER_DIR/data" -w -o "-p $PG_CLUSTER_PORT -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300" restart >/dev/null
psql "$POMO_TEST_POSTGRES_URL" -qc "CREATE DATABASE pomo_bench" >/dev/null
run postgres "${POMO_TEST_POSTGRES_URL%/postgres*}/pomo_bench?sslmode=disable"
