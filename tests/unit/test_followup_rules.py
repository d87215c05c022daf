"""Monthly follow-up rules: the month reported, progress checks, the expected percent and "behind schedule"."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.domain import followup as rules
from portal.domain.followup import FollowupError

D = dt.date
NOV, JAN, MAR, MAY = D(2022, 11, 1), D(2023, 1, 1), D(2023, 3, 1), D(2023, 5, 1)


@pytest.mark.parametrize("month, year, expected", [
    ("3", 2566, D(2023, 3, 1)), ("10", "2566", D(2023, 10, 1)), (12, 2565, D(2022, 12, 1)),
])
def test_the_reported_month_is_read_in_the_buddhist_era(month, year, expected):
    assert rules.reported_month(month, year) == expected


@pytest.mark.parametrize("month, year", [(None, 2566), ("13", 2566), ("3", 2023), ("x", "y")])
def test_an_unreadable_month_is_refused_in_thai(month, year):
    with pytest.raises(FollowupError) as exc:
        rules.reported_month(month, year)
    assert "เดือน" in exc.value.th


@pytest.mark.parametrize("status, percent, stored", [
    ("on_track", 40, 40), ("done", None, 100), ("not_started", None, 0), ("cancelled", None, None), ("behind", 0, 0),
    ("done", 100, 100),
])
def test_progress_accepted(status, percent, stored):
    assert rules.check_progress(status, percent, MAR, NOV) == stored


@pytest.mark.parametrize("status, percent, month, field, text", [
    ("on_track", 101, MAR, "percent_done", "เกิน 100"),
    ("on_track", -1, MAR, "percent_done", "0 ถึง 100"),
    ("on_track", None, MAR, "percent_done", "ร้อยละ"),
    ("finished", 10, MAR, "status", "สถานะ"),
    ("on_track", 10, D(2022, 10, 1), "month", "ก่อนเดือนที่แผนเริ่ม"),
])
def test_progress_refused(status, percent, month, field, text):
    with pytest.raises(FollowupError) as exc:
        rules.check_progress(status, percent, month, NOV)
    assert exc.value.field == field and text in exc.value.th and exc.value.en


@pytest.mark.parametrize("starts, ends, month, expected", [
    (NOV, MAY, D(2022, 10, 1), 0),   # before the start
    (NOV, MAY, NOV, 0),               # the start month
    (NOV, MAY, JAN, 33),              # 2 of 6 months
    (NOV, MAY, D(2023, 2, 1), 50),
    (NOV, MAY, MAY, 100),             # the end month
    (NOV, MAY, D(2023, 8, 1), 100),   # after
    (MAR, MAR, MAR, 100),             # a one-month activity
])
def test_the_expected_percent_is_linear_from_start_to_end(starts, ends, month, expected):
    assert rules.expected_percent(starts, ends, month) == expected


@pytest.mark.parametrize("month, status, percent, previous, reason", [
    (D(2023, 2, 1), "behind", 80, True, "status"),           # said so
    (D(2023, 2, 1), "on_track", 39, True, "under"),          # expected 50: more than 10 under
    (D(2023, 2, 1), "on_track", 40, True, ""),               # exactly 10 under is fine
    (D(2023, 2, 1), "on_track", 60, False, "missing"),       # started, nothing for January
    (NOV, None, None, False, ""),                            # the first month needs no previous report
    (D(2022, 10, 1), None, None, False, ""),                 # not started yet
    (D(2023, 6, 1), None, None, True, "overdue"),            # ended, not done
    (D(2023, 6, 1), "on_track", 100, True, "overdue"),
    (D(2023, 6, 1), "done", 100, False, ""),                 # done is never behind
    (D(2023, 2, 1), "cancelled", None, False, ""),
])
def test_behind_schedule(month, status, percent, previous, reason):
    assert rules.behind_reason(NOV, MAY, month, status, percent, previous) == reason


def test_a_row_of_the_grid_stops_counting_after_done():
    months = rules.month_range(NOV, D(2023, 7, 1))
    reports = {NOV: ("on_track", 10), D(2022, 12, 1): ("on_track", 20), JAN: ("behind", 25), MAR: ("on_track", 70),
               D(2023, 4, 1): ("done", 100)}
    row = rules.cells(NOV, MAY, months, reports)
    # February: January was reported; March: nothing for February; after "done" nothing is behind.
    assert [c.reason for c in row] == ["", "", "status", "", "missing", "", "", "", ""]
    assert [c.in_range for c in row][-2:] == [False, False]
    assert row[0].status == "on_track" and row[3].status is None and row[3].expected == 50


def test_month_helpers():
    assert rules.add_months(D(2022, 11, 1), 3) == D(2023, 2, 1)
    assert rules.add_months(JAN, -1) == D(2022, 12, 1)
    assert rules.month_range(D(2022, 11, 20), D(2023, 1, 5)) == [NOV, D(2022, 12, 1), JAN]
    assert rules.month_key(MAR) == "2023-03" and rules.parse_month_key("2023-03") == MAR
    assert rules.parse_month_key("2023-13") is None and rules.parse_month_key("x") is None
