"""Settings come from the environment; bad ones fail with one clear line."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import ConfigError, load_settings
from portal.db import DatabaseUrlError, make_database

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(tmp_path, {"PORTAL_ENV": "production"})


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    first = load_settings(tmp_path, {})["SECRET_KEY"]
    second = load_settings(tmp_path, {})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_are_sqlite_in_instance_and_bangkok_time(tmp_path):
    settings = load_settings(tmp_path, {})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path}/portal.sqlite3"
    assert settings["TIMEZONE"] == "Asia/Bangkok"
    assert settings["TODAY"] is None
    assert settings["BASE_URL"] == "http://127.0.0.1:5000"


def test_today_can_be_pinned_and_must_be_iso(tmp_path):
    assert load_settings(tmp_path, {"PORTAL_TODAY": "2023-03-15"})["TODAY"] == dt.date(2023, 3, 15)
    with pytest.raises(ConfigError, match="PORTAL_TODAY"):
        load_settings(tmp_path, {"PORTAL_TODAY": "15/03/2566"})


def test_https_base_url_makes_cookies_secure(tmp_path):
    settings = load_settings(tmp_path, {"PORTAL_BASE_URL": "https://portal.example.go.th/"})
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["BASE_URL"] == "https://portal.example.go.th"


@pytest.mark.parametrize(
    "url",
    ["mysql://x/y", "sqlite://", "postgresql://host-only", "postgresql://u@h:notaport/db", "nonsense"],
)
def test_malformed_database_url_names_the_setting(url):
    with pytest.raises(DatabaseUrlError, match="DATABASE_URL"):
        make_database(url)


def _flask(args, env_extra, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def test_cli_with_malformed_database_url_prints_one_line_and_fails(tmp_path):
    result = _flask(["db", "status"], {"DATABASE_URL": "mysql://nowhere/db", "SECRET_KEY": "k"}, tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "DATABASE_URL" in lines[0], result.stderr


def test_cli_with_unreachable_database_prints_one_line_and_fails(tmp_path):
    result = _flask(
        ["db", "upgrade"],
        {"DATABASE_URL": "postgresql://nobody:pw@127.0.0.1:1/none", "SECRET_KEY": "k"},
        tmp_path,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "DATABASE_URL" in lines[0], result.stderr


def test_production_without_secret_key_refuses_with_a_clear_message(tmp_path):
    result = _flask(["db", "status"], {"PORTAL_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_live_poll_interval_and_band_scheme_are_settings(tmp_path):
    settings = load_settings(tmp_path, {"PORTAL_LIVE_POLL_SECONDS": "8", "PORTAL_SATISFACTION_BANDS": "0.5"})
    assert settings["LIVE_POLL_SECONDS"] == 8
    assert settings["SATISFACTION_BAND_SCHEME"] == "0.5"
    defaults = load_settings(tmp_path, {})
    assert (defaults["LIVE_POLL_SECONDS"], defaults["SATISFACTION_BAND_SCHEME"]) == (5, "0.8")


@pytest.mark.parametrize("name,value", [
    ("PORTAL_LIVE_POLL_SECONDS", "0"), ("PORTAL_LIVE_POLL_SECONDS", "fast"), ("PORTAL_LIVE_POLL_SECONDS", "301"),
    ("PORTAL_SATISFACTION_BANDS", "1.0"),
])
def test_bad_live_poll_or_band_scheme_names_the_setting(tmp_path, name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings(tmp_path, {name: value})
