"""Seeds a running pomod for Benchmarks/data-bench.sh.

Registers USERS accounts through the API (so every user row is a real one) and writes their
tokens to --tokens as "<user id> <JWT>" lines, then bulk-loads SESSIONS completed focus
sessions and ENTRIES finished time entries per user straight into the database (sqlite3 for a
SQLite file, COPY through psql for PostgreSQL), spread over the last 400 days. Sessions loaded
this way have no totals yet: the caller runs `pomod totals rebuild` before measuring.
"""

import argparse
import csv
import io
import json
import random
import subprocess
import sqlite3
import time
import urllib.request
import uuid

CATEGORIES = ["Programming", "Writing", "Design", "Research", "Meeting"]
DAY_MS = 86_400_000


def register(base, n):
    users = []
    for i in range(n):
        body = json.dumps({"username": f"bench{i:04d}", "email": f"bench{i:04d}@example.com",
                           "password": "bench-password-123"}).encode()
        request = urllib.request.Request(base + "/api/auth/register", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        answer = json.load(urllib.request.urlopen(request, timeout=30))
        users.append((answer["user"]["id"], answer["access_token"]))
        # On the leaderboard, so its answers list them.
        request = urllib.request.Request(base + "/api/user/preferences", method="PUT",
                                         data=json.dumps({"public_leaderboard": True}).encode(),
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer " + answer["access_token"]})
        urllib.request.urlopen(request, timeout=30).read()
    return users


def sessions(user_ids, per_user, now_ms):
    for user in user_ids:
        for k in range(per_user):
            start = now_ms - random.randint(1, 400) * DAY_MS + random.randint(6, 20) * 3_600_000
            end = start + 25 * 60_000
            day = time.strftime("%Y-%m-%d", time.gmtime(start / 1000))
            yield (str(uuid.uuid4()), user, "work", "completed", random.choice(CATEGORIES), 25.0, 25.0,
                   f"seeded {k}", "bench", "UTC", day, start, end, end, 90,
                   '{"planning":1,"timing":1,"completion":1,"source":0.9}', 1.0, "High", False, False, end, end)


def entries(user_ids, per_user, now_ms):
    for user in user_ids:
        for k in range(per_user):
            begin = now_ms - random.randint(1, 400) * DAY_MS + random.randint(6, 20) * 3_600_000
            yield (str(uuid.uuid4()), user, begin, begin + 3_600_000, 3600, f"seeded {k}", begin, begin)


SESSION_COLUMNS = ("uuid, user_id, kind, status, category, planned_minutes, duration_minutes, note, source, "
                   "timezone, local_date, started_at, scheduled_end_at, ended_at, pof_score, pof_factors, points, "
                   "trustworthiness, notification_sent, evaluation_submitted, created_at, updated_at")
ENTRY_COLUMNS = "uuid, user_id, begin_time, end_time, duration_seconds, comment, created_at, updated_at"


def load_sqlite(path, user_ids, per_user_sessions, per_user_entries, now_ms):
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA busy_timeout = 60000")
    with db:
        marks = ", ".join("?" * 22)
        db.executemany(f"INSERT INTO focus_sessions ({SESSION_COLUMNS}) VALUES ({marks})",
                       sessions(user_ids, per_user_sessions, now_ms))
        db.executemany(f"INSERT INTO time_entries ({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       entries(user_ids, per_user_entries, now_ms))
    db.execute("ANALYZE")
    db.close()


def copy(url, table, columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["t" if v is True else "f" if v is False else v for v in row])
    subprocess.run(["psql", url, "-qc", f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"],
                   input=buffer.getvalue(), text=True, check=True)


def load_postgres(url, user_ids, per_user_sessions, per_user_entries, now_ms):
    copy(url, "focus_sessions", SESSION_COLUMNS, sessions(user_ids, per_user_sessions, now_ms))
    copy(url, "time_entries", ENTRY_COLUMNS, entries(user_ids, per_user_entries, now_ms))
    subprocess.run(["psql", url, "-qc", "ANALYZE"], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=1000, help="per user")
    parser.add_argument("--entries", type=int, default=1000, help="per user")
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--tokens", required=True)
    args = parser.parse_args()
    random.seed(1122)
    started = time.time()
    users = register(args.base, args.users)
    with open(args.tokens, "w") as f:
        for user_id, token in users:
            f.write(f"{user_id} {token}\n")
    registered = time.time()
    now_ms = int(time.time() * 1000)
    ids = [user_id for user_id, _ in users]
    if args.sqlite:
        load_sqlite(args.sqlite, ids, args.sessions, args.entries, now_ms)
    else:
        load_postgres(args.postgres, ids, args.sessions, args.entries, now_ms)
    print(f"seed: {len(ids)} users in {registered - started:.0f} s, "
          f"{len(ids) * args.sessions} sessions and {len(ids) * args.entries} time entries in "
          f"{time.time() - registered:.0f} s")


if __name__ == "__main__":
    main()
