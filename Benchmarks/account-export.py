"""The account export's time, two pomod builds side by side on the same SQLite data.

One user with PROJECTS personal projects of one task each (made through the first build), then
five `GET /api/v1/account/export` per build and round, three rounds, the builds alternating on
copies of the same data directory (loopback only). Prints each build's mean time per export.

    python3 Benchmarks/account-export.py OLD_POMOD NEW_POMOD [PROJECTS]   # default 1000
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "PythonSupport"))
from pomo_http import account, call  # noqa: E402 - the path is set just above

SECRET = "0123456789abcdef0123456789abcdef0123"
PORT = 28212


def start(binary, data):
    env = dict(os.environ, POMO_DATA_DIR=data, POMO_PORT=str(PORT), POMO_HOST="127.0.0.1", POMO_JWT_SECRET=SECRET,
               POMO_BCRYPT_COST="4", POMO_LOG_LEVEL="warning", POMO_TIMEMAGIC_RATE_LIMIT="100000")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if call(f"http://127.0.0.1:{PORT}", "GET", "/api/health")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{binary} did not start")


def main():
    old, new = sys.argv[1], sys.argv[2]
    projects = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    base = f"http://127.0.0.1:{PORT}"
    work = tempfile.mkdtemp(prefix="pomo-export-bench-")
    try:
        seed = os.path.join(work, "seed")
        os.makedirs(seed)
        server = start(old, seed)
        jwt, _ = account(base, "ana")
        for index in range(projects):
            status, project = call(base, "POST", "/api/projects", {"project": {"name": f"P{index}"}}, token=jwt)
            assert status == 201, (status, project)
            status, task = call(base, "POST", f"/api/projects/{project['uuid']}/tasks", {"task": {"name": "T"}},
                                token=jwt)
            assert status == 201, (status, task)
        server.terminate()
        server.wait()
        times = {"old": [], "new": []}
        for _ in range(3):
            for name, binary in (("old", old), ("new", new)):
                data = os.path.join(work, name)
                shutil.rmtree(data, ignore_errors=True)
                shutil.copytree(seed, data)
                server = start(binary, data)
                call(base, "GET", "/api/v1/account/export", token=jwt)  # the first read warms the caches
                began = time.perf_counter()
                for _ in range(5):
                    status, document = call(base, "GET", "/api/v1/account/export", token=jwt)
                    assert status == 200 and len(document["tasks"]) == projects, status
                times[name].append((time.perf_counter() - began) / 5 * 1000)
                server.terminate()
                server.wait()
        for name, values in times.items():
            print(f"{name}: " + " ".join(f"{value:.1f}" for value in values) + " ms per export")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
