"""The web app in a real headless Chromium, driven by Selenium against a live pomod.

Run by scripts/web-test.sh (which builds the venv, starts the server and passes --base);
the steps depend on each other, so the first failure stops the run. Each main page is saved
as a screenshot into --screenshots.
"""

import argparse
import json
import os
import socket
import sqlite3
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonSupport"))
from pomo_http import call  # noqa: E402 - the path is set just above

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "correct-horse-battery"


class Run:
    def __init__(self, base, shots):
        self.base = base
        self.shots = shots
        self.passed = 0
        self.failed = 0
        self.browsers = []

    def browser(self, width=1280, height=900):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        # Downloads land in a directory of the run's own, without a prompt.
        downloads = tempfile.mkdtemp(prefix="pomo-downloads-")
        options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                                  "download.prompt_for_download": False})
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", f"--user-data-dir={tempfile.mkdtemp(prefix='pomo-chrome-')}",
                     "--force-prefers-reduced-motion"):
            options.add_argument(flag)
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(30)
        driver.downloads_dir = downloads
        self.browsers.append(driver)
        return driver

    def step(self, name, body):
        started = time.time()
        try:
            body()
        except Exception:
            self.failed += 1
            print(f"✘ web: {name} failed after {time.time() - started:.1f} s", flush=True)
            traceback.print_exc()
            for i, driver in enumerate(self.browsers):
                try:
                    driver.save_screenshot(os.path.join(self.shots, f"failure-{i}.png"))
                    print(f"  browser {i} at {driver.current_url}; console: {driver.get_log('browser')[-5:]}")
                except Exception:
                    pass
            raise SystemExit(1)
        self.passed += 1
        print(f"✔ web: {name} passed after {time.time() - started:.1f} s", flush=True)

    def shot(self, driver, name):
        driver.save_screenshot(os.path.join(self.shots, f"{name}.png"))

    def close(self):
        for driver in self.browsers:
            driver.quit()


def api(base, method, path, body=None, token=None, auth="Bearer"):
    return call(base, method, path, body, token=token, scheme=auth)


def wait(driver, seconds=15):
    # Pages that follow the event stream draw themselves again when it opens (what changed
    # meanwhile) and on each change, so an element found a moment ago may be gone: look again.
    return WebDriverWait(driver, seconds, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,))


def text_of(driver, css):
    """The text of the first element matching css, read in one script: never a stale element."""
    return driver.execute_script(f"return document.querySelector({json.dumps(css)})?.textContent || ''")


def visible(driver, css, seconds=15):
    return wait(driver, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def fill(driver, name, value):
    field = wait(driver).until(EC.presence_of_element_located((By.NAME, name)))  # pages draw after a fetch
    field.clear()
    field.send_keys(value)


def clock_seconds(driver):
    text = driver.find_element(By.CSS_SELECTOR, ".clock").text
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def unlabelled_controls(driver):
    """Controls without an accessible name: no <label for>, aria-label or aria-labelledby."""
    return driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')].filter((el) => {
          if (el.type === 'hidden' || el.offsetParent === null) return false;
          if (el.tagName === 'BUTTON') return !(el.textContent.trim() || el.getAttribute('aria-label'));
          const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
          return !(byFor || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label'));
        }).map((el) => el.outerHTML.slice(0, 120));
    """)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--data", required=True, help="the server's data directory (its SQLite file)")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    run = Run(args.base.rstrip("/"), args.screenshots)
    base = run.base
    alice = run.browser()
    bob = run.browser()
    state = {}

    def pages_are_served():
        alice.get(base + "/dashboard")
        wait(alice).until(EC.url_contains("/login"))  # signed out: sent to the login page
        visible(alice, "input[name=identifier]")
        run.shot(alice, "login")

    def sign_up():
        alice.get(base + "/signup")
        fill(alice, "username", "alice")
        fill(alice, "email", "alice@example.com")
        fill(alice, "password", "short")
        alice.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = visible(alice, ".field-error:not(:empty), .form-error:not(:empty)")
        assert "password" in error.text.lower(), error.text  # the server's own message, shown on the form
        run.shot(alice, "signup")
        fill(alice, "password", PASSWORD)
        alice.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(alice).until(EC.url_contains("/focus"))
        visible(alice, "form[aria-labelledby=plan-title]")
        assert alice.find_element(By.ID, "nav").is_displayed()

    def wrong_password_is_refused():
        bob.get(base + "/login")
        status, _ = api(base, "POST", "/api/auth/register",
                        {"username": "bob", "email": "bob@example.com", "password": PASSWORD})
        assert status in (200, 201), status
        fill(bob, "identifier", "bob")
        fill(bob, "password", "not-the-password")
        bob.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = visible(bob, ".form-error:not(:empty)")
        assert "invalid" in error.text.lower() or "password" in error.text.lower(), error.text
        assert "/login" in bob.current_url

    def team_set_up():
        status, body = api(base, "POST", "/api/auth/login", {"username": "alice", "password": PASSWORD})
        assert status == 200, (status, body)
        token = body.get("access_token") or body.get("token") or body["data"]["access_token"]
        state["token"] = token
        assert api(base, "POST", "/api/teams", {"name": "Crew", "slug": "crew"}, token)[0] == 201
        assert api(base, "POST", "/api/teams/crew/members", {"username": "bob"}, token)[0] == 201
        status, project = api(base, "POST", "/api/team-projects", {"team": "crew", "name": "Launch"}, token)
        assert status == 201, (status, project)
        state["team_project"] = project["id"]

    def bob_logs_in_and_sees_nobody():
        fill(bob, "password", PASSWORD)
        bob.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(bob).until(EC.url_contains("/focus"))
        bob.get(base + "/team")
        wait(bob).until(lambda d: d.find_element(By.ID, "presence-count").text == "0")

    def plan_and_count_down():
        alice.get(base + "/focus")
        form = visible(alice, "form[aria-labelledby=plan-title]")
        fill(alice, "category", "Programming")
        assert not alice.find_element(By.NAME, "new_project").is_displayed()  # only for "New project…"
        Select(alice.find_element(By.NAME, "project")).select_by_value("__new")
        assert alice.find_element(By.NAME, "new_project").is_displayed()
        Select(alice.find_element(By.NAME, "project")).select_by_value(state["team_project"])
        fill(alice, "planned_duration", "1")
        Select(alice.find_element(By.NAME, "energy_level")).select_by_value("7")
        fill(alice, "planning_notes", "Write the release notes")
        form.find_element(By.CSS_SELECTOR, "h2").click()  # leave the text field, then use the shortcut
        alice.find_element(By.TAG_NAME, "body").send_keys("s")
        clock = visible(alice, ".clock")
        first = clock_seconds(alice)
        assert 50 <= first <= 60, clock.text
        time.sleep(2.2)
        assert clock_seconds(alice) < first, "the countdown does not move"
        page = alice.find_element(By.ID, "main").text
        assert "Write the release notes" in page and "Launch" in page, page
        run.shot(alice, "focus")

    def second_browser_sees_presence():
        wait(bob, 15).until(lambda d: d.find_element(By.ID, "presence-count").text == "1")
        wait(bob, 10).until(lambda d: "alice" in d.find_element(By.ID, "presence-title").find_element(By.XPATH, "..").text)
        run.shot(bob, "team")

    def countdown_survives_reload():
        before = clock_seconds(alice)
        alice.refresh()
        visible(alice, ".clock")
        after = clock_seconds(alice)
        assert after <= before and after >= before - 5, (before, after)  # same session, not restarted
        # The other browser reads the same session from the server.
        assert api(base, "GET", "/api/v1/pomodoro", token=state["token"])[1]["data"]["duration_minutes"] == 1

    def review_is_locked_and_submits():
        visible(alice, "form[aria-labelledby=review-title]", seconds=75)
        for name in ("category", "project", "duration", "times"):
            assert alice.find_element(By.NAME, name).get_attribute("readonly") is not None, name
        assert alice.find_element(By.NAME, "planning_note").get_attribute("readonly") is not None
        note = alice.find_element(By.NAME, "note")
        assert note.get_attribute("readonly") is None
        note.send_keys("Release notes drafted and sent")
        run.shot(alice, "review")
        note.send_keys(Keys.CONTROL, Keys.ENTER)
        result = visible(alice, "section[aria-labelledby=result-title]")
        assert "Proof of Focus" in result.text and "points" in result.text, result.text
        # Each factor with its reason; Pomo's own web timer is first-party, as the CLI is.
        visible(alice, "#pof-factors")
        source = alice.execute_script(
            "return [...document.querySelectorAll('#pof-factors dt')].find((d) => d.textContent === 'Source')"
            ".nextElementSibling.textContent")
        assert source.startswith("100%") and "first-party" in source, source
        assert "within 4 minutes" in visible(alice, "#pof-factors").text
        visible(alice, "form[aria-labelledby=plan-title]")
        history = api(base, "GET", "/api/v1/pomodoro/history?status=completed", token=state["token"])[1]["data"]["items"]
        assert len(history) == 1 and history[0]["pof_score"] is not None, history
        run.shot(alice, "focus-result")

    def cancel_with_reason():
        fill(alice, "planned_duration", "25")
        alice.find_element(By.CSS_SELECTOR, "button[data-shortcut=s]").click()
        visible(alice, ".clock")
        alice.find_element(By.CSS_SELECTOR, "button[data-shortcut=x]").click()
        Select(visible(alice, "select[name=reason]")).select_by_value("distraction")
        alice.find_element(By.CSS_SELECTOR, "button.danger[type=submit]").click()
        visible(alice, "form[aria-labelledby=plan-title]")
        items = api(base, "GET", "/api/v1/pomodoro/history?status=cancelled", token=state["token"])[1]["data"]["items"]
        assert len(items) == 1, items
        assert api(base, "GET", "/api/v1/pomodoro", token=state["token"])[1]["data"] is None

    def dashboard_shows_the_session():
        alice.get(base + "/dashboard")
        # The page draws itself again once its event stream opens: every check reads the page
        # as it is at that moment, in one script, never an element from an earlier drawing.
        wait(alice).until(lambda d: "1 session" in text_of(d, "main .grid .panel"))
        assert "min" in text_of(alice, "main .grid .panel"), text_of(alice, "main .grid .panel")
        heights = alice.execute_script(
            "return [...document.querySelectorAll('svg.chart rect.bar')].map((b) => parseFloat(b.getAttribute('height')))")
        assert any(height > 0 for height in heights), f"no bar drawn: {heights}"
        assert "Launch" in text_of(alice, "#main")
        run.shot(alice, "dashboard")

    def dashboard_reads_its_data_once():
        # The page is drawn once its event stream is open, which then carries every later change:
        # a load asks for each of its three reports once, not again when the stream opens.
        alice.get(base + "/dashboard")
        wait(alice).until(lambda d: "1 session" in text_of(d, "main .grid .panel"))
        wait(alice, 10).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".live-status").is_displayed())
        time.sleep(1)  # longer than the 300 ms a redraw waits for
        reads = alice.execute_script(
            "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/reports/summary'))"
            ".map((e) => e.name)")
        assert len(reads) == 3, reads

    def api_key_created_once_and_works():
        alice.get(base + "/settings")
        visible(alice, "form[aria-label='New API key'] input").send_keys("laptop")  # drawn once the list loads
        alice.find_element(By.CSS_SELECTOR, "form[aria-label='New API key'] button").click()
        key = visible(alice, "#new-key").get_attribute("value")
        assert len(key) > 20, key
        status, me = api(base, "GET", "/api/v1/auth/me", token=key, auth="ApiKey")
        assert status == 200 and me["data"]["username"] == "alice", (status, me)
        run.shot(alice, "settings")
        alice.refresh()
        visible(alice, "#keys-title")
        assert not alice.find_elements(By.ID, "new-key"), "the key is shown again"
        assert "laptop" in alice.find_element(By.ID, "main").text

    def preferences_and_webhook():
        fill(alice, "short_break_duration", "99")
        alice.find_element(By.CSS_SELECTOR, "form[aria-labelledby=prefs-title] button[type=submit]").click()
        error = visible(alice, "#" + alice.find_element(By.NAME, "short_break_duration").get_attribute("id") + "-error")
        assert "short_break_duration" in error.text, error.text
        fill(alice, "short_break_duration", "7")
        Select(alice.find_element(By.NAME, "theme_preference")).select_by_value("dark")
        alice.find_element(By.CSS_SELECTOR, "form[aria-labelledby=prefs-title] button[type=submit]").click()
        wait(alice).until(lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
        background = alice.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 24, 28)", background  # the dark palette, not only the attribute
        data = api(base, "GET", "/api/user/data", token=state["token"])[1]
        assert data["preferences"]["short_break_duration"] == 7, data["preferences"]
        hook = visible(alice, "input[name=webhook_url]")
        hook.clear()
        hook.send_keys("http://127.0.0.1:9/services/T000/B000")
        hook.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button").click()
        path = f"/api/team-projects/{state['team_project']}/webhook"
        wait(alice).until(lambda d: api(base, "GET", path, token=state["token"])[1]["webhook_url"] is not None)
        run.shot(alice, "settings-dark")

    def workspace_tracks_a_task():
        alice.get(base + "/workspace")
        form = visible(alice, "form[aria-label='New project']")
        form.find_element(By.NAME, "name").send_keys("Website")
        form.find_element(By.CSS_SELECTOR, "button").click()
        task = visible(alice, "form[aria-label='New task in Website'] input")
        # After the project is added, focus is on its task field, not the page's body.
        wait(alice).until(lambda d: d.execute_script(
            "return document.activeElement?.closest('form')?.getAttribute('aria-label')") == "New task in Website")
        task.send_keys("Landing page", Keys.ENTER)
        visible(alice, "button[aria-label='Start tracking Landing page']")
        wait(alice).until(lambda d: d.execute_script(
            "return document.activeElement?.closest('form')?.getAttribute('aria-label')") == "New task in Website")
        visible(alice, "button[aria-label='Start tracking Landing page']").click()
        visible(alice, "button[aria-label='Stop tracking Landing page']")
        wait(alice).until(lambda d: "running" in d.find_element(By.ID, "entries").text)
        run.shot(alice, "workspace")

    def every_control_is_labelled():
        for path in ("/focus", "/dashboard", "/sessions", "/reports", "/import", "/team", "/workspace", "/settings"):
            alice.get(base + path)
            visible(alice, "main h1")
            time.sleep(0.5)
            missing = unlabelled_controls(alice)
            assert not missing, (path, missing)
        bob.get(base + "/login")

    def phone_width():
        phone = run.browser(390, 844)
        phone.get(base + "/login")
        fill(phone, "identifier", "alice")
        fill(phone, "password", PASSWORD)
        phone.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(phone).until(EC.url_contains("/focus"))
        for path in ("/focus", "/dashboard", "/sessions", "/reports", "/import", "/workspace"):
            phone.get(base + path)
            visible(phone, "main h1")
            time.sleep(0.5)
            overflow = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
            # A chart's labels stay readable on a phone (scaled down to fit, they were about 6 px).
            smallest = phone.execute_script(
                "const sizes = [...document.querySelectorAll('svg.chart text')]"
                ".map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);"
                "return sizes.length ? Math.min(...sizes) : null")
            if path == "/dashboard":
                assert smallest is not None, "the dashboard shows no chart labels"
            assert smallest is None or smallest >= 10, (path, f"chart labels are drawn at {smallest:.1f} px")
        phone.get(base + "/focus")
        visible(phone, "form[aria-labelledby=plan-title]")
        run.shot(phone, "focus-phone")
        # Finished early on a phone: the note and Submit come first, on the screen without scrolling.
        # (Completing takes a minute's focus; the page's own "finished" mark stands in for it.)
        phone.find_element(By.CSS_SELECTOR, "form[aria-labelledby=plan-title] button[type=submit]").click()
        visible(phone, ".clock")
        active = api(base, "GET", "/api/v1/pomodoro", token=state["token"])[1]["data"]
        phone.execute_script("localStorage.setItem('pomo.finished.' + arguments[0], String(Date.now()))",
                             active["session_uuid"])
        phone.get(base + "/focus")
        submit = visible(phone, "form[aria-labelledby=review-title] button[type=submit]")
        bottom = phone.execute_script("return arguments[0].getBoundingClientRect().bottom - window.innerHeight", submit)
        assert bottom <= 0, f"Submit is {bottom}px below the fold"
        run.shot(phone, "review-phone")
        status, _ = api(base, "DELETE", f"/api/v1/pomodoro/{active['id']}/cancel", token=state["token"])
        assert status == 200, status

    def login_next_stays_on_this_site():
        # /%5C is a backslash: browsers read "/\\evil.example" as "//evil.example", another host.
        other = run.browser(1024, 768)
        for next_path, landing in (("/%5Cevil.example", "/focus"), ("/%2F%2Fevil.example", "/focus"),
                                   ("/dashboard", "/dashboard")):
            other.get(base + "/login")
            other.delete_all_cookies()
            other.get(base + "/login?next=" + next_path)
            fill(other, "identifier", "alice")
            fill(other, "password", PASSWORD)
            other.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            # Not url_contains: "/login?next=/dashboard" contains "/dashboard" before the login lands.
            try:
                wait(other, 30).until(lambda d: d.current_url.startswith(base + landing))
            except Exception:
                shown = other.execute_script("return document.querySelector('main')?.textContent || ''")
                raise AssertionError(f"login with next={next_path} stayed at {other.current_url}: {shown[:300]}")

    def another_tab_follows_the_stream():
        # Two tabs of one user on /focus; a session started and finished by another client (the
        # API, as the CLI would) appears in both within 2 s. They poll only while the stream is
        # down (every 4 s, and the status line says so), so the stream is what carries it.
        first = alice.current_window_handle
        alice.get(base + "/focus")
        visible(alice, "form[aria-labelledby=plan-title]")
        alice.switch_to.new_window("tab")
        alice.get(base + "/focus")
        visible(alice, "form[aria-labelledby=plan-title]")
        wait(alice, 10).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".live-status").is_displayed())
        status, started = api(base, "POST", "/api/v1/pomodoro", {"duration_minutes": 25}, token=state["token"])
        assert status == 201, (status, started)
        for handle in (alice.current_window_handle, first):
            alice.switch_to.window(handle)
            visible(alice, ".clock", seconds=2)
        status, _ = api(base, "POST", f"/api/v1/pomodoro/{started['data']['id']}/complete", token=state["token"])
        assert status == 200, status
        visible(alice, "form[aria-labelledby=plan-title]", seconds=2)
        for handle in alice.window_handles:
            if handle != first:
                alice.switch_to.window(handle)
                alice.close()
        alice.switch_to.window(first)

    def dashboard_follows_the_stream():
        # A session completed through the API (as the CLI would) shows on an open dashboard
        # within 2 s, without a reload: the dashboard polls only every 15 s while the stream is down.
        alice.get(base + "/dashboard")
        visible(alice, "main .grid .panel")
        before = text_of(alice, "main .grid .panel")
        wait(alice, 10).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".live-status").is_displayed())
        status, started = api(base, "POST", "/api/v1/pomodoro", {"duration_minutes": 25}, token=state["token"])
        assert status == 201, (status, started)
        status, _ = api(base, "POST", f"/api/v1/pomodoro/{started['data']['id']}/complete", token=state["token"])
        assert status == 200, status
        marker = alice.find_element(By.CSS_SELECTOR, "main h1")
        wait(alice, 2).until(lambda d: "session" in text_of(d, "main .grid .panel")
                             and text_of(d, "main .grid .panel") != before)
        # Redrawn in place, not reloaded: the page's old heading element is gone, the page stays.
        assert alice.current_url == base + "/dashboard"
        try:
            marker.text
            redrawn = False
        except Exception:
            redrawn = True
        assert redrawn, "the dashboard was not redrawn"

    def a_refused_stream_is_opened_again():
        # A browser retries a dropped stream by itself, but not a refused one (429 at the cap of
        # streams per user, 410 for a cursor the server no longer keeps, a proxy's 502 while an
        # instance restarts): the page opens a new one, and does not stay on polling until a reload.
        address = urllib.parse.urlsplit(base)
        alice.get(base + "/settings")  # a page without a stream: the dashboard's old one is gone
        visible(alice, "#keys-title")
        held = []
        try:
            # Alice's streams up to the cap (other tabs of hers hold some), then the page's is refused.
            while len(held) < 1000:
                stream = socket.create_connection((address.hostname, address.port), timeout=10)
                stream.sendall((f"GET /api/v1/events HTTP/1.1\r\nHost: {address.netloc}\r\n"
                                f"Authorization: Bearer {state['token']}\r\nAccept: text/event-stream\r\n\r\n").encode())
                head = b""
                while b"\r\n" not in head:
                    chunk = stream.recv(1024)
                    assert chunk, head
                    head += chunk
                if head.startswith(b"HTTP/1.1 429"):
                    stream.close()
                    break
                assert head.startswith(b"HTTP/1.1 200"), head
                held.append(stream)
            alice.get(base + "/dashboard")
            wait(alice, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".live-status").is_displayed())
        finally:
            for stream in held:
                stream.close()
        # Its next try finds the places free: live again, without a reload (which would lose the mark).
        alice.execute_script("window.notReloaded = true")
        wait(alice, 30).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".live-status").is_displayed())
        assert alice.execute_script("return window.notReloaded === true"), "the page was reloaded"

    def reports_page_groups_and_downloads():
        # The result is drawn again on each change: read it by script, never a stale element.
        alice.get(base + "/reports")
        wait(alice).until(lambda d: "Total" in text_of(d, "#report-table tfoot"))
        total = text_of(alice, "#report-table tfoot")
        assert "min" in total, total
        Select(alice.find_element(By.NAME, "by")).select_by_value("category")
        wait(alice).until(lambda d: "by category" in text_of(d, "#report-table caption"))
        assert text_of(alice, "#report-table tbody th"), "no category rows"
        Select(alice.find_element(By.NAME, "by")).select_by_value("week")
        wait(alice).until(lambda d: text_of(d, "#report-table tbody th").startswith("Week of"))
        Select(alice.find_element(By.NAME, "preset")).select_by_value("custom")
        start = visible(alice, "input[name=from]")
        assert start.is_displayed()
        run.shot(alice, "reports")
        href = alice.find_element(By.ID, "export-csv").get_attribute("href")
        assert "/api/v1/exports/sessions?" in href and "format=csv" in href, href
        alice.find_element(By.ID, "export-csv").click()
        folder = alice.downloads_dir
        deadline = time.time() + 10
        files = []
        while time.time() < deadline:
            files = [f for f in os.listdir(folder) if f.endswith(".csv")]
            if files:
                break
            time.sleep(0.2)
        assert files, os.listdir(folder)
        with open(os.path.join(folder, files[0]), encoding="utf-8", newline="") as f:
            content = f.read()
        assert content.startswith("id,start,end,start_utc,end_utc,duration_minutes,kind,status,"), content[:200]
        assert content.count("\r\n") >= 2, content[:300]

    def settings_calendar_url():
        alice.get(base + "/settings")
        visible(alice, "#calendar-create").click()
        url = visible(alice, "#calendar-url").get_attribute("value")
        assert url.endswith(".ics") and "/api/v1/calendar/cal_" in url, url
        path = url[url.index("/api/v1/calendar/"):]
        feed = urllib.request.urlopen(base + path, timeout=10)
        assert feed.headers["Content-Type"].startswith("text/calendar"), feed.headers
        assert b"BEGIN:VEVENT" in feed.read()
        # The section is drawn again after each action: read it by script, never a stale element.
        shown = lambda d, what: d.execute_script(f"return document.getElementById('calendar-{what}')?.{'textContent' if what == 'create' else 'value'}")
        wait(alice).until(lambda d: "Rotate" in (shown(d, "create") or ""))
        alice.find_element(By.ID, "calendar-create").click()
        wait(alice).until(lambda d: (shown(d, "url") or url) != url)
        try:
            urllib.request.urlopen(base + path, timeout=10)
            assert False, "the old calendar URL still works"
        except urllib.error.HTTPError as error:
            assert error.code == 404, error.code

    def import_previews_then_imports():
        # The preview is the server's dry run: it lists unreadable rows by line and writes
        # nothing; only a file that reads whole can be imported. The result is drawn again on each
        # action: read it by script, never a stale element.
        # Chromium takes only canonical paths for a file input.
        fixtures = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PomoServerTests",
                                                 "Fixtures", "imports"))
        shown = lambda d, css: d.execute_script(f"return document.querySelector({json.dumps(css)})?.textContent || ''")
        entries = lambda: len(api(base, "GET", "/api/time_entries", token=state["token"])[1])
        before = entries()
        alice.get(base + "/import")
        Select(visible(alice, "select[name=from]")).select_by_value("toggl")
        zone = alice.find_element(By.NAME, "tz")
        zone.clear()
        zone.send_keys("Europe/Berlin")
        alice.find_element(By.NAME, "file").send_keys(os.path.join(fixtures, "toggl-bad-rows.csv"))
        alice.find_element(By.ID, "import-preview").click()
        wait(alice).until(lambda d: "cannot be read" in shown(d, "#import-result"))
        lines = alice.execute_script("return [...document.querySelectorAll('#import-rejected tbody th')].map((e) => e.textContent)")
        assert lines == ["3", "4"], lines
        assert alice.execute_script("return document.getElementById('import-run').disabled"), "a bad file can be imported"
        alice.find_element(By.NAME, "file").send_keys(os.path.join(fixtures, "toggl-detailed.csv"))
        alice.find_element(By.ID, "import-preview").click()
        wait(alice).until(lambda d: "Every row reads" in shown(d, "#import-result"))
        preview = shown(alice, "#import-preview-result")
        assert "3 time entries" in preview, preview  # Website is a project of hers already
        assert entries() == before, "the preview wrote something"
        run.shot(alice, "import-preview")
        alice.find_element(By.ID, "import-run").click()
        wait(alice).until(lambda d: "Created" in shown(d, "#import-done"))
        assert entries() == before + 3, (before, entries())

    def a_session_nobody_ended_waits_on_the_focus_page():
        # A session started through the API, then moved two hours into the past in the server's
        # own SQLite file (as if the tab had been closed): past its end and grace, it waits on the
        # focus page to be submitted with its note, or discarded, and blocks no new start.
        def started_long_ago():
            status, started = api(base, "POST", "/api/v1/pomodoro", {"duration_minutes": 25}, token=state["token"])
            assert status == 201, (status, started)
            with sqlite3.connect(os.path.join(args.data, "pomo.sqlite"), timeout=10) as db:
                db.execute("UPDATE focus_sessions SET started_at = started_at - 7200000, "
                           "scheduled_end_at = scheduled_end_at - 7200000, created_at = created_at - 7200000 "
                           "WHERE id = ?", (int(started["data"]["id"]),))
            return started["data"]["id"]
        waiting = lambda: api(base, "GET", "/api/v1/pomodoro/unsubmitted", token=state["token"])[1]["data"]
        def session(id):
            items = api(base, "GET", "/api/v1/pomodoro/history?limit=100", token=state["token"])[1]["data"]["items"]
            return next(item for item in items if item["id"] == id)
        first = started_long_ago()
        alice.get(base + "/focus")
        visible(alice, "#waiting textarea").send_keys("outlined chapter three")
        visible(alice, "form[aria-labelledby=plan-title]")
        run.shot(alice, "focus-waiting")
        alice.find_element(By.ID, "waiting-submit").click()
        wait(alice).until(lambda d: not waiting())
        assert session(first)["status"] == "completed" and session(first)["points"] == 1, session(first)
        wait(alice).until(lambda d: not d.execute_script("return document.getElementById('waiting')"))
        second = started_long_ago()
        alice.get(base + "/focus")
        visible(alice, "#waiting-discard").click()
        wait(alice).until(lambda d: not waiting())
        assert session(second)["status"] == "cancelled", session(second)

    def entry_times_are_the_profiles():
        # The browser's clock (UTC here) plays no part: an entry typed as 10:00-11:00 on a
        # Europe/Berlin profile is 08:00-09:00 UTC (summer time), and is listed as 10:00-11:00.
        before = api(base, "GET", "/api/user/data", token=state["token"])[1]["timezone"]
        status, _ = api(base, "PUT", "/api/user/preferences", {"timezone": "Europe/Berlin"}, token=state["token"])
        assert status == 200, status
        alice.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "UTC"})
        try:
            alice.get(base + "/workspace")
            form = visible(alice, "form[aria-label='New time entry']")
            alice.execute_script(
                "const f = arguments[0]; f.elements.begin_time.value = '2026-06-10T10:00';"
                "f.elements.end_time.value = '2026-06-10T11:00'; f.elements.comment.value = 'zone check';", form)
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            def stored(_):
                entries = api(base, "GET", "/api/time_entries", token=state["token"])[1]
                return next((e for e in entries if e.get("comment") == "zone check"), None)
            entry = wait(alice).until(stored)
            assert entry["begin_time"] == "2026-06-10T08:00:00Z" and entry["end_time"] == "2026-06-10T09:00:00Z", entry
            row = lambda d: d.execute_script(
                "return [...document.querySelectorAll('#entries tr')].find((r) => r.textContent.includes('zone check'))?.textContent || ''")
            wait(alice).until(lambda d: "10:00" in row(d) and "11:00" in row(d))
        finally:
            alice.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
            api(base, "PUT", "/api/user/preferences", {"timezone": before}, token=state["token"])

    def a_refusal_reads_as_words():
        # Two tasks tracked already (the limit); starting a third in the page shows the server's
        # message as a sentence, without Rails' "base" key in front of it. Set up through the
        # page's own cookie (Time Magic limits a token's requests per minute tightly).
        alice.get(base + "/workspace")
        visible(alice, "main h1")
        def call(method, path, body=None):
            return alice.execute_async_script(
                "const [method, path, body, done] = arguments;"
                "fetch(path, {method, credentials: 'same-origin', headers: {'Content-Type': 'application/json'},"
                " body: body ? JSON.stringify(body) : undefined})"
                ".then(async (r) => done([r.status, await r.text()])).catch((e) => done([0, String(e)]));",
                method, path, body)
        status, text = call("POST", "/timemagic/api/projects", {"project": {"name": "Limits"}})
        assert status == 201, (status, text)
        project = json.loads(text)["uuid"]
        ids = []
        for name in ("First", "Second", "Third"):
            status, text = call("POST", f"/timemagic/api/projects/{project}/tasks", {"task": {"name": name}})
            assert status == 201, (status, text)
            ids.append(json.loads(text)["uuid"])
        # Tracked until the limit refuses one (a task of the workspace step may be running too).
        started, refused = [], None
        for task_id, name in zip(ids, ("First", "Second", "Third")):
            status, text = call("PUT", f"/timemagic/api/tasks/{task_id}?event=start_tracking")
            if status != 200:
                assert status == 422, (status, text)
                refused = name
                break
            started.append(task_id)
        assert refused, "no limit reached"
        try:
            alice.get(base + "/workspace")
            visible(alice, f"button[aria-label='Start tracking {refused}']").click()
            toast = lambda d: d.execute_script("return document.getElementById('toast').textContent")
            wait(alice).until(lambda d: "limit" in toast(d))
            assert toast(alice).startswith("Active tasks"), toast(alice)
        finally:
            for task_id in started:
                call("PUT", f"/timemagic/api/tasks/{task_id}?event=stop_tracking")

    def sessions_page_edits_adds_and_deletes():
        # The list is drawn again after each action: read it and press its buttons by script.
        def press(row_text, label_start):
            return alice.execute_script(
                "const [rowText, labelStart] = arguments;"
                "const row = [...document.querySelectorAll('#sessions-table tbody tr')].find((r) => r.textContent.includes(rowText));"
                "const button = row && [...row.querySelectorAll('button')].find((b) => b.getAttribute('aria-label').startsWith(labelStart));"
                "if (button) button.click(); return !!button;", row_text, label_start)
        sessions = lambda: api(base, "GET", "/api/v1/sessions?limit=100", token=state["token"])[1]["data"]["items"]
        alice.get(base + "/sessions")
        wait(alice).until(lambda d: "Release notes drafted and sent" in text_of(d, "#sessions"))
        run.shot(alice, "sessions")
        assert press("Release notes drafted and sent", "Edit")
        form = visible(alice, "form[aria-label^='Edit the session']")
        note = form.find_element(By.NAME, "note")
        note.clear()
        note.send_keys("Release notes drafted, sent and answered")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(alice).until(lambda d: "sent and answered" in text_of(d, "#sessions") and "edited" in text_of(d, "#sessions"))
        edited = next(s for s in sessions() if s.get("note") == "Release notes drafted, sent and answered")
        assert edited["pof_factors"]["edited"] is True, edited

        add = visible(alice, "form[aria-labelledby=add-title]")
        alice.execute_script("const f = arguments[0]; f.elements.start.value = arguments[1];"
                             "f.elements.end.value = arguments[2]; f.elements.note.value = 'forgot the timer';",
                             add, time.strftime("%Y-%m-%dT08:00", time.gmtime(time.time() - 86400)),
                             time.strftime("%Y-%m-%dT08:40", time.gmtime(time.time() - 86400)))
        add.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(alice).until(lambda d: "forgot the timer" in text_of(d, "#sessions"))
        added = next(s for s in sessions() if s.get("note") == "forgot the timer")
        assert added["pof_factors"]["added"] is True and added["duration_minutes"] == 40, added
        assert press("forgot the timer", "Delete")
        wait(alice).until(lambda d: press("forgot the timer", "Confirm"))
        wait(alice).until(lambda d: "forgot the timer" not in text_of(d, "#sessions"))
        assert not any(s.get("note") == "forgot the timer" for s in sessions())

    def focus_on_a_task_counts_for_it():
        alice.get(base + "/focus")
        picker = Select(visible(alice, "select[name=task]"))
        task = next(o for o in picker.options if o.get_attribute("value"))
        task_id, title = task.get_attribute("value"), task.text
        picker.select_by_value(task_id)
        fill(alice, "planned_duration", "25")
        alice.find_element(By.CSS_SELECTOR, "button[data-shortcut=s]").click()
        visible(alice, ".clock")
        active = api(base, "GET", "/api/v1/pomodoro", token=state["token"])[1]["data"]
        assert active and active["task_id"] == task_id, active
        status, _ = api(base, "POST", f"/api/v1/pomodoro/{active['id']}/complete", token=state["token"])
        assert status == 200, status
        alice.get(base + "/workspace")
        cell = lambda d: d.execute_script(
            "const row = [...document.querySelectorAll('tr')].find((r) => r.querySelector('.task-focus')"
            " && r.textContent.includes(arguments[0])); return row ? row.querySelector('.task-focus').textContent : '';",
            title)
        wait(alice).until(lambda d: "1 pomodoro" in cell(d))

    def teams_are_made_in_the_page():
        # Alice, the server's admin: a team, a member and a team project, all from the page.
        alice.get(base + "/team")
        form = visible(alice, "form[aria-label='New team']")
        form.find_element(By.NAME, "name").send_keys("Writers")
        form.find_element(By.NAME, "slug").send_keys("writers")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        member = visible(alice, "form[aria-label='Add a member to Writers']")
        member.find_element(By.NAME, "username").send_keys("bob")
        member.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(alice).until(lambda d: any(m["username"] == "bob" for m in
                                        api(base, "GET", "/api/teams/writers", token=state["token"])[1]["members"]))
        project = visible(alice, "form[aria-label='New project of Writers']")
        project.find_element(By.NAME, "name").send_keys("Zine")
        project.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(alice).until(lambda d: any(p["name"] == "Zine" for p in
                                        api(base, "GET", "/api/team-projects", token=state["token"])[1]["projects"]))
        run.shot(alice, "team")

    def shortcuts_can_be_turned_off_and_deletes_are_announced():
        alice.get(base + "/settings")
        box = visible(alice, "input[name=shortcuts]")
        assert box.is_selected()
        box.click()
        alice.find_element(By.CSS_SELECTOR, "form[aria-labelledby=prefs-title] button[type=submit]").click()
        wait(alice).until(lambda d: d.execute_script("return localStorage.getItem('pomo.shortcuts')") == "off")
        alice.get(base + "/focus")
        visible(alice, "form[aria-labelledby=plan-title]")
        alice.find_element(By.TAG_NAME, "body").send_keys("s")
        time.sleep(1)
        assert api(base, "GET", "/api/v1/pomodoro", token=state["token"])[1]["data"] is None, "S started a session"
        alice.execute_script("localStorage.setItem('pomo.shortcuts', 'on')")
        # The armed delete says what a second press does, and what goes with a project.
        alice.get(base + "/workspace")
        button = visible(alice, "button[aria-label='Delete Limits']")
        button.click()
        label = alice.execute_script(
            "return [...document.querySelectorAll('button.danger')].find((b) => b.textContent === 'Confirm delete')"
            "?.getAttribute('aria-label') || ''")
        assert label.startswith("Press again to delete Limits, with its 3 tasks"), label

    def axe_finds_nothing_serious():
        # axe-core (PyPI axe-selenium-python, which bundles it) on every page, light and dark:
        # no serious or critical violation.
        from axe_selenium_python import Axe
        problems = []
        for theme in ("light", "dark"):
            status, _ = api(base, "PUT", "/api/user/preferences", {"theme_preference": theme}, token=state["token"])
            assert status == 200, status
            for path in ("/focus", "/dashboard", "/sessions", "/reports", "/import", "/team", "/workspace", "/settings",
                         "/docs/api"):
                alice.get(base + path)
                visible(alice, "h1")
                time.sleep(0.5)
                axe = Axe(alice)
                axe.inject()
                results = axe.run(options={"resultTypes": ["violations"]})
                for violation in results["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                        problems.append(f"{theme} {path}: {violation['id']} ({violation['impact']}) {targets}")
        for path in ("/login", "/signup"):
            other = run.browser(1024, 768)
            other.get(base + path)
            visible(other, "h1")
            axe = Axe(other)
            axe.inject()
            for violation in axe.run(options={"resultTypes": ["violations"]})["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(f"signed out {path}: {violation['id']} ({violation['impact']})")
        api(base, "PUT", "/api/user/preferences", {"theme_preference": "auto"}, token=state["token"])
        assert not problems, "\n".join(problems)

    def no_third_party_requests():
        entries = alice.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
        foreign = [url for url in entries if not url.startswith(base)]
        assert not foreign, foreign

    steps = [
        ("signed-out pages go to the login page", pages_are_served),
        ("sign up, with the server's error shown first", sign_up),
        ("a wrong password is refused with a message", wrong_password_is_refused),
        ("a team and a team project (API)", team_set_up),
        ("second browser logs in and sees 0 focusing", bob_logs_in_and_sees_nobody),
        ("plan with the S shortcut, countdown runs", plan_and_count_down),
        ("second browser sees the presence count change", second_browser_sees_presence),
        ("countdown survives a reload", countdown_survives_reload),
        ("locked review form, submit with Ctrl+Enter", review_is_locked_and_submits),
        ("cancel with a reason", cancel_with_reason),
        ("dashboard shows the new session", dashboard_shows_the_session),
        ("a dashboard load reads its data once", dashboard_reads_its_data_once),
        ("API key shown once, works, listed", api_key_created_once_and_works),
        ("preferences (range error, dark theme) and team webhook", preferences_and_webhook),
        ("workspace: project, task, tracking", workspace_tracks_a_task),
        ("every control has a label", every_control_is_labelled),
        ("usable at phone width", phone_width),
        ("after login, ?next= only leads within this site", login_next_stays_on_this_site),
        ("another tab follows a session through the event stream", another_tab_follows_the_stream),
        ("the dashboard follows a session finished elsewhere", dashboard_follows_the_stream),
        ("a stream the server refused is opened again, without a reload", a_refused_stream_is_opened_again),
        ("reports: range, grouping, table and a CSV download", reports_page_groups_and_downloads),
        ("settings: a calendar URL shown once, rotated", settings_calendar_url),
        ("import: a preview lists bad rows by line, then a good file imports", import_previews_then_imports),
        ("a session nobody ended waits on the focus page: submit, discard", a_session_nobody_ended_waits_on_the_focus_page),
        ("entry times are the profile's, not the browser's", entry_times_are_the_profiles),
        ("a refusal reads as words, without Rails' base key", a_refusal_reads_as_words),
        ("sessions: a note edited, a session added and deleted", sessions_page_edits_adds_and_deletes),
        ("a task picked when planning counts its pomodoro in the workspace", focus_on_a_task_counts_for_it),
        ("teams: a team, a member and a team project made in the page", teams_are_made_in_the_page),
        ("shortcuts can be turned off; an armed delete says what it deletes",
         shortcuts_can_be_turned_off_and_deletes_are_announced),
        ("axe-core finds nothing serious on any page, light or dark", axe_finds_nothing_serious),
        ("nothing fetched from another origin", no_third_party_requests),
    ]
    try:
        for name, body in steps:
            run.step(name, body)
    finally:
        run.close()
        print(f"web: {run.passed} passed, {run.failed} failed", flush=True)
    return 0 if run.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
