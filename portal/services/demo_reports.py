"""The demo's reports: for centre 1 a quarterly report of Q1 2566 that was sent and a course-1 training
report the director approved; for centre 2 a draft quarterly report of Q2 2566.

Idempotent like the rest of the demo: a report is found by its natural key (centre, kind, fiscal year,
quarter or course) and left alone when it is there. Called from portal.services.demo.build_demo as
``created.update(write_reports(plan.centre_numbers, today))``.
"""
from __future__ import annotations

import datetime as dt

from portal.models import Centre, Course, User
from portal.models.reports import Report
from portal.services import reports as svc

FY = 2566


def _user(centre: Centre, role: str) -> User | None:
    return (User.select().where((User.centre == centre.id) & (User.role == role) & User.active)
            .order_by(User.username).first())


def _existing(centre: Centre, kind: str, quarter: int | None = None, course: int | None = None) -> Report | None:
    query = Report.select().where((Report.centre == centre.id) & (Report.kind == kind) & (Report.fiscal_year == FY))
    if quarter is not None:
        query = query.where(Report.quarter == quarter)
    if course is not None:
        query = query.where(Report.course == course)
    return query.first()


def write_reports(centre_numbers, today: dt.date) -> dict[str, int]:
    """Create the demo reports that are missing; returns {"reports": number created}."""
    created = 0
    if not Course.select().where(Course.fiscal_year == FY).exists():
        return {"reports": 0}
    numbers = set(centre_numbers)
    centre1 = Centre.get_or_none(Centre.number == 1) if 1 in numbers else None
    if centre1 is not None:
        staff, director = _user(centre1, "centre_staff"), _user(centre1, "centre_director")
        if staff and director:
            if _existing(centre1, "quarterly", quarter=1) is None:
                report = svc.create_report(centre1, svc.NewReport("quarterly", FY, quarter=1), staff)
                report.problems = "กรรมการบางสหกรณ์ติดภารกิจฤดูเก็บเกี่ยว ต้องเลื่อนวันอบรม"
                report.help_needed = "ขอให้สำนักงานสหกรณ์จังหวัดช่วยประสานกรรมการให้เข้าอบรมครบทั้งคณะ"
                report.reference = "กษ 0505.1/ว 12"
                report.memo_date = dt.date(2023, 1, 10)
                report.save()
                svc.approve(report, director)
                svc.mark_sent(report, staff)
                created += 1
            if _existing(centre1, "training", course=1) is None:
                report = svc.create_report(centre1, svc.NewReport("training", FY, course=1), staff)
                svc.approve(report, director)
                created += 1
    centre2 = Centre.get_or_none(Centre.number == 2) if 2 in numbers else None
    if centre2 is not None:
        staff = _user(centre2, "centre_staff")
        if staff and _existing(centre2, "quarterly", quarter=2) is None:
            svc.create_report(centre2, svc.NewReport("quarterly", FY, quarter=2), staff)
            created += 1
    return {"reports": created}
