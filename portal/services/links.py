"""Links respondents open: trainees' personal and cohort links, cooperatives' member-survey and follow-up links.

No Flask here: the caller gives the public base URL (``BASE_URL``) and the day.

* Trainee links: ``<base>/t/<trainee token>`` (personal, printed as a QR slip)
  and ``<base>/c/<cohort token>`` (the cohort's, shown on a projector; the
  trainee picks their name). Only the cohort link may be shared in a group.
* A cooperative's **member-survey link** exists once per period. A period is a
  fiscal year in the Buddhist Era ("2566"), optionally with a short suffix for a
  second round ("2566-2", "2566-baseline"); the link is valid through that
  fiscal year (1 Oct – 30 Sep).
* Its **follow-up link** (for activity owners) exists once per fiscal year and
  is valid through the follow-up window: course 1 step 5 of that year
  (``CourseStep.starts`` … ``ends``), independent of cohorts.
* Links are made for the year's target cooperatives (``TargetProposal.targets``)
  that the user's scope sees.
* **Open cohorts** (for ``flask --app wsgi links``): status "pretest",
  "training" or "posttest" — from the pre-test until the training is closed,
  the time trainees are answering.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

import peewee as pw

from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import fiscal_year_bounds
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.models import (
    Centre,
    Cohort,
    Cooperative,
    Course,
    CourseStep,
    Instrument,
    Office,
    Province,
    TargetList,
    TargetProposal,
    Trainee,
    User,
)
from portal.models.responses import RespondentLink, Response
from portal.scope import NotInScope, Scope

__all__ = [
    "LinkError", "LINK_PATHS", "OPEN_COHORT_STATUSES", "trainee_url", "cohort_url", "link_url",
    "parse_period", "followup_window", "TargetRow", "target_rows", "target_in_scope", "link_in_scope",
    "create_member_link", "create_followup_link", "answer_counts", "open_cohort_links", "LINKS_HEADER",
]

LINK_PATHS = {"member_survey": "m", "followup": "f"}
OPEN_COHORT_STATUSES = ("pretest", "training", "posttest")
FOLLOWUP_COURSE, FOLLOWUP_STEP = 1, 5
_PERIOD_RE = re.compile(r"(25[0-9]{2})(?:-([0-9A-Za-z]{1,10}))?")


class LinkError(Exception):
    """A refused link: nothing was created. ``message`` says why (Thai and English)."""

    def __init__(self, message: BilingualMessage):
        super().__init__(str(message))
        self.message = message


# --- addresses -----------------------------------------------------------------------------------


def trainee_url(base: str, trainee: Trainee) -> str:
    return f"{base.rstrip('/')}/t/{trainee.token}"


def cohort_url(base: str, cohort: Cohort) -> str:
    return f"{base.rstrip('/')}/c/{cohort.token}"


def link_url(base: str, link: RespondentLink) -> str:
    return f"{base.rstrip('/')}/{LINK_PATHS[link.kind]}/{link.token}"


# --- rules ----------------------------------------------------------------------------------------------


def parse_period(text: str | None) -> tuple[str, int]:
    """("2566", 2566) from "2566" (or "2566-2"); LinkError when it is not a Buddhist-Era fiscal year."""
    value = normalize_text(text or "").replace(" ", "")
    match = _PERIOD_RE.fullmatch(value)
    if not match:
        raise LinkError(BilingualMessage(
            "กรุณากรอกรอบการสำรวจเป็นปีงบประมาณ พ.ศ. เช่น 2566 (รอบที่สองของปีเดียวกัน เช่น 2566-2)",
            "Enter the survey period as a fiscal year in the Buddhist Era, e.g. 2566 (a second round: 2566-2)"))
    return value, int(match.group(1))


def followup_window(fiscal_year: int) -> tuple[dt.date, dt.date] | None:
    """Course 1 step 5 of the fiscal year (follow-up and evaluation), when its dates are set."""
    step = (CourseStep.select().join(Course)
            .where((Course.fiscal_year == fiscal_year) & (Course.number == FOLLOWUP_COURSE)
                   & (CourseStep.step_no == FOLLOWUP_STEP)).first())
    if step is None or step.starts is None or step.ends is None:
        return None
    return step.starts, step.ends


def _instrument(respondent: str, course: int | None = None) -> Instrument | None:
    query = Instrument.select().where((Instrument.respondent == respondent)
                                      & Instrument.current_version.is_null(False))
    if course is not None:
        query = query.where(Instrument.course == course)
    return query.order_by(Instrument.code).first()


# --- reading ---------------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    """A target cooperative of the year with its links."""

    cooperative: Cooperative
    links: list = field(default_factory=list)

    @property
    def member_links(self) -> list[RespondentLink]:
        return [link for link in self.links if link.kind == "member_survey"]

    @property
    def followup_link(self) -> RespondentLink | None:
        return next((link for link in self.links if link.kind == "followup"), None)


def _targets(scope: Scope, fiscal_year: int):
    query = (TargetProposal.targets(fiscal_year)
             .switch(TargetProposal).join(Cooperative).join(Office).join(Province))
    query = query.select(TargetProposal, TargetList, Cooperative, Office, Province)
    return scope.filter_by_office(query, TargetList.office)


def target_rows(scope: Scope, fiscal_year: int) -> list[TargetRow]:
    """The year's target cooperatives the scope sees, in Thai order (province, then name), with their links."""
    coops: dict[int, Cooperative] = {}
    for proposal in _targets(scope, fiscal_year):
        coops.setdefault(proposal.cooperative.id, proposal.cooperative)
    rows = {cid: TargetRow(coop) for cid, coop in coops.items()}
    if rows:
        member_periods = _periods_of(fiscal_year)
        for link in (RespondentLink.select().where(RespondentLink.cooperative.in_(list(rows)))
                     .order_by(RespondentLink.period, RespondentLink.id)):
            if link.kind == "followup" and link.period != str(fiscal_year):
                continue
            if link.kind == "member_survey" and not member_periods(link.period):
                continue
            rows[link.cooperative_id].links.append(link)
    return sorted(rows.values(), key=lambda r: (thai_sort_key(r.cooperative.office.province.name_th),
                                                thai_sort_key(r.cooperative.name), r.cooperative.id))


def _periods_of(fiscal_year: int):
    def belongs(period: str) -> bool:
        match = _PERIOD_RE.fullmatch(period or "")
        return match is not None and int(match.group(1)) == fiscal_year
    return belongs


def target_in_scope(scope: Scope, cooperative_id, fiscal_year: int) -> Cooperative:
    """A target cooperative of the year that the scope sees, or NotInScope."""
    try:
        cid = int(cooperative_id)
    except (TypeError, ValueError):
        raise NotInScope(cooperative_id) from None
    proposal = _targets(scope, fiscal_year).where(TargetProposal.cooperative == cid).first()
    if proposal is None:
        raise NotInScope(cooperative_id)
    return proposal.cooperative


def link_in_scope(scope: Scope, link_id) -> RespondentLink:
    """A cooperative link whose cooperative's office the scope sees, or NotInScope."""
    query = (RespondentLink.select(RespondentLink, Cooperative, Office, Province)
             .join(Cooperative).join(Office).join(Province))
    return scope.get(scope.filter_by_office(query, Cooperative.office), link_id)


def answer_counts(link_ids) -> dict[int, tuple[int, int]]:
    """{link id: (responses, of which keyed in from paper)} (superseded responses not counted)."""
    ids = list(link_ids)
    if not ids:
        return {}
    paper = pw.fn.SUM(pw.Case(None, [(Response.keyed_in_by.is_null(False), 1)], 0))
    rows = (Response.select(Response.link, pw.fn.COUNT(Response.id), paper)
            .where(Response.link.in_(ids) & (Response.state == "submitted"))
            .group_by(Response.link).tuples())
    return {link_id: (total, int(keyed or 0)) for link_id, total, keyed in rows}


# --- creating --------------------------------------------------------------------------------------------


def _create(kind: str, cooperative: Cooperative, instrument: Instrument, period: str, valid_from: dt.date,
            valid_until: dt.date, user: User | None, now: dt.datetime) -> RespondentLink:
    exists = BilingualMessage(f"สหกรณ์นี้มีลิงก์ของรอบ {period} แล้ว ไม่ได้สร้างซ้ำ",
                              f"This cooperative already has a link for {period}; none was added")
    try:
        with write_transaction():
            if RespondentLink.get_or_none((RespondentLink.kind == kind) & (RespondentLink.cooperative == cooperative.id)
                                          & (RespondentLink.period == period)) is not None:
                raise LinkError(exists)
            return RespondentLink.create(kind=kind, cooperative=cooperative.id, instrument=instrument.id,
                                         period=period, token=secrets.token_urlsafe(24), valid_from=valid_from,
                                         valid_until=valid_until, created_by=user.id if user else None,
                                         created_at=now)
    except pw.IntegrityError:
        raise LinkError(exists) from None  # made at the same moment by someone else


def create_member_link(cooperative: Cooperative, period_text: str, user: User | None, today: dt.date,
                       now: dt.datetime) -> RespondentLink:
    """The cooperative's member-survey link for a period, valid through that fiscal year."""
    period, fiscal_year = parse_period(period_text)
    starts, ends = fiscal_year_bounds(fiscal_year)
    if today > ends:
        raise LinkError(BilingualMessage(
            f"ปีงบประมาณ {fiscal_year} สิ้นสุดแล้ว จึงสร้างลิงก์สำรวจของรอบนี้ไม่ได้",
            f"Fiscal year {fiscal_year} is over: no survey link can be made for it"))
    instrument = _instrument("member")
    if instrument is None:
        raise LinkError(BilingualMessage("ยังไม่มีแบบสำรวจสมาชิกในระบบ กรุณาแจ้งผู้ดูแลระบบ (forms sync)",
                                         "The member survey is not in the system yet; ask the administrator "
                                         "(forms sync)"))
    return _create("member_survey", cooperative, instrument, period, starts, ends, user, now)


def create_followup_link(cooperative: Cooperative, fiscal_year: int, user: User | None, today: dt.date,
                         now: dt.datetime) -> RespondentLink:
    """The cooperative's follow-up link for activity owners, valid through the year's follow-up window."""
    window = followup_window(fiscal_year)
    if window is None:
        raise LinkError(BilingualMessage(
            f"ยังไม่ได้กำหนดช่วงติดตามผล (หลักสูตรที่ 1 ขั้นตอนที่ 5) ของปีงบประมาณ {fiscal_year} "
            "กรุณาให้ผู้ดูแลระบบกำหนดวันที่ก่อน",
            f"The follow-up window (course 1, step 5) of fiscal year {fiscal_year} has no dates yet; "
            "ask the administrator to set them"))
    starts, ends = window
    if today > ends:
        raise LinkError(BilingualMessage(
            f"ช่วงติดตามผลของปีงบประมาณ {fiscal_year} สิ้นสุดแล้ว จึงสร้างลิงก์ติดตามผลไม่ได้",
            f"The follow-up window of fiscal year {fiscal_year} is over: no follow-up link can be made"))
    instrument = _instrument("activity_owner", FOLLOWUP_COURSE)
    if instrument is None:
        raise LinkError(BilingualMessage("ยังไม่มีแบบรายงานความก้าวหน้าในระบบ กรุณาแจ้งผู้ดูแลระบบ (forms sync)",
                                         "The follow-up report is not in the system yet; ask the administrator "
                                         "(forms sync)"))
    return _create("followup", cooperative, instrument, str(fiscal_year), starts, ends, user, now)


# --- every personal link of the open cohorts (CLI) ------------------------------------------------------------

LINKS_HEADER = ("centre", "province", "cooperative", "course", "cohort", "trainee", "link")


def open_cohort_links(base: str) -> list[tuple[str, ...]]:
    """One row per trainee of every open cohort (see the module docstring), in Thai order."""
    query = (Trainee.select(Trainee, Cohort, Course, Centre, Cooperative, Office, Province)
             .join(Cohort).join(Course).switch(Cohort).join(Centre)
             .switch(Trainee).join(Cooperative).join(Office).join(Province)
             .where(Cohort.status.in_(OPEN_COHORT_STATUSES)))
    trainees = sorted(query, key=lambda t: (
        t.cohort.centre.number, thai_sort_key(t.cooperative.office.province.name_th),
        thai_sort_key(t.cooperative.name), t.cohort.course.fiscal_year, t.cohort.course.number, t.cohort.number,
        thai_sort_key(t.first_name), thai_sort_key(t.last_name), t.id))
    return [(t.cohort.centre.name_th, t.cooperative.office.province.name_th, t.cooperative.name,
             f"{t.cohort.course.fiscal_year} หลักสูตรที่ {t.cohort.course.number} {t.cohort.course.name_th}",
             f"รุ่นที่ {t.cohort.number}", t.full_name, trainee_url(base, t))
            for t in trainees]
