"""The calendar feed in real iCalendar software: PyPI's icalendar parses it, vdirsyncer subscribes
to it over HTTP as a calendar app does, and khal shows its events at the right local times on
both sides of a DST change (Europe/Berlin leaves summer time on 2026-10-25)."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid

import icalendar

base = sys.argv[1]


def api(method, path, body=None, token=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def check(condition, message):
    if not condition:
        print("✘ calendar:", message)
        sys.exit(1)


status, _, body = api("POST", "/api/auth/register", {"username": "cal", "email": "cal@example.com", "password": "password-123"})
check(status == 201, body)
token = json.loads(body)["access_token"]
check(api("PUT", "/api/user/preferences", {"timezone": "Europe/Berlin"}, token)[0] == 200, "timezone")
# 09:00 in Berlin on both sides of the change: 07:00 UTC in summer time, 08:00 UTC after it.
for start, end in (("2026-10-24T07:00:00Z", "2026-10-24T07:25:00Z"), ("2026-10-26T08:00:00Z", "2026-10-26T08:25:00Z")):
    status, _, body = api("POST", "/api/pomodoro/submit", {
        "start_time": start, "end_time": end, "duration": 25, "category": "Writing", "project": "Thesis",
        "note": "chapter 2; draft, with commas", "source": "pomo_cli", "session_id": str(uuid.uuid4())}, token)
    check(status == 201, body)

status, _, body = api("POST", "/api/v1/calendar", None, token)
check(status == 201, body)
url = json.loads(body)["data"]["url"] + "?from=2026-10-01&to=2026-11-30"
feed_path = url[len(base):]
status, headers, feed = api("GET", feed_path)
check(status == 200 and headers["Content-Type"].startswith("text/calendar"), (status, headers))
calendar = icalendar.Calendar.from_ical(feed)
events = [c for c in calendar.walk("VEVENT")]
check(len(events) == 2, feed)
check(all(str(e["SUMMARY"]) == "Focus · Writing · Thesis" for e in events), feed)
check(str(events[0]["DESCRIPTION"]).startswith("chapter 2; draft, with commas"), feed)
check(len({str(e["UID"]) for e in events}) == 2, "UIDs are unique")
check([e.decoded("DTSTART").isoformat() for e in events] == ["2026-10-24T07:00:00+00:00", "2026-10-26T08:00:00+00:00"], feed)
status, again, _ = api("GET", feed_path, headers={"If-None-Match": headers["ETag"]})
check(status == 304, (status, again))
check(api("GET", feed_path)[2] == feed, "the same feed twice")
check(api("GET", "/api/v1/auth/me", token=url.split("/")[-1].split(".ics")[0])[0] == 401, "the token is no credential")

with tempfile.TemporaryDirectory() as home:
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + "/config", XDG_DATA_HOME=home + "/data", TZ="Europe/Berlin")
    sync_config = f"""[general]
status_path = "{home}/status/"
[pair pomo]
a = "pomo_remote"
b = "pomo_local"
collections = null
[storage pomo_remote]
type = "http"
url = "{url}"
[storage pomo_local]
type = "filesystem"
path = "{home}/calendar/"
fileext = ".ics"
"""
    with open(home + "/vdirsyncer.conf", "w") as f:
        f.write(sync_config)
    os.makedirs(home + "/calendar")
    bin_dir = os.path.dirname(sys.executable)
    for args in (["discover", "pomo"], ["sync"]):
        run = subprocess.run([bin_dir + "/vdirsyncer", "-c", home + "/vdirsyncer.conf"] + args, env=env,
                             capture_output=True, text=True, input="y\n" * 5, timeout=60)
        check(run.returncode == 0, f"vdirsyncer {args}: {run.stdout} {run.stderr}")
    files = os.listdir(home + "/calendar")
    check(len(files) == 2, files)
    khal_config = f"""[calendars]
[[pomo]]
path = {home}/calendar/
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin
[sqlite]
path = {home}/khal.db
"""
    with open(home + "/khal.conf", "w") as f:
        f.write(khal_config)
    run = subprocess.run([bin_dir + "/khal", "-c", home + "/khal.conf", "list", "--format", "{start} {end} {title}",
                          "--day-format", "", "2026-10-23", "5d"], env=env, capture_output=True, text=True, timeout=60)
    check(run.returncode == 0, run.stderr)
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    check(lines == ["2026-10-24 09:00 2026-10-24 09:25 Focus · Writing · Thesis",
                    "2026-10-26 09:00 2026-10-26 09:25 Focus · Writing · Thesis"], run.stdout)

# Rotated, the old URL is gone; revoked, the new one too.
status, _, body = api("POST", "/api/v1/calendar", None, token)
check(api("GET", feed_path)[0] == 404, "the old URL after a rotation")
new_path = json.loads(body)["data"]["url"][len(base):]
check(api("GET", new_path)[0] == 200, "the new URL")
check(api("DELETE", "/api/v1/calendar", None, token)[0] == 200, "revoke")
check(api("GET", new_path)[0] == 404, "a revoked URL")
print("✔ calendar: icalendar parses the feed; khal shows 09:00 on both sides of the DST change")
