#!/usr/bin/env bash
# Import throughput on a release pomod (SQLite, or PostgreSQL with DB=postgres): a Toggl detailed
# CSV of ROWS rows (default 100,000, the limit) dry-run, imported and imported again (every row
# skipped), then a Pomo account document (SESSIONS seeded sessions and 20,000 entries) imported
# by another user and again. Prints each request's time and rows per second.
#   ./Benchmarks/import-speed.sh
#   ROWS=20000 SESSIONS=5000 DB=postgres ./Benchmarks/import-speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
SESSIONS=${SESSIONS:-20000}
source scripts/pg-cluster.sh
source Benchmarks/lib.sh
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ "${DB:-}" = postgres ] && pg_cluster_stop >/dev/null 2>&1; true' EXIT INT TERM

url=""
seed_target=()
if [ "${DB:-}" = postgres ]; then
  durable_postgres pomo_import_bench
  url=$bench_postgres_url
  seed_target=(--postgres "$url")
fi
start_bench_pomod "$url"
[ -z "$url" ] && seed_target=(--sqlite "$data/pomo.sqlite")
python3 Benchmarks/seed.py --base "http://127.0.0.1:$port" --users 2 --sessions "$SESSIONS" --entries 0 \
  "${seed_target[@]}" --tokens "$data/tokens" >/dev/null
first=$(sed -n 1p "$data/tokens" | cut -d' ' -f2)
second=$(sed -n 2p "$data/tokens" | cut -d' ' -f2)

python3 - "$ROWS" "$data/toggl.csv" <<'PY'
import sys, datetime
rows, path = int(sys.argv[1]), sys.argv[2]
start = datetime.datetime(2024, 1, 1, 8, 0)
with open(path, "w", encoding="utf-8") as f:
    f.write("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n")
    for i in range(rows):
        begin = start + datetime.timedelta(minutes=50 * i)
        end = begin + datetime.timedelta(minutes=45)
        f.write(f"Ana,ana@example.com,Acme,Project {i % 50},Task {i % 500},Row {i} of the import,No,"
                f"{begin:%Y-%m-%d},{begin:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S},00:45:00,\n")
PY

# post FILE QUERY TOKEN TYPE LABEL ROWS: one import, its time and rows per second.
post() {
  local started answer seconds
  started=$(date +%s.%N)
  answer=$(curl -s -X POST --data-binary "@$1" -H "Content-Type: $4" -H "Authorization: Bearer $3" \
    "http://127.0.0.1:$port/api/v1/imports?$2")
  seconds=$(python3 -c "import time,sys; print(round(time.time() - float(sys.argv[1]), 2))" "$started")
  python3 - "$answer" "$5" "$6" "$seconds" <<'PY'
import json, sys
answer, label, rows, seconds = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
data = answer.get("data") or {}
if not data:
    sys.exit(f"{label}: {answer}")
created = {k: v for k, v in data["created"].items() if v}
print(f"{label}: {rows} rows in {seconds} s = {rows / seconds:,.0f} rows/s; created {created}, "
      f"skipped {data['skipped']}, rejected {len(data['rejected'])}")
PY
}

bytes=$(wc -c <"$data/toggl.csv")
echo "Toggl CSV: $ROWS rows, $bytes bytes; ${DB:-sqlite}"
post "$data/toggl.csv" "from=toggl&tz=UTC&dry_run=true" "$second" text/csv "dry run" "$ROWS"
post "$data/toggl.csv" "from=toggl&tz=UTC" "$second" text/csv "import" "$ROWS"
post "$data/toggl.csv" "from=toggl&tz=UTC" "$second" text/csv "again (all skipped)" "$ROWS"

head -n 20001 "$data/toggl.csv" >"$data/toggl-20k.csv"
post "$data/toggl-20k.csv" "from=toggl&tz=UTC" "$first" text/csv "20,000 rows for the document" 20000
curl -s -o "$data/account.json" -H "Authorization: Bearer $first" "http://127.0.0.1:$port/api/v1/account/export"
records=$((SESSIONS + 20000))
echo "Pomo document: $SESSIONS sessions and 20,000 entries, $(wc -c <"$data/account.json") bytes"
post "$data/account.json" "from=pomo" "$second" application/json "pomo import" "$records"
post "$data/account.json" "from=pomo" "$second" application/json "pomo again (all skipped)" "$records"
echo "pomod peak RSS: $(awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$server/status") MB"
stop_bench_pomod
