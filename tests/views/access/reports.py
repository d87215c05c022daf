"""Reports: the bureau reads all, a centre's director and staff their own centre's (another centre's
report is 404); staff and director draft; only the director approves or sends back; staff or director
mark sent. Provincial roles have no reports. National reports are the bureau's."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import BUREAU, Entry, pick

READERS = frozenset({"bureau_admin", "bureau_exec", "centre_director", "centre_staff"})
WRITERS = frozenset({"centre_director", "centre_staff"})
DIRECTOR = frozenset({"centre_director"})


def _report(w, side, state="draft"):
    """A quarterly report of the side's centre (created once per side and state)."""
    from portal.models.reports import Report

    centre = pick(w, side, w.centre, w.other_centre)
    report, _ = Report.get_or_create(
        centre=centre, kind="training", fiscal_year=2566, course=1, state=state,
        defaults={"agency": "ศูนย์ทดสอบ", "subject": "รายงานทดสอบ", "to": "ผู้อำนวยการสำนัก",
                  "body": "ข้อความ", "memo_date": dt.date(2023, 3, 15)})
    return report.id


def _url(endpoint, state="draft", **extra):
    return lambda w, side: url_for(endpoint, id=_report(w, side, state), **extra)


def _memo(w):
    return {"agency": "ศูนย์ถ่ายทอดฯ", "reference": "", "memo_date": "15/03/2566", "subject": "รายงาน",
            "to": "ผู้อำนวยการสำนัก", "body": "ข้อความ"}


ENTRIES = [
    Entry("reports.index", allowed=READERS),
    Entry("reports.new", allowed=WRITERS),
    Entry("reports.new", "POST", allowed=WRITERS, ok=(200, 303, 422),
          data=lambda w: {"kind": "training", "fiscal_year": "2566", "course": "1"}),
    Entry("reports.show", allowed=READERS, url=_url("reports.show"), scoped=True),
    Entry("reports.edit", allowed=WRITERS, url=_url("reports.edit"), scoped=True),
    Entry("reports.edit", "POST", allowed=WRITERS, url=_url("reports.edit"), scoped=True, data=_memo),
    Entry("reports.approve", "POST", allowed=DIRECTOR, url=_url("reports.approve"), scoped=True),
    Entry("reports.send_back", "POST", allowed=DIRECTOR, url=_url("reports.send_back"), scoped=True,
          data={"note": "แก้ตัวเลข"}),
    Entry("reports.mark_sent", "POST", allowed=WRITERS, url=_url("reports.mark_sent", "approved"), scoped=True),
    Entry("reports.download", allowed=READERS, url=_url("reports.download", fmt="csv"), scoped=True),
    Entry("reports.national", allowed=BUREAU),
]
