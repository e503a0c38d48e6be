#!/usr/bin/env bash
# Benchmark: the event stream (GET /api/v1/events) with two release pomods on one durable
# PostgreSQL database: the RSS of pomod A holding STREAMS open streams (1,000 by default), and the
# p50/p99 from a write answered by pomod B to its event on a stream held by pomod A.
#   ./Benchmarks/events-bench.sh
#   STREAMS=2000 ROUNDS=500 ./Benchmarks/events-bench.sh
# Not part of the test suite: these machines are shared and noisy, so it prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${STREAMS:-1000}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null; done; pg_cluster_stop' EXIT INT TERM

durable_postgres pomo_events
# Both share the JWT secret, as instances behind one load balancer do.
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_bench_pomod "$bench_postgres_url" POMO_EVENT_STREAMS_PER_USER="$STREAMS" POMO_JWT_SECRET="$secret"
a_port=$port a_pid=$server
servers+=("$server")
start_bench_pomod "$bench_postgres_url" POMO_JWT_SECRET="$secret"
b_port=$port
servers+=("$server")
ulimit -n 65536 2>/dev/null || true
echo "events benchmark: release build, PostgreSQL (fsync on), $STREAMS streams on pomod A, writes through pomod B"
STREAMS=$STREAMS python3 Benchmarks/events-bench.py "$a_port" "$b_port" "$a_pid"
