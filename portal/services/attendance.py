"""Attendance against the daily sign-in sheet: loading, scoping, recording, coverage and certificates.

The rules (training days, "trained", coverage, eligibility) are in
portal.domain.attendance; this module reads and writes the rows.

Who sees a cohort: the bureau, everyone; a centre, its own cohorts; a
provincial office, the cohorts that train one of its cooperatives (and, there,
only its own cooperatives' trainees). Anything else is NotInScope (404).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import peewee as pw

from portal.db import write_transaction
from portal.domain import attendance as rules
from portal.domain.cohorts import ROLES_BY_COURSE, is_locked
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import thai_sort_key
from portal.models import (
    AgendaSession,
    Attendance,
    Centre,
    Cohort,
    CohortCooperative,
    Cooperative,
    Course,
    Office,
    Trainee,
    User,
)
from portal.scope import NotInScope, Scope


class AttendanceError(ValueError):
    """A refused recording; ``.message`` is a BilingualMessage (``.th``, ``.en``)."""

    def __init__(self, th: str, en: str) -> None:
        self.message = BilingualMessage(th, en)
        super().__init__(str(self.message))


# --- finding the cohort -----------------------------------------------------------------------------


def cohort_in_scope(scope: Scope, cohort_id) -> Cohort:
    """The cohort (with its course and centre) if the scope sees it, else NotInScope."""
    try:
        cohort_id = int(cohort_id)
    except (TypeError, ValueError):
        raise NotInScope(cohort_id) from None
    cohort = (
        Cohort.select(Cohort, Course, Centre)
        .join(Course).switch(Cohort).join(Centre)
        .where(Cohort.id == cohort_id)
        .first()
    )
    if cohort is None:
        raise NotInScope(cohort_id)
    if scope.level == "office":
        offices = linked_office_ids(cohort)
        if scope.office_ids is None or not (offices & scope.office_ids):
            raise NotInScope(cohort_id)
    elif not scope.sees_centre(cohort.centre_id):
        raise NotInScope(cohort_id)
    return cohort


def linked_office_ids(cohort: Cohort) -> set[int]:
    query = (
        Cooperative.select(Cooperative.office)
        .join(CohortCooperative, on=(CohortCooperative.cooperative == Cooperative.id))
        .where(CohortCooperative.cohort == cohort.id)
    )
    return {row.office_id for row in query}


def office_filter(scope: Scope) -> frozenset[int] | None:
    """Offices whose trainees a user may see in a cohort they can open: None means all of them."""
    return scope.office_ids if scope.level == "office" else None


# --- days, roster, marks ------------------------------------------------------------------------------


def days_of(cohort: Cohort) -> list[dt.date]:
    return rules.training_days(cohort.starts, cohort.ends)


def day_number(cohort: Cohort, day: dt.date) -> int:
    return (day - cohort.starts).days + 1


def day_hours(cohort: Cohort, day: dt.date) -> tuple[dt.time | None, dt.time | None]:
    """The hours of that day: from its agenda when there is one, else the cohort's usual hours."""
    row = (
        AgendaSession.select(pw.fn.MIN(AgendaSession.starts).alias("first"),
                             pw.fn.MAX(AgendaSession.ends).alias("last"))
        .where((AgendaSession.cohort == cohort.id) & (AgendaSession.day == day))
        .dicts().first()
    )
    first, last = (row or {}).get("first"), (row or {}).get("last")
    if first and last:
        return _as_time(first), _as_time(last)
    return cohort.day_starts, cohort.day_ends


def _as_time(value) -> dt.time:
    # SQLite hands aggregates back as text.
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def cooperatives_of(cohort: Cohort, office_ids: frozenset[int] | None = None) -> list[Cooperative]:
    """The cohort's cooperatives in Thai order: the linked ones, plus any a trainee belongs to."""
    linked = CohortCooperative.select(CohortCooperative.cooperative).where(CohortCooperative.cohort == cohort.id)
    of_trainees = Trainee.select(Trainee.cooperative).where(Trainee.cohort == cohort.id)
    query = Cooperative.select(Cooperative, Office).join(Office).where(
        Cooperative.id.in_(linked) | Cooperative.id.in_(of_trainees)
    )
    if office_ids is not None:
        query = query.where(Cooperative.office.in_(sorted(office_ids) or [0]))
    return sorted(query, key=lambda c: (thai_sort_key(c.name), c.id))


def roster(cohort: Cohort, office_ids: frozenset[int] | None = None) -> list[Trainee]:
    """The trainees, grouped by cooperative (Thai order), then by first and last name (Thai order)."""
    query = Trainee.select(Trainee, Cooperative).join(Cooperative).where(Trainee.cohort == cohort.id)
    if office_ids is not None:
        query = query.where(Cooperative.office.in_(sorted(office_ids) or [0]))
    return sorted(query, key=lambda t: (thai_sort_key(t.cooperative.name), t.cooperative_id,
                                        thai_sort_key(t.first_name), thai_sort_key(t.last_name), t.id))


def marks_of(trainees: list[Trainee]) -> dict[tuple[int, dt.date], Attendance]:
    """Stored marks by (trainee id, day), with who recorded each."""
    ids = [t.id for t in trainees]
    if not ids:
        return {}
    Recorder = User.alias()
    query = (
        Attendance.select(Attendance, Recorder)
        .join(Recorder, pw.JOIN.LEFT_OUTER, on=(Attendance.recorded_by == Recorder.id))
        .where(Attendance.trainee.in_(ids))
    )
    return {(a.trainee_id, a.day): a for a in query}


def facts(trainees: list[Trainee], marks: dict[tuple[int, dt.date], Attendance]) -> list[rules.TraineeFacts]:
    present: dict[int, set] = defaultdict(set)
    absent: dict[int, set] = defaultdict(set)
    for (tid, day), mark in marks.items():
        (present if mark.present else absent)[tid].add(day)
    return [
        rules.TraineeFacts(t.id, t.cooperative_id, t.role, t.gender,
                           frozenset(present[t.id]), frozenset(absent[t.id]))
        for t in trainees
    ]


@dataclass
class SheetGroup:
    cooperative: Cooperative
    rows: list[tuple[int, Trainee]]  # (ลำดับ, trainee), numbered across groups


def sheet_groups(trainees: list[Trainee]) -> list[SheetGroup]:
    """The roster cut by cooperative, numbered 1..N across the whole sheet."""
    groups: list[SheetGroup] = []
    for number, trainee in enumerate(trainees, start=1):
        if not groups or groups[-1].cooperative.id != trainee.cooperative_id:
            groups.append(SheetGroup(trainee.cooperative, []))
        groups[-1].rows.append((number, trainee))
    return groups


# --- recording ------------------------------------------------------------------------------------------


def check_recordable(cohort: Cohort, day: dt.date, today: dt.date) -> None:
    """Raise AttendanceError when marks for this cohort and day may not be written."""
    if is_locked(cohort.status):
        raise AttendanceError(
            "รุ่นนี้ปิดการอบรมแล้ว การเข้าอบรมถูกล็อก แก้ไขไม่ได้",
            "This cohort's training is closed: attendance is locked and cannot be changed",
        )
    if not rules.is_training_day(day, cohort.starts, cohort.ends):
        raise AttendanceError(
            f"วันที่ {rules.sheet_date(day)} ไม่อยู่ในช่วงวันอบรมของรุ่นนี้ "
            f"({rules.date_span(cohort.starts, cohort.ends)}) เลือกวันอบรมจากรายการ",
            f"{rules.sheet_date(day, 'en')} is not a training day of this cohort "
            f"({rules.date_span(cohort.starts, cohort.ends, 'en')}); pick a training day from the list",
        )
    if day > today:
        raise AttendanceError(
            f"ยังไม่ถึง{rules.sheet_date(day)} บันทึกการเข้าอบรมได้ตั้งแต่วันอบรมเป็นต้นไป",
            f"{rules.sheet_date(day, 'en')} has not come yet: attendance can be recorded from the training day on",
        )


def record(cohort: Cohort, day: dt.date, wanted: dict[int, bool | None], user_id: int | None,
           now: dt.datetime, today: dt.date) -> dict[int, bool]:
    """Write the marks that changed (present True / absent False); return them.

    Every trainee id must be on the cohort's roster; otherwise nothing is written.
    The cohort's status is read again inside the transaction, so a cohort closed
    a moment ago refuses the write.
    """
    check_recordable(cohort, day, today)
    return _retrying(lambda: _record(cohort, day, wanted, user_id, now, today))


def _retrying(write):
    """Run a write; once more if a concurrent first mark for the same trainee and day won the race.

    (SQLite's IMMEDIATE transactions queue writers; PostgreSQL lets both read "no mark" and
    the unique index refuses the second insert.)
    """
    try:
        return write()
    except pw.IntegrityError:
        return write()


def _record(cohort, day, wanted, user_id, now, today) -> dict[int, bool]:
    with write_transaction():
        fresh = Cohort.get_by_id(cohort.id)
        check_recordable(fresh, day, today)
        roster_ids = {tid for (tid,) in Trainee.select(Trainee.id).where(Trainee.cohort == cohort.id).tuples()}
        unknown = [tid for tid in wanted if tid not in roster_ids]
        if unknown:
            raise AttendanceError(
                "ไม่พบผู้เข้ารับการอบรมบางรายในรายชื่อของรุ่นนี้ โหลดหน้าใหม่แล้วบันทึกอีกครั้ง",
                "Some trainees are not on this cohort's roster; reload the page and save again",
            )
        stored = {
            a.trainee_id: a for a in Attendance.select().where(
                (Attendance.trainee.in_(sorted(wanted) or [0])) & (Attendance.day == day))
        }
        changes = rules.changed_marks({tid: a.present for tid, a in stored.items()}, wanted)
        for tid, present in changes.items():
            if tid in stored:
                (Attendance.update(present=present, recorded_by=user_id, recorded_at=now)
                 .where(Attendance.id == stored[tid].id).execute())
            else:
                Attendance.create(trainee=tid, day=day, present=present, recorded_by=user_id, recorded_at=now)
    return changes


def unrecorded_on(cohort: Cohort, day: dt.date) -> int:
    """Trainees of the cohort without a mark (present or absent) on that day."""
    marked = Attendance.select(Attendance.trainee).where(Attendance.day == day)
    return Trainee.select().where((Trainee.cohort == cohort.id) & ~(Trainee.id.in_(marked))).count()


def mark_unrecorded_present(cohort: Cohort, day: dt.date, user_id: int | None, now: dt.datetime,
                            today: dt.date) -> int:
    """"Mark all present": every trainee without a mark that day becomes present.

    Marks already recorded (an absence in particular) are left as they are, so
    the button never undoes a decision; return how many were marked.
    """
    check_recordable(cohort, day, today)

    def write() -> int:
        with write_transaction():
            check_recordable(Cohort.get_by_id(cohort.id), day, today)
            marked = Attendance.select(Attendance.trainee).where(Attendance.day == day)
            ids = [tid for (tid,) in Trainee.select(Trainee.id).where(
                (Trainee.cohort == cohort.id) & ~(Trainee.id.in_(marked))).tuples()]
            for tid in ids:
                Attendance.create(trainee=tid, day=day, present=True, recorded_by=user_id, recorded_at=now)
        return len(ids)

    return _retrying(write)


# --- figures ---------------------------------------------------------------------------------------------


@dataclass
class CoverageReport:
    cohort: Cohort
    days: list[dt.date]
    rows: list[rules.CooperativeCoverage]
    totals: rules.CoverageTotals
    day_counts: list[rules.DayCount]
    board_applies: bool
    trainees: int


def board_applies(course: Course) -> bool:
    """Board coverage means something only for a course whose trainees include the board (course 1)."""
    return rules.BOARD_ROLE in ROLES_BY_COURSE.get(course.number, (rules.BOARD_ROLE,))


def coverage_report(cohort: Cohort, office_ids: frozenset[int] | None = None) -> CoverageReport:
    days = days_of(cohort)
    trainees = roster(cohort, office_ids)
    trainee_facts = facts(trainees, marks_of(trainees))
    applies = board_applies(cohort.course)
    target = cohort.course.people_per_cooperative
    rows = [
        rules.cooperative_coverage(c.id, c.name, c.board_size, target, trainee_facts, days, applies)
        for c in cooperatives_of(cohort, office_ids)
    ]
    return CoverageReport(cohort, days, rows, rules.coverage_totals(rows), rules.day_counts(days, trainee_facts),
                          applies, len(trainees))


@dataclass
class Certificates:
    days: list[dt.date]
    eligible: list[Trainee]
    not_eligible: list[tuple[Trainee, tuple[dt.date, ...]]]
    director: User | None
    numbers: dict[int, str]  # certificate serial by trainee id


def director_of(centre_id: int) -> User | None:
    """The centre's director (the first active centre_director account), who signs certificates."""
    return (
        User.select()
        .where((User.role == "centre_director") & (User.centre == centre_id) & (User.active == True))  # noqa: E712
        .order_by(User.id)
        .first()
    )


def certificates(cohort: Cohort) -> Certificates:
    days = days_of(cohort)
    trainees = roster(cohort)
    by_id = {t.id: t for t in trainees}
    checks = rules.certificate_checks(facts(trainees, marks_of(trainees)), days)
    return Certificates(
        days=days,
        eligible=[by_id[c.trainee_id] for c in checks if c.eligible],
        not_eligible=[(by_id[c.trainee_id], c.missed) for c in checks if not c.eligible],
        director=director_of(cohort.centre_id),
        numbers=rules.certificate_numbers(cohort.centre.number, cohort.course.fiscal_year, cohort.course.number,
                                          cohort.number, by_id),
    )
