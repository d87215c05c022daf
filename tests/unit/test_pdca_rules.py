"""PDCA board rules: a cell's status from its window and what is done, the deadline rule, behind schedule."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.domain import pdca

D = dt.date
WINDOW = (D(2022, 12, 1), D(2022, 12, 31))


@pytest.mark.parametrize("done,total,starts,ends,today,expected", [
    (2, 2, *WINDOW, D(2022, 11, 1), "done"),        # all done, even before the window
    (2, 2, *WINDOW, D(2023, 1, 5), "done"),
    (0, 2, *WINDOW, D(2022, 11, 30), "not_yet"),    # window not open
    (0, 2, *WINDOW, D(2022, 12, 1), "due"),         # first day of the window
    (1, 2, *WINDOW, D(2022, 12, 31), "due"),        # last day of the window
    (1, 2, *WINDOW, D(2023, 1, 1), "late"),         # the day after: late
    (3, 2, *WINDOW, D(2023, 1, 1), "done"),         # more than needed is done
    (0, 0, *WINDOW, D(2022, 11, 1), "not_yet"),     # nothing to do follows the window
    (0, 0, *WINDOW, D(2022, 12, 10), "due"),
    (0, 0, *WINDOW, D(2023, 1, 1), "done"),
    (0, 0, None, None, D(2023, 1, 1), "none"),
    (0, 2, None, None, D(2023, 1, 1), "due"),       # no window set: due until done
    (0, 2, None, D(2022, 12, 31), D(2023, 1, 1), "late"),
    (0, 2, D(2022, 12, 1), None, D(2030, 1, 1), "due"),
])
def test_cell_status(done, total, starts, ends, today, expected):
    assert pdca.cell_status(done, total, starts, ends, today) == expected


@pytest.mark.parametrize("done_on,deadline,today,expected", [
    (D(2022, 12, 10), D(2022, 12, 15), D(2023, 3, 15), "done"),
    (D(2022, 12, 15), D(2022, 12, 15), D(2023, 3, 15), "done"),   # the last day is on time
    (D(2022, 12, 16), D(2022, 12, 15), D(2023, 3, 15), "late"),   # submitted late stays late
    (None, D(2022, 12, 15), D(2022, 12, 15), "due"),
    (None, D(2022, 12, 15), D(2022, 12, 16), "late"),
    (None, None, D(2022, 12, 16), "due"),
    (D(2022, 12, 20), None, D(2022, 12, 21), "done"),
])
def test_deadline_status(done_on, deadline, today, expected):
    assert pdca.deadline_status(done_on, deadline, today) == expected


@pytest.mark.parametrize("starts,ends,status,month,today,expected", [
    # Not begun or in its first month: never behind.
    (D(2023, 4, 1), D(2023, 6, 1), None, None, D(2023, 3, 15), False),
    (D(2023, 3, 1), D(2023, 6, 1), None, None, D(2023, 3, 15), False),
    # Begun last month with no report: behind.
    (D(2023, 2, 1), D(2023, 6, 1), None, None, D(2023, 3, 15), True),
    # Last month reported on track: not behind.
    (D(2023, 2, 1), D(2023, 6, 1), "on_track", D(2023, 2, 1), D(2023, 3, 15), False),
    # Only an older month reported: behind.
    (D(2023, 1, 1), D(2023, 6, 1), "on_track", D(2023, 1, 1), D(2023, 3, 15), True),
    # The owner says behind: behind, whatever the month.
    (D(2023, 2, 1), D(2023, 6, 1), "behind", D(2023, 3, 1), D(2023, 3, 15), True),
    # Done or cancelled: never behind.
    (D(2023, 1, 1), D(2023, 2, 1), "done", D(2023, 1, 1), D(2023, 5, 15), False),
    (D(2023, 1, 1), D(2023, 6, 1), "cancelled", D(2023, 1, 1), D(2023, 5, 15), False),
    # Ended in January, reported for January: not behind in May.
    (D(2022, 12, 1), D(2023, 1, 1), "on_track", D(2023, 1, 1), D(2023, 5, 15), False),
    # Carry-forward: a 2566 activity into the next fiscal year keeps its own months.
    (D(2023, 8, 1), D(2024, 3, 1), "on_track", D(2023, 10, 1), D(2023, 11, 20), False),
    (D(2023, 8, 1), D(2024, 3, 1), "on_track", D(2023, 9, 1), D(2023, 11, 20), True),
])
def test_is_behind(starts, ends, status, month, today, expected):
    assert pdca.is_behind(starts, ends, status, month, today) is expected


def test_worst_orders_late_due_not_yet_done():
    assert pdca.worst(["done", "due", "late"]) == "late"
    assert pdca.worst(["done", "not_yet", "due"]) == "due"
    assert pdca.worst(["done", "not_yet"]) == "not_yet"
    assert pdca.worst(["done", "done"]) == "done"
    assert pdca.worst([]) == "none"


def test_months():
    assert pdca.previous_month(D(2023, 1, 15)) == D(2022, 12, 1)
    assert pdca.month_start(D(2023, 3, 31)) == D(2023, 3, 1)
