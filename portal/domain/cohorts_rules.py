"""The rules of a cohort (รุ่น): its dates and daily hours, its agenda, its budget and its moves.

Plain Python, no Flask, no database: values in, values or refusals out. A refusal
is a BilingualMessage ("Thai / English", with ``.th``, ``.en`` and ``.field``)
saying what to fix. The vocabulary (statuses, venue kinds, expense categories,
speaker kinds, the seed's agenda) is ``portal.domain.cohorts``.

Durations are whole minutes: 1 h 30 min is 90 minutes, never "1.3 h"; totals
add minutes (``portal.domain.thaidates.format_duration`` shows them).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from portal.domain.cohorts import AGENDA_TEMPLATES, EXPENSE_CATEGORIES, NEXT_STATUS, STATUS_LABELS, can_move, is_locked
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import fiscal_year_bounds, format_amount, format_date, format_time, format_time_range
from portal.domain.thaitext import normalize_text

__all__ = [
    "MAX_DAYS",
    "MAX_AMOUNT",
    "CohortRuleError",
    "parse_time",
    "parse_baht",
    "parse_number",
    "cohort_days",
    "check_cohort_dates",
    "days_note",
    "check_daily_hours",
    "SessionSlot",
    "minutes_of",
    "check_session",
    "agenda_totals",
    "swap_times",
    "PlannedSession",
    "default_speakers",
    "seed_agenda",
    "shift_days",
    "BudgetEntry",
    "budget_totals",
    "check_budget_entry",
    "Allocation",
    "allocation_warnings",
    "check_move",
    "next_status",
    "agenda_locked",
    "planned_budget_locked",
    "spent_budget_locked",
]

MAX_DAYS = 14  # a course runs 1–2 days; more than two weeks is a typing slip (usually the year)
MAX_AMOUNT = Decimal(10) ** 12  # BudgetLine: DecimalField(max_digits=14, decimal_places=2)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class CohortRuleError(ValueError):
    """A refused change; ``problems`` are BilingualMessages with the field concerned."""

    def __init__(self, problems: Iterable[BilingualMessage]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def _msg(th: str, en: str, field: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, field)


def _d(day: dt.date) -> tuple[str, str]:
    return format_date(day, "short", "th"), format_date(day, "short", "en")


# --- what people type ------------------------------------------------------------------------

_TIME_RE = re.compile(r"^(\d{1,2})(?:\s*[.:]\s*(\d{2}))?$")
_TIME_COMPACT_RE = re.compile(r"^(\d{2})(\d{2})$")


def parse_time(text: str | dt.time) -> dt.time:
    """A time as Thai users type it: "09.00", "9.30", "13:30", "0930", "9", "๐๙.๐๐ น.".

    Raises ValueError with a bilingual message.
    """
    if isinstance(text, dt.time):
        return text
    raw = "" if text is None else str(text)
    s = normalize_text(raw).translate(_THAI_DIGITS)
    s = re.sub(r"\s*(นาฬิกา|น\.?)$", "", s).strip()
    m = _TIME_RE.match(s) or _TIME_COMPACT_RE.match(s)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return dt.time(hour, minute)
    raise ValueError(_msg(
        f"เวลาไม่ถูกต้อง: '{raw}' — ใช้รูปแบบ ชช.นน เช่น 09.00 หรือ 13.30",
        f"Invalid time: '{raw}' — use HH.MM, e.g. 09.00 or 13.30",
    ))


def parse_baht(text, label_th: str = "จำนวนเงิน", label_en: str = "The amount") -> Decimal | None:
    """Baht as typed ("45,600", "45600.50", "๑,๒๐๐ บาท"); None when blank.

    Refuses a negative amount, more than two decimals and absurd sizes (ValueError, bilingual).
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        s = normalize_text(str(text)).translate(_THAI_DIGITS)
        s = s.replace(",", "").replace(" ", "").replace("บาท", "").replace("\u2212", "-")
        if not s:
            return None
        try:
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):  # digits only: no "1.5e3", no "NaN"
                raise InvalidOperation
            value = Decimal(s)
        except InvalidOperation:
            raise ValueError(_msg(f"{label_th}ต้องเป็นตัวเลข (ได้ \"{text}\") เช่น 45600 หรือ 45,600.00",
                                  f"{label_en} must be a number (got \"{text}\"), e.g. 45600 or 45,600.00")) from None
    if not value.is_finite():
        raise ValueError(_msg(f"{label_th}ต้องเป็นตัวเลข", f"{label_en} must be a number"))
    if value < 0:
        raise ValueError(_msg(f"{label_th}ติดลบไม่ได้ (ได้ {text}) — ใส่จำนวนเงินตั้งแต่ 0 บาทขึ้นไป",
                              f"{label_en} cannot be negative (got {text}) — enter 0 baht or more"))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_msg(f"{label_th}มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)",
                              f"{label_en} may have at most two decimals (satang)"))
    if value >= MAX_AMOUNT:
        raise ValueError(_msg(f"{label_th}มากเกินไป — ตรวจจำนวนหลักอีกครั้ง",
                              f"{label_en} is too large — check the digits"))
    return abs(value.quantize(Decimal("0.01")))  # abs: no "-0.00"


def parse_number(text, label_th: str = "ลำดับรุ่น", label_en: str = "The cohort number") -> int | None:
    """A whole number from 1 to 999 ("๒" accepted); None when blank."""
    s = normalize_text("" if text is None else str(text)).translate(_THAI_DIGITS).replace(",", "").strip()
    if not s:
        return None
    if not s.isdigit() or not 1 <= int(s) <= 999:
        raise ValueError(_msg(f"{label_th}ต้องเป็นจำนวนเต็ม 1–999 (ได้ \"{text}\")",
                              f"{label_en} must be a whole number from 1 to 999 (got \"{text}\")"))
    return int(s)


# --- dates and hours ---------------------------------------------------------------------------


def cohort_days(starts: dt.date, ends: dt.date) -> list[dt.date]:
    """The training days, starts to ends inclusive ([] when ends is before starts)."""
    return [starts + dt.timedelta(days=i) for i in range((ends - starts).days + 1)]


def check_cohort_dates(starts: dt.date, ends: dt.date, fiscal_year: int | None = None) -> list[BilingualMessage]:
    """End not before start, at most MAX_DAYS days, inside the course's fiscal year (BE)."""
    problems = []
    if ends < starts:
        (s_th, s_en), (e_th, e_en) = _d(starts), _d(ends)
        problems.append(_msg(
            f"วันสิ้นสุด ({e_th}) อยู่ก่อนวันเริ่ม ({s_th}) — แก้วันสิ้นสุดให้ไม่ก่อนวันเริ่ม",
            f"The end date ({e_en}) is before the start date ({s_en}) — make it the start date or later", "ends"))
        return problems
    if (ends - starts).days + 1 > MAX_DAYS:
        problems.append(_msg(
            f"การอบรมยาว {(ends - starts).days + 1} วัน เกิน {MAX_DAYS} วัน — ตรวจวันที่และปี พ.ศ. อีกครั้ง",
            f"The training would last {(ends - starts).days + 1} days, more than {MAX_DAYS} — check the dates "
            f"and the Buddhist-Era year", "ends"))
    if fiscal_year is not None:
        first, last = fiscal_year_bounds(fiscal_year)
        if starts < first or ends > last:
            (f_th, f_en), (l_th, l_en) = _d(first), _d(last)
            problems.append(_msg(
                f"วันอบรมต้องอยู่ในปีงบประมาณ {fiscal_year} ของหลักสูตร ({f_th} – {l_th}) — ตรวจปี พ.ศ. ของวันที่",
                f"The training dates must fall in the course's fiscal year {fiscal_year} ({f_en} – {l_en}) — "
                f"check the Buddhist-Era year", "starts" if starts < first or starts > last else "ends"))
    return problems


def days_note(starts: dt.date, ends: dt.date, course_days: int | None) -> BilingualMessage | None:
    """A reminder (not a refusal) when the cohort's length differs from the course's days."""
    if not course_days or ends < starts:
        return None
    n = (ends - starts).days + 1
    if n == course_days:
        return None
    return _msg(f"รุ่นนี้อบรม {n} วัน แต่หลักสูตรกำหนด {course_days} วัน",
                f"This cohort runs {n} day(s); the course has {course_days}")


def check_daily_hours(day_starts: dt.time | None, day_ends: dt.time | None) -> list[BilingualMessage]:
    """Usual daily hours: both or neither, and the end after the start."""
    if day_starts is None and day_ends is None:
        return []
    if day_starts is None:
        return [_msg("กรอกเวลาเริ่มด้วย หรือเว้นว่างทั้งสองช่อง", "Enter the start time too, or leave both empty",
                     "day_starts")]
    if day_ends is None:
        return [_msg("กรอกเวลาสิ้นสุดด้วย หรือเว้นว่างทั้งสองช่อง", "Enter the end time too, or leave both empty",
                     "day_ends")]
    if day_ends <= day_starts:
        return [_msg(f"เวลาสิ้นสุด ({format_time(day_ends, 'th')}) ต้องหลังเวลาเริ่ม ({format_time(day_starts, 'th')})",
                     f"The end time ({format_time(day_ends, 'en')}) must be after the start time "
                     f"({format_time(day_starts, 'en')})", "day_ends")]
    return []


# --- the agenda ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSlot:
    """A session's place in the agenda (a model row or a typed-in session)."""

    day: dt.date
    starts: dt.time
    ends: dt.time
    id: int | None = None
    title: str = ""


def minutes_of(starts: dt.time, ends: dt.time) -> int:
    """Whole minutes from starts to ends on one day (0 when ends is not after starts)."""
    m = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
    return max(m, 0)


def check_session(slot: SessionSlot, cohort_starts: dt.date, cohort_ends: dt.date,
                  others: Iterable[SessionSlot] = ()) -> list[BilingualMessage]:
    """A session lies inside the cohort's dates, ends after it starts, and overlaps no other
    session of the same day (touching ends, 10.00–10.00, is not an overlap)."""
    problems = []
    if not cohort_starts <= slot.day <= cohort_ends:
        (d_th, d_en), (s_th, s_en), (e_th, e_en) = _d(slot.day), _d(cohort_starts), _d(cohort_ends)
        problems.append(_msg(
            f"วันที่ {d_th} อยู่นอกวันอบรมของรุ่น ({s_th} – {e_th}) — เลือกวันในช่วงการอบรม",
            f"{d_en} is outside the cohort's dates ({s_en} – {e_en}) — choose a training day", "day"))
    if slot.ends <= slot.starts:
        problems.append(_msg(
            f"เวลาสิ้นสุด ({format_time(slot.ends, 'th')}) ต้องหลังเวลาเริ่ม ({format_time(slot.starts, 'th')})",
            f"The end time ({format_time(slot.ends, 'en')}) must be after the start time "
            f"({format_time(slot.starts, 'en')})", "ends"))
        return problems
    for other in others:
        if other.day != slot.day or (slot.id is not None and other.id == slot.id):
            continue
        if slot.starts < other.ends and other.starts < slot.ends:
            problems.append(_msg(
                f"ช่วงเวลา {format_time_range(slot.starts, slot.ends, 'th')} ซ้อนกับหัวข้อ “{other.title}” "
                f"({format_time_range(other.starts, other.ends, 'th')}) ในวันเดียวกัน — เลื่อนเวลาไม่ให้ซ้อนกัน",
                f"{format_time_range(slot.starts, slot.ends, 'en')} overlaps “{other.title}” "
                f"({format_time_range(other.starts, other.ends, 'en')}) on the same day — move one of them",
                "starts"))
            break
    return problems


def outside_daily_hours(starts: dt.time, ends: dt.time, day_starts: dt.time | None,
                        day_ends: dt.time | None) -> bool:
    """A session begins before or ends after the cohort's usual daily hours (a warning, not a refusal:
    an evening workshop may be planned on purpose). False when the hours are not set."""
    if day_starts is None or day_ends is None:
        return False
    return starts < day_starts or ends > day_ends


def agenda_totals(slots: Iterable[SessionSlot]) -> tuple[dict[dt.date, int], int]:
    """Minutes per day and for the whole cohort (minutes are added, never decimal hours)."""
    per_day: dict[dt.date, int] = {}
    for s in slots:
        per_day[s.day] = per_day.get(s.day, 0) + minutes_of(s.starts, s.ends)
    return per_day, sum(per_day.values())


def _at(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def swap_times(first: SessionSlot, second: SessionSlot) -> tuple[tuple[dt.time, dt.time], tuple[dt.time, dt.time]]:
    """Swap two neighbouring sessions of a day (first before second), keeping each one's length,
    the gap between them (lunch) and the pair's span; returns (second's new times, first's new times).

    09.00–10.00 A, 10.00–12.00 B  →  B 09.00–11.00, A 11.00–12.00.
    """
    if first.starts > second.starts:
        raise ValueError("first must start before second")
    len_a, len_b = minutes_of(first.starts, first.ends), minutes_of(second.starts, second.ends)
    gap = max(_at(second.starts) - _at(first.ends), 0)
    b_start = _at(first.starts)
    a_start = b_start + len_b + gap
    return (_time(b_start), _time(b_start + len_b)), (_time(a_start), _time(a_start + len_a))


@dataclass(frozen=True)
class PlannedSession:
    day: dt.date
    starts: dt.time
    ends: dt.time
    topic: str
    title_th: str
    title_en: str
    speaker_kind: str
    speaker_name: str
    sort_order: int


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = normalize_text(v)
        if v and v not in out:
            out.append(v)
    return out


def default_speakers(centre_number: int, office_names: Iterable[str], province_names: Iterable[str],
                     cooperative_names: Iterable[str]) -> dict[str, str]:
    """Who speaks, by speaker kind, for the cohort's cooperatives (the agenda's prefill; editable).

    The cooperative's own department heads, the provincial audit office of the province
    (สำนักงานตรวจบัญชีสหกรณ์<จังหวัด>), the provincial office, the centre's staff.
    """
    centre = f"เจ้าหน้าที่ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ {centre_number}"
    offices = _unique(office_names)
    provinces = _unique(province_names)
    coops = _unique(cooperative_names)
    return {
        "centre_staff": centre,
        "provincial_office": ", ".join(offices) or centre,
        "audit_office": ", ".join(f"สำนักงานตรวจบัญชีสหกรณ์{p}" for p in provinces),
        "coop_department": ("หัวหน้าฝ่ายบัญชี การเงิน สินเชื่อ และการตลาด " + ", ".join(coops)) if coops else "",
        "other": "",
    }


def seed_agenda(course_number: int, starts: dt.date, ends: dt.date,
                speakers: Mapping[str, str]) -> tuple[list[PlannedSession], int]:
    """The seed's agenda for the course (AGENDA_TEMPLATES), its day 1, 2 … on the cohort's dates.

    Returns the sessions and how many template sessions fell beyond the cohort's last day
    (left out). A course without a template gives ([], 0).
    """
    days = cohort_days(starts, ends)
    planned: list[PlannedSession] = []
    dropped = 0
    for i, t in enumerate(AGENDA_TEMPLATES.get(course_number, ())):
        if t.day_no > len(days):
            dropped += 1
            continue
        planned.append(PlannedSession(days[t.day_no - 1], t.starts, t.ends, t.topic, t.title_th, t.title_en,
                                      t.speaker_kind, speakers.get(t.speaker_kind, ""), i + 1))
    return planned, dropped


def shift_days(session_days: Iterable[dt.date], old_starts: dt.date, new_starts: dt.date,
               new_ends: dt.date) -> dict[dt.date, dt.date]:
    """When a cohort's dates change, its sessions keep their day number (day 1 stays day 1).

    Returns old day → new day; raises CohortRuleError when a session's day number lies beyond
    the new last day (delete or move those sessions first).
    """
    mapping = {}
    beyond = []
    for day in sorted(set(session_days)):
        new_day = new_starts + (day - old_starts)
        if not new_starts <= new_day <= new_ends:
            beyond.append(day)
        mapping[day] = new_day
    if beyond:
        th = ", ".join(format_date(d, "short", "th") for d in beyond)
        en = ", ".join(format_date(d, "short", "en") for d in beyond)
        raise CohortRuleError([_msg(
            f"กำหนดการมีหัวข้อในวันที่ {th} ซึ่งจะอยู่นอกวันอบรมใหม่ — ลบหรือย้ายหัวข้อของวันนั้นก่อน แล้วจึงเปลี่ยนวันที่",
            f"The agenda has sessions on {en}, which would fall outside the new dates — delete or move them "
            f"first, then change the dates", "ends")])
    return mapping


# --- the budget ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetEntry:
    category: str
    planned: Decimal | None = None
    spent: Decimal | None = None
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.planned and self.spent is None and not self.note


def check_budget_entry(entry: BudgetEntry) -> list[BilingualMessage]:
    """A known category and no negative amount (the parser refuses typed negatives too)."""
    problems = []
    if entry.category not in EXPENSE_CATEGORIES:
        problems.append(_msg(f"หมวดค่าใช้จ่ายไม่ถูกต้อง: {entry.category}", f"Unknown expense category: {entry.category}",
                             "category"))
    th, en = EXPENSE_CATEGORIES.get(entry.category, (entry.category, entry.category))
    for name, value in (("planned", entry.planned), ("spent", entry.spent)):
        if value is not None and value < 0:
            problems.append(_msg(f"{th}: จำนวนเงินติดลบไม่ได้ — ใส่ตั้งแต่ 0 บาทขึ้นไป",
                                 f"{en}: the amount cannot be negative — enter 0 baht or more",
                                 f"{name}_{entry.category}"))
    return problems


def budget_totals(entries: Iterable[BudgetEntry]) -> tuple[Decimal, Decimal | None]:
    """รวม: planned total, and spent total (None while nothing has been spent/recorded)."""
    planned = Decimal("0.00")
    spent: Decimal | None = None
    for e in entries:
        planned += e.planned or 0
        if e.spent is not None:
            spent = (spent or Decimal("0.00")) + e.spent
    return planned, spent


@dataclass(frozen=True)
class Allocation:
    """The centre's allocation for the course (CentreBudget) and what its other cohorts use."""

    amount: Decimal | None
    others_planned: Decimal = Decimal("0.00")
    others_spent: Decimal = Decimal("0.00")

    @property
    def left_for_plan(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.others_planned

    @property
    def left_for_spending(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.others_spent


def allocation_warnings(allocation: Allocation, planned: Decimal, spent: Decimal | None) -> list[BilingualMessage]:
    """Warnings (never refusals) when this cohort plans or spends more than the allocation leaves."""
    if allocation.amount is None:
        return []
    warnings = []
    left = allocation.left_for_plan
    if planned > left:
        warnings.append(_msg(
            f"งบที่วางแผนของรุ่นนี้ {format_amount(planned, 'th')} เกินวงเงินที่เหลือ {format_amount(left, 'th')} "
            f"(จัดสรรให้ศูนย์ฯ สำหรับหลักสูตรนี้ {format_amount(allocation.amount, 'th')} "
            f"หักที่รุ่นอื่นวางแผนไว้ {format_amount(allocation.others_planned, 'th')}) — บันทึกไว้แล้ว โปรดตรวจสอบ",
            f"This cohort's plan, {format_amount(planned, 'en')}, is more than the {format_amount(left, 'en')} left "
            f"(the centre's allocation for this course, {format_amount(allocation.amount, 'en')}, less "
            f"{format_amount(allocation.others_planned, 'en')} planned by its other cohorts) — saved; please check",
            "planned"))
    left = allocation.left_for_spending
    if spent is not None and spent > left:
        warnings.append(_msg(
            f"ค่าใช้จ่ายจริงของรุ่นนี้ {format_amount(spent, 'th')} เกินวงเงินที่เหลือ {format_amount(left, 'th')} "
            f"(จัดสรร {format_amount(allocation.amount, 'th')} หักที่รุ่นอื่นใช้จ่ายแล้ว "
            f"{format_amount(allocation.others_spent, 'th')}) — บันทึกไว้แล้ว โปรดตรวจสอบ",
            f"This cohort's spending, {format_amount(spent, 'en')}, is more than the {format_amount(left, 'en')} left "
            f"(allocation {format_amount(allocation.amount, 'en')} less {format_amount(allocation.others_spent, 'en')} "
            f"spent by its other cohorts) — saved; please check", "spent"))
    return warnings


# --- the cohort's life ---------------------------------------------------------------------------


def next_status(status: str) -> str | None:
    """The one step forward staff may take (None once archived)."""
    return NEXT_STATUS.get(status)


def check_move(current: str, target: str) -> BilingualMessage | None:
    """None when staff may move current → target (one step forward), else why not."""
    if can_move(current, target):
        return None
    cur = STATUS_LABELS.get(current, (current, current))
    tgt = STATUS_LABELS.get(target, (target, target))
    return _msg(f"เปลี่ยนสถานะจาก “{cur[0]}” เป็น “{tgt[0]}” ไม่ได้ — เลื่อนได้ทีละขั้นไปข้างหน้าเท่านั้น",
                f"Cannot move from “{cur[1]}” to “{tgt[1]}” — a cohort moves forward one step at a time", "status")


def agenda_locked(status: str) -> bool:
    """From "closed" on the dates, cooperatives and agenda are fixed."""
    return is_locked(status)


def planned_budget_locked(status: str) -> bool:
    return is_locked(status)


def spent_budget_locked(status: str) -> bool:
    """Spending stays editable until the cohort is archived."""
    return status == "archived"
