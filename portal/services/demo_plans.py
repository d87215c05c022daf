"""The demo year's plans and follow-up (issue 8's demo rows).

Every cooperative whose course-1 cohort has closed by "today" wrote its
development plan on day 2 (three projects, two or three activities each, with
owners from its board); loss-making ones a 3-year plan with a business
projection that breaks even in its second or third year. Most boards adopted the
plan at their next monthly meeting (so course 2 may follow). Activity owners
reported each month from the month after the training up to the month before
"today", mostly on track, some behind; provincial offices visited each target
once and sent a monthly summary for each month with reports.

Idempotent like the rest of the demo: a cooperative that already has a plan for
the fiscal year, an office's summary for a month, a visit on a day, are left
alone.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from portal.db import write_transaction
from portal.models import (
    ActivityProgress,
    BusinessProjection,
    Cohort,
    CohortCooperative,
    Cooperative,
    Course,
    DevelopmentPlan,
    MonitoringVisit,
    MonthlySummary,
    Office,
    PlanActivity,
    PlanProject,
    Province,
    Suggestion,
    Trainee,
    User,
    YearlyRecord,
    YearlyRecordLine,
)

__all__ = ["write_plans"]

FISCAL_YEAR = 2566

_PROJECTS = (
    ("เพิ่มการมีส่วนร่วมของสมาชิกในการทำธุรกิจกับสหกรณ์", "สมาชิกใช้บริการสหกรณ์เพิ่มขึ้น",
     "ร้อยละของสมาชิกที่ทำธุรกิจกับสหกรณ์", "ไม่ต่ำกว่าร้อยละ 65",
     ("ประชุมกลุ่มสมาชิกชี้แจงบริการของสหกรณ์", "จัดทำป้ายและไลน์กลุ่มประชาสัมพันธ์บริการ",
      "มอบสิทธิพิเศษแก่สมาชิกที่ใช้บริการครบทุกธุรกิจ")),
    ("ลดหนี้ค้างชำระและปรับปรุงการติดตามหนี้", "หนี้ค้างชำระลดลง", "หนี้ค้างชำระเกินกำหนด", "ลดลงร้อยละ 20",
     ("จัดทำทะเบียนลูกหนี้ค้างชำระรายกลุ่ม", "เยี่ยมลูกหนี้และปรับโครงสร้างหนี้")),
    ("พัฒนาการทำงานของคณะกรรมการและฝ่ายจัดการ", "คณะกรรมการติดตามงานทุกเดือน",
     "จำนวนครั้งที่รายงานความก้าวหน้าต่อที่ประชุม", "ทุกเดือน",
     ("รายงานความก้าวหน้าแผนในที่ประชุมคณะกรรมการทุกเดือน", "แก้ไขข้อสังเกตของผู้สอบบัญชี")),
)


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in ("demo-plans", *parts)))


def _month(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def _plan(coop: Cooperative, cohort: Cohort, staff: User | None, today: date, rng: random.Random) -> Counter:
    made = Counter()
    record = (YearlyRecord.select().where(YearlyRecord.cooperative == coop)
              .order_by(YearlyRecord.accounting_year.desc()).first())
    loss = record is not None and record.accumulated_loss
    first = _add_months(cohort.ends, 1)
    horizon = 3 if loss else 1
    last = _add_months(first, 12 * horizon - 1)
    written = datetime.combine(cohort.ends, time(16, 0))
    adopted_on = None
    has_course_2 = (CohortCooperative.select().join(Cohort).join(Course)
                    .where((CohortCooperative.cooperative == coop) & (Course.number == 2)).exists())
    if has_course_2 or rng.random() < 0.85:  # adopted at the board's next monthly meeting (course 2 needs it)
        adopted_on = min(today, cohort.ends + timedelta(days=rng.randint(7, 20)))
    plan = DevelopmentPlan.create(
        cooperative=coop, fiscal_year=FISCAL_YEAR, cohort=cohort, title=f"แผนพัฒนา{coop.name} ปี 2566–{2566 + horizon - 1}"
        if horizon > 1 else f"แผนพัฒนา{coop.name} ปี 2566", horizon_years=horizon, starts=first, ends=last,
        adopted_meeting_no=f"{rng.randint(2, 6)}/2566" if adopted_on else "", adopted_on=adopted_on,
        adoption_recorded_by=staff if adopted_on else None,
        adoption_recorded_at=datetime.combine(adopted_on, time(15, 0)) if adopted_on else None,
        created_by=staff, created_at=written, updated_at=written)
    made["plans"] += 1
    board = list(Trainee.select().where((Trainee.cohort == cohort) & (Trainee.cooperative == coop)
                                        & (Trainee.role == "board")).order_by(Trainee.id))
    activities = []
    for p_order, (name, objective, kpi, target, acts) in enumerate(_PROJECTS, start=1):
        if p_order == 2 and not loss and rng.random() < 0.5:
            continue
        project = PlanProject.create(plan=plan, sort_order=p_order, name=name, objective=objective, kpi=kpi,
                                     target=target)
        for a_order, act in enumerate(acts, start=1):
            owner = board[(p_order * 3 + a_order) % len(board)] if board else None
            starts = _add_months(first, rng.randint(0, 1))
            ends = min(last, _add_months(starts, rng.randint(2, 5)))
            activities.append(PlanActivity.create(
                project=project, sort_order=a_order, name=act,
                owner_name=f"{owner.prefix}{owner.first_name} {owner.last_name}" if owner else "ผู้จัดการสหกรณ์",
                owner_position=owner.position if owner else "ผู้จัดการ", starts=starts, ends=ends,
                kpi=kpi, target=target))
    made["activities"] += len(activities)
    if loss:
        lines = [r.business_line_id for r in YearlyRecordLine.select().where(YearlyRecordLine.record == record)][:2]
        even = rng.choice((2, 3))
        for offset in range(horizon):
            for index, line in enumerate(lines or []):
                expenses = Decimal(rng.randint(800, 1600) * 1000)
                ratio = Decimal("0.85") + Decimal("0.1") * offset if offset + 1 < even else Decimal("1.06") + Decimal("0.02") * offset
                BusinessProjection.create(plan=plan, year=record.accounting_year + 1 + offset, business_line=line,
                                          income=(expenses * ratio).quantize(Decimal("1.00")), expenses=expenses,
                                          members=rng.randint(150, 600))
    if adopted_on is None:
        return made
    # Monthly reports by the owners, from the first month up to last month.
    month = first
    while month < _month(today):
        for activity in activities:
            if not (activity.starts <= month <= activity.ends):
                continue
            span = max(1, (activity.ends.year - activity.starts.year) * 12 + activity.ends.month - activity.starts.month)
            done = (month.year - activity.starts.year) * 12 + month.month - activity.starts.month + 1
            expected = min(100, round(100 * done / span))
            behind = rng.random() < 0.2
            percent = max(0, expected - (rng.randint(25, 40) if behind else rng.randint(0, 8)))
            status = "done" if percent >= 100 else ("behind" if behind else "on_track")
            ActivityProgress.create(
                activity=activity, month=month, status=status, percent_done=min(percent, 100),
                result="ดำเนินการตามแผนในเดือนนี้" if not behind else "ดำเนินการได้บางส่วน",
                obstacles="สมาชิกเข้าร่วมน้อยเพราะอยู่ในช่วงฤดูเก็บเกี่ยว" if behind else "",
                help_needed="ขอให้สำนักงานสหกรณ์จังหวัดร่วมชี้แจงสมาชิก" if behind and rng.random() < 0.5 else "",
                source="owner_link" if rng.random() < 0.7 else "staff", recorded_by=None if rng.random() < 0.7 else staff,
                recorded_at=datetime.combine(_add_months(month, 1) + timedelta(days=rng.randint(0, 6)), time(10, 0)))
            made["progress"] += 1
        month = _add_months(month, 1)
    return made


def write_plans(centre_numbers, today: date) -> dict[str, int]:
    """Plans, progress, visits, summaries and a few staff suggestions for the included centres."""
    from portal.models import Centre

    made: Counter = Counter()
    users = {u.username: u for u in User.select()}
    for centre in Centre.select().where(Centre.number.in_(list(centre_numbers))).order_by(Centre.number):
        staff = users.get(f"staff{centre.number:02d}a")
        closed = (Cohort.select(Cohort, CohortCooperative.cooperative).join(CohortCooperative)
                  .where((Cohort.centre == centre) & (Cohort.status == "closed"))
                  .order_by(Cohort.starts))
        with write_transaction():
            for cohort in closed:
                if cohort.course.number != 1:
                    continue
                coop = Cooperative.get_by_id(cohort.cohortcooperative.cooperative_id)
                if DevelopmentPlan.get_or_none((DevelopmentPlan.cooperative == coop)
                                               & (DevelopmentPlan.fiscal_year == FISCAL_YEAR)):
                    continue
                made += _plan(coop, cohort, staff, today, _rng(coop.registration_no))
                office = Office.get_by_id(coop.office_id)
                code = office.code.replace("-", "")
                officer = users.get(f"po{code}")
                visit_day = min(today - timedelta(days=1), cohort.ends + timedelta(days=35))
                if visit_day > cohort.ends and not MonitoringVisit.get_or_none(
                        (MonitoringVisit.cooperative == coop) & (MonitoringVisit.visited_on == visit_day)):
                    MonitoringVisit.create(
                        office=office, cooperative=coop, visited_on=visit_day,
                        visitors=f"{officer.prefix}{officer.first_name} {officer.last_name}" if officer else office.short_th,
                        findings="คณะกรรมการนำแผนเข้าที่ประชุมประจำเดือนแล้ว กิจกรรมประชาสัมพันธ์บริการเริ่มดำเนินการ",
                        help_given="แนะนำการจัดทำทะเบียนลูกหนี้ค้างชำระรายกลุ่ม", recorded_by=officer,
                        recorded_at=datetime.combine(visit_day, time(16, 0)))
                    made["visits"] += 1
            # One summary per office and month with reports (February on), sent to the provincial officer.
            offices = Office.select().join(Province).where(Province.centre == centre)
            for office in offices:
                code = office.code.replace("-", "")
                officer = users.get(f"po{code}")
                month = date(2023, 2, 1)
                while month < _month(today):
                    if MonthlySummary.get_or_none((MonthlySummary.office == office) & (MonthlySummary.month == month)):
                        month = _add_months(month, 1)
                        continue
                    sent = datetime.combine(_add_months(month, 1) + timedelta(days=4), time(11, 0))
                    MonthlySummary.create(
                        office=office, month=month, overview="สหกรณ์เป้าหมายดำเนินกิจกรรมตามแผนเป็นส่วนใหญ่",
                        problems="บางกิจกรรมล่าช้าเพราะสมาชิกติดภารกิจฤดูเก็บเกี่ยว",
                        help_needed="ขอให้ศูนย์ฯ สนับสนุนสื่อประชาสัมพันธ์", next_steps="ติดตามกิจกรรมที่ล่าช้าในเดือนถัดไป",
                        created_by=officer, created_at=sent, sent_at=sent, sent_by=officer)
                    made["summaries"] += 1
                    month = _add_months(month, 1)
            if staff is not None and not Suggestion.select().where(
                    (Suggestion.centre == centre) & (Suggestion.source == "staff")).exists():
                for text in ("ควรจัดอบรมวันที่ 2 ให้ใกล้วันที่ 1 เพื่อความต่อเนื่องของการจัดทำแผน",
                             "ควรเชิญหัวหน้าฝ่ายของสหกรณ์ร่วมวางแผนในวันที่ 2 ด้วย"):
                    Suggestion.create(fiscal_year=FISCAL_YEAR, course=1, centre=centre, source="staff", text=text,
                                      created_by=staff, created_at=datetime.combine(today, time(9, 0)))
                    made["suggestions"] += 1
    return dict(made)
