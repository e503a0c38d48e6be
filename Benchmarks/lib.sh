# Sourced by the benchmark scripts: wrk, a release pomod, and a way to start it.
set -euo pipefail
source scripts/debian-packages.sh
command -v wrk >/dev/null || debian_install "the load generator" wrk
# POMOD=path measures another build (an A/B against an earlier commit's binary).
if [ -z "${POMOD:-}" ]; then swift build -c release --product pomod --scratch-path .build-release >/dev/null; fi
pomod=${POMOD:-.build-release/release/pomod}
server=""

# start_bench_pomod DATABASE_URL [VAR=value ...]: starts pomod on a fresh data directory (SQLite
# when the URL is empty) on a port of its choosing; sets $data, $port and $server.
start_bench_pomod() {
  local url=$1
  shift
  [ -n "${KEEP_DATA:-}" ] || data=$(mktemp -d /tmp/pomo-bench.XXXXXX)
  : >"$data/pomod.log"
  env POMO_DATA_DIR="$data" POMO_DATABASE_URL="$url" POMO_PORT=0 POMO_BCRYPT_COST=4 "$@" \
    "$pomod" serve >"$data/pomod.log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 1 200); do
    port=$(grep -oE 'listening on 127.0.0.1:[0-9]+' "$data/pomod.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat "$data/pomod.log"
  exit 1
}

stop_bench_pomod() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
  rm -rf "$data"
}

# durable_postgres DATABASE: starts the throwaway cluster with fsync on (the test cluster turns
# it off) and creates DATABASE; sets $bench_postgres_url. Not in a subshell: the caller's exit
# trap stops the cluster.
durable_postgres() {
  pg_cluster_start >/dev/null 2>&1
  pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_CLUSTER_DIR/data" -w -o "-p $PG_CLUSTER_PORT -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300" restart >/dev/null
  psql "$POMO_TEST_POSTGRES_URL" -qc "CREATE DATABASE $1" >/dev/null
  bench_postgres_url="${POMO_TEST_POSTGRES_URL%/postgres*}/$1?sslmode=disable"
}

# totals_rebuilt DATABASE_URL [VAR=value ...]: after a seed loaded sessions straight into the
# database, stops pomod, counts the focus totals again (`pomod totals rebuild`) and starts pomod
# on the same data.
totals_rebuilt() {
  local url=$1
  kill "$server"
  wait "$server" 2>/dev/null || true
  # Builds from before the totals have no `totals` command and need none.
  if "$pomod" totals --help >/dev/null 2>&1; then
    env POMO_DATA_DIR="$data" POMO_DATABASE_URL="$url" "$pomod" totals rebuild >/dev/null
  fi
  KEEP_DATA=1 start_bench_pomod "$@"
}
