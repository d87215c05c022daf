"""The bureau's year setup, as rules: fiscal-year bounds, shifting a year's dates, what the
bureau may type for quotas, budgets and KPI targets, and how a date range reads.

Plain Python (no Flask, no database). Every refusal is a :class:`PlanningError`
whose ``.message`` is a BilingualMessage (Thai, English, and the field concerned).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from portal.domain.eligibility import BilingualMessage
from portal.domain.kpis import COUNT_UNITS, UNITS
from portal.domain.programme import SEED_COURSES, SEED_FISCAL_YEAR, SELECTION_DEADLINE
from portal.domain.thaidates import (
    EN_MONTHS_SHORT,
    TH_MONTHS_SHORT,
    be_year,
    fiscal_year_bounds,
    format_date,
)
from portal.domain.thaitext import normalize_text

__all__ = [
    "YEAR_MIN",
    "YEAR_MAX",
    "MAX_QUOTA",
    "MAX_BAHT",
    "PlanningError",
    "parse_fiscal_year",
    "check_fiscal_year",
    "shift_date",
    "seed_courses_for",
    "seed_deadline_for",
    "parse_whole",
    "parse_baht",
    "parse_target",
    "check_quota",
    "check_baht",
    "check_target",
    "check_window",
    "check_deadline",
    "check_course_values",
    "format_target",
    "format_target_with_unit",
    "format_date_range",
]

YEAR_MIN, YEAR_MAX = 2500, 2700
MAX_QUOTA = 99
MAX_BAHT = Decimal("999999999999.99")  # CentreBudget.amount: 14 digits, 2 decimals
MAX_TARGET = Decimal("9999999999.99")  # KpiTarget.target: 12 digits, 2 decimals
EN_DASH = "\u2013"
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class PlanningError(ValueError):
    """A refused setting; ``.message`` is "Thai / English" with ``.th``, ``.en`` and ``.field``."""

    def __init__(self, th: str, en: str, field: str | None = None) -> None:
        self.message = BilingualMessage(th, en, field)
        self.th, self.en, self.field = th, en, field
        super().__init__(str(self.message))


# --- fiscal years ------------------------------------------------------------------------


def check_fiscal_year(year: int) -> int:
    """The year itself when it is a Buddhist-Era fiscal year the portal keeps (2500–2700)."""
    if 1900 <= year < 2400:
        raise PlanningError(
            f"ปี {year} เป็นปี ค.ศ. — ใช้ปีงบประมาณ พ.ศ. ({year + 543})",
            f"{year} is a Common Era year — use the Buddhist-Era fiscal year ({year + 543})", "fiscal_year")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PlanningError(
            f"ปีงบประมาณต้องอยู่ระหว่าง พ.ศ. {YEAR_MIN} ถึง {YEAR_MAX} (ได้ {year})",
            f"The fiscal year must be between {YEAR_MIN} and {YEAR_MAX} (Buddhist Era; got {year})", "fiscal_year")
    return year


def parse_fiscal_year(text: str | int | None) -> int:
    """A fiscal year as typed ("2567", "๒๕๖๗", "พ.ศ. 2567"), checked; PlanningError when blank or wrong."""
    if isinstance(text, int) and not isinstance(text, bool):
        return check_fiscal_year(text)
    raw = normalize_text(str(text or "")).translate(_THAI_DIGITS)
    cleaned = re.sub(r"^(?:ปีงบประมาณ|ปี)?\s*(?:พ\.\s*ศ\.)?\s*", "", raw).strip()
    if not cleaned:
        raise PlanningError("กรุณากรอกปีงบประมาณ (พ.ศ.) เช่น 2567",
                            "Enter the fiscal year (Buddhist Era), e.g. 2567", "fiscal_year")
    if not re.fullmatch(r"\d{4}", cleaned):
        raise PlanningError(f"ปีงบประมาณต้องเป็นตัวเลข 4 หลัก เช่น 2567 (ได้ \"{raw}\")",
                            f"The fiscal year must be 4 digits, e.g. 2567 (got \"{raw}\")", "fiscal_year")
    return check_fiscal_year(int(cleaned))


def shift_date(d: dt.date | None, years: int) -> dt.date | None:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in a common year."""
    if d is None:
        return None
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def seed_courses_for(fiscal_year: int) -> list[dict]:
    """The seed's courses with their step windows moved by whole years to ``fiscal_year``.

    Names, days, people per cooperative and cooperatives per province are kept as the seed has them.
    """
    years = fiscal_year - SEED_FISCAL_YEAR
    courses = []
    for spec in SEED_COURSES:
        course = {k: v for k, v in spec.items() if k != "steps"}
        course["steps"] = [
            {"step_no": no, "name_th": th, "name_en": en,
             "starts": shift_date(starts, years), "ends": shift_date(ends, years)}
            for no, th, en, starts, ends in spec["steps"]
        ]
        courses.append(course)
    return courses


def seed_deadline_for(fiscal_year: int) -> dt.date:
    """The seed's selection deadline (the LAST day on time, 15 Dec 2565 for FY 2566) moved likewise."""
    return shift_date(SELECTION_DEADLINE, fiscal_year - SEED_FISCAL_YEAR)


# --- numbers as typed ------------------------------------------------------------------------


def _number(text, label_th: str, label_en: str, field: str | None) -> Decimal | None:
    if text is None:
        return None
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return Decimal(text)
    raw = normalize_text(str(text))
    cleaned = raw.translate(_THAI_DIGITS).replace(",", "").replace(" ", "").replace("บาท", "").replace("\u2212", "-")
    cleaned = cleaned.removeprefix("ร้อยละ").removesuffix("%")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PlanningError(f"{label_th}ต้องเป็นตัวเลข (ได้ \"{raw}\")",
                            f"{label_en} must be a number (got \"{raw}\")", field) from None
    if not value.is_finite():
        raise PlanningError(f"{label_th}ต้องเป็นตัวเลข (ได้ \"{raw}\")",
                            f"{label_en} must be a number (got \"{raw}\")", field)
    return value


def _not_negative(value: Decimal, label_th: str, label_en: str, field: str | None) -> None:
    if value < 0:
        raise PlanningError(f"{label_th}ต้องไม่ติดลบ (ได้ {value})", f"{label_en} must not be negative (got {value})",
                            field)


def check_quota(value: int, field: str | None = "quota") -> int:
    """A quota of target cooperatives per office: a whole number from 0 to 99."""
    if value < 0:
        raise PlanningError(f"โควตาต้องไม่ติดลบ (ได้ {value})", f"The quota must not be negative (got {value})", field)
    if value > MAX_QUOTA:
        raise PlanningError(f"โควตาต้องไม่เกิน {MAX_QUOTA} แห่งต่อสำนักงาน (ได้ {value})",
                            f"The quota must be at most {MAX_QUOTA} per office (got {value})", field)
    return value


def parse_whole(text, label_th: str, label_en: str, field: str | None = None, minimum: int = 0,
                maximum: int | None = None) -> int | None:
    """A whole number as typed ("1,234", Thai digits) within [minimum, maximum]; None when blank."""
    value = _number(text, label_th, label_en, field)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise PlanningError(f"{label_th}ต้องเป็นจำนวนเต็ม (ได้ {value})", f"{label_en} must be a whole number (got {value})",
                            field)
    whole = int(value)
    if minimum == 0:
        _not_negative(value, label_th, label_en, field)
    elif whole < minimum:
        raise PlanningError(f"{label_th}ต้องไม่น้อยกว่า {minimum} (ได้ {whole})",
                            f"{label_en} must be at least {minimum} (got {whole})", field)
    if maximum is not None and whole > maximum:
        raise PlanningError(f"{label_th}ต้องไม่เกิน {maximum} (ได้ {whole})",
                            f"{label_en} must be at most {maximum} (got {whole})", field)
    return whole


def check_baht(value: Decimal, field: str | None = "amount") -> Decimal:
    """A budget in baht: not negative, rounded half up to satang."""
    value = Decimal(value)
    _not_negative(value, "งบประมาณ", "The budget", field)
    if value > MAX_BAHT:
        raise PlanningError("งบประมาณสูงเกินกว่าที่ระบบเก็บได้", "The budget is larger than the portal can keep", field)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_baht(text, field: str | None = "amount") -> Decimal | None:
    """Baht as typed ("150,000", "150000.50 บาท"); None when blank; never negative."""
    value = _number(text, "งบประมาณ", "The budget", field)
    return None if value is None else check_baht(value, field)


def check_target(unit: str, value: Decimal, field: str | None = "target") -> Decimal:
    """A KPI target: not negative; a count is a whole number; a percentage is at most 100."""
    value = Decimal(value)
    _not_negative(value, "เป้าหมาย", "The target", field)
    if unit == "percent":
        if value > 100:
            raise PlanningError(f"เป้าหมายที่เป็นร้อยละต้องไม่เกิน 100 (ได้ {value})",
                                f"A percentage target must be at most 100 (got {value})", field)
    elif unit in COUNT_UNITS:
        if value != value.to_integral_value():
            raise PlanningError(f"เป้าหมายที่เป็นจำนวนสหกรณ์หรือจำนวนคนต้องเป็นจำนวนเต็ม (ได้ {value})",
                                f"A target counting cooperatives or people must be a whole number (got {value})",
                                field)
    if value > MAX_TARGET:
        raise PlanningError("เป้าหมายสูงเกินกว่าที่ระบบเก็บได้", "The target is larger than the portal can keep", field)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_target(text, unit: str, field: str | None = "target") -> Decimal | None:
    """A KPI target as typed ("80", "ร้อยละ 80", "80%", "2"); None when blank."""
    value = _number(text, "เป้าหมาย", "The target", field)
    return None if value is None else check_target(unit, value, field)


# --- dates ---------------------------------------------------------------------------------------


def check_window(starts: dt.date | None, ends: dt.date | None, field: str | None = "ends") -> None:
    """A window (a step, the workshop) must not end before it starts."""
    if starts is not None and ends is not None and ends < starts:
        raise PlanningError(
            f"วันสิ้นสุด ({format_date(ends)}) ต้องไม่ก่อนวันเริ่มต้น ({format_date(starts)})",
            f"The end ({format_date(ends, lang='en')}) must not be before the start ({format_date(starts, lang='en')})",
            field)


def check_deadline(fiscal_year: int, deadline: dt.date | None, field: str | None = "selection_deadline") -> None:
    """The last day on time for the target list lies inside the fiscal year (October – September)."""
    if deadline is None:
        return
    first, last = fiscal_year_bounds(fiscal_year)
    if not first <= deadline <= last:
        raise PlanningError(
            f"วันสุดท้ายที่ส่งรายชื่อได้ต้องอยู่ในปีงบประมาณ {fiscal_year} "
            f"({format_date(first)} – {format_date(last)}) ได้ {format_date(deadline)}",
            f"The last day on time must fall within fiscal year {fiscal_year} "
            f"({format_date(first, lang='en')} – {format_date(last, lang='en')}); got {format_date(deadline, lang='en')}",
            field)


def check_course_values(name_th: str, name_en: str, days: int | None, people: int | None,
                        cooperatives: int | None) -> list[PlanningError]:
    """Everything wrong with a course as run in a year (each error names its field)."""
    errors = []
    if not normalize_text(name_th):
        errors.append(PlanningError("กรุณากรอกชื่อหลักสูตร (ภาษาไทย)", "Enter the course name in Thai", "name_th"))
    if not normalize_text(name_en):
        errors.append(PlanningError("กรุณากรอกชื่อหลักสูตร (ภาษาอังกฤษ)", "Enter the course name in English", "name_en"))
    for value, field, th, en in ((days, "days", "จำนวนวันอบรม", "Training days"),
                                 (people, "people_per_cooperative", "จำนวนคนต่อสหกรณ์", "People per cooperative"),
                                 (cooperatives, "cooperatives_per_province", "จำนวนสหกรณ์ต่อจังหวัด",
                                  "Cooperatives per province")):
        if value is None:
            errors.append(PlanningError(f"กรุณากรอก{th}", f"Enter the {en.lower()}", field))
        elif value < 1:
            errors.append(PlanningError(f"{th}ต้องไม่น้อยกว่า 1 (ได้ {value})", f"{en} must be at least 1 (got {value})",
                                        field))
    return errors


# --- showing ----------------------------------------------------------------------------------------


def format_target(value: Decimal | int | None) -> str:
    """A target as people read it: "2", "80", "75.50"; "–" when none."""
    if value is None:
        return EN_DASH
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def format_target_with_unit(value: Decimal | int | None, unit: str, lang: str = "th") -> str:
    """"ร้อยละ 80", "2 แห่ง", "40 คน" (Thai puts ร้อยละ first); en "80 percent", "2 cooperatives"."""
    text = format_target(value)
    if value is None:
        return text
    th, en = UNITS.get(unit, (unit, unit))
    if str(lang).lower().startswith("th"):
        return f"{th} {text}" if unit == "percent" else f"{text} {th}"
    return f"{text} {en}"


def format_date_range(starts: dt.date | None, ends: dt.date | None, lang: str = "th") -> str:
    """"25–26 ต.ค. 2565", "30 ต.ค. – 2 พ.ย. 2565", "30 ธ.ค. 2565 – 2 ม.ค. 2566" (en: CE years)."""
    if starts is None and ends is None:
        return ""
    if starts is None or ends is None or starts == ends:
        return format_date(starts or ends, lang=lang)
    th = str(lang).lower().startswith("th")
    months = TH_MONTHS_SHORT if th else EN_MONTHS_SHORT
    year = be_year if th else (lambda d: d.year)
    if starts.year == ends.year and starts.month == ends.month:
        return f"{starts.day}{EN_DASH}{ends.day} {months[ends.month - 1]} {year(ends)}"
    if starts.year == ends.year:
        return f"{starts.day} {months[starts.month - 1]} {EN_DASH} {ends.day} {months[ends.month - 1]} {year(ends)}"
    return f"{format_date(starts, lang=lang)} {EN_DASH} {format_date(ends, lang=lang)}"
