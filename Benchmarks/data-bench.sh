#!/usr/bin/env bash
# Benchmark over a generated data set: 1,000 users with 1,000 completed sessions and 1,000 time
# entries each (1,000,000 of both), on SQLite and on PostgreSQL (fsync on), release build, wrk
# on loopback. Each scenario rotates over every user's token (Benchmarks/scenario.lua). Prints a
# Markdown table of requests/s, p50, p99 and non-2xx per scenario (then the reads again from a
# single client, for their latency without queueing), and pomod's RSS idle (just started) and
# peak (VmHWM after all scenarios).
#   ./Benchmarks/data-bench.sh                       # 1,000 x 1,000, 10 s per scenario
#   USERS=100 PER_USER=100 DURATION=3s ./Benchmarks/data-bench.sh   # a quick look
#   DATABASES=sqlite ./Benchmarks/data-bench.sh
#   USERS=1 PER_USER=100000 SCENARIOS="health userdata list50 report_day tmlist" ./Benchmarks/data-bench.sh
#                                                    # one heavy user (Benchmarks/heavy-user-bench.sh runs
#                                                    # 1,000, 10,000 and 100,000 side by side)
# Not part of the test suite: these machines are shared and noisy, so it prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
USERS=${USERS:-1000}
PER_USER=${PER_USER:-1000}
DATABASES=${DATABASES:-"sqlite postgres"}
SCENARIOS=${SCENARIOS:-"health submit startcomplete entry list50 history tmlist report_day report_project report_category userdata lb_all lb_week"}
LATENCY_SCENARIOS=${LATENCY_SCENARIOS:-"list50 report_day report_project report_category userdata lb_all"}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null; pg_cluster_stop' EXIT INT TERM

rss() { awk -v key="$2:" '$1 == key {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }

measure() {  # $1 = scenario, $2 = label, $3 = threads, $4 = connections; uses $data and $port
  WRK_THREADS=$3 SCENARIO=$1 TOKENS_FILE=$data/tokens wrk -t"$3" -c"$4" -d"$DURATION" --latency \
    -s Benchmarks/scenario.lua "http://127.0.0.1:$port" >"$data/wrk.txt"
  printf '| %s | %s | %s | %s | %s |\n' "$2" "$(awk '/Requests\/sec/ {print $2}' "$data/wrk.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$data/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")" \
    "$(awk '/Non-2xx/ {print $5}' "$data/wrk.txt" | grep . || echo 0)"
}

run() {  # $1 = label, $2 = POMO_DATABASE_URL (empty for SQLite)
  local idle
  start_bench_pomod "$2" POMO_TIMEMAGIC_RATE_LIMIT=100000
  sleep 2
  idle="$(rss "$server" VmRSS), of which private $(rss "$server" RssAnon)"
  if [ -z "$2" ]; then
    python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users "$USERS" --sessions "$PER_USER" \
      --entries "$PER_USER" --sqlite "$data/pomo.sqlite" --tokens "$data/tokens"
  else
    python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users "$USERS" --sessions "$PER_USER" \
      --entries "$PER_USER" --postgres "$2" --tokens "$data/tokens"
  fi
  totals_rebuilt "$2" POMO_TIMEMAGIC_RATE_LIMIT=100000
  # What the stats read now counts the seeded sessions: the first user's total_sessions.
  curl -s -H "Authorization: Bearer $(head -n 1 "$data/tokens" | cut -d' ' -f2)" "http://127.0.0.1:$port/api/user/data" |
    python3 -c 'import json, sys; print("first user: total_sessions", json.load(sys.stdin)["session_stats"]["total_sessions"])'
  echo "$1: idle RSS $idle (just started), $(rss "$server" VmRSS) after seeding"
  echo
  echo "| $1 | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  for scenario in $SCENARIOS; do
    measure "$scenario" "$scenario" "$THREADS" "$CONNECTIONS"
  done
  # The same reads from one client at a time: the latency of the query itself, not of a queue.
  for scenario in $LATENCY_SCENARIOS; do
    measure "$scenario" "$scenario (1 client)" 1 1
  done
  echo
  echo "$1: peak RSS $(rss "$server" VmHWM) (VmHWM after the scenarios)"
  stop_bench_pomod
}

echo "data benchmark: $USERS users x $PER_USER sessions and time entries; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; release build"
for database in $DATABASES; do
  if [ "$database" = sqlite ]; then
    run sqlite ""
  else
    durable_postgres pomo_data_bench
    run postgres "$bench_postgres_url"
  fi
done
