#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from the machine's own server binaries.
#   source scripts/pg-cluster.sh; pg_cluster_start; ...; pg_cluster_stop
# pg_cluster_start exports POMO_TEST_POSTGRES_URL. initdb refuses to run as root, so as root the
# cluster runs as the unprivileged user `postgres` (or `pomo-pg`, created if neither exists).

pg_bin_dir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] && dirname "$initdb"
}

pg_install_if_missing() {
  [ -n "$(pg_bin_dir)" ] && return 0
  source "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"
  debian_install "the PostgreSQL tests (no server binaries found)" postgresql
  [ -n "$(pg_bin_dir)" ] || { echo "pg-cluster: could not install PostgreSQL" >&2; return 1; }
}

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_CLUSTER_USER" -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 - <<'PY'
import random, socket
for _ in range(200):
    port = random.randint(20000, 32000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            print(port)
            break
        except OSError:
            pass
PY
}

pg_cluster_start() {
  pg_install_if_missing || return 1
  local bin
  bin=$(pg_bin_dir)
  PG_CLUSTER_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then PG_CLUSTER_USER=postgres
    else id pomo-pg >/dev/null 2>&1 || useradd --system --no-create-home pomo-pg; PG_CLUSTER_USER=pomo-pg; fi
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/pomo-pg.XXXXXX)
  chmod 0755 "$PG_CLUSTER_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$PG_CLUSTER_USER" "$PG_CLUSTER_DIR"
  PG_CLUSTER_PORT=$(pg_free_port)
  pg_as_owner "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U pomo --auth=trust -E UTF8 --no-locale >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  # fsync off: this cluster holds only test data and is deleted afterwards.
  pg_as_owner "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w -t 60 \
    -o "-p $PG_CLUSTER_PORT -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  export PG_CLUSTER_DIR PG_CLUSTER_USER PG_CLUSTER_PORT
  export POMO_TEST_POSTGRES_URL="postgres://pomo@127.0.0.1:$PG_CLUSTER_PORT/postgres?sslmode=disable"
  echo "pg-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_CLUSTER_PORT" >&2
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR" ] || return 0
  pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  unset PG_CLUSTER_DIR
}
