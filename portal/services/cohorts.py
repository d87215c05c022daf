"""Cohorts (รุ่น) in the database: who sees which, creating and editing them with their target
cooperatives and the seed's agenda, sessions, the budget against the centre's allocation, and
the cohort's moves forward.

Every write runs in one ``write_transaction()`` after the rules of ``portal.domain.cohorts_rules``
pass; a refusal is a CohortRuleError whose problems say what to fix (nothing is written then).
Rosters and attendance (other blueprints) may use ``scoped_cohorts`` / ``get_cohort``.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from portal import clock
from portal.db import write_transaction
from portal.domain.cohorts import EXPENSE_CATEGORIES, SPEAKER_KINDS, STATUSES, VENUE_KINDS
from portal.domain.cohorts_rules import (
    Allocation,
    BudgetEntry,
    CohortRuleError,
    SessionSlot,
    agenda_locked,
    agenda_totals,
    allocation_warnings,
    budget_totals,
    check_budget_entry,
    check_cohort_dates,
    check_daily_hours,
    check_move,
    check_session,
    cohort_days,
    default_speakers,
    planned_budget_locked,
    seed_agenda,
    shift_days,
    spent_budget_locked,
    swap_times,
)
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import normalize_text, sorted_thai
from portal.models import (
    AgendaSession,
    BudgetLine,
    Centre,
    CentreBudget,
    Cohort,
    CohortCooperative,
    CohortEvent,
    Cooperative,
    Course,
    Office,
    ProgrammeYear,
    Province,
    TargetProposal,
    Trainee,
    User,
)
from portal.scope import NotInScope, Scope

EDITOR_ROLES = ("centre_staff", "centre_director", "bureau_admin")


def _msg(th: str, en: str, field_name: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, field_name)


# --- who sees which cohort ---------------------------------------------------------------------


def scoped_cohorts(scope: Scope):
    """Cohorts the scope may read: the bureau all, a centre its own, a provincial office those
    training at least one of its cooperatives."""
    query = Cohort.select(Cohort, Course, Centre).join(Course).switch(Cohort).join(Centre)
    if scope.is_national:
        return query
    if scope.level == "centre":
        return query.where(Cohort.centre.in_(sorted(scope.centre_ids or ()) or [0]))
    trained_here = (CohortCooperative.select(CohortCooperative.cohort)
                    .join(Cooperative).where(Cooperative.office.in_(sorted(scope.office_ids or ()) or [0])))
    return query.where(Cohort.id.in_(trained_here))


def get_cohort(scope: Scope, cohort_id) -> Cohort:
    """One cohort the scope may read, or NotInScope (the view answers 404)."""
    return scope.get(scoped_cohorts(scope), cohort_id)


def may_edit(user: User | None, scope: Scope, cohort: Cohort | None = None, centre_id: int | None = None) -> bool:
    """Centre staff and the director of the cohort's centre, and the bureau administrator."""
    if user is None or user.role not in EDITOR_ROLES:
        return False
    target = cohort.centre_id if cohort is not None else centre_id
    return target is None or scope.sees_centre(target)


# --- reading ---------------------------------------------------------------------------------------


def cohort_cooperatives(cohort_ids) -> dict[int, list[Cooperative]]:
    """The cooperatives of each cohort (with office and province), in Thai order."""
    ids = list(cohort_ids)
    out: dict[int, list[Cooperative]] = defaultdict(list)
    if not ids:
        return out
    rows = (CohortCooperative.select(CohortCooperative, Cooperative, Office, Province)
            .join(Cooperative).join(Office).join(Province)
            .where(CohortCooperative.cohort.in_(ids)))
    for link in rows:
        out[link.cohort_id].append(link.cooperative)
    for key in out:
        out[key] = sorted_thai(out[key], key=lambda c: c.name)
    return out


def trainee_counts(cohort_ids) -> dict[int, int]:
    ids = list(cohort_ids)
    if not ids:
        return {}
    return dict(Trainee.select(Trainee.cohort, pw.fn.COUNT(Trainee.id))
                .where(Trainee.cohort.in_(ids)).group_by(Trainee.cohort).tuples())


@dataclass
class CohortRow:
    cohort: Cohort
    cooperatives: list[Cooperative]
    trainees: int

    @property
    def target(self) -> int:
        return self.cohort.course.people_per_cooperative * len(self.cooperatives)


def cohort_rows(scope: Scope, centre_id: int | None = None, fiscal_year: int | None = None,
                status: str | None = None) -> list[CohortRow]:
    """The cohort list: newest fiscal year first, then centre, course, starting date and number."""
    query = scoped_cohorts(scope)
    if centre_id:
        query = query.where(Cohort.centre == centre_id)
    if fiscal_year:
        query = query.where(Course.fiscal_year == fiscal_year)
    if status:
        query = query.where(Cohort.status == status)
    cohorts = list(query.order_by(Course.fiscal_year.desc(), Centre.number, Course.number, Cohort.starts,
                                  Cohort.number))
    ids = [c.id for c in cohorts]
    coops = cohort_cooperatives(ids)
    counts = trainee_counts(ids)
    return [CohortRow(c, coops.get(c.id, []), counts.get(c.id, 0)) for c in cohorts]


def fiscal_years() -> list[int]:
    return [fy for (fy,) in Course.select(Course.fiscal_year).distinct().order_by(Course.fiscal_year.desc()).tuples()]


def courses() -> list[Course]:
    return list(Course.select().order_by(Course.fiscal_year.desc(), Course.number))


def default_course(today: dt.date) -> Course | None:
    """Course 1 of today's fiscal year, else the newest course."""
    from portal.domain.thaidates import fiscal_year

    return (Course.get_or_none((Course.fiscal_year == fiscal_year(today)) & (Course.number == 1))
            or Course.select().order_by(Course.fiscal_year.desc(), Course.number).first())


@dataclass
class TargetChoice:
    cooperative: Cooperative
    in_cohorts: list[int] = field(default_factory=list)  # numbers of this course's other cohorts training it


def target_choices(course: Course, centre_id: int, keep: tuple[int, ...] = (), cohort: Cohort | None = None
                   ) -> list[TargetChoice]:
    """Target cooperatives of the course's fiscal year in the centre (plus ``keep``: cooperatives the
    cohort already trains), in Thai order, each with the other cohorts of the course training it."""
    targets = (TargetProposal.targets(course.fiscal_year)
               .switch(TargetProposal).join(Cooperative).join(Office).join(Province)
               .where(Province.centre == centre_id))
    ids = {p.cooperative_id for p in targets} | set(keep)
    if not ids:
        return []
    coops = list(Cooperative.select(Cooperative, Office, Province).join(Office).join(Province)
                 .where(Cooperative.id.in_(sorted(ids))))
    others: dict[int, list[int]] = defaultdict(list)
    links = (CohortCooperative.select(CohortCooperative.cooperative, Cohort.number).join(Cohort)
             .where((Cohort.course == course.id) & (Cohort.centre == centre_id)
                    & (CohortCooperative.cooperative.in_(sorted(ids)))))
    if cohort is not None:
        links = links.where(Cohort.id != cohort.id)
    for coop_id, number in links.tuples():
        others[coop_id].append(number)
    return [TargetChoice(c, sorted(others.get(c.id, []))) for c in
            sorted_thai(coops, key=lambda c: f"{c.office.province.name_th} {c.name}")]


def next_number(course_id: int, centre_id: int) -> int:
    """The smallest free cohort number of the centre for the course."""
    taken = {n for (n,) in Cohort.select(Cohort.number)
             .where((Cohort.course == course_id) & (Cohort.centre == centre_id)).tuples()}
    n = 1
    while n in taken:
        n += 1
    return n


def sessions_of(cohort: Cohort) -> list[AgendaSession]:
    return list(AgendaSession.select().where(AgendaSession.cohort == cohort.id)
                .order_by(AgendaSession.day, AgendaSession.starts, AgendaSession.sort_order, AgendaSession.id))


def _slot(s: AgendaSession) -> SessionSlot:
    return SessionSlot(day=s.day, starts=s.starts, ends=s.ends, id=s.id, title=s.title_th)


@dataclass
class AgendaDay:
    number: int  # day 1, 2 …
    day: dt.date
    sessions: list[AgendaSession]
    minutes: int


@dataclass
class Agenda:
    days: list[AgendaDay]
    minutes: int
    outside: list[AgendaSession]  # sessions whose day is not a training day (should not happen)

    @property
    def sessions(self) -> list[AgendaSession]:
        return [s for d in self.days for s in d.sessions]


def agenda_of(cohort: Cohort) -> Agenda:
    """Sessions per training day with minutes per day and in all."""
    sessions = sessions_of(cohort)
    per_day, total = agenda_totals(_slot(s) for s in sessions)
    days = cohort_days(cohort.starts, cohort.ends)
    by_day: dict[dt.date, list[AgendaSession]] = defaultdict(list)
    for s in sessions:
        by_day[s.day].append(s)
    outside = [s for s in sessions if s.day not in set(days)]
    return Agenda([AgendaDay(i + 1, d, by_day.get(d, []), per_day.get(d, 0)) for i, d in enumerate(days)],
                  total, outside)


def events_of(cohort: Cohort) -> list[CohortEvent]:
    return list(CohortEvent.select(CohortEvent, User).join(User, pw.JOIN.LEFT_OUTER, on=(CohortEvent.by == User.id))
                .where(CohortEvent.cohort == cohort.id).order_by(CohortEvent.at, CohortEvent.id))


# --- creating and editing a cohort -----------------------------------------------------------------


@dataclass
class CohortInput:
    course_id: int
    centre_id: int
    number: int
    cooperative_ids: tuple[int, ...]
    starts: dt.date
    ends: dt.date
    place: str
    venue_kind: str
    day_starts: dt.time | None = None
    day_ends: dt.time | None = None
    notes: str = ""


def _check_cooperatives(data: CohortInput, course: Course, keep: set[int]) -> list[BilingualMessage]:
    if not data.cooperative_ids:
        return [_msg("เลือกสหกรณ์เป้าหมายอย่างน้อย 1 แห่ง", "Choose at least one target cooperative", "cooperatives")]
    problems = []
    ids = sorted(set(data.cooperative_ids))
    found = {c.id: c for c in Cooperative.select(Cooperative, Office, Province).join(Office).join(Province)
             .where(Cooperative.id.in_(ids))}
    targets = {p.cooperative_id for p in TargetProposal.targets(course.fiscal_year)
               .where(TargetProposal.cooperative.in_(ids))}
    for coop_id in ids:
        coop = found.get(coop_id)
        if coop is None or coop.office.province.centre_id != data.centre_id:
            # Another centre's cooperative is not named (its existence is not ours to reveal).
            problems.append(_msg(
                f"สหกรณ์รหัส {coop_id} ไม่อยู่ในเขตของศูนย์ฯ ที่จัดรุ่นนี้ — เลือกได้เฉพาะสหกรณ์เป้าหมายของศูนย์ฯ",
                f"Cooperative {coop_id} is not in this centre's area — choose only the centre's target cooperatives",
                "cooperatives"))
        elif coop_id not in targets and coop_id not in keep:
            problems.append(_msg(
                f"{coop.name} ไม่ใช่สหกรณ์เป้าหมายของปีงบประมาณ {course.fiscal_year} — เลือกได้เฉพาะสหกรณ์ในบัญชี"
                f"สหกรณ์เป้าหมายที่ศูนย์ฯ ส่งแล้ว",
                f"{coop.name} is not a target cooperative of fiscal year {course.fiscal_year} — choose only "
                f"cooperatives on a submitted target list", "cooperatives"))
    return problems


def _validate(data: CohortInput, cohort: Cohort | None) -> tuple[list[BilingualMessage], Course | None]:
    problems: list[BilingualMessage] = []
    course = Course.get_or_none(Course.id == data.course_id)
    if course is None:
        return [_msg("กรุณาเลือกหลักสูตร", "Choose a course", "course")], None
    if Centre.get_or_none(Centre.id == data.centre_id) is None:
        return [_msg("กรุณาเลือกศูนย์ฯ", "Choose a centre", "centre")], course
    if data.number is None or data.number < 1:
        problems.append(_msg("กรุณากรอกรุ่นที่", "Enter the cohort number", "number"))
    else:
        clash = Cohort.select().where((Cohort.course == course.id) & (Cohort.centre == data.centre_id)
                                      & (Cohort.number == data.number))
        if cohort is not None:
            clash = clash.where(Cohort.id != cohort.id)
        if clash.exists():
            free = next_number(course.id, data.centre_id)
            problems.append(_msg(
                f"รุ่นที่ {data.number} ของหลักสูตรนี้มีอยู่แล้วในศูนย์ฯ — ใช้รุ่นที่ {free}",
                f"Cohort {data.number} of this course already exists at the centre — use {free}", "number"))
    keep = {link.cooperative_id for link in cohort.cooperative_links} if cohort is not None else set()
    problems += _check_cooperatives(data, course, keep)
    if course.number == 2 and data.cooperative_ids:
        # Course 2 waits for course 1 to close and the board to adopt the plan (portal.domain.plans).
        from portal.services.plans import course_two_gate

        problems += course_two_gate(set(data.cooperative_ids) - keep, course.fiscal_year)
    problems += check_cohort_dates(data.starts, data.ends, course.fiscal_year)
    problems += check_daily_hours(data.day_starts, data.day_ends)
    if not normalize_text(data.place):
        problems.append(_msg("กรุณากรอกสถานที่อบรม", "Enter the training place", "place"))
    elif len(normalize_text(data.place)) > 255:
        problems.append(_msg("ชื่อสถานที่ยาวเกิน 255 ตัวอักษร", "The place is longer than 255 characters", "place"))
    if data.venue_kind not in VENUE_KINDS:
        problems.append(_msg("กรุณาเลือกประเภทสถานที่ (ราชการหรือเอกชน)", "Choose the kind of venue (government or private)",
                             "venue_kind"))
    if cohort is not None and agenda_locked(cohort.status):
        if (data.starts, data.ends) != (cohort.starts, cohort.ends) or set(data.cooperative_ids) != keep:
            problems.append(_msg(
                "ปิดการอบรมแล้ว วันที่และสหกรณ์ของรุ่นนี้แก้ไขไม่ได้", "The training is closed: its dates and "
                "cooperatives can no longer change", "starts"))
    if cohort is not None and cohort.status == "archived":
        problems.append(_msg("รุ่นนี้เก็บถาวรแล้ว แก้ไขไม่ได้", "This cohort is archived and cannot change", None))
    return problems, course


def _speakers_for(centre_id: int, cooperative_ids) -> dict[str, str]:
    centre = Centre.get_by_id(centre_id)
    coops = sorted_thai(Cooperative.select(Cooperative, Office, Province).join(Office).join(Province)
                        .where(Cooperative.id.in_(sorted(cooperative_ids) or [0])), key=lambda c: c.name)
    return default_speakers(centre.number, [c.office.name_th for c in coops],
                            [c.office.province.name_th for c in coops], [c.name for c in coops])


@dataclass
class Created:
    cohort: Cohort
    sessions: int
    left_out: int  # seed sessions beyond the cohort's last day


def create_cohort(data: CohortInput, user: User | None) -> Created:
    """Create the cohort, link its cooperatives, keep the first event, and prefill the seed's agenda."""
    problems, course = _validate(data, None)
    if problems:
        raise CohortRuleError(problems)
    speakers = _speakers_for(data.centre_id, data.cooperative_ids)
    planned, left_out = seed_agenda(course.number, data.starts, data.ends, speakers)
    now = clock.naive_now()
    try:
        with write_transaction():
            cohort = Cohort.create(
                course=course.id, centre=data.centre_id, number=data.number, starts=data.starts, ends=data.ends,
                day_starts=data.day_starts, day_ends=data.day_ends, place=normalize_text(data.place),
                venue_kind=data.venue_kind, status=STATUSES[0], notes=(data.notes or "").strip(),
                created_by=user.id if user else None, created_at=now, updated_at=now)
            for coop_id in sorted(set(data.cooperative_ids)):
                CohortCooperative.create(cohort=cohort.id, cooperative=coop_id)
            CohortEvent.create(cohort=cohort.id, from_status="", to_status=STATUSES[0], by=user.id if user else None,
                               at=now)
            for p in planned:
                AgendaSession.create(cohort=cohort.id, day=p.day, starts=p.starts, ends=p.ends, topic=p.topic,
                                     title_th=p.title_th, title_en=p.title_en, speaker_name=p.speaker_name,
                                     speaker_kind=p.speaker_kind, sort_order=p.sort_order)
    except pw.IntegrityError:
        raise CohortRuleError([_msg("รุ่นที่นี้มีอยู่แล้ว กรุณาใช้เลขรุ่นอื่น", "This cohort number is taken; use another",
                                    "number")]) from None
    return Created(cohort, len(planned), left_out)


def update_cohort(cohort: Cohort, data: CohortInput, user: User | None) -> Cohort:
    """Change the cohort; when its dates move, its sessions keep their day numbers."""
    data.course_id, data.centre_id = cohort.course_id, cohort.centre_id  # fixed once created
    problems, _course = _validate(data, cohort)
    mapping: dict[dt.date, dt.date] = {}
    if not problems and (data.starts, data.ends) != (cohort.starts, cohort.ends):
        try:
            mapping = shift_days([s.day for s in sessions_of(cohort)], cohort.starts, data.starts, data.ends)
        except CohortRuleError as exc:
            problems += exc.problems
    if problems:
        raise CohortRuleError(problems)
    try:
        with write_transaction():
            Cohort.update(number=data.number, starts=data.starts, ends=data.ends, day_starts=data.day_starts,
                          day_ends=data.day_ends, place=normalize_text(data.place), venue_kind=data.venue_kind,
                          notes=(data.notes or "").strip(), updated_at=clock.naive_now()
                          ).where(Cohort.id == cohort.id).execute()
            for session in sessions_of(cohort):
                if mapping.get(session.day, session.day) != session.day:
                    AgendaSession.update(day=mapping[session.day]).where(AgendaSession.id == session.id).execute()
            wanted = set(data.cooperative_ids)
            have = {link.cooperative_id for link in cohort.cooperative_links}
            if wanted - have:
                for coop_id in sorted(wanted - have):
                    CohortCooperative.create(cohort=cohort.id, cooperative=coop_id)
            if have - wanted:
                CohortCooperative.delete().where((CohortCooperative.cohort == cohort.id)
                                                 & (CohortCooperative.cooperative.in_(sorted(have - wanted)))
                                                 ).execute()
    except pw.IntegrityError:
        raise CohortRuleError([_msg("รุ่นที่นี้มีอยู่แล้ว กรุณาใช้เลขรุ่นอื่น", "This cohort number is taken; use another",
                                    "number")]) from None
    return Cohort.get_by_id(cohort.id)


# --- the agenda --------------------------------------------------------------------------------------


@dataclass
class SessionInput:
    day: dt.date
    starts: dt.time
    ends: dt.time
    title_th: str
    title_en: str = ""
    speaker_name: str = ""
    speaker_kind: str = ""


def _locked_agenda(cohort: Cohort) -> BilingualMessage:
    return _msg("ปิดการอบรมแล้ว กำหนดการของรุ่นนี้แก้ไขไม่ได้",
                "The training is closed: its agenda can no longer change", None)


def _check_session_input(cohort: Cohort, data: SessionInput, session_id: int | None) -> list[BilingualMessage]:
    problems = []
    if agenda_locked(cohort.status):
        return [_locked_agenda(cohort)]
    title = normalize_text(data.title_th)
    if not title:
        problems.append(_msg("กรุณากรอกหัวข้อ", "Enter the session's title", "title_th"))
    if data.speaker_kind and data.speaker_kind not in SPEAKER_KINDS:
        problems.append(_msg("ประเภทวิทยากรไม่ถูกต้อง", "Unknown kind of speaker", "speaker_kind"))
    others = [_slot(s) for s in sessions_of(cohort)]
    problems += check_session(SessionSlot(data.day, data.starts, data.ends, session_id, title),
                              cohort.starts, cohort.ends, others)
    return problems


def _renumber(cohort: Cohort) -> None:
    for i, s in enumerate(sessions_of(cohort), start=1):
        if s.sort_order != i:
            AgendaSession.update(sort_order=i).where(AgendaSession.id == s.id).execute()


def _session_values(data: SessionInput) -> dict:
    return {"day": data.day, "starts": data.starts, "ends": data.ends, "title_th": normalize_text(data.title_th),
            "title_en": normalize_text(data.title_en), "speaker_name": normalize_text(data.speaker_name),
            "speaker_kind": data.speaker_kind or ""}


def add_session(cohort: Cohort, data: SessionInput) -> AgendaSession:
    problems = _check_session_input(cohort, data, None)
    if problems:
        raise CohortRuleError(problems)
    with write_transaction():
        session = AgendaSession.create(cohort=cohort.id, sort_order=0, **_session_values(data))
        _renumber(cohort)
    return session


def update_session(cohort: Cohort, session: AgendaSession, data: SessionInput) -> None:
    problems = _check_session_input(cohort, data, session.id)
    if problems:
        raise CohortRuleError(problems)
    values = _session_values(data)
    if values["title_th"] != session.title_th and values["title_en"] == session.title_en:
        values["title_en"] = ""  # the seed's English no longer matches a changed Thai title
    with write_transaction():
        AgendaSession.update(**values).where(AgendaSession.id == session.id).execute()
        _renumber(cohort)


def delete_session(cohort: Cohort, session: AgendaSession) -> None:
    if agenda_locked(cohort.status):
        raise CohortRuleError([_locked_agenda(cohort)])
    with write_transaction():
        AgendaSession.delete().where(AgendaSession.id == session.id).execute()
        _renumber(cohort)


def move_session(cohort: Cohort, session: AgendaSession, direction: str) -> bool:
    """Swap a session with its neighbour on the same day (up: the one before). False at an end."""
    if agenda_locked(cohort.status):
        raise CohortRuleError([_locked_agenda(cohort)])
    same_day = [s for s in sessions_of(cohort) if s.day == session.day]
    i = next(i for i, s in enumerate(same_day) if s.id == session.id)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(same_day):
        return False
    first, second = (same_day[j], same_day[i]) if j < i else (same_day[i], same_day[j])
    (b_starts, b_ends), (a_starts, a_ends) = swap_times(_slot(first), _slot(second))
    with write_transaction():
        AgendaSession.update(starts=b_starts, ends=b_ends).where(AgendaSession.id == second.id).execute()
        AgendaSession.update(starts=a_starts, ends=a_ends).where(AgendaSession.id == first.id).execute()
        _renumber(cohort)
    return True


def get_session(cohort: Cohort, session_id) -> AgendaSession:
    try:
        sid = int(session_id)
    except (TypeError, ValueError):
        raise NotInScope(session_id) from None
    session = AgendaSession.get_or_none((AgendaSession.id == sid) & (AgendaSession.cohort == cohort.id))
    if session is None:
        raise NotInScope(session_id)
    return session


# --- the budget --------------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    category: str
    planned: Decimal
    spent: Decimal | None
    note: str


@dataclass
class BudgetSummary:
    rows: list[BudgetRow]
    planned: Decimal
    spent: Decimal | None
    allocation: Allocation
    warnings: list[BilingualMessage]

    @property
    def recorded(self) -> bool:
        return any(r.planned or r.spent is not None or r.note for r in self.rows)


def _lines(cohort_id: int) -> dict[str, BudgetLine]:
    return {line.category: line for line in BudgetLine.select().where(BudgetLine.cohort == cohort_id)}


def allocation_for(cohort: Cohort) -> Allocation:
    """CentreBudget for the cohort's centre and course, less what the centre's other cohorts of the
    course planned and spent (None when no allocation is recorded)."""
    course = cohort.course
    row = (CentreBudget.select(CentreBudget.amount).join(ProgrammeYear)
           .where((ProgrammeYear.fiscal_year == course.fiscal_year) & (CentreBudget.centre == cohort.centre_id)
                  & (CentreBudget.course == course.id)).first())
    others = (BudgetLine.select(pw.fn.COALESCE(pw.fn.SUM(BudgetLine.planned), 0),
                                pw.fn.COALESCE(pw.fn.SUM(BudgetLine.spent), 0))
              .join(Cohort).where((Cohort.course == course.id) & (Cohort.centre == cohort.centre_id)
                                  & (Cohort.id != cohort.id)).tuples().first())
    planned, spent = (Decimal(str(v)) for v in (others or (0, 0)))
    return Allocation(None if row is None else Decimal(row.amount), planned.quantize(Decimal("0.01")),
                      spent.quantize(Decimal("0.01")))


def budget_of(cohort: Cohort) -> BudgetSummary:
    lines = _lines(cohort.id)
    rows = []
    for category in EXPENSE_CATEGORIES:
        line = lines.get(category)
        rows.append(BudgetRow(category, Decimal(line.planned) if line else Decimal("0.00"),
                              None if line is None or line.spent is None else Decimal(line.spent),
                              line.note if line else ""))
    planned, spent = budget_totals(BudgetEntry(r.category, r.planned, r.spent) for r in rows)
    allocation = allocation_for(cohort)
    return BudgetSummary(rows, planned, spent, allocation, allocation_warnings(allocation, planned, spent))


def save_budget(cohort: Cohort, entries: dict[str, BudgetEntry]) -> BudgetSummary:
    """Write the planned and spent amounts per category; return the summary with its warnings.

    Planned amounts are fixed once the training is closed; spending stays editable until archived.
    """
    problems = []
    for entry in entries.values():
        problems += check_budget_entry(entry)
    lines = _lines(cohort.id)
    if spent_budget_locked(cohort.status):
        problems.append(_msg("รุ่นนี้เก็บถาวรแล้ว งบประมาณแก้ไขไม่ได้", "This cohort is archived: its budget cannot change"))
    elif planned_budget_locked(cohort.status):
        for category, entry in entries.items():
            stored = Decimal(lines[category].planned) if category in lines else Decimal("0.00")
            if (entry.planned or Decimal("0.00")) != stored:
                th, en = EXPENSE_CATEGORIES[category]
                problems.append(_msg(f"{th}: ปิดการอบรมแล้ว แก้งบที่วางแผนไม่ได้ แก้ได้เฉพาะค่าใช้จ่ายจริง",
                                     f"{en}: the training is closed — only the amount spent can change",
                                     f"planned_{category}"))
    if problems:
        raise CohortRuleError(problems)
    with write_transaction():
        for category, entry in entries.items():
            line = lines.get(category)
            values = {"planned": entry.planned or Decimal("0.00"), "spent": entry.spent,
                      "note": normalize_text(entry.note)}
            if entry.empty:
                if line is not None:
                    BudgetLine.delete().where(BudgetLine.id == line.id).execute()
            elif line is None:
                BudgetLine.create(cohort=cohort.id, category=category, **values)
            else:
                BudgetLine.update(**values).where(BudgetLine.id == line.id).execute()
        Cohort.update(updated_at=clock.naive_now()).where(Cohort.id == cohort.id).execute()
    return budget_of(cohort)


# --- the cohort's life --------------------------------------------------------------------------------


def move_status(cohort: Cohort, to_status: str, note: str, user: User | None) -> Cohort:
    """One step forward, kept as a CohortEvent (who, when, note)."""
    problem = check_move(cohort.status, to_status)
    if problem is not None:
        raise CohortRuleError([problem])
    now = clock.naive_now()
    with write_transaction():
        changed = (Cohort.update(status=to_status, updated_at=now)
                   .where((Cohort.id == cohort.id) & (Cohort.status == cohort.status)).execute())
        if not changed:
            raise CohortRuleError([_msg("สถานะของรุ่นนี้เพิ่งถูกเปลี่ยนโดยผู้อื่น — โหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง",
                                        "Someone else has just moved this cohort — reload the page and check",
                                        "status")])
        CohortEvent.create(cohort=cohort.id, from_status=cohort.status, to_status=to_status,
                           note=normalize_text(note), by=user.id if user else None, at=now)
    return Cohort.get_by_id(cohort.id)


def trainee_target(cohort: Cohort, cooperatives: int) -> int:
    """People to train: the course's people per cooperative × the cohort's cooperatives."""
    return cohort.course.people_per_cooperative * cooperatives


def share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100 (exact; shown with |number(2)), None when there is no target."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
