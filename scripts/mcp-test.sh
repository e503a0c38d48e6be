#!/usr/bin/env bash
# The MCP endpoint through the official Python SDK (Tests/MCP/mcp_test.py): PyPI's `mcp` in a
# virtual environment under .build/, against two throwaway pomods built by `swift build`: one
# with a generous Time Magic limit, one with the contract's 5 a minute and no subscription.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/throwaway-pomod.sh
venv=.build/mcp-venv
python_venv "$venv" mcp "mcp==2.3.0"
start_throwaway_pomod mcp-limited POMO_TIMEMAGIC_RATE_LIMIT=5 POMO_DEFAULT_SUBSCRIPTION=none
limited=$base limited_server=$server limited_data=$data
start_throwaway_pomod mcp POMO_TIMEMAGIC_RATE_LIMIT=100000
trap 'kill "$server" "$limited_server" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$limited_data"' EXIT INT TERM
set +e
"$venv/bin/python" Tests/MCP/mcp_test.py --base "$base" --data "$data" --limited "$limited"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "mcp-test.sh: server log:" >&2
  tail -n 40 "$data/pomod.log" >&2
fi
exit "$status"
