"""Settings, read from the environment in one place.

| variable          | meaning                                                         |
|-------------------|-----------------------------------------------------------------|
| PORTAL_ENV        | development (default), production or testing                   |
| SECRET_KEY        | signs sessions and CSRF tokens; required in production;         |
|                   | elsewhere generated once and kept in instance/secret_key        |
| DATABASE_URL      | sqlite:///path or postgresql://user:pw@host:port/db;            |
|                   | default: SQLite file instance/portal.sqlite3                    |
| PORTAL_BASE_URL   | public address used in printed links and QR codes               |
| PORTAL_TODAY      | YYYY-MM-DD: pins "today" (demo year, tests); unset = the clock  |
| PORTAL_TIMEZONE   | default Asia/Bangkok                                            |
| PORTAL_LIVE_POLL_SECONDS | how often the live cohort panel refreshes (default 5)    |
| PORTAL_SATISFACTION_BANDS | satisfaction band scheme: 0.8 (default) or 0.5          |
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


def _read_today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(
            f"PORTAL_TODAY ต้องเป็น YYYY-MM-DD (ค.ศ.) / PORTAL_TODAY must be YYYY-MM-DD, got {value!r}"
        ) from None


def _read_poll_seconds(value: str) -> int:
    try:
        seconds = int(value.strip())
    except ValueError:
        seconds = 0
    if not 1 <= seconds <= 300:
        raise ConfigError(
            f"PORTAL_LIVE_POLL_SECONDS ต้องเป็นจำนวนวินาที 1–300 / "
            f"PORTAL_LIVE_POLL_SECONDS must be a number of seconds from 1 to 300, got {value!r}"
        )
    return seconds


def _read_band_scheme(value: str) -> str:
    from portal.domain.analytics import BAND_SCHEMES

    scheme = value.strip()
    if scheme not in BAND_SCHEMES:
        raise ConfigError(
            f"PORTAL_SATISFACTION_BANDS ต้องเป็น {' หรือ '.join(BAND_SCHEMES)} / "
            f"PORTAL_SATISFACTION_BANDS must be one of {', '.join(BAND_SCHEMES)}, got {value!r}"
        )
    return scheme


def _local_secret_key(instance_path: Path) -> str:
    """A key generated on first use and kept in instance/ so sessions survive restarts."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_settings(instance_path: Path, environ=os.environ) -> dict:
    """Return the Flask config mapping built from the environment."""
    env = environ.get("PORTAL_ENV", "development").strip().lower()
    if env not in {"development", "production", "testing"}:
        raise ConfigError(f"PORTAL_ENV must be development, production or testing, got {env!r}")

    secret = environ.get("SECRET_KEY", "").strip()
    if not secret:
        if env == "production":
            raise ConfigError(
                "SECRET_KEY ไม่ได้ตั้งค่า: โหมด production ไม่ยอมเริ่มทำงานโดยไม่มีกุญแจลับ / "
                "SECRET_KEY is not set: production refuses to start without it "
                "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        secret = _local_secret_key(instance_path)

    database_url = environ.get("DATABASE_URL", "").strip() or (
        "sqlite:///" + str(instance_path / "portal.sqlite3")
    )
    base_url = environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000").strip().rstrip("/")
    secure = base_url.startswith("https://")

    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "BASE_URL": base_url,
        "TIMEZONE": environ.get("PORTAL_TIMEZONE", "Asia/Bangkok"),
        "TODAY": _read_today(environ.get("PORTAL_TODAY")),
        "TESTING": env == "testing",
        # A trainee may keep a questionnaire open for a whole training day.
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "th",
        "BABEL_DEFAULT_TIMEZONE": environ.get("PORTAL_TIMEZONE", "Asia/Bangkok"),
        # Cheap password hashing is for the test suite only (see accounts).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000" if env == "testing" else "scrypt",
        "LIVE_POLL_SECONDS": _read_poll_seconds(environ.get("PORTAL_LIVE_POLL_SECONDS", "5")),
        "SATISFACTION_BAND_SCHEME": _read_band_scheme(environ.get("PORTAL_SATISFACTION_BANDS", "0.8")),
    }
