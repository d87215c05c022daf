"""Meetings with provincial offices (course 1 step 2): the queries and the one write.

Rules (dates in the fiscal year, attendees, KPI targets) are portal.domain.meetings;
this module reads and writes rows. No Flask.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from portal.db import write_transaction
from portal.domain.meetings import AttendeeRow
from portal.domain.thaidates import fiscal_year
from portal.domain.thaitext import sorted_thai
from portal.models import (
    Centre,
    Course,
    Kpi,
    KpiTarget,
    MeetingAttendee,
    MeetingKpi,
    Office,
    ProgrammeYear,
    Province,
    ProvinceMeeting,
    User,
)

__all__ = [
    "default_year", "centre_offices", "office_statuses", "centre_overview", "year_kpis", "prefilled_targets",
    "MeetingInput", "save_meeting", "delete_meeting", "meeting_report", "course_one_name", "target_text",
]


def default_year(today: dt.date) -> ProgrammeYear | None:
    """The year of today's fiscal year if it is set up, else the latest year set up."""
    year = ProgrammeYear.of(fiscal_year(today))
    if year is None:
        year = ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc()).first()
    return year


def centre_offices(centre_id: int, office_ids: frozenset[int] | None = None) -> list[Office]:
    """The centre's offices (those of its provinces) in Thai order of province, then office code.

    ``office_ids`` narrows to a scope's offices (None: all of them).
    """
    query = (Office.select(Office, Province).join(Province)
             .where(Province.centre == centre_id).order_by(Office.code))
    if office_ids is not None:
        query = query.where(Office.id.in_(sorted(office_ids) or [0]))
    return sorted_thai(query, key=lambda o: f"{o.province.name_th} {o.code}")


@dataclass
class OfficeStatus:
    office: Office
    meetings: list[ProvinceMeeting] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.meetings)

    @property
    def first_met_on(self) -> dt.date | None:
        return min((m.held_on for m in self.meetings), default=None)


def office_statuses(year: ProgrammeYear, centre_id: int, offices: list[Office]) -> list[OfficeStatus]:
    """Each office with its meetings of the year (earliest first): "met on …" or "not yet"."""
    by_office: dict[int, OfficeStatus] = {o.id: OfficeStatus(o) for o in offices}
    if by_office:
        query = (ProvinceMeeting.select()
                 .where((ProvinceMeeting.year == year.id) & (ProvinceMeeting.centre == centre_id)
                        & (ProvinceMeeting.office.in_(list(by_office))))
                 .order_by(ProvinceMeeting.held_on, ProvinceMeeting.id))
        for meeting in query:
            by_office[meeting.office_id].meetings.append(meeting)
    return list(by_office.values())


@dataclass
class CentreRow:
    centre: Centre
    offices: int
    offices_met: int
    meetings: int


def centre_overview(year: ProgrammeYear, centres: list[Centre]) -> list[CentreRow]:
    """For the bureau: per centre, its offices, how many it has met this year, and the meetings held."""
    ids = [c.id for c in centres]
    offices = dict(
        Office.select(Province.centre, pw.fn.COUNT(Office.id)).join(Province)
        .where(Province.centre.in_(ids or [0])).group_by(Province.centre).tuples()
    )
    met = dict(
        ProvinceMeeting.select(ProvinceMeeting.centre, pw.fn.COUNT(ProvinceMeeting.office.distinct()))
        .where((ProvinceMeeting.year == year.id) & (ProvinceMeeting.centre.in_(ids or [0])))
        .group_by(ProvinceMeeting.centre).tuples()
    )
    held = dict(
        ProvinceMeeting.select(ProvinceMeeting.centre, pw.fn.COUNT(ProvinceMeeting.id))
        .where((ProvinceMeeting.year == year.id) & (ProvinceMeeting.centre.in_(ids or [0])))
        .group_by(ProvinceMeeting.centre).tuples()
    )
    return [CentreRow(c, offices.get(c.id, 0), met.get(c.id, 0), held.get(c.id, 0)) for c in centres]


def year_kpis(year: ProgrammeYear) -> list[Kpi]:
    return list(Kpi.select().where(Kpi.year == year.id).order_by(Kpi.sort_order, Kpi.id))


def prefilled_targets(kpis: list[Kpi], centre_id: int, office: Office) -> dict[int, Decimal]:
    """The target to propose for each KPI: the bureau's KpiTarget for the office's province, else the
    KPI's default (per office for counts, the percentage itself for percents)."""
    stored = {
        t.kpi_id: t.target
        for t in KpiTarget.select().where(
            KpiTarget.kpi.in_([k.id for k in kpis] or [0]) & (KpiTarget.centre == centre_id)
            & (KpiTarget.province == office.province_id)
        )
    }
    return {k.id: Decimal(stored.get(k.id, k.default_target)) for k in kpis}


def target_text(value: Decimal | None) -> str:
    """A target as typed in a box: "2", "80", "82.5"."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass
class MeetingInput:
    office_id: int
    held_on: dt.date
    starts: dt.time | None
    ends: dt.time | None
    place: str
    notes: str
    attendees: list[AttendeeRow]
    kpis: dict[int, tuple[Decimal, str]]  # kpi id -> (target, note)


def save_meeting(year: ProgrammeYear, centre_id: int, data: MeetingInput, user: User,
                 meeting: ProvinceMeeting | None, now: dt.datetime) -> ProvinceMeeting:
    """Create or replace a meeting with its attendees and KPIs in one transaction.

    An edit keeps who recorded it and when; only ``updated_at`` moves.
    """
    values = {"office": data.office_id, "held_on": data.held_on, "starts": data.starts, "ends": data.ends,
              "place": data.place, "notes": data.notes, "updated_at": now}
    with write_transaction():
        if meeting is None:
            meeting = ProvinceMeeting.create(year=year.id, centre=centre_id, recorded_by=user.id, recorded_at=now,
                                             **values)
        else:
            ProvinceMeeting.update(**values).where(ProvinceMeeting.id == meeting.id).execute()
            MeetingAttendee.delete().where(MeetingAttendee.meeting == meeting.id).execute()
            MeetingKpi.delete().where(MeetingKpi.meeting == meeting.id).execute()
        for order, row in enumerate(data.attendees, start=1):
            MeetingAttendee.create(meeting=meeting.id, sort_order=order, prefix=row.prefix, full_name=row.full_name,
                                   position=row.position, organisation=row.organisation, role=row.role)
        for kpi_id, (target, note) in data.kpis.items():
            MeetingKpi.create(meeting=meeting.id, kpi=kpi_id, target=target, note=note)
    return ProvinceMeeting.get_by_id(meeting.id)


def delete_meeting(meeting: ProvinceMeeting) -> None:
    with write_transaction():
        MeetingAttendee.delete().where(MeetingAttendee.meeting == meeting.id).execute()
        MeetingKpi.delete().where(MeetingKpi.meeting == meeting.id).execute()
        ProvinceMeeting.delete().where(ProvinceMeeting.id == meeting.id).execute()


@dataclass
class MeetingReport:
    meeting: ProvinceMeeting
    attendees: list[MeetingAttendee]
    kpis: list[tuple[Kpi, MeetingKpi]]
    recorder: User | None


def meeting_report(meeting: ProvinceMeeting) -> MeetingReport:
    """The meeting with its attendees (as ordered) and the KPIs agreed (in the year's KPI order)."""
    attendees = list(MeetingAttendee.select().where(MeetingAttendee.meeting == meeting.id)
                     .order_by(MeetingAttendee.sort_order, MeetingAttendee.id))
    kpis = [(row.kpi, row) for row in
            MeetingKpi.select(MeetingKpi, Kpi).join(Kpi).where(MeetingKpi.meeting == meeting.id)
            .order_by(Kpi.sort_order, Kpi.id)]
    recorder = User.get_or_none(User.id == meeting.recorded_by_id) if meeting.recorded_by_id else None
    return MeetingReport(meeting, attendees, kpis, recorder)


def course_one_name(fiscal_year_be: int) -> str:
    """Course 1's Thai name as set up for the year (the seed's name when not set up)."""
    course = Course.get_or_none((Course.fiscal_year == fiscal_year_be) & (Course.number == 1))
    return course.name_th if course is not None else "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ"

