# Sourced by scripts/web-test.sh and scripts/fuzz.sh: a Python virtual environment with one
# package, and a pomod on a throwaway SQLite directory and a free loopback port.

# python_venv DIR MODULES REQUIREMENT...: creates DIR with the requirements unless MODULES (one
# or several, comma-separated) import there.
python_venv() {
  if [ ! -x "$1/bin/python" ] || ! "$1/bin/python" -c "import $2" 2>/dev/null; then
    echo "$(basename "$0"): creating $1 with ${*:3}" >&2
    python3 -m venv "$1"
    "$1/bin/pip" install -q --disable-pip-version-check "${@:3}"
  fi
}

# start_throwaway_pomod NAME [VAR=value ...]: serves the pomod that `swift build` made (or
# $POMOD) with the given settings; sets $data, $port, $base and $server, stops it on exit and
# removes the directory. Returns once /api/health answers.
start_throwaway_pomod() {
  local name=$1
  shift
  local pomod=${POMOD:-.build/debug/pomod}
  [ -x "$pomod" ] || swift build --product pomod
  data=$(mktemp -d "/tmp/pomo-$name.XXXXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  env POMO_HOST=127.0.0.1 POMO_PORT="$port" POMO_DATA_DIR="$data" POMO_LOG_LEVEL=warning POMO_BCRYPT_COST=4 \
    POMO_JWT_SECRET="$name-test-secret-that-is-longer-than-32-bytes" "$@" "$pomod" serve >"$data/pomod.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT INT TERM
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base/api/health" \
      2>/dev/null && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  cat "$data/pomod.log" >&2
  return 1
}
