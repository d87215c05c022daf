"""Buddhist-Era dates, the Thai fiscal year, times, durations and amounts.

Plain Python (no Flask). Month names are a literal table so output does not
depend on the installed Babel/CLDR version or the process locale.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from portal.domain.thaitext import normalize_text

__all__ = [
    "BE_OFFSET",
    "be_year",
    "cumulative_bounds",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_label",
    "format_amount",
    "format_be_input",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_number",
    "format_percent",
    "format_time",
    "format_time_range",
    "hours_decimal",
    "month_label",
    "months_between",
    "parse_be_date",
    "quarter_bounds",
    "quarter_label",
]

BE_OFFSET = 543
# A year at or above this is Buddhist Era, below it Common Era (2400 BE = 1857 CE).
BE_THRESHOLD = 2400
EN_DASH = "\u2013"
DASH = "\u2013"  # shown for a missing number

TH_MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
TH_MONTHS_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
EN_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December"]
TH_WEEKDAYS = ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _lang(lang: object) -> str:
    # Accept "th", "th_TH", "en-US" or a babel Locale.
    code = str(lang).lower()[:2]
    if code not in ("th", "en"):
        raise ValueError(f"unsupported language: {lang!r}")
    return code


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

def be_year(d: dt.date) -> int:
    """Buddhist-Era year of d (CE + 543)."""
    return d.year + BE_OFFSET


def format_date(d: dt.date | None, style: str = "short", lang: str = "th") -> str:
    """"26 พ.ย. 2569" (short), "26 พฤศจิกายน 2569" (long),
    "วันพฤหัสบดีที่ 26 พฤศจิกายน พ.ศ. 2569" (full); en uses CE years. None -> "".
    """
    if d is None:
        return ""
    code = _lang(lang)
    m = d.month - 1
    if code == "th":
        y = be_year(d)
        if style == "short":
            return f"{d.day} {TH_MONTHS_SHORT[m]} {y}"
        if style == "long":
            return f"{d.day} {TH_MONTHS_LONG[m]} {y}"
        if style == "full":
            return f"วัน{TH_WEEKDAYS[d.weekday()]}ที่ {d.day} {TH_MONTHS_LONG[m]} พ.ศ. {y}"
    else:
        if style == "short":
            return f"{d.day} {EN_MONTHS_SHORT[m]} {d.year}"
        if style == "long":
            return f"{d.day} {EN_MONTHS_LONG[m]} {d.year}"
        if style == "full":
            return f"{EN_WEEKDAYS[d.weekday()]} {d.day} {EN_MONTHS_LONG[m]} {d.year}"
    raise ValueError(f"unknown date style: {style!r}")


def format_time(t: dt.time | dt.datetime | None, lang: str = "th") -> str:
    """"09.00" (Thai uses a dot), en "09:00". None -> ""."""
    if t is None:
        return ""
    sep = "." if _lang(lang) == "th" else ":"
    return f"{t.hour:02d}{sep}{t.minute:02d}"


def format_datetime(value: dt.datetime | dt.date | None, lang: str = "th") -> str:
    """"26 พ.ย. 2569 14.05 น." / en "26 Nov 2026 14:05"; wall-clock time as given."""
    if value is None:
        return ""
    day = format_date(value, "short", lang)
    if not isinstance(value, dt.datetime):
        return day
    time = format_time(value, lang)
    return f"{day} {time} น." if _lang(lang) == "th" else f"{day} {time}"


def format_time_range(start: dt.time | None, end: dt.time | None, lang: str = "th") -> str:
    """"09.00–16.30 น." (en dash) / en "09:00–16:30"."""
    if start is None and end is None:
        return ""
    text = f"{format_time(start, lang)}{EN_DASH}{format_time(end, lang)}"
    return f"{text} น." if _lang(lang) == "th" else text


def format_be_input(d: dt.date | None) -> str:
    """Value for a date text box: "15/12/2565". None -> ""."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{be_year(d):04d}"


def month_label(year_ce: int, month: int, lang: str = "th", style: str = "short") -> str:
    """"ธ.ค. 2565" (Thai, BE year) / "Dec 2022"; style="long" spells the month."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    if _lang(lang) == "th":
        names = TH_MONTHS_SHORT if style == "short" else TH_MONTHS_LONG
        return f"{names[month - 1]} {year_ce + BE_OFFSET}"
    names = EN_MONTHS_SHORT if style == "short" else EN_MONTHS_LONG
    return f"{names[month - 1]} {year_ce}"


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year_ce, month) pairs from start's month to end's month inclusive; [] if end < start."""
    y, m = start.year, start.month
    out: list[tuple[int, int]] = []
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# ---------------------------------------------------------------------------
# Fiscal year (October - September, named by the BE year it ends in)
# ---------------------------------------------------------------------------

def _check_fy(fy_be: int) -> None:
    if isinstance(fy_be, bool) or not isinstance(fy_be, int):
        raise TypeError(f"fiscal year must be an int, got {fy_be!r}")
    if fy_be < BE_THRESHOLD:
        # Catches a CE year passed by mistake (2023 instead of 2566).
        raise ValueError(f"fiscal year must be a Buddhist-Era year, got {fy_be}")


def _check_q(q: int) -> None:
    if q not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1..4, got {q!r}")


def fiscal_year(d: dt.date) -> int:
    """Thai government fiscal year (BE): 1 Oct 2022 – 30 Sep 2023 is 2566."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year fy_be: 2566 -> (2022-10-01, 2023-09-30)."""
    _check_fy(fy_be)
    end_ce = fy_be - BE_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def fiscal_quarter(d: dt.date) -> tuple[int, int]:
    """(fiscal year BE, quarter 1..4); Q1 is Oct–Dec."""
    return fiscal_year(d), (d.month - 10) % 12 // 3 + 1


def _quarter_start(fy_be: int, q: int) -> tuple[int, int]:
    """(year_ce, month) of the first month of quarter q."""
    month0 = 9 + 3 * (q - 1)  # 0-based month counted from January of the FY's start year
    return fy_be - BE_OFFSET - 1 + month0 // 12, month0 % 12 + 1


def quarter_bounds(fy_be: int, q: int) -> tuple[dt.date, dt.date]:
    """First and last day of quarter q of fiscal year fy_be."""
    _check_fy(fy_be)
    _check_q(q)
    y, m = _quarter_start(fy_be, q)
    start = dt.date(y, m, 1)
    ey, em = (y + 1, 1) if m + 3 > 12 else (y, m + 3)
    return start, dt.date(ey, em, 1) - dt.timedelta(days=1)


def cumulative_bounds(fy_be: int, q: int) -> tuple[dt.date, dt.date]:
    """Start of the fiscal year to the end of quarter q (3, 6, 9, 12-month reports)."""
    return fiscal_year_bounds(fy_be)[0], quarter_bounds(fy_be, q)[1]


def quarter_label(fy_be: int, q: int, lang: str = "th") -> str:
    """"ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)"; the year is the calendar year of those months."""
    start, end = quarter_bounds(fy_be, q)
    if _lang(lang) == "th":
        return (f"ไตรมาสที่ {q} ({TH_MONTHS_SHORT[start.month - 1]}{EN_DASH}"
                f"{TH_MONTHS_SHORT[end.month - 1]} {be_year(end)})")
    return (f"Q{q} ({EN_MONTHS_SHORT[start.month - 1]}{EN_DASH}"
            f"{EN_MONTHS_SHORT[end.month - 1]} {end.year})")


def fiscal_year_label(fy_be: int, lang: str = "th") -> str:
    """"ปีงบประมาณ พ.ศ. 2566" / "Fiscal year 2566 (Oct 2022 – Sep 2023)"."""
    start, end = fiscal_year_bounds(fy_be)
    if _lang(lang) == "th":
        return f"ปีงบประมาณ พ.ศ. {fy_be}"
    return f"Fiscal year {fy_be} (Oct {start.year} {EN_DASH} Sep {end.year})"


# ---------------------------------------------------------------------------
# Durations and numbers
# ---------------------------------------------------------------------------

def _whole_minutes(minutes: int | Decimal) -> int:
    if isinstance(minutes, bool) or minutes != int(minutes):
        raise ValueError(f"minutes must be a whole number, got {minutes!r}")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes!r}")
    return int(minutes)


def format_duration(minutes: int | None, lang: str = "th") -> str:
    """90 -> "1 ชั่วโมง 30 นาที" / "1 h 30 min"; 60 -> "1 ชั่วโมง"; 0 -> "0 นาที". None -> "–"."""
    if minutes is None:
        return DASH
    total = _whole_minutes(minutes)
    h, m = divmod(total, 60)
    hour_unit, min_unit = ("ชั่วโมง", "นาที") if _lang(lang) == "th" else ("h", "min")
    parts = []
    if h:
        parts.append(f"{h:,} {hour_unit}")
    if m or not h:
        parts.append(f"{m} {min_unit}")
    return " ".join(parts)


def hours_decimal(minutes: int, places: int = 2) -> Decimal:
    """Minutes as hours: exact when it terminates (90 -> 1.5, 45 -> 0.75),
    otherwise rounded half up to `places` decimals (10 -> 0.17).

    Add minutes, not these hours, when totalling.
    """
    total = _whole_minutes(minutes)
    frac = Fraction(total, 60)
    den = frac.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    value = Decimal(frac.numerator) / Decimal(frac.denominator)
    if den == 1:
        return value  # terminating, so the division above was exact
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _to_decimal(x: object) -> Decimal | None:
    """Decimal of x via its shortest repr (64.995 stays 64.995); None for NaN."""
    if isinstance(x, bool):
        raise TypeError("a bool is not a number")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, Fraction):
        value = Decimal(x.numerator) / Decimal(x.denominator)
    elif isinstance(x, (int, float, str)):
        try:
            value = Decimal(str(x).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"not a number: {x!r}") from None
    else:
        raise TypeError(f"not a number: {x!r}")
    if value.is_nan():
        return None
    if value.is_infinite():
        raise ValueError(f"not a finite number: {x!r}")
    return value


def format_number(x: object, decimals: int = 0) -> str:
    """Thousands separators, ROUND_HALF_UP: 7700 -> "7,700". None/NaN -> "–"."""
    if x is None:
        return DASH
    value = _to_decimal(x)
    if value is None:
        return DASH
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:,.{decimals}f}"


def format_amount(x: object, lang: str = "th") -> str:
    """Baht with two decimals: "45,600.00 บาท" / "45,600.00 baht". None -> "–"."""
    text = format_number(x, 2)
    if text == DASH:
        return DASH
    return f"{text} บาท" if _lang(lang) == "th" else f"{text} baht"


def format_percent(x: object, decimals: int = 2) -> str:
    """x is already a percentage: 64.99 -> "64.99%"; 64.995 -> "65.00%". None -> "–"."""
    text = format_number(x, decimals)
    return DASH if text == DASH else f"{text}%"


# ---------------------------------------------------------------------------
# Parsing what users type
# ---------------------------------------------------------------------------

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SEP = r"\s*[/\-.]\s*"
# Excel and CSV exports may append a midnight time: "2565-12-15 00:00:00".
_TIME_TAIL = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DMY_RE = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}){_TIME_TAIL}$")
_YMD_RE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}){_TIME_TAIL}$")
# "15 ธ.ค. 2565", "15 ธันวาคม พ.ศ. 2565", "วันที่ 15 ธ.ค. 2565", "15 Dec 2022".
_NAMED_RE = re.compile(
    r"^(?:วันที่\s*)?(\d{1,2})\s*([^\d\s][^\d]*?)\s*(?:(?:พ\.?\s*ศ|ค\.?\s*ศ)\.?\s*)?(\d{4})$",
    re.IGNORECASE,
)


def _month_key(name: str) -> str:
    return re.sub(r"[\s.,]", "", name).casefold()


_MONTH_BY_NAME: dict[str, int] = {}
for _i in range(12):
    for _name in (TH_MONTHS_SHORT[_i], TH_MONTHS_LONG[_i], EN_MONTHS_SHORT[_i], EN_MONTHS_LONG[_i]):
        _MONTH_BY_NAME[_month_key(_name)] = _i + 1
_MONTH_BY_NAME["sept"] = 9


def _invalid(text: object) -> ValueError:
    return ValueError(
        f"วันที่ไม่ถูกต้อง: '{text}' — ใช้รูปแบบ วว/ดด/ปปปป พ.ศ. เช่น 15/12/2565"
        f" / Invalid date: '{text}' — use DD/MM/YYYY (Buddhist Era), e.g. 15/12/2565"
    )


def _ce_year(year: int) -> int:
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def parse_be_date(text: str | dt.date) -> dt.date:
    """Parse a date as Thai users type it or Excel exports it.

    Day first ("15/12/2565", "15-12-2565", "15 ธ.ค. 2565") or ISO ("2565-12-15");
    a year >= 2400 is Buddhist Era, below it Common Era; Thai digits accepted.
    date/datetime values pass through (a datetime from Excel with a BE year
    is shifted back 543 years). Raises ValueError with a bilingual message.
    """
    if isinstance(text, dt.date):
        d = _as_date(text)
        if d.year < BE_THRESHOLD:
            return d
        try:
            return d.replace(year=d.year - BE_OFFSET)
        except ValueError:  # 29 Feb in a BE year whose CE year is not leap
            raise _invalid(f"{d.day:02d}/{d.month:02d}/{d.year}") from None
    if not isinstance(text, str):
        raise _invalid(text)
    raw = text
    s = normalize_text(text).translate(_THAI_DIGITS)
    if m := _DMY_RE.match(s):
        day, month, year = (int(g) for g in m.groups())
    elif m := _YMD_RE.match(s):
        year, month, day = (int(g) for g in m.groups())
    elif (m := _NAMED_RE.match(s)) and _month_key(m.group(2)) in _MONTH_BY_NAME:
        day, month, year = int(m.group(1)), _MONTH_BY_NAME[_month_key(m.group(2))], int(m.group(3))
    else:
        raise _invalid(raw)
    try:
        return dt.date(_ce_year(year), month, day)
    except ValueError:
        raise _invalid(raw) from None
