"""The running container (scripts/container-test.sh starts it).

    container_test.py --base URL --container NAME --data DIR
"""

import argparse
import os
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonSupport"))
from pomo_http import PASSWORD, call, run_steps  # noqa: E402 - the path is set just above


def docker(*args):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=True).stdout.strip()


def wait_healthy(name, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        state = docker("inspect", "-f", "{{.State.Health.Status}}", name)
        if state == "healthy":
            return
        time.sleep(0.5)
    raise AssertionError(f"the container is {state}, not healthy, after {seconds} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--container", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    base, name = args.base, args.container
    state = {}

    def healthy_and_serving():
        wait_healthy(name)
        status, _ = call(base, "POST", "/api/auth/register",
                         {"username": "ana", "email": "ana@example.com", "password": PASSWORD})
        assert status == 201, status
        status, login = call(base, "POST", "/api/auth/login", {"username": "ana", "password": PASSWORD})
        assert status == 200, (status, login)
        state["token"] = login.get("access_token") or login["token"]
        status, submitted = call(base, "POST", "/api/pomodoro/submit", {
            "start_time": "2026-12-01T09:00:00Z", "end_time": "2026-12-01T09:25:00Z", "duration": 25,
            "category": "Writing", "project": "Website", "note": "in a container", "source": "curl",
            "session_id": "7d3b8f0e-1c2a-4b5d-9e6f-0a1b2c3d4e5f"}, token=state["token"])
        assert status == 201, (status, submitted)

    def runs_as_its_own_user_with_its_data_on_the_volume():
        assert docker("exec", name, "id", "-u") == "10001"
        assert docker("inspect", "-f", "{{.Config.User}}", name) == "pomo"
        database = os.path.join(args.data, "pomo.sqlite")
        assert os.stat(database).st_uid == 10001, os.stat(database)
        secret = os.stat(os.path.join(args.data, "jwt-secret"))
        assert stat.S_IMODE(secret.st_mode) == 0o600, oct(secret.st_mode)

    def sigterm_stops_it_cleanly():
        started = time.time()
        docker("stop", "-t", "20", name)
        took = time.time() - started
        assert docker("inspect", "-f", "{{.State.ExitCode}}", name) == "0"
        assert took < 10, f"stopping took {took:.1f} s"

    def data_outlives_the_container():
        docker("start", name)
        wait_healthy(name)
        status, history = call(base, "GET", "/api/v1/pomodoro/history", token=state["token"])
        assert status == 200, (status, history)
        assert [item["session_uuid"] for item in history["data"]["items"]] == ["7d3b8f0e-1c2a-4b5d-9e6f-0a1b2c3d4e5f"]

    run_steps("container", [
        ("healthy (HEALTHCHECK on /api/health) and serving", healthy_and_serving),
        ("runs as the pomo user, its data on the volume", runs_as_its_own_user_with_its_data_on_the_volume),
        ("SIGTERM stops it cleanly (exit 0)", sigterm_stops_it_cleanly),
        ("a restart on the same volume keeps the data and the tokens", data_outlives_the_container),
    ])


if __name__ == "__main__":
    main()
