"""Monthly follow-up rules: the month reported, progress checks, and "behind schedule" at a glance.

No Flask and no database here. Months are dates on day 1.

Behind schedule (per activity and month):
* the expected percent runs linearly from 0 at the start month to 100 at the end month;
* an activity is behind when its status is "behind", or the reported percent is more than
  ``TOLERANCE`` points under the expectation, or it has started but nothing was reported for
  the previous month, or its end month has passed and it is not done (nor cancelled).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.domain.eligibility import BilingualMessage

STATUSES = ("not_started", "on_track", "behind", "done", "cancelled")
STATUS_LABELS = {
    "not_started": ("ยังไม่เริ่มดำเนินการ", "Not started"),
    "on_track": ("ดำเนินการตามแผน", "On track"),
    "behind": ("ล่าช้ากว่าแผน", "Behind plan"),
    "done": ("ดำเนินการแล้วเสร็จ", "Done"),
    "cancelled": ("ยกเลิก/ไม่ดำเนินการ", "Cancelled"),
}
SOURCES = ("owner_link", "staff")
TOLERANCE = 10  # percentage points under the expectation before an activity counts as behind


class FollowupError(ValueError):
    """A refused follow-up entry; ``.th`` and ``.en`` hold the message, ``.field`` the field concerned."""

    def __init__(self, th: str, en: str, field: str | None = None) -> None:
        self.th, self.en, self.field = th, en, field
        self.message = BilingualMessage(th, en, field)
        super().__init__(str(self.message))


def first_of_month(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, 1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + (month.month - 1) + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def month_range(start: dt.date, end: dt.date) -> list[dt.date]:
    """Day 1 of every month from start's month to end's month inclusive ([] when end is before start)."""
    out, m = [], first_of_month(start)
    while month_index(m) <= month_index(end):
        out.append(m)
        m = add_months(m, 1)
    return out


def reported_month(month: object, year_be: object) -> dt.date:
    """Day 1 of the month the owners reported ("3", 2566 -> 2023-03-01); FollowupError when unreadable."""
    try:
        m, y = int(str(month)), int(str(year_be))
    except (TypeError, ValueError):
        raise FollowupError("กรุณาระบุเดือนและปี พ.ศ. ที่รายงาน", "Give the month and the Buddhist-Era year reported",
                            "report_month") from None
    if not 1 <= m <= 12 or not 2400 <= y <= 2700:
        raise FollowupError("กรุณาระบุเดือนและปี พ.ศ. ที่รายงาน", "Give the month and the Buddhist-Era year reported",
                            "report_month")
    return dt.date(y - 543, m, 1)


def parse_month_key(text: str) -> dt.date | None:
    """"2023-03" -> 2023-03-01; None when it is not a month key."""
    try:
        y, m = (int(p) for p in (text or "").split("-"))
        return dt.date(y, m, 1)
    except (TypeError, ValueError):
        return None


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def check_progress(status: str, percent: int | None, month: dt.date, plan_starts: dt.date) -> int | None:
    """Validate one month's progress; the percent to store. Raises FollowupError (Thai / English)."""
    if status not in STATUSES:
        raise FollowupError("กรุณาเลือกสถานะของกิจกรรม", "Choose the status of the activity", "status")
    if month_index(month) < month_index(plan_starts):
        raise FollowupError("เดือนที่รายงานอยู่ก่อนเดือนที่แผนเริ่ม กรุณาตรวจสอบเดือนและปีที่รายงาน",
                            "The month reported is before the plan began; check the month and year", "month")
    if percent is None:
        if status == "cancelled":
            return None
        if status == "done":
            return 100
        if status == "not_started":
            return 0
        raise FollowupError("กรุณากรอกผลการดำเนินงานสะสมเป็นร้อยละ 0–100",
                            "Enter the progress so far as a percentage from 0 to 100", "percent_done")
    if percent < 0 or percent > 100:
        raise FollowupError("ผลการดำเนินงานต้องอยู่ระหว่างร้อยละ 0 ถึง 100 (เกิน 100 ไม่ได้)",
                            "Progress must be from 0 to 100 percent (not over 100)", "percent_done")
    return percent


def expected_percent(starts: dt.date, ends: dt.date, month: dt.date) -> int:
    """Linear from 0 at the start month to 100 at the end month (0 before, 100 after)."""
    s, e, m = month_index(starts), month_index(ends), month_index(month)
    if m <= s:
        return 100 if m >= e else 0
    if m >= e:
        return 100
    return round(100 * (m - s) / (e - s))


@dataclass(frozen=True)
class Cell:
    """One activity's state in one month, as shown on the grid."""

    month: dt.date
    status: str | None  # the reported status, None when nothing was reported
    percent: int | None
    expected: int
    in_range: bool  # between the activity's start and end months
    behind: bool
    reason: str = ""  # status | under | missing | overdue


def behind_reason(starts: dt.date, ends: dt.date, month: dt.date, status: str | None, percent: int | None,
                  reported_previous: bool) -> str:
    """Why the activity is behind in this month ("" when it is not).

    ``status``/``percent``: what was reported for this month (None: nothing); ``reported_previous``:
    whether anything was reported for the month before.
    """
    if status in ("done", "cancelled"):
        return ""
    if status == "behind":
        return "status"
    if percent is not None and percent < expected_percent(starts, ends, month) - TOLERANCE:
        return "under"
    m = month_index(month)
    if m > month_index(ends):
        return "overdue"
    if m > month_index(starts) and not reported_previous:
        return "missing"
    return ""


def cells(starts: dt.date, ends: dt.date, months: list[dt.date], reports: dict) -> list[Cell]:
    """The grid row of one activity: ``reports`` maps month -> (status, percent).

    A month after a "done" or "cancelled" report is not behind.
    """
    out, finished = [], False
    for month in months:
        status, percent = reports.get(month, (None, None))
        previous = add_months(month, -1) in reports
        in_range = month_index(starts) <= month_index(month) <= month_index(ends)
        reason = ""
        if not finished and month_index(month) >= month_index(starts):
            reason = behind_reason(starts, ends, month, status, percent, previous)
        if status in ("done", "cancelled"):
            finished = True
        out.append(Cell(month, status, percent, expected_percent(starts, ends, month), in_range, bool(reason), reason))
    return out
