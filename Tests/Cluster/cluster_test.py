"""Three pomods on one PostgreSQL behind nginx (scripts/cluster-test.sh starts them).

    cluster_test.py --lb URL --instances URL,URL,URL --pids PID,PID,PID

Standard library only. Every address is on 127.0.0.1.
"""

import argparse
import datetime
import http.client
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonSupport"))
from pomo_http import PASSWORD, account, call, run_steps  # noqa: E402 - the path is set just above


def submit_body(session_id, slot):
    """A finished 25-minute session in half-hour slot `slot` counted back from three days ago."""
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) \
        - datetime.timedelta(days=3, minutes=30 * slot)
    end = start + datetime.timedelta(minutes=25)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return {"start_time": start.strftime(fmt), "end_time": end.strftime(fmt), "duration": 25,
            "category": "Writing", "project": "Cluster", "note": "n", "source": "cluster_test",
            "session_id": session_id}


def history_uuids(base, token):
    """Every session uuid of the caller, page by page."""
    seen, cursor = [], None
    while True:
        path = "/api/v1/pomodoro/history?limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        status, page = call(base, "GET", path, token=token)
        assert status == 200, (status, page)
        seen += [item.get("session_uuid") for item in page["data"]["items"]]
        if not page["data"]["hasMore"]:
            return seen
        cursor = page["data"]["nextCursor"]


def the_time_magic_limit_holds_across_instances(lb, instances):
    _, key = account(lb, "tim")
    codes = [call(lb, "GET", "/api/activities", token=key)[0] for _ in range(6)]
    assert codes == [200] * 5 + [429], codes
    # Whichever instance is asked now, the window is spent.
    assert [call(base, "GET", "/api/activities", token=key)[0] for base in instances] == [429] * 3


def presence_agrees_on_every_instance(lb, instances):
    _, key = account(lb, "pia")
    status, started = call(instances[0], "POST", "/api/v1/pomodoro", {"duration_minutes": 25}, token=key)
    assert status == 201, (status, started)
    counts = [call(base, "GET", "/api/focusing-now")[1] for base in instances]
    assert len({json.dumps(c, sort_keys=True) for c in counts}) == 1, counts
    presences = [call(base, "GET", "/api/v1/presence", token=key)[1]["data"]["count"] for base in instances]
    assert presences == [1, 1, 1], presences
    status, _ = call(instances[2], "DELETE", f"/api/v1/pomodoro/{started['data']['id']}/cancel", token=key)
    assert status == 200, status
    presences = [call(base, "GET", "/api/v1/presence", token=key)[1]["data"]["count"] for base in instances]
    assert presences == [0, 0, 0], presences


def a_replayed_submit_is_a_replay_on_another_instance(lb, instances):
    jwt, _ = account(lb, "rex")
    body = submit_body(str(uuid.uuid4()), 0)
    first = call(instances[0], "POST", "/api/pomodoro/submit", body, token=jwt)
    assert first[0] == 201, first
    again = call(instances[1], "POST", "/api/pomodoro/submit", body, token=jwt)
    assert again[0] == 200 and again[1].get("duplicate") is True, again
    changed = call(instances[2], "POST", "/api/pomodoro/submit", dict(body, note="other"), token=jwt)
    assert changed[0] == 409, changed
    assert history_uuids(instances[2], jwt).count(body["session_id"]) == 1


def login_throttling_sees_the_client_through_x_forwarded_for(lb, instances):
    account(lb, "lou")
    wrong = {"username": "lou", "password": "not-the-password"}
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    codes = [call(lb, "POST", "/api/auth/login", wrong, headers=attacker)[0] for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429], codes
    right = {"username": "lou", "password": PASSWORD}
    assert call(lb, "POST", "/api/auth/login", right, headers=attacker)[0] == 429
    assert call(lb, "POST", "/api/auth/login", right, headers={"X-Forwarded-For": "198.51.100.9"})[0] == 200


def an_event_crosses_instances(lb, instances):
    jwt, key = account(lb, "eve")
    parsed = urllib.parse.urlsplit(instances[2])
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    connection.request("GET", "/api/v1/events", headers={"Authorization": f"Bearer {jwt}",
                                                          "Accept": "text/event-stream"})
    response = connection.getresponse()
    assert response.status == 200, response.status
    time.sleep(0.3)
    status, entry = call(instances[0], "POST", "/api/time_entries",
                         {"time_entry": {"begin_time": "2026-01-05T09:00:00Z", "duration": 600, "comment": "x"}},
                         token=key)
    assert status == 201, (status, entry)
    deadline = time.time() + 5
    while time.time() < deadline:
        line = response.fp.readline().decode()
        if line.startswith("event: time_entry.created"):
            connection.close()
            return
    raise AssertionError("the change made through instance 1 did not reach the stream on instance 3")


def a_killed_instance_loses_no_acknowledged_write(lb, instances, pids):
    jwt, _ = account(lb, "kim")
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()
    after_kill = []

    def writer(offset):
        n = 0
        while not stop.is_set():
            session_id = str(uuid.uuid4())
            try:
                status, _ = call(lb, "POST", "/api/pomodoro/submit", submit_body(session_id, offset + n * 4),
                                 token=jwt, timeout=10)
            except OSError:
                status = 0
            if status in (200, 201):
                with lock:
                    acknowledged.append(session_id)
                    if killed.is_set():
                        after_kill.append(session_id)
            n += 1

    killed = threading.Event()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    os.kill(pids[1], signal.SIGKILL)
    killed.set()
    time.sleep(2.5)
    stop.set()
    for thread in threads:
        thread.join()
    assert len(after_kill) > 0, "the other instances stopped taking writes"
    stored = history_uuids(instances[0], jwt)
    missing = [s for s in acknowledged if s not in stored]
    doubled = [s for s in set(stored) if stored.count(s) > 1]
    assert not missing and not doubled, (len(missing), len(doubled))
    for base in (instances[0], instances[2]):
        assert call(base, "GET", "/api/health")[0] == 200
    print(f"  {len(acknowledged)} submits acknowledged ({len(after_kill)} after the kill), each stored once")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lb", required=True)
    parser.add_argument("--instances", required=True)
    parser.add_argument("--pids", required=True)
    args = parser.parse_args()
    instances = args.instances.split(",")
    pids = [int(p) for p in args.pids.split(",")]
    steps = [
        ("the Time Magic limit holds at 5 a minute across instances",
         lambda: the_time_magic_limit_holds_across_instances(args.lb, instances)),
        ("presence and focusing-now agree on every instance", lambda: presence_agrees_on_every_instance(args.lb, instances)),
        ("a submit replayed to another instance is a replay",
         lambda: a_replayed_submit_is_a_replay_on_another_instance(args.lb, instances)),
        ("login throttling sees the client through X-Forwarded-For",
         lambda: login_throttling_sees_the_client_through_x_forwarded_for(args.lb, instances)),
        ("an event committed through one instance reaches a stream on another",
         lambda: an_event_crosses_instances(args.lb, instances)),
        ("SIGKILL under write load: every acknowledged write once, the others keep serving",
         lambda: a_killed_instance_loses_no_acknowledged_write(args.lb, instances, pids)),
    ]
    run_steps("cluster", steps)


if __name__ == "__main__":
    main()
