"""What the Python test suites share: JSON over HTTP to a pomod, a new account on it, and
running a suite's steps.

Standard library only, so that every suite's virtual environment (or none) can import it:

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "PythonSupport"))
    from pomo_http import account, call, run_steps
"""

import json
import sys
import time
import traceback
import urllib.error
import urllib.request

PASSWORD = "password-123"


def call(base, method, path, body=None, token=None, headers=None, timeout=30, scheme="Bearer"):
    """(status, body): the body as JSON when it is JSON, else its text, None when empty."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                     method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"{scheme} {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if not text:
        return status, None
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def account(base, username, password=PASSWORD):
    """Registers `username` and logs in: its JWT and a new API key."""
    status, _ = call(base, "POST", "/api/auth/register",
                     {"username": username, "email": f"{username}@example.com", "password": password})
    assert status in (200, 201), status
    status, login = call(base, "POST", "/api/auth/login", {"username": username, "password": password})
    assert status == 200, (status, login)
    jwt = login.get("access_token") or login["token"]
    status, key = call(base, "POST", "/api/v1/auth/api-keys", {"name": "tests"}, token=jwt)
    assert status == 201, (status, key)
    return jwt, key["data"]["token"]


def run_steps(suite, steps):
    """Runs each (name, step) of `suite` in turn and exits, 1 when any failed. A failure is
    reported with its traceback, then the next step runs; the lines are the ones scripts/test.sh
    counts ("✔ suite: name passed after", "✘ suite: name failed after")."""
    failed = 0
    for name, step in steps:
        started = time.time()
        try:
            step()
            print(f"✔ {suite}: {name} passed after {time.time() - started:.1f} s", flush=True)
        except BaseException as error:  # noqa: BLE001 - each failure is reported, then the next step runs
            failed += 1
            print(f"✘ {suite}: {name} failed after {time.time() - started:.1f} s: {error!r}", flush=True)
            traceback.print_exc()
    print(f"{suite}: {len(steps) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
