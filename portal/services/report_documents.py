"""The content of every document the offices file, as a ``portal.documents.Document``.

The builders gather figures from the results services (programme scorecards,
training numbers, cohort learning and satisfaction) and the plans and follow-up
services; they compute no figure themselves. One Document feeds every format
(XLSX, CSV, PDF, DOCX) through ``portal.documents.render``, for the web download
and the ``flask report`` command alike.

Trainees' names appear only in a cohort's training report, which only its own
centre (and the bureau) may open; national documents carry counts, never names.
No Flask here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from portal import clock
from portal.documents import Document, Heading, Image, Memorandum, Paragraph, Signature, TableBlock
from portal.domain import analytics
from portal.domain.thaidates import (
    cumulative_bounds,
    fiscal_year_bounds,
    format_date,
    format_time_range,
    quarter_label,
)
from portal.domain.thaitext import thai_sort_key
from portal.exports import Column, Table
from portal.models import Centre, Cohort, Cooperative, Course, Office, Province, Suggestion, Trainee, User
from portal.scope import Scope

KINDS = ("quarterly", "training", "cohort", "final")
KIND_LABELS = {
    "quarterly": ("รายงานผลการดำเนินงานรายไตรมาส", "Quarterly report"),
    "training": ("รายงานผลการฝึกอบรม (หลักสูตร)", "Training report (course)"),
    "cohort": ("รายงานผลการฝึกอบรม (รุ่น)", "Training report (cohort)"),
    "final": ("รายงานผลการดำเนินงานประจำปี (หลักสูตร)", "Final report (course)"),
}
PROGRAMME_TH = "โครงการพัฒนาศักยภาพสหกรณ์"
BUREAU_TO = "ผู้อำนวยการสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์"
DEPARTMENT_TH = "กรมส่งเสริมสหกรณ์"
PARTICIPATION_LINE = analytics.PARTICIPATION_THRESHOLD


class DocumentError(ValueError):
    """A document cannot be built: unknown centre, year, course, quarter or cohort (Thai and English)."""

    def __init__(self, th: str, en: str):
        super().__init__(f"{th} ({en})")
        self.th, self.en = th, en


# --- small helpers -------------------------------------------------------------------------------


def as_of_text(day: dt.date) -> str:
    return f"ข้อมูล ณ วันที่ {format_date(day, 'long')}"


def director_position(centre: Centre) -> str:
    return f"ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ {centre.number}"


def director_name(centre: Centre) -> str:
    """The name of the centre's (active) director account, or "" to leave a dotted line."""
    user = (User.select().where((User.centre == centre.id) & (User.role == "centre_director") & User.active)
            .order_by(User.id).first())
    return user.full_name if user else ""


def course_of(fy: int, number: int) -> Course:
    course = Course.get_or_none((Course.fiscal_year == fy) & (Course.number == number))
    if course is None:
        raise DocumentError(f"ไม่พบหลักสูตรที่ {number} ของปีงบประมาณ {fy}",
                            f"There is no course {number} in fiscal year {fy}")
    return course


def check_year(fy: int) -> None:
    if not Course.select().where(Course.fiscal_year == fy).exists():
        raise DocumentError(f"ไม่พบปีงบประมาณ {fy} (ต้องเป็นปี พ.ศ. ที่ตั้งหลักสูตรไว้แล้ว เช่น 2566)",
                            f"Fiscal year {fy} is not set up (a Buddhist-Era year with courses, e.g. 2566)")


def centre_scope(centre: Centre) -> Scope:
    provinces = frozenset(p.id for p in Province.select(Province.id).where(Province.centre == centre.id))
    offices = frozenset(o.id for o in Office.select(Office.id).where(Office.province.in_(sorted(provinces) or [0])))
    return Scope("centre", frozenset({centre.id}), provinces, offices)


def _numbers(centre: Centre | None, fy: int, course_no: int, as_of: dt.date):
    """The training report's numbers from portal.services.outcomes (the one place they are counted)."""
    from portal.services import outcomes

    return outcomes.training_numbers(fy, course_no, centre=centre, as_of=as_of)


def summary_table(totals: analytics.TrainingTotals, title: str, as_of: dt.date, sheet_name: str = "") -> Table:
    """จำนวนรุ่น / คน / วัน, หญิง ชาย of a TrainingTotals from the results."""
    return Table(
        title=title,
        columns=[Column("รายการ", width=36), Column("จำนวน", "int", width=14), Column("หน่วย", width=10)],
        rows=[["จำนวนรุ่น", totals.cohorts, "รุ่น"], ["จำนวนผู้เข้ารับการอบรม", totals.people, "คน"],
              ["หญิง", totals.women, "คน"], ["ชาย", totals.men, "คน"], ["จำนวนวันอบรม", totals.days, "วัน"]],
        as_of=as_of_text(as_of), sheet_name=sheet_name or title[:31],
    )


def budget_table(planned: dict, spent: dict, as_of: dt.date, title: str = "งบประมาณตามหมวดค่าใช้จ่าย",
                 sheet_name: str = "") -> Table:
    rows = [[th, planned.get(code, Decimal(0)), spent.get(code, Decimal(0))]
            for code, th, _en in analytics.BUDGET_CATEGORIES]
    return Table(title=title, columns=[Column("หมวดค่าใช้จ่าย", width=28),
                                       Column("งบประมาณที่ตั้งไว้ (บาท)", "amount", 20, True),
                                       Column("ใช้จ่ายจริง (บาท)", "amount", 20, True)],
                 rows=rows, as_of=as_of_text(as_of), sheet_name=sheet_name or title[:31])


def cohorts_table(cohort_rows, as_of: dt.date, course_no: int) -> Table:
    """Per cohort (the seed's fields): รุ่น, วันที่, เวลา, สถานที่, วัน, คน, หญิง, ชาย, งบ — the numbers of
    portal.services.outcomes.training_numbers, with รวม."""
    rows = []
    for r in cohort_rows:
        c = r.cohort
        dates = format_date(c.starts, "short")
        if c.ends != c.starts:
            dates += f"–{format_date(c.ends, 'short')}"
        rows.append([f"รุ่นที่ {c.number}", dates, format_time_range(c.day_starts, c.day_ends) or "–", c.place,
                     r.days, r.people, r.women, r.men, r.planned_total, r.spent_total])
    return Table(title=f"ผลการฝึกอบรมรายรุ่น หลักสูตรที่ {course_no}", columns=[
        Column("รุ่น", width=10), Column("วันที่", width=22), Column("เวลา", width=16), Column("สถานที่", width=30),
        Column("วัน", "int", 7, True), Column("คน", "int", 7, True), Column("หญิง", "int", 7, True),
        Column("ชาย", "int", 7, True), Column("งบที่ตั้งไว้ (บาท)", "amount", 15, True),
        Column("ใช้จ่ายจริง (บาท)", "amount", 15, True)],
        rows=rows, as_of=as_of_text(as_of), sheet_name=f"รายรุ่น หลักสูตร {course_no}")


def course_blocks(centre: Centre | None, fy: int, course_no: int, as_of: dt.date) -> list:
    """Summary, the seed's training table (per cohort, with รวม) and the budget by category."""
    numbers = _numbers(centre, fy, course_no, as_of)
    t = numbers.totals
    return [TableBlock(summary_table(t, f"สรุปผลการฝึกอบรม หลักสูตรที่ {course_no}", as_of,
                                     sheet_name=f"สรุป หลักสูตร {course_no}")),
            TableBlock(cohorts_table(numbers.rows, as_of, course_no)),
            TableBlock(budget_table(t.planned_by_category, t.spent_by_category, as_of,
                                    f"งบประมาณตามหมวดค่าใช้จ่าย หลักสูตรที่ {course_no}",
                                    sheet_name=f"งบประมาณ หลักสูตร {course_no}"))]


def cohort_results_tables(cohort: Cohort, as_of: dt.date, scheme: str) -> list[Table]:
    """Learning gain and satisfaction of one cohort: the tables portal.services.cohort_results builds
    for the results page (figures under the minimum read "ข้อมูลไม่พอ")."""
    from portal.services import cohort_results

    until = dt.datetime.combine(as_of, dt.time.max)
    learning = cohort_results.cohort_learning(cohort, until=until)
    satisfaction = cohort_results.cohort_satisfaction(cohort, scheme=scheme, until=until)
    tables = cohort_results.result_tables(cohort, learning, satisfaction, as_of)
    return [tables[name] for name in ("learning", "satisfaction", "sessions") if name in tables]


def trainees_table(cohort: Cohort) -> Table:
    """Names: only in the cohort's own centre's documents."""
    trainees = sorted(Trainee.select(Trainee, Cooperative).join(Cooperative).where(Trainee.cohort == cohort.id),
                      key=lambda t: (thai_sort_key(t.cooperative.name), thai_sort_key(t.first_name),
                                     thai_sort_key(t.last_name)))
    rows = [[i, t.full_name, t.position or "–", t.cooperative.name, "หญิง" if t.gender == "female" else "ชาย"]
            for i, t in enumerate(trainees, 1)]
    return Table(title="รายชื่อผู้เข้ารับการอบรม", columns=[Column("ลำดับ", "int", 7), Column("ชื่อ – นามสกุล", width=30),
                                                          Column("ตำแหน่ง", width=18), Column("สหกรณ์", width=36),
                                                          Column("เพศ", width=8)],
                 rows=rows, sheet_name="รายชื่อ")


def _scorecard_blocks(fy: int, centre: Centre | None, as_of: dt.date, title: str, scheme: str) -> list:
    """เป้าหมาย | ผล | ร้อยละ from portal.services.scorecards, and its KPI bars."""
    from portal.services import scorecards

    card = scorecards.scorecard(fy, centre=centre, as_of=as_of, scheme=scheme)
    table = scorecards.scorecard_table(card)
    sheet = f"ตัวชี้วัด ศูนย์ {centre.number}" if centre is not None else "ตัวชี้วัด ทั้งประเทศ"
    blocks: list = [Heading(title, 2)] if title else []
    blocks.append(TableBlock(dataclasses.replace(table, sheet_name=sheet)))
    chart = _kpi_chart(card, title or f"ตัวชี้วัดโครงการ {card.name_th}")
    if chart is not None:
        blocks.append(chart)
    return blocks


def _kpi_chart(card, title: str) -> Image | None:
    """KPI bars (portal.charts) of the rows with a target and a result; the table carries the numbers."""
    from portal import charts

    rows = [{"label": r.name_th, "target": r.target, "result": r.result, "percent": r.percent}
            for r in card.rows if r.target is not None and r.result is not None and r.unit != "percent"]
    if not rows:
        return None
    data = {"title": title, "rows": rows}
    return Image(png=charts.render_png("kpi_bars", data), alt=charts.alt_text("kpi_bars", data))


def _participation_blocks(fy: int, centre: Centre | None, as_of: dt.date) -> list:
    from portal.services import outcomes

    rows = outcomes.participation_rows(fy, centre=centre, as_of=as_of)
    return [Paragraph(f"เกณฑ์: สมาชิกมีส่วนร่วมในการดำเนินธุรกิจกับสหกรณ์ไม่น้อยกว่าร้อยละ {PARTICIPATION_LINE}"),
            TableBlock(outcomes.participation_table(rows, fy=fy, as_of=as_of))]


def plans_table(centre: Centre, fy: int, as_of: dt.date) -> Table:
    from portal.models import Cooperative as Coop
    from portal.services import followup, plans

    scope = centre_scope(centre)
    plan_rows = plans.plan_rows(scope, fy, centre.id)
    counts = {c.cooperative.id: c for c in followup.scope_counts(scope.cooperatives(), fy, as_of)}
    rows = []
    for r in plan_rows:
        coop: Coop = r.plan.cooperative
        c = counts.get(coop.id)
        rows.append([coop.name, r.projects, r.activities, c.done if c else 0, c.behind if c else 0])
    return Table(title="แผนพัฒนาสหกรณ์และความก้าวหน้า", columns=[
        Column("สหกรณ์", width=40), Column("โครงการ", "int", 10, True), Column("กิจกรรม", "int", 10, True),
        Column("เสร็จแล้ว", "int", 10, True), Column("ล่าช้า", "int", 10, True)],
        rows=rows, as_of=as_of_text(as_of), sheet_name="แผนและการติดตาม")


def suggestions_table(centre: Centre, fy: int, until: dt.date, course: int | None = None) -> Table:
    query = Suggestion.select().where((Suggestion.centre == centre.id) & (Suggestion.fiscal_year == fy)
                                      & (Suggestion.created_at <= dt.datetime.combine(until, dt.time.max)))
    if course is not None:
        query = query.where(Suggestion.course == course)
    sources = {"satisfaction": "แบบประเมินความพึงพอใจ", "followup": "การติดตามผล", "visit": "การเยี่ยมติดตาม",
               "staff": "เจ้าหน้าที่"}
    rows = [[i, s.text, sources.get(s.source, s.source)] for i, s in enumerate(query.order_by(Suggestion.id), 1)]
    return Table(title="ข้อเสนอแนะ", columns=[Column("ลำดับ", "int", 7), Column("ข้อเสนอแนะ", width=70),
                                               Column("ที่มา", width=20)], rows=rows, sheet_name="ข้อเสนอแนะ")


def _text_blocks(title: str, text: str) -> list:
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return [Heading(title, 2), *(Paragraph(p) for p in (paragraphs or ["–"]))]


# --- the documents ---------------------------------------------------------------------------------


def training_document(centre: Centre, fy: int, course_no: int, *, as_of: dt.date | None = None) -> Document:
    """The training report of one course of a centre in one fiscal year (counts, cohorts, budget)."""
    check_year(fy)
    course = course_of(fy, course_no)
    as_of = as_of or clock.today()
    doc = Document(title=f"รายงานผลการฝึกอบรม หลักสูตรที่ {course_no} {course.name_th}",
                   subtitles=(f"{PROGRAMME_TH} ปีงบประมาณ พ.ศ. {fy}", centre.name_th),
                   as_of=as_of_text(as_of), filename_stem=f"รายงานผลการฝึกอบรม_หลักสูตร{course_no}_ศูนย์{centre.number}_{fy}")
    doc.blocks += [Heading("สรุปผลการฝึกอบรม"), *course_blocks(centre, fy, course_no, as_of)]
    return doc


def cohort_document(cohort: Cohort, *, as_of: dt.date | None = None,
                    scheme: str = analytics.DEFAULT_BAND_SCHEME) -> Document:
    """The training report of one cohort: its numbers, learning gain, satisfaction and list of trainees."""
    as_of = as_of or clock.today()
    centre = Centre.get_by_id(cohort.centre_id)
    course = Course.get_by_id(cohort.course_id)
    numbers = _numbers(centre, course.fiscal_year, course.number, as_of)
    mine = [r for r in numbers.rows if r.cohort.id == cohort.id]
    doc = Document(title=f"รายงานผลการฝึกอบรม หลักสูตรที่ {course.number} รุ่นที่ {cohort.number}",
                   subtitles=(course.name_th, f"{PROGRAMME_TH} ปีงบประมาณ พ.ศ. {course.fiscal_year}", centre.name_th),
                   as_of=as_of_text(as_of),
                   filename_stem=f"รายงานผลการฝึกอบรม_หลักสูตร{course.number}_รุ่น{cohort.number}_ศูนย์{centre.number}_{course.fiscal_year}")
    dates = format_date(cohort.starts, "long")
    if cohort.ends != cohort.starts:
        dates += f" – {format_date(cohort.ends, 'long')}"
    doc.blocks += [
        Heading("ข้อมูลการฝึกอบรม"),
        Paragraph(f"วันที่ {dates}"),
        Paragraph(f"เวลา {format_time_range(cohort.day_starts, cohort.day_ends) or '–'}"),
        Paragraph(f"สถานที่ {cohort.place}"),
    ]
    if mine:
        r = mine[0]
        doc.blocks += [
            Paragraph(f"ผู้เข้ารับการอบรม {r.people} คน (หญิง {r.women} คน ชาย {r.men} คน) จำนวน {r.days} วัน"),
            TableBlock(cohorts_table(mine, as_of, course.number)),
            TableBlock(budget_table(r.planned, r.spent, as_of)),
        ]
    else:
        doc.blocks.append(Paragraph("รุ่นนี้ยังไม่ปิดการอบรม จึงยังไม่มีผลการฝึกอบรม"))
    doc.blocks += [Heading("ผลการเรียนรู้และความพึงพอใจ"),
                   *(TableBlock(t) for t in cohort_results_tables(cohort, as_of, scheme)),
                   Heading("ผู้เข้ารับการอบรม"), TableBlock(trainees_table(cohort))]
    return doc


def quarterly_document(centre: Centre, fy: int, quarter: int, *, problems: str = "", help_needed: str = "",
                       as_of: dt.date | None = None, scheme: str = analytics.DEFAULT_BAND_SCHEME) -> Document:
    """The centre's quarterly report to the bureau, cumulative from 1 October to the quarter's last day —
    or to today while the quarter is still running ("ข้อมูล ณ วันที่" never names a day still to come)."""
    check_year(fy)
    if quarter not in (1, 2, 3, 4):
        raise DocumentError("ไตรมาสต้องเป็น 1 ถึง 4", "The quarter must be 1 to 4")
    _start, quarter_end = cumulative_bounds(fy, quarter)
    as_of = min(as_of or clock.today(), quarter_end)
    label = quarter_label(fy, quarter)
    doc = Document(title=f"รายงานผลการดำเนินงาน{PROGRAMME_TH} {label}",
                   subtitles=(f"ปีงบประมาณ พ.ศ. {fy} (สะสม {quarter * 3} เดือน)", centre.name_th),
                   as_of=as_of_text(as_of), filename_stem=f"รายงานไตรมาส{quarter}_ศูนย์{centre.number}_{fy}")
    doc.blocks += [Heading("1. ผลการดำเนินงานตามตัวชี้วัด")]
    doc.blocks += _scorecard_blocks(fy, centre, as_of, "", scheme)
    doc.blocks += [Heading("2. ผลการฝึกอบรม")]
    for course in Course.select().where(Course.fiscal_year == fy).order_by(Course.number):
        doc.blocks += [Heading(f"หลักสูตรที่ {course.number} {course.name_th}", 2)]
        doc.blocks += course_blocks(centre, fy, course.number, as_of)
    doc.blocks += [Heading("3. แผนพัฒนาสหกรณ์และการติดตามผล"), TableBlock(plans_table(centre, fy, as_of))]
    doc.blocks += [Heading("4. ปัญหาอุปสรรคและความช่วยเหลือที่ต้องการ")]
    doc.blocks += _text_blocks("ปัญหาอุปสรรค", problems) + _text_blocks("ความช่วยเหลือที่ต้องการ", help_needed)
    doc.blocks += [Heading("5. ข้อเสนอแนะ"), TableBlock(suggestions_table(centre, fy, as_of))]
    return doc


def final_document(centre: Centre, fy: int, course_no: int, *, problems: str = "", help_needed: str = "",
                   as_of: dt.date | None = None, scheme: str = analytics.DEFAULT_BAND_SCHEME) -> Document:
    """The final report of one course for the whole fiscal year, with participation against 65%."""
    check_year(fy)
    course = course_of(fy, course_no)
    as_of = as_of or min(clock.today(), fiscal_year_bounds(fy)[1])
    doc = Document(title=f"รายงานผลการดำเนินงานประจำปี หลักสูตรที่ {course_no} {course.name_th}",
                   subtitles=(f"{PROGRAMME_TH} ปีงบประมาณ พ.ศ. {fy}", centre.name_th),
                   as_of=as_of_text(as_of), filename_stem=f"รายงานประจำปี_หลักสูตร{course_no}_ศูนย์{centre.number}_{fy}")
    doc.blocks += [Heading("1. ผลการดำเนินงานตามตัวชี้วัด")]
    doc.blocks += _scorecard_blocks(fy, centre, as_of, "", scheme)
    doc.blocks += [Heading("2. ผลการฝึกอบรม"), *course_blocks(centre, fy, course_no, as_of)]
    doc.blocks += [Heading("3. การมีส่วนร่วมของสมาชิก"), *_participation_blocks(fy, centre, as_of)]
    doc.blocks += [Heading("4. แผนพัฒนาสหกรณ์และการติดตามผล"), TableBlock(plans_table(centre, fy, as_of))]
    doc.blocks += [Heading("5. ปัญหาอุปสรรคและความช่วยเหลือที่ต้องการ")]
    doc.blocks += _text_blocks("ปัญหาอุปสรรค", problems) + _text_blocks("ความช่วยเหลือที่ต้องการ", help_needed)
    doc.blocks += [Heading("6. ข้อเสนอแนะ"), TableBlock(suggestions_table(centre, fy, as_of, course_no))]
    return doc


def national_document(fy: int, *, as_of: dt.date | None = None, scheme: str = analytics.DEFAULT_BAND_SCHEME) -> Document:
    """For the bureau: the scorecard of the nation and of each centre, and training numbers per centre.
    Counts only — no person's name."""
    check_year(fy)
    as_of = as_of or min(clock.today(), fiscal_year_bounds(fy)[1])
    doc = Document(title=f"รายงานผลการดำเนินงาน{PROGRAMME_TH} ระดับประเทศ",
                   subtitles=(f"ปีงบประมาณ พ.ศ. {fy}", "สำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์"),
                   as_of=as_of_text(as_of), filename_stem=f"รายงานระดับประเทศ_{fy}")
    doc.blocks += [Heading("1. ตัวชี้วัดระดับประเทศ")]
    doc.blocks += _scorecard_blocks(fy, None, as_of, "ทั้งประเทศ", scheme)
    centres = list(Centre.select().order_by(Centre.number))
    doc.blocks += [Heading("2. ผลการฝึกอบรมรายศูนย์")]
    active = set()
    for course in Course.select().where(Course.fiscal_year == fy).order_by(Course.number):
        rows = []
        for centre in centres:
            t = _numbers(centre, fy, course.number, as_of).totals
            if t.cohorts:
                active.add(centre.id)
            days = int(t.days) if t.days == int(t.days) else t.days  # 8 days read "8", half days "7.50"
            rows.append([centre.short_th, t.cohorts, t.people, t.women, t.men, days, t.planned_total, t.spent_total])
        doc.blocks.append(TableBlock(Table(
            title=f"หลักสูตรที่ {course.number} {course.name_th}",
            columns=[Column("ศูนย์", width=16), Column("รุ่น", "int", 8, True), Column("คน", "int", 8, True),
                     Column("หญิง", "int", 8, True), Column("ชาย", "int", 8, True), Column("วัน", "number", 8, True),
                     Column("งบที่ตั้งไว้ (บาท)", "amount", 16, True), Column("ใช้จ่ายจริง (บาท)", "amount", 16, True)],
            rows=rows, as_of=as_of_text(as_of), sheet_name=f"หลักสูตร{course.number} รายศูนย์")))
    doc.blocks += [Heading("3. ตัวชี้วัดรายศูนย์")]
    for centre in centres:
        if centre.id in active:
            doc.blocks += _scorecard_blocks(fy, centre, as_of, centre.name_th, scheme)
    return doc


def target_list_document(fy: int, *, today: dt.date | None = None) -> Document:
    """The target cooperatives for the Cooperative League: the table the targets page downloads."""
    from portal.models import ProgrammeYear
    from portal.services import targets

    year = ProgrammeYear.get_or_none(ProgrammeYear.fiscal_year == fy)
    if year is None:
        raise DocumentError(f"ไม่พบปีงบประมาณ {fy}", f"Fiscal year {fy} is not set up")
    today = today or clock.today()
    table = targets.national_table(year, today, "th")
    doc = Document(title=table.title, subtitles=tuple(table.subtitles), as_of=table.as_of or as_of_text(today),
                   filename_stem=f"สหกรณ์เป้าหมาย_{fy}")
    doc.blocks.append(TableBlock(table))
    return doc


# --- a report row's document, under its memorandum -----------------------------------------------


def default_subject(kind: str, fy: int, quarter: int | None = None, course: int | None = None,
                    cohort: Cohort | None = None) -> str:
    if kind == "quarterly":
        return f"รายงานผลการดำเนินงาน{PROGRAMME_TH} ประจำปีงบประมาณ พ.ศ. {fy} {quarter_label(fy, quarter or 1)}"
    if kind == "final":
        return f"รายงานผลการดำเนินงาน{PROGRAMME_TH} หลักสูตรที่ {course} ประจำปีงบประมาณ พ.ศ. {fy}"
    if kind == "cohort" and cohort is not None:
        return (f"รายงานผลการฝึกอบรม{PROGRAMME_TH} หลักสูตรที่ {cohort.course.number} รุ่นที่ {cohort.number} "
                f"ปีงบประมาณ พ.ศ. {fy}")
    return f"รายงานผลการฝึกอบรม{PROGRAMME_TH} หลักสูตรที่ {course} ปีงบประมาณ พ.ศ. {fy}"


def default_body(kind: str, centre: Centre, subject: str) -> str:
    return (f"ตามที่{DEPARTMENT_TH}ได้มอบหมายให้{centre.name_th}ดำเนิน{PROGRAMME_TH} นั้น\n"
            f"{centre.name_th}ขอส่ง{subject} รายละเอียดตามเอกสารที่แนบมาพร้อมนี้\n"
            "จึงเรียนมาเพื่อโปรดทราบ")


def default_agency(centre: Centre) -> str:
    return f"{centre.name_th} {DEPARTMENT_TH}"


def memorandum_of(report) -> Memorandum:
    centre = Centre.get_by_id(report.centre_id)
    body = tuple(p.strip() for p in (report.body or "").splitlines() if p.strip())
    return Memorandum(
        agency=report.agency, reference=report.reference,
        date_text=format_date(report.memo_date, "long") if report.memo_date else "",
        subject=report.subject, to=report.to, body=body,
        signature=Signature(name=director_name(centre), position=director_position(centre)),
        attachments=(KIND_LABELS[report.kind][0],),
    )


def report_document(report, *, scheme: str = analytics.DEFAULT_BAND_SCHEME) -> Document:
    """The Document of a Report row (its memorandum first), through the builders above."""
    centre = Centre.get_by_id(report.centre_id)
    if report.kind == "quarterly":
        doc = quarterly_document(centre, report.fiscal_year, report.quarter, problems=report.problems,
                                 help_needed=report.help_needed, scheme=scheme)
    elif report.kind == "final":
        doc = final_document(centre, report.fiscal_year, report.course, problems=report.problems,
                             help_needed=report.help_needed, scheme=scheme)
    elif report.kind == "cohort":
        doc = cohort_document(Cohort.get_by_id(report.cohort_id), scheme=scheme)
    else:
        doc = training_document(centre, report.fiscal_year, report.course)
    doc.memorandum = memorandum_of(report)
    return doc
