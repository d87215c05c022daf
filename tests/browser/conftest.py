"""Browser tests: Playwright drives Debian's Chromium against a live portal.

The portal runs in a subprocess (`flask run`) on its own database, as a user
would meet it. Two profiles: a small Android phone (360×640, device scale 2,
Thai locale, system font at 130%) and a desktop. A screenshot of every test is
kept under tests/.artifacts/screenshots/ (ignored by git).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "tests" / ".artifacts" / "screenshots"
TODAY = "2023-03-15"
LIVE_PASSWORD = "browser-pass-1"

PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "th-TH",
    "timezone_id": "Asia/Bangkok",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36 Line/13.20.0"
    ),
}
DESKTOP = {
    "viewport": {"width": 1280, "height": 800},
    "locale": "th-TH",
    "timezone_id": "Asia/Bangkok",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing at /usr/bin/chromium: run `make test` as root, or "
            "apt-get install -y chromium fonts-thai-tlwg",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(args, env, check=True):
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, check=check, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def live_env(tmp_path_factory):
    """Environment of the live portal: its own database, migrated (and demo data where present)."""
    tmp = tmp_path_factory.mktemp("live")
    url = os.environ.get("TEST_DATABASE_URL", "").strip() or f"sqlite:///{tmp}/live.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORTAL_ENV": "testing",
        "SECRET_KEY": "browser-test-key",
        "PORTAL_TODAY": TODAY,
        "PORTAL_LIVE_POLL_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("FLASK_APP", None)
    _flask(["db", "upgrade"], env)
    # The small demo year: centres 1 and 2 with their accounts (password LIVE_PASSWORD).
    _flask(["demo", "--size", "small", "--password", LIVE_PASSWORD], env)
    return env


@pytest.fixture(scope="session")
def live_server(live_env):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    log = open(SCREENSHOTS.parent / "live-server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port), "--no-reload", "--with-threads"],
        cwd=ROOT, env={**live_env, "PORTAL_BASE_URL": base}, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the live portal exited; see tests/.artifacts/live-server.log")
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("the live portal did not answer within 30 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _font_at_130_percent(context, page):
    # Chromium's own setting for the default font size (16 px × 1.3).
    session = context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 21, "fixed": 17}})


@pytest.fixture
def phone(browser, request):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _font_at_130_percent(context, page)
    yield page
    _screenshot(page, request, "phone")
    context.close()


@pytest.fixture
def desktop(browser, request):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    yield page
    _screenshot(page, request, "desktop")
    context.close()


def _screenshot(page, request, profile):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{profile}.png"), full_page=True)
    except Exception:  # noqa: BLE001 - a closed page leaves no picture, not a failure
        pass


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, "director01"): through the login form, as a person does."""
    return lambda page, username, password=LIVE_PASSWORD: _sign_in(page, live_server, username, password)


def _sign_in(page, base, username, password):
    page.goto(base + "/login")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"sign-in as {username} failed"


@contextmanager
def _live_database(url: str):
    """Open the live portal's database in this process (to seed or check rows), then put ours back."""
    from portal import db as dbmod

    previous = dbmod.database.obj
    database = dbmod.make_database(url)
    dbmod.database.initialize(database)
    try:
        with database.connection_context():
            yield database
    finally:
        dbmod.database.initialize(previous)


@pytest.fixture
def live_db(live_env):
    """`with live_db(): Model.create(...)` writes straight into the live portal's database."""
    return lambda: _live_database(live_env["DATABASE_URL"])
