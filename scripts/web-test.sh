#!/usr/bin/env bash
# Runs the web app's browser tests: Debian's chromium and chromium-driver (installed with
# apt-get when missing), Selenium from PyPI in a virtual environment under .build/, and a
# pomod built by `swift build` serving a throwaway SQLite directory on a free loopback port.
# Screenshots of every main page land in .build/web-screenshots/ (override: POMO_SCREENSHOTS).
#   ./scripts/web-test.sh          # expects .build/debug/pomod (scripts/test.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "web-test.sh: installing Debian's chromium and chromium-driver" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=.build/web-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
  echo "web-test.sh: creating $venv with selenium" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "selenium==4.51.0"
fi

pomod=${POMOD:-.build/debug/pomod}
[ -x "$pomod" ] || swift build --product pomod
data=$(mktemp -d /tmp/pomo-web.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
shots=${POMO_SCREENSHOTS:-.build/web-screenshots}
POMO_HOST=127.0.0.1 POMO_PORT=$port POMO_DATA_DIR="$data" POMO_LOG_LEVEL=warning POMO_BCRYPT_COST=4 \
  POMO_JWT_SECRET="web-test-secret-that-is-longer-than-32-bytes" "$pomod" serve >"$data/pomod.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "http://127.0.0.1:$port/api/health" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$data/pomod.log" >&2; exit 1; }
  sleep 0.1
done

set +e
SE_OFFLINE=true "$venv/bin/python" Tests/WebApp/webapp_test.py --base "http://127.0.0.1:$port" --screenshots "$shots"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "web-test.sh: server log:" >&2
  tail -n 40 "$data/pomod.log" >&2
fi
echo "web-test.sh: screenshots in $shots"
exit "$status"
