#!/usr/bin/env bash
# What a user's year costs PostgreSQL: one user submits SESSIONS Game sessions (each also a time
# entry through Time Magic, as a heavy user's day has both), then the database's own sizes are
# read per table (pg_total_relation_size: rows, indexes and TOAST) and divided per session.
#   ./Benchmarks/storage-bench.sh                 # release build, 20,000 sessions
#   SESSIONS=5000 POMOD=.build/debug/pomod ./Benchmarks/storage-bench.sh
# Not part of the test suite: it prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-20000}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "${server:-}" ] && kill $server 2>/dev/null; pg_cluster_stop' EXIT INT TERM

durable_postgres pomo_storage
start_bench_pomod "$bench_postgres_url" POMO_TIMEMAGIC_RATE_LIMIT=100000
python3 - "http://127.0.0.1:$port" "$SESSIONS" <<'PY'
import concurrent.futures, datetime, json, sys, urllib.request, uuid
base, total = sys.argv[1], int(sys.argv[2])

def call(method, path, body, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")

jwt = call("POST", "/api/auth/register", {"username": "heavy", "email": "heavy@example.com",
                                           "password": "heavy-password"})["access_token"]
key = call("POST", "/api/v1/auth/api-keys", {"name": "bench"}, jwt)["data"]["token"]
project = call("POST", "/api/projects", {"project": {"name": "Work"}}, key)["uuid"]
task = call("POST", f"/api/projects/{project}/tasks", {"task": {"name": "Focus"}}, key)["uuid"]
# Working days back from last week's Monday, far enough for every session to lie in the past.
today = datetime.datetime.now(datetime.timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0)
weeks = total // 40 + 2
start = today - datetime.timedelta(days=today.weekday() + 7 * weeks)

def one(n):
    # Eight sessions a working day, 25 minutes each, with a note as people write them.
    day, slot = divmod(n, 8)
    begin = start + datetime.timedelta(days=day + 2 * (day // 5), minutes=30 * slot)
    end = begin + datetime.timedelta(minutes=25)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    call("POST", "/api/pomodoro/submit", {
        "start_time": begin.strftime(fmt), "end_time": end.strftime(fmt), "duration": 25,
        "category": ["Writing", "Coding", "Reading"][n % 3], "project": "Work",
        "note": "drafted the section on group commit and checked the figures", "source": "web_timer",
        "session_id": str(uuid.uuid4())}, jwt)
    call("POST", "/api/time_entries", {"time_entry": {
        "begin_time": begin.strftime(fmt), "end_time": end.strftime(fmt), "comment": "focus",
        "resource_type": "task", "resource_id": task}}, key)

with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(one, range(total)))
PY
stop_bench_pomod
echo "storage benchmark: one user, $SESSIONS sessions (and as many time entries), PostgreSQL $(psql "$bench_postgres_url" -Atc 'SHOW server_version')"
psql "$bench_postgres_url" -qAt -F $'\t' -c "VACUUM ANALYZE" -c "
  SELECT relname, n_live_tup, pg_total_relation_size(relid),
         round(pg_total_relation_size(relid)::numeric / $SESSIONS)
  FROM pg_stat_user_tables WHERE pg_total_relation_size(relid) > 16384 ORDER BY 3 DESC" |
  awk -F'\t' 'BEGIN { printf "%-28s %10s %12s %16s\n", "table", "rows", "bytes", "bytes/session" }
    { printf "%-28s %10d %12d %16d\n", $1, $2, $3, $4; total += $3 }
    END { printf "%-28s %10s %12d %16d\n", "all", "", total, total / '"$SESSIONS"' }'
