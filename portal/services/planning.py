"""The bureau's year setup in the database: create a fiscal year from the seed or copy one into
another, change its courses, deadline, quotas, budgets, KPIs and targets, record the planning
workshop, and read it back shaped for the pages (scoped by the caller).

Every write runs in one ``write_transaction()`` and re-checks its values with
``portal.domain.planning`` (a refusal is a PlanningError; nothing is written then).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from portal import clock
from portal.db import write_transaction
from portal.domain import kpis as kpi_catalogue
from portal.domain.planning import (
    PlanningError,
    check_baht,
    check_course_values,
    check_deadline,
    check_fiscal_year,
    check_quota,
    check_target,
    check_window,
    seed_courses_for,
    seed_deadline_for,
    shift_date,
)
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.models import (
    Centre,
    CentreBudget,
    Course,
    CourseStep,
    Kpi,
    KpiTarget,
    Office,
    OfficeQuota,
    ProgrammeYear,
    Province,
)

__all__ = [
    "PlanningError",
    "DEFAULT_QUOTA",
    "create_year",
    "copy_year",
    "ensure_year",
    "update_settings",
    "update_course",
    "set_office_quotas",
    "set_budgets",
    "set_kpi_defaults",
    "set_targets",
    "record_workshop",
    "year_courses",
    "office_rows",
    "budget_table",
    "target_blocks",
    "kpis_of",
]

DEFAULT_QUOTA = 2


def _exists_refusal(fiscal_year: int) -> PlanningError:
    return PlanningError(
        f"ปีงบประมาณ {fiscal_year} ตั้งค่าไว้แล้ว — เปิดปีนั้นเพื่อแก้ไขแทนการสร้างใหม่",
        f"Fiscal year {fiscal_year} is already set up — open it and edit it instead", "fiscal_year")


def _refuse_if_exists(fiscal_year: int) -> None:
    if ProgrammeYear.of(fiscal_year) is not None:
        raise _exists_refusal(fiscal_year)


# --- creating a year ------------------------------------------------------------------------------


def _centres_and_provinces() -> tuple[list[Centre], dict[int, list[Province]], dict[int, int]]:
    """Centres by number, their provinces in Thai order, and the number of offices per province."""
    centres = list(Centre.select().order_by(Centre.number))
    provinces: dict[int, list[Province]] = defaultdict(list)
    for p in Province.select().where(Province.centre.is_null(False)):
        provinces[p.centre_id].append(p)
    for items in provinces.values():
        items.sort(key=lambda p: (thai_sort_key(p.name_th), p.id))
    offices = dict(Office.select(Office.province, pw.fn.COUNT(Office.id)).group_by(Office.province).tuples())
    return centres, provinces, offices


def _default_targets(kpi: Kpi, centres, provinces, offices) -> list[dict]:
    """KpiTarget rows of one KPI: each province's default (per office for counts), each centre's."""
    rows = []
    for centre in centres:
        province_values = []
        for p in provinces.get(centre.id, []):
            value = kpi_catalogue.province_target(kpi.unit, Decimal(kpi.default_target), offices.get(p.id, 1))
            province_values.append(value)
            rows.append({"kpi": kpi.id, "centre": centre.id, "province": p.id, "target": value})
        rows.append({"kpi": kpi.id, "centre": centre.id, "province": None,
                     "target": kpi_catalogue.centre_target(kpi.unit, province_values, Decimal(kpi.default_target))})
    return rows


def _upsert_course(fiscal_year: int, spec: dict, overwrite: bool) -> Course:
    """The year's course of this number: created, or (``overwrite``) set to the spec's values.

    A course that already exists without a ProgrammeYear (e.g. made by the demo) is kept, not doubled.
    """
    values = {k: spec[k] for k in ("name_th", "name_en", "days", "people_per_cooperative",
                                   "cooperatives_per_province")}
    course = Course.get_or_none((Course.fiscal_year == fiscal_year) & (Course.number == spec["number"]))
    if course is None:
        course = Course.create(fiscal_year=fiscal_year, number=spec["number"], **values)
    elif overwrite:
        Course.update(**values).where(Course.id == course.id).execute()
    have = {s.step_no: s for s in CourseStep.select().where(CourseStep.course == course.id)}
    for step in spec["steps"]:
        step_values = {k: step[k] for k in ("name_th", "name_en", "starts", "ends")}
        if step["step_no"] not in have:
            CourseStep.create(course=course.id, step_no=step["step_no"], **step_values)
        elif overwrite:
            CourseStep.update(**step_values).where(CourseStep.id == have[step["step_no"]].id).execute()
    return course


def create_year(fiscal_year: int) -> ProgrammeYear:
    """Set up a fiscal year from the seed: its courses and step windows moved by whole years, the
    selection deadline (the last day on time) likewise, the default quota of 2, the KPI catalogue
    with its default targets, and a target for every centre and province.

    Refuses (PlanningError) a year outside 2500–2700 or one already set up.
    """
    check_fiscal_year(fiscal_year)
    _refuse_if_exists(fiscal_year)
    centres, provinces, offices = _centres_and_provinces()
    try:
        with write_transaction():
            _refuse_if_exists(fiscal_year)
            now = clock.naive_now()
            year = ProgrammeYear.create(fiscal_year=fiscal_year, selection_deadline=seed_deadline_for(fiscal_year),
                                        default_quota=DEFAULT_QUOTA, created_at=now, updated_at=now)
            for spec in seed_courses_for(fiscal_year):
                _upsert_course(fiscal_year, spec, overwrite=False)
            for order, spec in enumerate(kpi_catalogue.CATALOGUE, start=1):
                kpi = Kpi.create(year=year, code=spec.code, sort_order=order, name_th=spec.name_th,
                                 name_en=spec.name_en, unit=spec.unit, course=spec.course,
                                 default_target=spec.default_target)
                KpiTarget.insert_many(_default_targets(kpi, centres, provinces, offices)).execute()
    except pw.IntegrityError:
        raise _exists_refusal(fiscal_year) from None
    return year


def ensure_year(fiscal_year: int) -> ProgrammeYear:
    """The year if it is set up, else created from the seed (for demos and browser tests)."""
    year = ProgrammeYear.of(fiscal_year)
    return year if year is not None else create_year(fiscal_year)


def copy_year(source_fiscal_year: int, target_fiscal_year: int) -> ProgrammeYear:
    """Copy a year into another: courses, steps, deadline, default and office quotas, centre budgets,
    KPIs and their targets, every date moved by the difference of the years. The planning workshop
    is not copied (it is a record of what happened, not a setting).

    Refuses a source that is not set up, a target outside 2500–2700, the same year, or a target
    already set up.
    """
    check_fiscal_year(target_fiscal_year)
    source = ProgrammeYear.of(source_fiscal_year)
    if source is None:
        raise PlanningError(f"ไม่พบปีงบประมาณ {source_fiscal_year} ที่จะคัดลอก",
                            f"Fiscal year {source_fiscal_year} to copy from is not set up", "source")
    if source_fiscal_year == target_fiscal_year:
        raise PlanningError("ปีที่คัดลอกไปต้องไม่ใช่ปีเดียวกับต้นฉบับ",
                            "Copy into another year than the one copied", "fiscal_year")
    _refuse_if_exists(target_fiscal_year)
    years = target_fiscal_year - source_fiscal_year
    try:
        with write_transaction():
            _refuse_if_exists(target_fiscal_year)
            now = clock.naive_now()
            year = ProgrammeYear.create(
                fiscal_year=target_fiscal_year, selection_deadline=shift_date(source.selection_deadline, years),
                default_quota=source.default_quota, created_at=now, updated_at=now)
            course_map: dict[int, int] = {}
            for course, steps in year_courses(source_fiscal_year):
                spec = {"number": course.number, "name_th": course.name_th, "name_en": course.name_en,
                        "days": course.days, "people_per_cooperative": course.people_per_cooperative,
                        "cooperatives_per_province": course.cooperatives_per_province,
                        "steps": [{"step_no": s.step_no, "name_th": s.name_th, "name_en": s.name_en,
                                   "starts": shift_date(s.starts, years), "ends": shift_date(s.ends, years)}
                                  for s in steps]}
                course_map[course.id] = _upsert_course(target_fiscal_year, spec, overwrite=True).id
            quotas = [{"year": year.id, "office": q.office_id, "quota": q.quota}
                      for q in OfficeQuota.select().where(OfficeQuota.year == source.id)]
            if quotas:
                OfficeQuota.insert_many(quotas).execute()
            budgets = [{"year": year.id, "centre": b.centre_id, "course": course_map[b.course_id], "amount": b.amount}
                       for b in CentreBudget.select().where(CentreBudget.year == source.id)
                       if b.course_id in course_map]
            if budgets:
                CentreBudget.insert_many(budgets).execute()
            for kpi in Kpi.select().where(Kpi.year == source.id).order_by(Kpi.sort_order, Kpi.id):
                copy = Kpi.create(year=year, code=kpi.code, sort_order=kpi.sort_order, name_th=kpi.name_th,
                                  name_en=kpi.name_en, unit=kpi.unit, course=kpi.course,
                                  default_target=kpi.default_target)
                targets = [{"kpi": copy.id, "centre": t.centre_id, "province": t.province_id, "target": t.target}
                           for t in KpiTarget.select().where(KpiTarget.kpi == kpi.id)]
                if targets:
                    KpiTarget.insert_many(targets).execute()
    except pw.IntegrityError:
        raise _exists_refusal(target_fiscal_year) from None
    return year


# --- changing a year ---------------------------------------------------------------------------------


def _touch(year: ProgrammeYear) -> None:
    ProgrammeYear.update(updated_at=clock.naive_now()).where(ProgrammeYear.id == year.id).execute()


def update_settings(year: ProgrammeYear, selection_deadline: dt.date | None, default_quota: int) -> None:
    """The last day on time for target lists, and the default quota per office."""
    check_deadline(year.fiscal_year, selection_deadline)
    check_quota(default_quota, "default_quota")
    with write_transaction():
        ProgrammeYear.update(selection_deadline=selection_deadline, default_quota=default_quota,
                             updated_at=clock.naive_now()).where(ProgrammeYear.id == year.id).execute()


def update_course(year: ProgrammeYear, course: Course, *, name_th: str, name_en: str, days: int,
                  people_per_cooperative: int, cooperatives_per_province: int,
                  steps: dict[int, tuple[dt.date | None, dt.date | None]]) -> None:
    """A course as run that year, and its step windows ({step_no: (starts, ends)})."""
    if course.fiscal_year != year.fiscal_year:
        raise PlanningError("หลักสูตรนี้ไม่ใช่ของปีงบประมาณนี้", "This course is not of this fiscal year", None)
    errors = check_course_values(name_th, name_en, days, people_per_cooperative, cooperatives_per_province)
    if errors:
        raise errors[0]
    for step_no, (starts, ends) in steps.items():
        check_window(starts, ends, f"step_{step_no}_ends")
    with write_transaction():
        Course.update(name_th=normalize_text(name_th), name_en=normalize_text(name_en), days=days,
                      people_per_cooperative=people_per_cooperative,
                      cooperatives_per_province=cooperatives_per_province).where(Course.id == course.id).execute()
        for step_no, (starts, ends) in steps.items():
            CourseStep.update(starts=starts, ends=ends).where(
                (CourseStep.course == course.id) & (CourseStep.step_no == step_no)).execute()
        _touch(year)


def set_office_quotas(year: ProgrammeYear, quotas: dict[int, int | None]) -> None:
    """Each office's own quota; None gives the office back the year's default."""
    for office_id, quota in quotas.items():
        if quota is not None:
            check_quota(quota, f"q-{office_id}")
    with write_transaction():
        for office_id, quota in quotas.items():
            OfficeQuota.delete().where((OfficeQuota.year == year.id) & (OfficeQuota.office == office_id)).execute()
            if quota is not None:
                OfficeQuota.create(year=year.id, office=office_id, quota=quota)
        _touch(year)


def set_budgets(year: ProgrammeYear, amounts: dict[tuple[int, int], Decimal | None]) -> None:
    """Budget per (centre id, course id) in baht; None removes the allocation."""
    courses = {c.id for c in Course.select(Course.id).where(Course.fiscal_year == year.fiscal_year)}
    clean = {}
    for (centre_id, course_id), amount in amounts.items():
        if course_id not in courses:
            raise PlanningError("หลักสูตรนี้ไม่ใช่ของปีงบประมาณนี้", "This course is not of this fiscal year", None)
        clean[(centre_id, course_id)] = None if amount is None else check_baht(amount, f"b-{centre_id}-{course_id}")
    with write_transaction():
        for (centre_id, course_id), amount in clean.items():
            CentreBudget.delete().where((CentreBudget.year == year.id) & (CentreBudget.centre == centre_id)
                                        & (CentreBudget.course == course_id)).execute()
            if amount is not None:
                CentreBudget.create(year=year.id, centre=centre_id, course=course_id, amount=amount)
        _touch(year)


def set_kpi_defaults(year: ProgrammeYear, defaults: dict[int, Decimal], reset_targets: bool = False) -> None:
    """The default target of each KPI; with ``reset_targets`` every centre's and province's target of
    those KPIs is recomputed from the new defaults (kpis.province_target / centre_target)."""
    kpis = {k.id: k for k in Kpi.select().where(Kpi.year == year.id)}
    clean = {}
    for kpi_id, value in defaults.items():
        if kpi_id not in kpis:
            raise PlanningError("ตัวชี้วัดนี้ไม่ใช่ของปีงบประมาณนี้", "This KPI is not of this fiscal year", None)
        clean[kpi_id] = check_target(kpis[kpi_id].unit, value, f"k-{kpi_id}")
    centres, provinces, offices = _centres_and_provinces() if reset_targets else ([], {}, {})
    with write_transaction():
        for kpi_id, value in clean.items():
            Kpi.update(default_target=value).where(Kpi.id == kpi_id).execute()
            if reset_targets:
                kpi = Kpi.get_by_id(kpi_id)
                KpiTarget.delete().where(KpiTarget.kpi == kpi_id).execute()
                KpiTarget.insert_many(_default_targets(kpi, centres, provinces, offices)).execute()
        _touch(year)


def set_targets(year: ProgrammeYear, centre: Centre, targets: dict[tuple[int, int | None], Decimal | None]) -> None:
    """Targets of one centre: {(kpi id, province id or None for the centre itself): value or None}."""
    kpis = {k.id: k for k in Kpi.select().where(Kpi.year == year.id)}
    provinces = {p.id for p in Province.select(Province.id).where(Province.centre == centre.id)}
    clean = {}
    for (kpi_id, province_id), value in targets.items():
        if kpi_id not in kpis or (province_id is not None and province_id not in provinces):
            raise PlanningError("ตัวชี้วัดหรือจังหวัดนี้ไม่ใช่ของปีหรือศูนย์ฯ นี้",
                                "This KPI or province is not of this year or centre", None)
        key = f"t-{kpi_id}-{province_id or 'c'}"
        clean[(kpi_id, province_id)] = None if value is None else check_target(kpis[kpi_id].unit, value, key)
    with write_transaction():
        for (kpi_id, province_id), value in clean.items():
            where = (KpiTarget.kpi == kpi_id) & (KpiTarget.centre == centre.id)
            where &= KpiTarget.province.is_null() if province_id is None else (KpiTarget.province == province_id)
            KpiTarget.delete().where(where).execute()
            if value is not None:
                KpiTarget.create(kpi=kpi_id, centre=centre.id, province=province_id, target=value)
        _touch(year)


def record_workshop(year: ProgrammeYear, *, starts: dt.date, ends: dt.date, place: str, attendees: int | None,
                    notes: str, by_user_id: int | None) -> None:
    """Step 1 of course 1 done: the planning workshop's dates, place, attendees and notes, with who and when."""
    if starts is None:
        raise PlanningError("กรุณากรอกวันเริ่มประชุม", "Enter the first day of the workshop", "starts")
    if ends is None:
        raise PlanningError("กรุณากรอกวันสิ้นสุดการประชุม", "Enter the last day of the workshop", "ends")
    check_window(starts, ends, "ends")
    place = normalize_text(place)
    if not place:
        raise PlanningError("กรุณากรอกสถานที่ประชุม", "Enter the place of the workshop", "place")
    if attendees is not None and attendees < 1:
        raise PlanningError("จำนวนผู้เข้าร่วมต้องไม่น้อยกว่า 1", "Attendees must be at least 1", "attendees")
    now = clock.naive_now()
    with write_transaction():
        ProgrammeYear.update(workshop_starts=starts, workshop_ends=ends, workshop_place=place,
                             workshop_attendees=attendees, workshop_notes=(notes or "").strip(),
                             workshop_recorded_by=by_user_id, workshop_recorded_at=now,
                             updated_at=now).where(ProgrammeYear.id == year.id).execute()


# --- reading a year ------------------------------------------------------------------------------------


def year_courses(fiscal_year: int) -> list[tuple[Course, list[CourseStep]]]:
    """The year's courses by number, each with its steps in order."""
    courses = list(Course.select().where(Course.fiscal_year == fiscal_year).order_by(Course.number))
    steps: dict[int, list[CourseStep]] = defaultdict(list)
    if courses:
        for s in CourseStep.select().where(CourseStep.course.in_([c.id for c in courses])).order_by(CourseStep.step_no):
            steps[s.course_id].append(s)
    return [(c, steps[c.id]) for c in courses]


def kpis_of(year: ProgrammeYear) -> list[Kpi]:
    return list(Kpi.select().where(Kpi.year == year.id).order_by(Kpi.sort_order, Kpi.id))


@dataclass
class OfficeRow:
    office: Office
    province: Province
    centre: Centre | None
    own_quota: int | None  # None: the year's default applies

    def quota(self, default: int) -> int:
        return default if self.own_quota is None else self.own_quota


def office_rows(year: ProgrammeYear, office_ids: frozenset[int] | None = None) -> list[OfficeRow]:
    """Offices (all, or those ids) by centre number, province in Thai order, then office code (10-1, 10-2)."""
    own = {q.office_id: q.quota for q in OfficeQuota.select().where(OfficeQuota.year == year.id)}
    query = Office.select(Office, Province).join(Province)
    if office_ids is not None:
        query = query.where(Office.id.in_(sorted(office_ids) or [0]))
    centres = {c.id: c for c in Centre.select()}
    rows = [OfficeRow(o, o.province, centres.get(o.province.centre_id), own.get(o.id)) for o in query]
    rows.sort(key=lambda r: (r.centre.number if r.centre else 99, thai_sort_key(r.province.name_th), r.office.code))
    return rows


@dataclass
class BudgetTable:
    courses: list[Course]
    rows: list[tuple[Centre, dict[int, Decimal | None], Decimal]]  # centre, {course id: amount}, row total
    totals: dict[int, Decimal]
    total: Decimal


def budget_table(year: ProgrammeYear, centre_ids: frozenset[int] | None = None) -> BudgetTable:
    """Budget per centre (all, or those ids) and course, with row totals and the totals row (รวม)."""
    courses = [c for c, _steps in year_courses(year.fiscal_year)]
    centres = Centre.select().order_by(Centre.number)
    if centre_ids is not None:
        centres = centres.where(Centre.id.in_(sorted(centre_ids) or [0]))
    amounts = {(b.centre_id, b.course_id): b.amount for b in CentreBudget.select().where(CentreBudget.year == year.id)}
    rows, totals = [], {c.id: Decimal(0) for c in courses}
    for centre in centres:
        cells = {c.id: amounts.get((centre.id, c.id)) for c in courses}
        for course_id, amount in cells.items():
            if amount is not None:
                totals[course_id] += amount
        rows.append((centre, cells, sum((a for a in cells.values() if a is not None), Decimal(0))))
    return BudgetTable(courses, rows, totals, sum(totals.values(), Decimal(0)))


@dataclass
class TargetBlock:
    """One centre's targets, with its provinces beneath: {kpi id: target}."""

    centre: Centre
    centre_targets: dict[int, Decimal]
    provinces: list[tuple[Province, dict[int, Decimal]]] = field(default_factory=list)
    show_centre: bool = True

    def province_sum(self, kpi_id: int) -> Decimal | None:
        values = [t[kpi_id] for _p, t in self.provinces if kpi_id in t]
        return sum(values, Decimal(0)) if values else None

    def mismatched(self, kpi: Kpi) -> bool:
        """A count KPI whose centre target is not the sum of its provinces' (worth a second look)."""
        if kpi.unit not in kpi_catalogue.COUNT_UNITS or kpi.id not in self.centre_targets:
            return False
        total = self.province_sum(kpi.id)
        return total is not None and total != self.centre_targets[kpi.id]


def target_blocks(year: ProgrammeYear, centre_ids: frozenset[int] | None = None,
                  province_ids: frozenset[int] | None = None, show_centre: bool = True) -> list[TargetBlock]:
    """Targets per centre (all, or those ids) with their provinces (all, or those ids) beneath in Thai order.

    ``show_centre`` False (an office's view) leaves out the centre's own row.
    """
    centres = Centre.select().order_by(Centre.number)
    if centre_ids is not None:
        centres = centres.where(Centre.id.in_(sorted(centre_ids) or [0]))
    centres = list(centres)
    provinces_q = Province.select().where(Province.centre.in_([c.id for c in centres] or [0]))
    if province_ids is not None:
        provinces_q = provinces_q.where(Province.id.in_(sorted(province_ids) or [0]))
    by_centre: dict[int, list[Province]] = defaultdict(list)
    for p in provinces_q:
        by_centre[p.centre_id].append(p)
    values: dict[tuple[int, int | None], dict[int, Decimal]] = defaultdict(dict)
    query = (KpiTarget.select(KpiTarget.kpi, KpiTarget.centre, KpiTarget.province, KpiTarget.target)
             .join(Kpi).where(Kpi.year == year.id)
             .where(KpiTarget.centre.in_([c.id for c in centres] or [0])))
    for t in query:
        values[(t.centre_id, t.province_id)][t.kpi_id] = t.target
    blocks = []
    for centre in centres:
        provinces = sorted(by_centre.get(centre.id, []), key=lambda p: (thai_sort_key(p.name_th), p.id))
        if not show_centre and not provinces:
            continue
        blocks.append(TargetBlock(centre, values.get((centre.id, None), {}),
                                  [(p, values.get((centre.id, p.id), {})) for p in provinces], show_centre))
    return blocks
