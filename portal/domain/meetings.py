"""Course 1 steps 2 and 3 as plain rules: meetings with provincial offices, and the analysis of a
target cooperative (loss by business line, problems, attached files).

No Flask, no database: values in, cleaned values and bilingual messages out
(``BilingualMessage``: a "ไทย / English" str with ``.th``, ``.en`` and ``.field``).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import fiscal_year_bounds, format_be_input
from portal.domain.thaitext import normalize_text

__all__ = [
    "ATTENDEE_ROLES", "PLAN_HORIZONS", "FILE_KINDS", "FILE_TYPES", "MAX_FILE_BYTES", "MAX_ROWS",
    "AttendeeRow", "LossRow", "KpiRow", "RowErrors",
    "parse_time", "parse_non_negative_amount", "parse_kpi_target",
    "clean_attendees", "check_meeting", "clean_kpi_targets", "clean_loss_rows", "clean_problems",
    "is_loss_making", "file_type_of", "check_upload", "edit_rows",
]

# Who sat at the meeting (MeetingAttendee.role), in the order the report lists them.
ATTENDEE_ROLES: dict[str, tuple[str, str]] = {
    "chair": ("ประธานการประชุม", "Chair"),
    "centre": ("ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์", "Cooperative Technology Transfer Centre"),
    "province": ("สำนักงานสหกรณ์จังหวัด", "Provincial cooperative office"),
    "audit": ("สำนักงานตรวจบัญชีสหกรณ์", "Cooperative audit office"),
    "cooperative": ("สหกรณ์", "Cooperative"),
    "other": ("อื่น ๆ", "Other"),
}

# A loss-making cooperative's plan until income exceeds expenses (CooperativeAnalysis.plan_horizon).
PLAN_HORIZONS: dict[str, tuple[str, str]] = {
    "short": ("แผนระยะสั้น", "Short-term plan"),
    "long": ("แผนระยะยาว", "Long-term plan"),
    "both": ("แผนระยะสั้นและระยะยาว", "Short- and long-term plans"),
}

# AnalysisFile.kind: the secondary data the seed names.
FILE_KINDS: dict[str, tuple[str, str]] = {
    "annual_report": ("รายงานกิจการประจำปี", "Annual report"),
    "trial_balance": ("งบทดลอง", "Trial balance"),
    "audit_report": ("รายงานของผู้สอบบัญชี", "Auditor's report"),
    "other": ("อื่น ๆ", "Other"),
}

# Accepted attachments: extension -> (content type, leading bytes that a real file of that type has).
# Office files are ZIP containers; JPEG starts FF D8 FF; PNG has its 8-byte signature.
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 60  # attendees or problems on one form: more is a mistake (or a robot)
MAX_AMOUNT = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_TIME_RE = re.compile(r"^(\d{1,2})\s*[.:]\s*(\d{2})$")


def _msg(th: str, en: str, fld: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, fld)


# --- typed values ------------------------------------------------------------------------------


def parse_time(text: str | None) -> dt.time | None:
    """"09.00", "9:30", "09.00 น.", Thai digits; None when blank. ValueError with a bilingual message."""
    s = normalize_text(text).translate(_THAI_DIGITS)
    s = re.sub(r"\s*น\.?$", "", s).strip()
    if not s:
        return None
    m = _TIME_RE.match(s)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(_msg(f"เวลาไม่ถูกต้อง: '{text}' — ใช้รูปแบบ ชช.นน เช่น 09.00",
                          f"Invalid time: '{text}' — use HH.MM, e.g. 09.00"))


def _decimal(text: str | None) -> Decimal | None:
    s = normalize_text(text).translate(_THAI_DIGITS).replace(",", "").replace(" ", "")
    s = s.replace("บาท", "").replace("\u2212", "-")
    if not s:
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        raise ValueError
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_non_negative_amount(text: str | None, label_th: str = "จำนวนเงิน",
                              label_en: str = "The amount") -> Decimal | None:
    """Baht ≥ 0 as typed ("1,234.50", Thai digits); None when blank; ValueError (bilingual) otherwise."""
    try:
        value = _decimal(text)
    except ValueError:
        raise ValueError(_msg(f"{label_th}ต้องเป็นตัวเลข (ได้ \"{text}\") เช่น 125000 หรือ 125,000.50",
                              f"{label_en} must be a number (got \"{text}\"), e.g. 125000 or 125,000.50")) from None
    if value is not None and value < 0:
        raise ValueError(_msg(f"{label_th}ต้องไม่ติดลบ ใส่จำนวนที่ขาดทุนเป็นตัวเลขบวก เช่น 125000",
                              f"{label_en} must not be negative: enter the loss as a positive number, e.g. 125000"))
    return value


def parse_kpi_target(text: str | None, unit: str, name_th: str = "เป้าหมาย",
                     name_en: str = "The target") -> Decimal | None:
    """A KPI target: ≥ 0, a whole number for counts (cooperatives, people), at most 100 for percents."""
    try:
        value = _decimal(text)
    except ValueError:
        raise ValueError(_msg(f"เป้าหมายของ “{name_th}” ต้องเป็นตัวเลข (ได้ \"{text}\")",
                              f"The target of \"{name_en}\" must be a number (got \"{text}\")")) from None
    if value is None:
        return None
    if value < 0:
        raise ValueError(_msg(f"เป้าหมายของ “{name_th}” ต้องไม่ติดลบ", f"The target of \"{name_en}\" must not be negative"))
    if unit == "percent" and value > 100:
        raise ValueError(_msg(f"เป้าหมายของ “{name_th}” เป็นร้อยละ ต้องไม่เกิน 100",
                              f"The target of \"{name_en}\" is a percentage: at most 100"))
    if unit != "percent" and value != value.to_integral_value():
        raise ValueError(_msg(f"เป้าหมายของ “{name_th}” ต้องเป็นจำนวนเต็ม",
                              f"The target of \"{name_en}\" must be a whole number"))
    return value


# --- rows typed on a form ------------------------------------------------------------------------

RowErrors = dict[int, list[BilingualMessage]]


def edit_rows(rows: list, action: str, blank) -> list:
    """Apply a form's row button to the rows as typed: "add", "remove:N" or "up:N" (N from 0).

    Returns a new list; an unknown action or index changes nothing. At most MAX_ROWS rows.
    """
    rows = list(rows)
    verb, _sep, arg = (action or "").partition(":")
    if verb == "add":
        if len(rows) < MAX_ROWS:
            rows.append(blank)
        return rows
    try:
        index = int(arg)
    except ValueError:
        return rows
    if not 0 <= index < len(rows):
        return rows
    if verb == "remove":
        del rows[index]
    elif verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    return rows


@dataclass(frozen=True)
class AttendeeRow:
    prefix: str = ""
    full_name: str = ""
    position: str = ""
    organisation: str = ""
    role: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.prefix or self.full_name or self.position or self.organisation)

    @classmethod
    def typed(cls, prefix="", full_name="", position="", organisation="", role="") -> "AttendeeRow":
        return cls(normalize_text(prefix)[:64], normalize_text(full_name)[:255], normalize_text(position)[:255],
                   normalize_text(organisation)[:255], normalize_text(role)[:16])


def clean_attendees(rows: Sequence[AttendeeRow]) -> tuple[list[AttendeeRow], RowErrors, list[BilingualMessage]]:
    """Drop blank rows; check each kept row has a name and a known role; at least one attendee.

    Returns (kept rows, errors by the row's index as typed, errors of the whole list).
    """
    kept: list[AttendeeRow] = []
    errors: RowErrors = {}
    for i, row in enumerate(rows):
        if row.is_blank:
            continue
        problems = []
        if not row.full_name:
            problems.append(_msg(f"แถวที่ {i + 1}: กรุณากรอกชื่อ–สกุลผู้เข้าประชุม",
                                 f"Row {i + 1}: enter the attendee's name", "full_name"))
        if row.role not in ATTENDEE_ROLES:
            problems.append(_msg(f"แถวที่ {i + 1}: กรุณาเลือกบทบาทในที่ประชุม",
                                 f"Row {i + 1}: choose the attendee's role", "role"))
        if problems:
            errors[i] = problems
        else:
            kept.append(row)
    general = []
    if not kept and not errors:
        general.append(_msg("กรุณาบันทึกผู้เข้าประชุมอย่างน้อย 1 คน",
                            "Record at least one attendee", "attendees"))
    return kept, errors, general


def check_meeting(fiscal_year: int, held_on: dt.date | None, starts: dt.time | None,
                  ends: dt.time | None, place: str) -> list[BilingualMessage]:
    """The meeting's own fields: a date inside the fiscal year, an end after the start, a place."""
    problems = []
    if held_on is not None:
        first, last = fiscal_year_bounds(fiscal_year)
        if not first <= held_on <= last:
            problems.append(_msg(
                f"วันที่ประชุมต้องอยู่ในปีงบประมาณ พ.ศ. {fiscal_year} "
                f"({format_be_input(first)} ถึง {format_be_input(last)})",
                f"The meeting date must lie in fiscal year {fiscal_year} "
                f"({format_be_input(first)} to {format_be_input(last)}, Buddhist Era)", "held_on"))
    if starts is not None and ends is not None and ends <= starts:
        problems.append(_msg("เวลาสิ้นสุดต้องหลังเวลาเริ่ม", "The end time must be after the start time", "ends"))
    if not normalize_text(place):
        problems.append(_msg("กรุณากรอกสถานที่ประชุม", "Enter the place of the meeting", "place"))
    return problems


@dataclass(frozen=True)
class KpiRow:
    """One KPI of the year as shown on the meeting form."""

    kpi_id: int
    name_th: str
    name_en: str
    unit: str
    target_text: str = ""
    note: str = ""


def clean_kpi_targets(rows: Iterable[KpiRow]) -> tuple[dict[int, tuple[Decimal, str]], dict[int, BilingualMessage]]:
    """{kpi id: (target, note)} for every KPI given a target; a blank target means not agreed.

    A note without a target is an error (the note would be lost).
    """
    agreed: dict[int, tuple[Decimal, str]] = {}
    errors: dict[int, BilingualMessage] = {}
    for row in rows:
        note = normalize_text(row.note)
        try:
            target = parse_kpi_target(row.target_text, row.unit, row.name_th, row.name_en)
        except ValueError as exc:
            errors[row.kpi_id] = exc.args[0]
            continue
        if target is None:
            if note:
                errors[row.kpi_id] = _msg(f"กรุณากรอกเป้าหมายของ “{row.name_th}” หรือลบหมายเหตุ",
                                          f"Enter the target of \"{row.name_en}\" or clear its note")
            continue
        agreed[row.kpi_id] = (target, note)
    return agreed, errors


# --- analysis of a target cooperative ------------------------------------------------------------


def is_loss_making(latest_accumulated_profit_loss: Decimal | None) -> bool:
    """Loss-making: the latest yearly record's accumulated profit (loss) is below zero."""
    return latest_accumulated_profit_loss is not None and Decimal(latest_accumulated_profit_loss) < 0


@dataclass(frozen=True)
class LossRow:
    business_line_id: int
    line_th: str
    line_en: str
    loss_text: str = ""
    causes: str = ""
    remedies: str = ""


def clean_loss_rows(rows: Iterable[LossRow]) -> tuple[dict[int, tuple[Decimal, str, str]], dict[int, list[BilingualMessage]]]:
    """{business line id: (loss ≥ 0, causes, remedies)}; a line left blank is not stored."""
    kept: dict[int, tuple[Decimal, str, str]] = {}
    errors: dict[int, list[BilingualMessage]] = {}
    for row in rows:
        causes, remedies = normalize_text(row.causes), normalize_text(row.remedies)
        try:
            loss = parse_non_negative_amount(row.loss_text, f"ยอดขาดทุนธุรกิจ{row.line_th}", f"The loss of {row.line_en}")
        except ValueError as exc:
            errors[row.business_line_id] = [exc.args[0]]
            continue
        if loss is None:
            if causes or remedies:
                errors[row.business_line_id] = [_msg(
                    f"ธุรกิจ{row.line_th}: กรุณากรอกยอดขาดทุน (บาท, ใส่ 0 ได้)",
                    f"{row.line_en}: enter the loss in baht (0 is allowed)")]
            continue
        kept[row.business_line_id] = (loss, causes, remedies)
    return kept, errors


def clean_problems(texts: Iterable[str]) -> list[str]:
    """The problems found, in the order typed, blanks dropped."""
    return [t for t in (normalize_text(x) for x in texts) if t]


# --- attachments --------------------------------------------------------------------------------


def file_type_of(filename: str) -> str | None:
    """The accepted extension of a file name ("pdf", "xlsx", …), or None."""
    name = (filename or "").strip().lower()
    if "." not in name:
        return None
    ext = name.rsplit(".", 1)[1]
    return ext if ext in FILE_TYPES else None


def check_upload(filename: str, head: bytes, size: int) -> BilingualMessage | None:
    """None when the file may be attached: an accepted type whose content matches it, 1 byte to 10 MB."""
    ext = file_type_of(filename)
    if ext is None:
        return _msg("รับเฉพาะไฟล์ PDF, Excel (.xlsx), Word (.docx), JPG หรือ PNG",
                    "Only PDF, Excel (.xlsx), Word (.docx), JPG or PNG files are accepted", "file")
    if size <= 0:
        return _msg("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ใหม่", "The file is empty: choose another file", "file")
    if size > MAX_FILE_BYTES:
        return _msg(f"ไฟล์ใหญ่เกิน 10 MB (ไฟล์นี้ {size / 1024 / 1024:.1f} MB) กรุณาย่อขนาดหรือแยกไฟล์",
                    f"The file is larger than 10 MB ({size / 1024 / 1024:.1f} MB): make it smaller or split it", "file")
    if not any(head.startswith(sig) for sig in FILE_TYPES[ext][1]):
        return _msg(f"เนื้อหาไฟล์ไม่ใช่ไฟล์ .{ext} ตามนามสกุล กรุณาตรวจสอบไฟล์",
                    f"The file's content is not a .{ext} file as its name says: check the file", "file")
    return None


def safe_original_name(filename: str) -> str:
    """The name to show and download as: no folders, normalised, at most 200 characters."""
    name = normalize_text((filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "_", name)
    if len(name) > 200:
        stem, _dot, ext = name.rpartition(".")
        name = stem[: 200 - len(ext) - 1] + "." + ext if stem else name[:200]
    return name or "file"
