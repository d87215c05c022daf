"""Rules of development plans, business projections, board adoption and course 2's gate.

Plain Python (no Flask, no database): months are ``datetime.date`` on day 1; refusals are
BilingualMessages with the field concerned, raised together as a PlanRuleError.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import month_label

BE_OFFSET = 543
HORIZONS = (1, 3, 5)
LOSS_HORIZONS = (3, 5)
COURSE1_DONE = ("closed", "followup", "archived")  # a course-1 cohort past its training
CHANNELS: dict[str, tuple[str, str]] = {
    "meeting": ("ประชุมกลุ่ม", "Group meeting"),
    "line": ("ไลน์กลุ่ม", "LINE group"),
    "loudspeaker": ("หอกระจายข่าว", "Village loudspeaker"),
    "visit": ("เยี่ยมบ้าน", "Home visit"),
    "notice_board": ("บอร์ดประกาศ", "Notice board"),
    "other": ("อื่น ๆ", "Other"),
}
_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_MEETING = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{4})\s*$")


class PlanRuleError(ValueError):
    """A refused change; ``problems`` are BilingualMessages with the field concerned."""

    def __init__(self, problems: Iterable[BilingualMessage]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def _msg(th: str, en: str, field: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, field)


# --- months ------------------------------------------------------------------------------------------


def parse_be_month(text: str) -> dt.date:
    """"03/2566" (month/Buddhist-Era year) → date(2023, 3, 1); ValueError otherwise."""
    match = _MONTH.match(text or "")
    if not match:
        raise ValueError(text)
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 2400 <= year <= 2700:
        raise ValueError(text)
    return dt.date(year - BE_OFFSET, month, 1)


def format_be_month(day: dt.date | None) -> str:
    """date(2023, 3, 1) → "03/2566" (the form's input text)."""
    return f"{day.month:02d}/{day.year + BE_OFFSET}" if day else ""


def month_range_label(starts: dt.date, ends: dt.date, lang: str = "th") -> str:
    first, last = month_label(starts.year, starts.month, lang), month_label(ends.year, ends.month, lang)
    return first if first == last else f"{first} – {last}"


def month_or_problem(text: str, field: str, label_th: str, label_en: str,
                     problems: list[BilingualMessage]) -> dt.date | None:
    """Parse a month box; on failure add a message saying what to type."""
    if not (text or "").strip():
        problems.append(_msg(f"กรุณากรอก{label_th} (ดด/ปปปป พ.ศ. เช่น 03/2566)",
                             f"Enter the {label_en} (MM/YYYY in the Buddhist Era, e.g. 03/2566)", field))
        return None
    try:
        return parse_be_month(text)
    except ValueError:
        problems.append(_msg(f"{label_th}ไม่ถูกต้อง: \"{text.strip()}\" — ใช้รูปแบบ ดด/ปปปป พ.ศ. เช่น 03/2566",
                             f"Invalid {label_en}: \"{text.strip()}\" — use MM/YYYY in the Buddhist Era, e.g. 03/2566",
                             field))
        return None


def months_count(starts: dt.date, ends: dt.date) -> int:
    return (ends.year - starts.year) * 12 + ends.month - starts.month + 1


def check_plan_months(starts: dt.date | None, ends: dt.date | None, horizon: int | None,
                      loss_making: bool) -> list[BilingualMessage]:
    """The horizon fits the cooperative (1 year; 3 or 5 for a loss-making one) and the months fit the horizon."""
    problems = []
    allowed = LOSS_HORIZONS if loss_making else (1,)
    if horizon not in allowed:
        if loss_making:
            problems.append(_msg("สหกรณ์ที่ขาดทุนสะสมต้องทำแผน 3 หรือ 5 ปี พร้อมประมาณการธุรกิจ",
                                 "A loss-making cooperative needs a 3- or 5-year plan with a business projection",
                                 "horizon"))
        else:
            problems.append(_msg("แผนพัฒนาสหกรณ์มีระยะ 1 ปี", "The development plan runs for 1 year", "horizon"))
    if starts and ends:
        if ends < starts:
            problems.append(_msg("เดือนสุดท้ายของแผนอยู่ก่อนเดือนแรก", "The plan's last month is before its first",
                                 "ends"))
        elif horizon in HORIZONS and months_count(starts, ends) > horizon * 12:
            problems.append(_msg(f"แผน {horizon} ปี มีได้ไม่เกิน {horizon * 12} เดือน — แก้เดือนสุดท้าย",
                                 f"A {horizon}-year plan has at most {horizon * 12} months — change the last month",
                                 "ends"))
    return problems


def check_activity_months(starts: dt.date | None, ends: dt.date | None, plan_starts: dt.date,
                          plan_ends: dt.date) -> list[BilingualMessage]:
    """An activity ends on or after it starts and lies within the plan's months."""
    if starts is None or ends is None:
        return []
    problems = []
    if ends < starts:
        problems.append(_msg("เดือนสิ้นสุดของกิจกรรมอยู่ก่อนเดือนเริ่ม", "The activity ends before it starts", "ends"))
    span_th, span_en = month_range_label(plan_starts, plan_ends, "th"), month_range_label(plan_starts, plan_ends, "en")
    if starts < plan_starts or starts > plan_ends:
        problems.append(_msg(f"เดือนเริ่มต้องอยู่ในช่วงของแผน ({span_th})",
                             f"The start month must lie within the plan ({span_en})", "starts"))
    if ends > plan_ends or ends < plan_starts:
        problems.append(_msg(f"เดือนสิ้นสุดต้องอยู่ในช่วงของแผน ({span_th})",
                             f"The end month must lie within the plan ({span_en})", "ends"))
    return problems


def runs_in_fiscal_year(starts: dt.date, ends: dt.date, fy_be: int) -> bool:
    """Whether a month range touches fiscal year ``fy_be`` (October of the year before to September)."""
    first, last = dt.date(fy_be - BE_OFFSET - 1, 10, 1), dt.date(fy_be - BE_OFFSET, 9, 1)
    return starts <= last and ends >= first


# --- business projection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotal:
    year: int
    income: Decimal
    expenses: Decimal
    members: int

    @property
    def net(self) -> Decimal:
        return self.income - self.expenses


def year_totals(rows: Iterable[tuple[int, Decimal, Decimal, int | None]], years: Iterable[int]) -> list[YearTotal]:
    """(year, income, expenses, members) rows summed per year, for every year of the horizon."""
    sums: dict[int, list] = {y: [Decimal(0), Decimal(0), 0] for y in years}
    for year, income, expenses, members in rows:
        if year not in sums:
            continue
        sums[year][0] += Decimal(income)
        sums[year][1] += Decimal(expenses)
        sums[year][2] += members or 0
    return [YearTotal(y, *sums[y]) for y in sorted(sums)]


def break_even_year(totals: Iterable[YearTotal]) -> int | None:
    """The first year whose total income exceeds its total expenses (equal is not break-even); None if none."""
    for total in sorted(totals, key=lambda t: t.year):
        if total.income > total.expenses:
            return total.year
    return None


def parse_amount(text: str) -> Decimal | None:
    """"1,234.50" → Decimal; "" → None; ValueError when not a number."""
    cleaned = (text or "").replace(",", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except Exception:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def check_projection_cell(label_th: str, label_en: str, field: str, income: str, expenses: str, members: str
                          ) -> tuple[list[BilingualMessage], tuple[Decimal, Decimal, int | None] | None]:
    """One year × business line: amounts not negative, members a whole number not negative; all blank = no row."""
    problems: list[BilingualMessage] = []
    if not any((v or "").strip() for v in (income, expenses, members)):
        return problems, None
    values = []
    for text, th, en in ((income, "รายได้", "income"), (expenses, "ค่าใช้จ่าย", "expenses")):
        try:
            value = parse_amount(text)
        except ValueError:
            problems.append(_msg(f"{label_th}: {th}ไม่ใช่ตัวเลข", f"{label_en}: the {en} is not a number", field))
            value = None
        else:
            if value is not None and value < 0:
                problems.append(_msg(f"{label_th}: {th}ติดลบไม่ได้", f"{label_en}: the {en} cannot be negative", field))
        values.append(value if value is not None else Decimal("0.00"))
    count = None
    if (members or "").strip():
        try:
            count = int((members or "").replace(",", "").strip())
        except ValueError:
            problems.append(_msg(f"{label_th}: จำนวนสมาชิกต้องเป็นจำนวนเต็ม",
                                 f"{label_en}: members must be a whole number", field))
        else:
            if count < 0:
                problems.append(_msg(f"{label_th}: จำนวนสมาชิกติดลบไม่ได้",
                                     f"{label_en}: members cannot be negative", field))
    return problems, (values[0], values[1], count)


# --- board adoption ----------------------------------------------------------------------------------------


def check_adoption(meeting_no: str, adopted_on: dt.date | None, plan_starts: dt.date | None,
                   today: dt.date) -> list[BilingualMessage]:
    """Meeting number as "3/2566" (ครั้งที่ 3/2566) and a date that is not in the future."""
    problems = []
    if not _MEETING.match(meeting_no or ""):
        problems.append(_msg("กรอกครั้งที่ประชุมในรูปแบบ ครั้ง/ปี พ.ศ. เช่น 3/2566",
                             "Enter the meeting as number/Buddhist-Era year, e.g. 3/2566", "meeting_no"))
    if adopted_on is not None and adopted_on > today:
        problems.append(_msg("วันที่ประชุมยังมาไม่ถึง — บันทึกได้หลังการประชุม",
                             "The meeting date is in the future — record it after the meeting", "adopted_on"))
    return problems


def normal_meeting_no(meeting_no: str) -> str:
    match = _MEETING.match(meeting_no or "")
    return f"{int(match.group(1))}/{match.group(2)}" if match else (meeting_no or "").strip()


# --- course 2's gate ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """What course 2 needs of one cooperative: its course-1 cohorts' statuses and its plan."""

    cooperative: str
    course1_statuses: tuple[str, ...]
    has_plan: bool
    adopted: bool


def course_two_problems(ready: Readiness, fiscal_year: int) -> list[BilingualMessage]:
    """Why the cooperative may not join a course-2 cohort yet (empty: it may)."""
    name = ready.cooperative
    if not any(s in COURSE1_DONE for s in ready.course1_statuses):
        if ready.course1_statuses:
            return [_msg(f"{name} ยังอบรมหลักสูตรที่ 1 ไม่เสร็จ — ปิดการอบรมรุ่นหลักสูตรที่ 1 ก่อนจึงจัดหลักสูตรที่ 2 ได้",
                         f"{name} has not finished course 1 — close its course-1 cohort before course 2",
                         "cooperatives")]
        return [_msg(f"{name} ยังไม่ได้อบรมหลักสูตรที่ 1 ของปีงบประมาณ {fiscal_year} — อบรมหลักสูตรที่ 1 ก่อน",
                     f"{name} has had no course-1 cohort in fiscal year {fiscal_year} — train course 1 first",
                     "cooperatives")]
    if not ready.has_plan:
        return [_msg(f"{name} ยังไม่ได้บันทึกแผนพัฒนาสหกรณ์ปี {fiscal_year} — บันทึกแผนและการรับรองของที่ประชุม"
                     f"คณะกรรมการก่อน",
                     f"{name} has no development plan for {fiscal_year} recorded — record the plan and its board "
                     f"adoption first", "cooperatives")]
    if not ready.adopted:
        return [_msg(f"แผนพัฒนาของ{name} ยังไม่ผ่านการรับรองของที่ประชุมคณะกรรมการ — บันทึกการรับรองก่อน",
                     f"{name}'s development plan has not been adopted by its board — record the adoption first",
                     "cooperatives")]
    return []


def parse_channels(values: Iterable[str]) -> tuple[str, ...]:
    """Known channel codes in the catalogue's order."""
    chosen = set(values)
    return tuple(code for code in CHANNELS if code in chosen)
