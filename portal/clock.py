"""The one clock: "today" and "now" in Asia/Bangkok, or the day pinned by PORTAL_TODAY."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def _zone() -> ZoneInfo:
    name = current_app.config["TIMEZONE"] if has_app_context() else "Asia/Bangkok"
    return ZoneInfo(name)


def now() -> dt.datetime:
    """Aware datetime in the portal's zone; on a pinned day the clock time runs on that date."""
    current = dt.datetime.now(_zone())
    pinned = current_app.config.get("TODAY") if has_app_context() else None
    if pinned:
        current = current.replace(year=pinned.year, month=pinned.month, day=pinned.day)
    return current


def today() -> dt.date:
    return now().date()


def naive_now() -> dt.datetime:
    """now() without tzinfo, for timestamp columns (stored as Bangkok local time)."""
    return now().replace(tzinfo=None)
