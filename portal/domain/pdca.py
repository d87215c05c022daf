"""PDCA board rules: the status of one step (or one cell) from its window, what is done, and today.

No Flask and no database here: the service counts what the data says, these functions decide.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DONE = "done"
DUE = "due"
LATE = "late"
NOT_YET = "not_yet"
NONE = "none"  # nothing to do (no targets, no window)

STATUSES = (DONE, DUE, LATE, NOT_YET, NONE)

# Thai first, English second; the view translates with gettext.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    DONE: ("เสร็จแล้ว", "Done"),
    DUE: ("ถึงกำหนด", "Due"),
    LATE: ("เลยกำหนด", "Late"),
    NOT_YET: ("ยังไม่ถึงกำหนด", "Not yet"),
    NONE: ("ไม่มีงาน", "Nothing to do"),
}

SOURCES: dict[str, tuple[str, str]] = {
    "satisfaction": ("แบบประเมินความพึงพอใจ", "Satisfaction form"),
    "followup": ("แบบติดตามผล", "Follow-up"),
    "visit": ("การเยี่ยมติดตาม", "Monitoring visit"),
    "staff": ("เจ้าหน้าที่ศูนย์", "Centre staff"),
}

PROGRESS_STATUSES = ("not_started", "on_track", "behind", "done", "cancelled")


def cell_status(done: int, total: int, starts: dt.date | None, ends: dt.date | None, today: dt.date) -> str:
    """The status of a step (or a cell of it): ``done`` of ``total`` things finished.

    - nothing to do (total 0) and no window → none;
    - all done (total > 0) → done;
    - window not open yet (today < starts) → not yet;
    - window passed (today > ends) and not all done → late;
    - otherwise (window open, or no window given) → due.
    A step with no targets (total 0) follows its window: done once it is over, else not yet / due.
    """
    if total <= 0:
        if starts is None and ends is None:
            return NONE
        if ends is not None and today > ends:
            return DONE
        if starts is not None and today < starts:
            return NOT_YET
        return DUE
    if done >= total:
        return DONE
    if starts is not None and today < starts:
        return NOT_YET
    if ends is not None and today > ends:
        return LATE
    return DUE


def deadline_status(done_on: dt.date | None, deadline: dt.date | None, today: dt.date) -> str:
    """A thing with a last day on time (the target list): done on or before it → done; done after it → late
    (it still counts as late); not done → due until the deadline, late after it."""
    if done_on is not None:
        if deadline is not None and done_on > deadline:
            return LATE
        return DONE
    if deadline is not None and today > deadline:
        return LATE
    return DUE


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    first = month_start(day)
    return month_start(first - dt.timedelta(days=1))


def is_behind(activity_starts: dt.date, activity_ends: dt.date, latest_status: str | None,
              latest_month: dt.date | None, today: dt.date) -> bool:
    """An activity is behind when its owner says so, or when it has begun, is not done or cancelled,
    and no progress was reported for last month (or any later month)."""
    if latest_status in ("done", "cancelled"):
        return False
    if latest_status == "behind":
        return True
    if month_start(today) <= month_start(activity_starts):
        return False  # its first month has not ended yet
    expected = min(previous_month(today), month_start(activity_ends))
    return latest_month is None or latest_month < expected


@dataclass(frozen=True)
class Cell:
    """One step's (or sub-step's) line on the board."""

    key: str
    label: tuple[str, str]
    done: int
    total: int
    status: str
    late_count: int = 0  # e.g. lists submitted after the deadline
    note: tuple[str, str] | None = None


def worst(statuses: list[str]) -> str:
    """A step's overall status from its cells: late beats due beats not yet beats done."""
    for s in (LATE, DUE, NOT_YET, DONE):
        if s in statuses:
            return s
    return NONE
