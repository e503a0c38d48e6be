#!/usr/bin/env bash
# Side by side with TimeTagger (PyPI `timetagger`, in a virtual environment this script makes):
# both seeded with the same 1,000 entries of one user, then "list all of a user's entries" on
# each, alternating (ROUNDS times, DURATION each), with wrk on loopback. Prints requests/s of
# each run and the ratio. Pomo: `GET /timemagic/api/time_entries` (every entry, as the contract
# says); TimeTagger: `GET /timetagger/api/v2/records?timerange=0-<now>` with its `authtoken`.
#   ./Benchmarks/timetagger-bench.sh
#   ENTRIES=1000 ROUNDS=3 DURATION=10s CONNECTIONS=32 ./Benchmarks/timetagger-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=${ENTRIES:-1000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
tt_pid=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -n "$tt_pid" ] && kill $tt_pid 2>/dev/null' EXIT INT TERM

venv=.bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import timetagger' 2>/dev/null || "$venv/bin/pip" install -q timetagger

# Pomo, with one user and ENTRIES time entries.
start_bench_pomod "" POMO_TIMEMAGIC_RATE_LIMIT=100000
python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users 1 --sessions 0 --entries "$ENTRIES" \
  --sqlite "$data/pomo.sqlite" --tokens "$data/tokens" >/dev/null
jwt=$(cut -d' ' -f2 "$data/tokens")

# TimeTagger on a port of its own, its data in a directory of its own, the same entries.
tt_data=$(mktemp -d /tmp/timetagger-bench.XXXXXX)
tt_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TIMETAGGER_BIND=127.0.0.1:$tt_port TIMETAGGER_DATADIR=$tt_data TIMETAGGER_LOG_LEVEL=warning \
  "$venv/bin/python" -m timetagger >"$tt_data/log" 2>&1 &
tt_pid=$!
tt_token=$(python3 - "$port" "$jwt" "$tt_port" <<'PY'
import base64, json, sys, time, urllib.request
pomo, jwt, tt = sys.argv[1:]
base = f"http://127.0.0.1:{tt}/timetagger/api/v2"
for _ in range(100):
    try:
        answer = urllib.request.urlopen(urllib.request.Request(
            base + "/bootstrap_authentication", method="POST",
            data=base64.b64encode(json.dumps({"method": "localhost"}).encode())), timeout=5)
        break
    except OSError:
        time.sleep(0.2)
token = json.load(answer)["token"]
entries = json.load(urllib.request.urlopen(urllib.request.Request(
    f"http://127.0.0.1:{pomo}/timemagic/api/time_entries", headers={"Authorization": "Bearer " + jwt})))
def seconds(text):
    return int(time.mktime(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
records = [{"key": e["uuid"][:32], "t1": seconds(e["begin_time"]), "t2": seconds(e["end_time"]),
            "ds": e["comment"] or "", "mt": int(time.time())} for e in entries]
urllib.request.urlopen(urllib.request.Request(base + "/records", data=json.dumps(records).encode(), method="PUT",
                                              headers={"authtoken": token, "Content-Type": "application/json"}))
got = json.load(urllib.request.urlopen(urllib.request.Request(
    base + f"/records?timerange=0-{int(time.time()) + 10}", headers={"authtoken": token})))["records"]
assert len(got) == len(entries), (len(got), len(entries))
print(token)
PY
)
now=$(($(date +%s) + 10))

rate() { awk '/Requests\/sec/ {print $2}'; }
echo "side by side: one user, $ENTRIES entries, list all; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds"
echo "| round | Pomo req/s | TimeTagger req/s | ratio |"
echo "|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  pomo=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $jwt" \
    "http://127.0.0.1:$port/timemagic/api/time_entries" | rate)
  peer=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "authtoken: $tt_token" \
    "http://127.0.0.1:$tt_port/timetagger/api/v2/records?timerange=0-$now" | rate)
  echo "| $round | $pomo | $peer | $(python3 -c "print(f'{$pomo / $peer:.1f}x')") |"
done
kill "$tt_pid"
rm -rf "$tt_data"
