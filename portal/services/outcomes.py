"""What the programme achieved, read from the database the one way every page and report reads it.

* **Target cooperatives** of a fiscal year: the active proposals on submitted target
  lists (``TargetProposal.targets``), submitted by the end of ``as_of``.
* **Trained** in course N: a cohort of that course and fiscal year that trained the
  cooperative (``CohortCooperative``) has *ended* by ``as_of`` and is *closed or later*
  (closed, follow-up, archived).
* **Trainees trained**: trainees of such cohorts who were *present at least one day*
  (an ``Attendance`` row with ``present`` on a day up to ``as_of``).
* **Baseline**: the yearly record the proposal counted (the accounting year used for the
  selection). **After the project**: the latest yearly record whose accounting year closed
  after the end of the last cohort that trained the cooperative in the fiscal year, and
  by ``as_of``. Without one, the outcome is unknown (None), never "below".
* **Survey rate**: members of the cooperative's member-survey links who used at least one
  of its businesses in the last 12 months ÷ members who answered × 100 — a sample,
  always labelled as such, never the official rate the 65% rule uses.

``as_of`` (a date, default today) makes each figure the picture at the end of that day.
Formulas are ``portal.domain.analytics``; nothing is computed twice.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from portal import clock
from portal.domain import analytics
from portal.domain.cohorts import STATUSES
from portal.domain.thaidates import format_date, format_time_range
from portal.domain.thaitext import thai_sort_key
from portal.exports import Column, Table
from portal.models import (
    Attendance,
    BudgetLine,
    Centre,
    Cohort,
    CohortCooperative,
    Cooperative,
    Course,
    Office,
    ProgrammeYear,
    Province,
    TargetList,
    TargetProposal,
    Trainee,
    YearlyRecord,
)
from portal.models.responses import RespondentLink, Response

__all__ = [
    "TRAINED_STATUSES", "end_of", "as_of_text", "TargetCoop", "targets", "trained_cohorts", "trainees_present",
    "after_project_record", "SurveyRate", "survey_rates", "CoopParticipation", "participation_rows",
    "participation_table", "CohortNumbers", "TrainingNumbers", "training_numbers", "training_table",
]

#: a cohort counts as "trained" from "closed" on
TRAINED_STATUSES = tuple(STATUSES[STATUSES.index("closed"):])


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of a day (naive local time, as the tables store it)."""
    return dt.datetime.combine(day, dt.time.max)


def as_of_text(day: dt.date, lang: str = "th") -> str:
    """"ข้อมูล ณ วันที่ 15 มีนาคม 2566" — the line every table carries."""
    if lang == "th":
        return f"ข้อมูล ณ วันที่ {format_date(day, 'long', 'th')}"
    return f"Data as of {format_date(day, 'long', 'en')}"


# --------------------------------------------------------------------------- target cooperatives

@dataclass
class TargetCoop:
    proposal: TargetProposal
    cooperative: Cooperative
    office: Office
    province: Province
    baseline: YearlyRecord | None


def _office_ids(centre=None, province=None, office_ids=None) -> list[int] | None:
    """Offices of the scope asked for; None = the whole country."""
    query = Office.select(Office.id).join(Province)
    limited = False
    if centre is not None:
        query = query.where(Province.centre == (centre if isinstance(centre, int) else centre.id))
        limited = True
    if province is not None:
        query = query.where(Office.province == (province if isinstance(province, int) else province.id))
        limited = True
    if office_ids is not None:
        query = query.where(Office.id.in_(sorted(office_ids) or [0]))
        limited = True
    return [o.id for o in query] if limited else None


def targets(fy: int, *, centre=None, province=None, office_ids=None, as_of: dt.date | None = None) -> list[TargetCoop]:
    """The fiscal year's target cooperatives in the scope (lists submitted by ``as_of``), in Thai order."""
    as_of = as_of or clock.today()
    offices = _office_ids(centre, province, office_ids)
    query = (TargetProposal.targets(fy)
             .where(TargetList.submitted_at <= end_of(as_of)))
    if offices is not None:
        query = query.where(TargetList.office.in_(offices or [0]))
    proposals = list(query)
    coops = {c.id: c for c in Cooperative.select().where(
        Cooperative.id.in_([p.cooperative_id for p in proposals] or [0]))}
    office_rows = {o.id: o for o in Office.select().where(Office.id.in_([c.office_id for c in coops.values()] or [0]))}
    province_rows = {p.id: p for p in Province.select().where(
        Province.id.in_([o.province_id for o in office_rows.values()] or [0]))}
    records = {r.id: r for r in YearlyRecord.select().where(
        YearlyRecord.id.in_([p.yearly_record_id for p in proposals if p.yearly_record_id] or [0]))}
    out, seen = [], set()
    for p in proposals:
        if p.cooperative_id in seen:
            continue
        seen.add(p.cooperative_id)
        coop = coops[p.cooperative_id]
        office = office_rows[coop.office_id]
        out.append(TargetCoop(p, coop, office, province_rows[office.province_id], records.get(p.yearly_record_id)))
    return sorted(out, key=lambda t: thai_sort_key(t.cooperative.name))


def trained_cohorts(fy: int, course_no: int | None, coop_ids, as_of: dt.date) -> dict[int, list[Cohort]]:
    """Per cooperative id: the cohorts of the course (None: both) that trained it, ended and closed by ``as_of``."""
    ids = sorted(set(coop_ids))
    out: dict[int, list[Cohort]] = defaultdict(list)
    if not ids:
        return out
    query = (Cohort.select(Cohort, CohortCooperative.cooperative.alias("coop_id"))
             .join(CohortCooperative).switch(Cohort).join(Course)
             .where(CohortCooperative.cooperative.in_(ids), Course.fiscal_year == fy,
                    Cohort.ends <= as_of, Cohort.status.in_(TRAINED_STATUSES))
             .order_by(Cohort.ends, Cohort.id))
    if course_no is not None:
        query = query.where(Course.number == course_no)
    for cohort in query.objects():
        out[cohort.coop_id].append(cohort)
    return out


def trainees_present(cohort_ids, coop_ids, as_of: dt.date) -> dict[int, int]:
    """Per trainee id (of these cohorts and cooperatives) present at least one day: the days present."""
    cohort_ids, coop_ids = sorted(set(cohort_ids)), sorted(set(coop_ids))
    if not cohort_ids or not coop_ids:
        return {}
    query = (Attendance.select(Attendance.trainee, Attendance.day)
             .join(Trainee)
             .where(Trainee.cohort.in_(cohort_ids), Trainee.cooperative.in_(coop_ids),
                    Attendance.present == True, Attendance.day <= as_of))  # noqa: E712
    days: dict[int, int] = defaultdict(int)
    for row in query:
        days[row.trainee_id] += 1
    return dict(days)


def trainee_cooperatives(cohort_ids) -> dict[int, int]:
    """Trainee id -> cooperative id for the trainees of these cohorts (one query)."""
    ids = sorted(set(cohort_ids))
    if not ids:
        return {}
    return {t.id: t.cooperative_id for t in Trainee.select(Trainee.id, Trainee.cooperative)
            .where(Trainee.cohort.in_(ids))}


def after_project_record(coop_id: int, project_end: dt.date | None, as_of: dt.date) -> YearlyRecord | None:
    """The latest yearly record of an accounting year closed after the project's training ended, by ``as_of``."""
    if project_end is None:
        return None
    return (YearlyRecord.select()
            .where(YearlyRecord.cooperative == coop_id, YearlyRecord.closing_date > project_end,
                   YearlyRecord.closing_date <= as_of)
            .order_by(YearlyRecord.closing_date.desc()).first())


# --------------------------------------------------------------------------- survey rate

@dataclass(frozen=True)
class SurveyRate:
    period: str
    year: int  # the fiscal year of the period (Buddhist Era)
    n: int  # members who answered (a sample)
    active: int  # of them, used at least one business
    rate: Decimal | None


def _used_business(answers: dict) -> bool | None:
    lines = answers.get("business_lines")
    if not isinstance(lines, list) or not lines:
        return None
    return any(line != "none" for line in lines)


def survey_rates(coop_id: int, as_of: dt.date) -> list[SurveyRate]:
    """The member-survey rate of each survey period of the cooperative (answers submitted by ``as_of``)."""
    links = list(RespondentLink.select().where(RespondentLink.cooperative == coop_id,
                                               RespondentLink.kind == "member_survey"))
    out = []
    for link in links:
        n = active = 0
        for r in (Response.select(Response.answers)
                  .where(Response.link == link.id, Response.state == "submitted",
                         Response.submitted_at <= end_of(as_of))):
            used = _used_business(json.loads(r.answers))
            if used is None:
                continue
            n += 1
            active += used
        try:
            year = int(link.period[:4])
        except ValueError:
            continue
        if n:
            out.append(SurveyRate(link.period, year, n, active, analytics.participation_rate(active, n)))
    return sorted(out, key=lambda s: (s.year, s.period))


# --------------------------------------------------------------------------- participation per cooperative

@dataclass
class CoopParticipation:
    cooperative: Cooperative
    office: Office
    province: Province
    baseline_year: int | None  # accounting year (BE) used for the selection
    baseline_rate: Decimal | None  # official rate, exact
    latest_year: int | None  # accounting year closed after the project
    latest_rate: Decimal | None
    change: Decimal | None  # percentage points
    at_or_above: bool | None  # latest ≥ 65 on the exact value; None without a record after the project
    survey_period: str | None
    survey_rate: Decimal | None  # a sample, not the official rate
    survey_n: int
    loss: analytics.LossStatus
    trained_c1: bool = False
    trained_c2: bool = False
    project_end: dt.date | None = None
    records: list = field(default_factory=list)  # every yearly record, oldest first
    surveys: list = field(default_factory=list)


def participation_of(t: TargetCoop, fy: int, as_of: dt.date,
                     trained: dict[int, list[Cohort]] | None = None) -> CoopParticipation:
    """One target cooperative's participation and loss against its baseline."""
    if trained is None:
        trained = trained_cohorts(fy, None, [t.cooperative.id], as_of)
    cohorts = trained.get(t.cooperative.id, [])
    project_end = max((c.ends for c in cohorts), default=None)
    latest = after_project_record(t.cooperative.id, project_end, as_of)
    base = t.baseline
    base_rate = base.participation_rate if base is not None else None
    latest_rate = latest.participation_rate if latest is not None else None
    surveys = survey_rates(t.cooperative.id, as_of)
    last_survey = surveys[-1] if surveys else None
    records = list(YearlyRecord.select().where(YearlyRecord.cooperative == t.cooperative.id,
                                               YearlyRecord.closing_date <= as_of)
                   .order_by(YearlyRecord.accounting_year))
    return CoopParticipation(
        cooperative=t.cooperative, office=t.office, province=t.province,
        baseline_year=base.accounting_year if base else None, baseline_rate=base_rate,
        latest_year=latest.accounting_year if latest else None, latest_rate=latest_rate,
        change=analytics.participation_change(base_rate, latest_rate),
        at_or_above=analytics.at_or_above(latest_rate),
        survey_period=last_survey.period if last_survey else None,
        survey_rate=last_survey.rate if last_survey else None,
        survey_n=last_survey.n if last_survey else 0,
        loss=analytics.loss_status(base.accumulated_profit_loss if base else None,
                                   latest.accumulated_profit_loss if latest else None,
                                   latest.profit_this_year if latest else None),
        trained_c1=any(c.course.number == 1 for c in cohorts),
        trained_c2=any(c.course.number == 2 for c in cohorts),
        project_end=project_end, records=records, surveys=surveys,
    )


def participation_rows(fy: int, *, centre=None, province=None, office_ids=None,
                       as_of: dt.date | None = None) -> list[CoopParticipation]:
    """Per target cooperative of the fiscal year (Thai order): baseline and latest official rate, change,
    at or above 65%, the latest survey rate (a sample) and the loss status."""
    as_of = as_of or clock.today()
    tcs = targets(fy, centre=centre, province=province, office_ids=office_ids, as_of=as_of)
    trained = trained_cohorts(fy, None, [t.cooperative.id for t in tcs], as_of)
    return [participation_of(t, fy, as_of, trained) for t in tcs]


def _r2(value):
    """Two decimals for a download cell (the decision was made on the exact value)."""
    return None if value is None else analytics.round_half_up(value, 2)


def _yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return "–"
    if lang == "th":
        return "ใช่" if value else "ไม่ใช่"
    return "yes" if value else "no"


def loss_text(loss: analytics.LossStatus, lang: str = "th") -> str:
    """Reduced, cleared and profit this year kept apart."""
    th = lang == "th"
    if not loss.applicable:
        text = "ไม่มีขาดทุนสะสม ณ ปีฐาน" if th else "no accumulated loss at baseline"
    elif loss.cleared is None:
        text = "ยังไม่มีข้อมูลหลังโครงการ" if th else "no record after the project yet"
    elif loss.cleared:
        text = "ล้างขาดทุนสะสมได้หมด" if th else "accumulated loss cleared"
    elif loss.reduced:
        text = "ขาดทุนสะสมลดลง" if th else "accumulated loss reduced"
    else:
        text = "ขาดทุนสะสมไม่ลดลง" if th else "accumulated loss not reduced"
    if loss.profit_this_year:
        text += " · มีกำไรปีนี้" if th else " · profit this year"
    return text


def participation_table(rows: list[CoopParticipation], *, fy: int | None = None, as_of: dt.date | None = None,
                        lang: str = "th") -> Table:
    """The participation rows as a download table (rates numeric, two decimals)."""
    th = lang == "th"
    columns = [
        Column("สหกรณ์" if th else "Cooperative", width=40),
        Column("จังหวัด" if th else "Province", width=16),
        Column("ปีบัญชีฐาน" if th else "Baseline accounting year", "int"),
        Column("อัตราทางการ ปีฐาน (ร้อยละ)" if th else "Official rate, baseline (percent)", "percent"),
        Column("ปีบัญชีหลังโครงการ" if th else "Accounting year after the project", "int"),
        Column("อัตราทางการ หลังโครงการ (ร้อยละ)" if th else "Official rate after the project (percent)", "percent"),
        Column("เปลี่ยนแปลง (จุดร้อยละ)" if th else "Change (percentage points)", "decimal"),
        Column("ไม่ต่ำกว่าร้อยละ 65" if th else "At or above 65 percent"),
        Column("อัตราจากการสำรวจ (ตัวอย่าง, ร้อยละ)" if th else "Survey rate (a sample, percent)", "percent"),
        Column("จำนวนผู้ตอบสำรวจ" if th else "Survey answers", "int"),
        Column("ขาดทุนสะสม" if th else "Accumulated loss", width=30),
    ]
    body = []
    for r in rows:
        body.append([
            r.cooperative.name, r.province.name_th if th else r.province.name_en,
            r.baseline_year, _r2(r.baseline_rate), r.latest_year, _r2(r.latest_rate), _r2(r.change),
            _yes_no(r.at_or_above, lang), _r2(r.survey_rate), r.survey_n or None, loss_text(r.loss, lang),
        ])
    title = "การมีส่วนร่วมของสมาชิกในการดำเนินธุรกิจกับสหกรณ์เป้าหมาย" if th else "Member participation of target cooperatives"
    return Table(title=title, columns=columns, rows=body,
                 subtitles=(f"ปีงบประมาณ {fy}" if th else f"Fiscal year {fy}",) if fy else (),
                 as_of=as_of_text(as_of or clock.today(), lang), sheet_name="การมีส่วนร่วม" if th else "Participation")


# --------------------------------------------------------------------------- training report numbers

@dataclass
class CohortNumbers:
    cohort: Cohort
    cooperatives: list[str]
    days: int
    people: int
    women: int
    men: int
    planned: dict[str, Decimal]
    spent: dict[str, Decimal]
    planned_total: Decimal
    spent_total: Decimal

    # The seed's fields, read off the cohort: dates, daily times, place.
    @property
    def starts(self) -> dt.date:
        return self.cohort.starts

    @property
    def ends(self) -> dt.date:
        return self.cohort.ends

    @property
    def day_starts(self) -> dt.time | None:
        return self.cohort.day_starts

    @property
    def day_ends(self) -> dt.time | None:
        return self.cohort.day_ends

    @property
    def place(self) -> str:
        return self.cohort.place


@dataclass
class TrainingNumbers:
    fy: int
    course_no: int
    course: Course | None
    centre: Centre | None
    as_of: dt.date
    rows: list[CohortNumbers]
    totals: analytics.TrainingTotals


def training_numbers(fy: int, course_no: int, *, centre=None, as_of: dt.date | None = None) -> TrainingNumbers:
    """The training report's numbers per cohort (ended and closed by ``as_of``) and in total.

    People are trainees present at least one day; days are the cohort's calendar days."""
    as_of = as_of or clock.today()
    course = Course.get_or_none((Course.fiscal_year == fy) & (Course.number == course_no))
    centre_obj = None
    if centre is not None:
        centre_obj = centre if isinstance(centre, Centre) else Centre.get_or_none(Centre.id == centre)
    query = (Cohort.select(Cohort).join(Course)
             .where(Course.fiscal_year == fy, Course.number == course_no, Cohort.ends <= as_of,
                    Cohort.status.in_(TRAINED_STATUSES))
             .order_by(Cohort.starts, Cohort.number))
    if centre_obj is not None:
        query = query.where(Cohort.centre == centre_obj.id)
    cohorts = list(query)
    ids = [c.id for c in cohorts]
    coop_names: dict[int, list[str]] = defaultdict(list)
    for link in (CohortCooperative.select(CohortCooperative, Cooperative).join(Cooperative)
                 .where(CohortCooperative.cohort.in_(ids or [0]))):
        coop_names[link.cohort_id].append(link.cooperative.name)
    present: dict[int, dict[int, int]] = defaultdict(dict)
    genders: dict[int, str] = {}
    for row in (Attendance.select(Attendance.trainee, Trainee.cohort, Trainee.gender).join(Trainee)
                .where(Trainee.cohort.in_(ids or [0]), Attendance.present == True,  # noqa: E712
                       Attendance.day <= as_of).objects()):
        present[row.cohort][row.trainee_id] = present[row.cohort].get(row.trainee_id, 0) + 1
        genders[row.trainee_id] = row.gender
    budgets: dict[int, dict[str, dict]] = defaultdict(lambda: {"planned": {}, "spent": {}})
    for line in BudgetLine.select().where(BudgetLine.cohort.in_(ids or [0])):
        if line.category not in analytics.BUDGET_CATEGORY_CODES:
            continue
        budgets[line.cohort_id]["planned"][line.category] = line.planned
        if line.spent is not None:
            budgets[line.cohort_id]["spent"][line.category] = line.spent
    inputs, rows = [], []
    for c in cohorts:
        days = (c.ends - c.starts).days + 1
        trainees = [{"gender": genders[t], "days_attended": n} for t, n in present.get(c.id, {}).items()]
        one = {"days": days, "trainees": trainees, "budget_planned": budgets[c.id]["planned"],
               "budget_spent": budgets[c.id]["spent"]}
        inputs.append(one)
        tot = analytics.training_totals([one])
        rows.append(CohortNumbers(c, sorted(coop_names.get(c.id, []), key=thai_sort_key), days, tot.people,
                                  tot.women, tot.men, tot.planned_by_category, tot.spent_by_category,
                                  tot.planned_total, tot.spent_total))
    return TrainingNumbers(fy, course_no, course, centre_obj, as_of, rows, analytics.training_totals(inputs))


def training_table(numbers: TrainingNumbers, lang: str = "th") -> Table:
    """The seed's training report: รุ่น, สหกรณ์, dates, times, place, days, people, women, men, budget
    planned and spent per category, and the รวม row."""
    th = lang == "th"
    columns = [
        Column("รุ่นที่" if th else "Cohort", "int"),
        Column("สหกรณ์" if th else "Cooperatives", width=40),
        Column("วันที่" if th else "Dates", width=24),
        Column("เวลา" if th else "Times", width=16),
        Column("สถานที่" if th else "Place", width=30),
        Column("จำนวนวัน" if th else "Days", "int", total=True),
        Column("จำนวนคน" if th else "People", "int", total=True),
        Column("หญิง" if th else "Women", "int", total=True),
        Column("ชาย" if th else "Men", "int", total=True),
    ]
    for code, name_th, name_en in analytics.BUDGET_CATEGORIES:
        columns.append(Column(f"งบที่ตั้งไว้: {name_th}" if th else f"Planned: {name_en}", "amount", total=True))
        columns.append(Column(f"ใช้จ่ายจริง: {name_th}" if th else f"Spent: {name_en}", "amount", total=True))
    columns.append(Column("งบที่ตั้งไว้รวม (บาท)" if th else "Planned total (baht)", "amount", total=True))
    columns.append(Column("ใช้จ่ายจริงรวม (บาท)" if th else "Spent total (baht)", "amount", total=True))
    body = []
    for r in numbers.rows:
        c = r.cohort
        dates = format_date(c.starts, "short", lang)
        if c.ends != c.starts:
            dates += f"–{format_date(c.ends, 'short', lang)}"
        row = [c.number, ", ".join(r.cooperatives), dates, format_time_range(c.day_starts, c.day_ends, lang),
               c.place, r.days, r.people, r.women, r.men]
        for code in analytics.BUDGET_CATEGORY_CODES:
            row += [r.planned[code], r.spent[code]]
        row += [r.planned_total, r.spent_total]
        body.append(row)
    course = numbers.course
    course_name = (course.name_th if th else course.name_en) if course else str(numbers.course_no)
    title = (f"รายงานผลการฝึกอบรม หลักสูตร{course_name}" if th else f"Training report: {course_name}")
    subtitles = [f"ปีงบประมาณ {numbers.fy}" if th else f"Fiscal year {numbers.fy}"]
    if numbers.centre is not None:
        subtitles.append(numbers.centre.name_th if th else numbers.centre.name_en)
    return Table(title=title, columns=columns, rows=body, subtitles=tuple(subtitles),
                 as_of=as_of_text(numbers.as_of, lang), sheet_name="รายงานผลการฝึกอบรม" if th else "Training report",
                 totals_label="รวม" if th else "Total")


def programme_years() -> list[int]:
    return [y.fiscal_year for y in ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc())]
