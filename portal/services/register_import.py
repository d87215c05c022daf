"""Import of the cooperative register (cooperatives and their yearly records) from XLSX or CSV.

Plain Python, no Flask. The flow the views follow:

1. ``build_preview(data, filename, encoding, allowed_office_ids)`` reads the
   file (XLSX, or CSV in UTF-8 or cp874/TIS-620 — what Thai Excel saves), checks
   every row and returns an :class:`ImportPreview`: the good rows and *every*
   problem, each with its line, column and a Thai + English reason naming the fix.
2. ``import_file(...)`` runs the same preview again inside one write
   transaction and writes: everything when the file is clean, or only the good
   rows when the user explicitly asked for that (``only_good=True``) — never
   silently. Cooperatives are upserted by registration number, yearly records
   by (cooperative, accounting year).
3. :class:`UploadStore` keeps the uploaded bytes on the server between the
   preview and the confirmation, bound to the user who uploaded them, so the
   rows written are never a list the browser sent back.

``template_workbook()`` gives the XLSX template users fill in. Every text cell
written to a workbook goes through :func:`neutralise_cell` (formula injection).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import peewee as pw

from portal import clock, reference
from portal.exports import neutralise_cell
from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage, YearlyFigures, validate_yearly_figures
from portal.domain.thaidates import be_year
from portal.domain.thaitext import normalize_text
from portal.services.tabular import (  # the generic file reading, shared with the roster import
    ENCODINGS,
    THAI_DIGITS,
    ImportFileError,
    ImportRefused,
    RowError,
    StoredUpload,
    UploadStore,
    decode_csv,
    looks_garbled,
    parse_cell_date,
    read_rows,
)
from portal.services.tabular import CellError as _CellError
from portal.services.tabular import cell_text as _text
from portal.services.tabular import header_key as _header_key
from portal.services.tabular import is_blank as _is_blank

__all__ = [
    "COLUMNS",
    "ENCODINGS",
    "MAX_ROWS",
    "ImportFileError",
    "ImportPreview",
    "ImportRefused",
    "ImportResult",
    "ParsedRow",
    "PreviewChanged",
    "RowError",
    "UploadStore",
    "StoredUpload",
    "build_preview",
    "check_accounting_year",
    "parse_amount",
    "parse_count",
    "decode_csv",
    "import_file",
    "import_preview",
    "looks_garbled",
    "neutralise_cell",
    "template_workbook",
]

MAX_ROWS = 20_000  # the whole country is about 7,700 cooperatives
EXAMPLE_MARK = "ตัวอย่าง"  # the template's example row starts its registration number with this
BANGKOK_CODE = reference.BANGKOK_CODE
MAX_AMOUNT = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)


# --- messages -------------------------------------------------------------------


def _msg(th: str, en: str, fld: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, fld)


class PreviewChanged(ImportRefused):
    """The file checks differently now than when previewed (the register changed meanwhile)."""


# --- columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    en: str
    required: bool
    aliases: tuple[str, ...] = ()
    note_th: str = ""
    note_en: str = ""


def _line_columns() -> list[Column]:
    cols = []
    for line in reference.business_lines():
        cols.append(
            Column(
                f"line:{line.code}",
                f"ทำธุรกิจ{line.name_th}",
                f"Active: {line.name_en}",
                False,
                (
                    f"สมาชิกที่ทำธุรกิจ{line.name_th}",
                    f"ธุรกิจ{line.name_th}",
                    line.name_th,
                    line.code,
                    f"active {line.code}",
                    f"active members {line.name_en}",
                    line.name_en,
                ),
                f"จำนวนสมาชิกที่ทำธุรกิจ{line.name_th}กับสหกรณ์ (เว้นว่างได้)",
                f"Members who did business in {line.name_en} (optional)",
            )
        )
    return cols


COLUMNS: tuple[Column, ...] = (
    Column("registration_no", "เลขทะเบียนสหกรณ์", "Registration number", True,
           ("เลขทะเบียน", "registration no", "registration_no", "reg no"),
           "เลขทะเบียนสหกรณ์ ไม่ซ้ำกับสหกรณ์อื่น", "The cooperative's registration number, unique"),
    Column("name", "ชื่อสหกรณ์", "Cooperative name", True, ("ชื่อ", "name", "cooperative"),
           "ชื่อเต็ม เช่น สหกรณ์การเกษตร… จำกัด", "Full name, e.g. สหกรณ์การเกษตร… จำกัด"),
    Column("coop_type", "ประเภทสหกรณ์", "Type", True, ("ประเภท", "cooperative type", "coop type", "type code"),
           "ชื่อประเภท (เช่น สหกรณ์การเกษตร) หรือรหัส (เช่น agricultural)",
           "Type name in Thai (e.g. สหกรณ์การเกษตร) or code (e.g. agricultural)"),
    Column("province", "จังหวัด", "Province", True, ("province name",),
           "ชื่อจังหวัดภาษาไทย เช่น ปทุมธานี", "Province name in Thai, e.g. ปทุมธานี"),
    Column("office", "สำนักงาน", "Office", False, ("สำนักงานสหกรณ์", "สกจ/สสพ", "สกจ", "สสพ"),
           "กรุงเทพมหานคร: สสพ.1 หรือ สสพ.2 (จำเป็น) จังหวัดอื่นเว้นว่างได้",
           "Bangkok: สสพ.1 or สสพ.2 (required); other provinces may leave it empty"),
    Column("board_size", "จำนวนกรรมการ", "Board size", False, ("กรรมการ", "board"),
           "1–15 คน (พระราชบัญญัติสหกรณ์) เว้นว่างได้", "1–15 people (Cooperatives Act), optional"),
    Column("accounting_year", "ปีบัญชี", "Accounting year", True, ("ปีบัญชี พศ", "year"),
           "ปีบัญชีเป็นพุทธศักราช เช่น 2565", "Accounting year in the Buddhist Era, e.g. 2565"),
    Column("closing_date", "วันสิ้นปีบัญชี", "Closing date", True, ("วันปิดบัญชี", "วันสิ้นปี", "closing"),
           "วว/ดด/ปปปป พ.ศ. เช่น 31/03/2566 หรือวันที่ของ Excel",
           "DD/MM/YYYY Buddhist Era, e.g. 31/03/2566, or an Excel date"),
    Column("members", "จำนวนสมาชิก", "Members", True, ("สมาชิก", "สมาชิกทั้งหมด", "all members"),
           "จำนวนสมาชิกทั้งหมด ณ วันสิ้นปีบัญชี", "All members at the closing date"),
    Column("active_members", "สมาชิกที่ทำธุรกิจกับสหกรณ์", "Active members", True,
           ("สมาชิกที่ทำธุรกิจ", "members who did business", "active"),
           "สมาชิกที่ทำธุรกิจกับสหกรณ์ในปีบัญชี (ไม่เกินจำนวนสมาชิก)",
           "Members who did business with the cooperative in the year (at most all members)"),
    *_line_columns(),
    Column("accumulated_profit_loss", "กำไร(ขาดทุน)สะสม", "Accumulated profit (loss)", True,
           ("กำไรขาดทุนสะสม", "ขาดทุนสะสม", "accumulated profit/loss", "accumulated profit loss"),
           "บาท ขาดทุนสะสมใส่เครื่องหมายลบ เช่น -250000 หรือ (250,000.00)",
           "Baht; an accumulated loss is negative, e.g. -250000 or (250,000.00)"),
    Column("profit_this_year", "กำไร(ขาดทุน)สุทธิประจำปี", "Profit (loss) this year", True,
           ("กำไรขาดทุนสุทธิ", "กำไร(ขาดทุน)ปีนี้", "กำไรสุทธิ", "profit this year", "net profit"),
           "บาท ขาดทุนใส่เครื่องหมายลบ", "Baht; a loss is negative"),
    Column("strength_level", "ระดับชั้นความเข้มแข็ง", "Strength level", False,
           ("ชั้นความเข้มแข็ง", "ระดับชั้น", "strength"),
           "1 ถึง 4 (เว้นว่างได้)", "1 to 4 (optional)"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
LINE_KEYS = tuple(c.key for c in COLUMNS if c.key.startswith("line:"))

_HEADER_INDEX: dict[str, str] = {}
for _col in COLUMNS:
    for _alias in (_col.th, _col.en, _col.key, *_col.aliases):
        _HEADER_INDEX.setdefault(_header_key(_alias), _col.key)


# --- the preview --------------------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    registration_no: str
    name: str
    coop_type_id: int
    coop_type_name: str
    office_id: int
    office_name: str
    province_name: str
    board_size: int | None
    figures: YearlyFigures


@dataclass
class ImportPreview:
    filename: str
    encoding: str  # what was used to read it: xlsx | utf-8 | cp874
    rows: list[ParsedRow] = field(default_factory=list)  # good rows only
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0  # data rows read (example and blank rows not counted)
    skipped_example_lines: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    has_line_columns: bool = False
    file_problem: bool = False  # the header or the file itself is wrong: no row can be imported

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors if e.line})

    @property
    def is_clean(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def fingerprint(self) -> str:
        """Good rows and bad lines; a confirmation is refused when this changed since the preview."""
        return f"{len(self.rows)}:{','.join(map(str, self.bad_lines))}"


@dataclass
class ImportResult:
    cooperatives_created: int = 0
    cooperatives_updated: int = 0
    records_created: int = 0
    records_updated: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0


# --- cell parsing -------------------------------------------------------------------


_THAI_DIGITS = THAI_DIGITS


def _int(value, label_th: str, label_en: str) -> int | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _CellError(_msg(f"{label_th}ต้องเป็นจำนวนเต็ม", f"{label_en} must be a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellError(_msg(f"{label_th}ต้องเป็นจำนวนเต็ม (ได้ {value})", f"{label_en} must be a whole number (got {value})"))
    text = normalize_text(str(value)).translate(_THAI_DIGITS).replace(",", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(Decimal(text))
    raise _CellError(
        _msg(f"{label_th}ต้องเป็นจำนวนเต็ม (ได้ \"{value}\") — ใส่เฉพาะตัวเลข",
             f"{label_en} must be a whole number (got \"{value}\") — enter digits only")
    )


def _amount(value, label_th: str, label_en: str) -> Decimal | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _CellError(_msg(f"{label_th}ต้องเป็นตัวเลข", f"{label_en} must be a number"))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = normalize_text(str(value)).translate(_THAI_DIGITS).replace(",", "").replace(" ", "")
        text = text.replace("บาท", "").replace("\u2212", "-")
        negative = False
        if text.startswith("(") and text.endswith(")"):  # accounting format: (1,234.50)
            negative, text = True, text[1:-1]
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _CellError(
                _msg(f"{label_th}ต้องเป็นตัวเลข (ได้ \"{value}\") — เช่น -250000 หรือ (250,000.00)",
                     f"{label_en} must be a number (got \"{value}\") — e.g. -250000 or (250,000.00)")
            ) from None
        if negative:
            number = -number
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise _CellError(_msg(f"{label_th}ไม่ถูกต้อง (ได้ \"{value}\")", f"{label_en} is not valid (got \"{value}\")"))
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(value) -> dt.date | None:
    return parse_cell_date(value)


def parse_count(value, label_th: str = "จำนวน", label_en: str = "The number") -> int | None:
    """A whole number as users type it ("1,234", Thai digits); None when blank; ValueError "th / en"."""
    return _int(value, label_th, label_en)


def parse_amount(value, label_th: str = "จำนวนเงิน", label_en: str = "The amount") -> Decimal | None:
    """Baht as users type it ("-250000", "(1,234.50)"), to two decimals; None when blank."""
    return _amount(value, label_th, label_en)


def check_accounting_year(year: int, closing: dt.date | None = None) -> BilingualMessage | None:
    """What is wrong with an accounting year (Buddhist Era) and its closing date, or None."""
    if 1900 <= year < 2400:
        return _msg(f"ปีบัญชี {year} เป็น ค.ศ. — ใช้ปีพุทธศักราช ({year + 543})",
                    f"Accounting year {year} is Common Era — use the Buddhist Era ({year + 543})", "accounting_year")
    if not 2400 <= year <= 2700:
        return _msg(f"ปีบัญชี {year} ไม่ถูกต้อง — ใช้ปี พ.ศ. เช่น 2565",
                    f"Accounting year {year} is not valid — use a Buddhist-Era year, e.g. 2565", "accounting_year")
    if closing is not None and abs(be_year(closing) - year) > 1:
        return _msg(
            f"วันสิ้นปีบัญชี (ปี {be_year(closing)}) ไม่ตรงกับปีบัญชี {year} — ตรวจปี พ.ศ. ของวันที่",
            f"Closing date (year {be_year(closing)}) does not match accounting year {year} — check the Buddhist-Era year",
            "closing_date")
    return None


# --- reference lookups (one query each per preview) ------------------------------


class _Lookups:
    def __init__(self):
        from portal.models import CoopType, Office, Province

        self.provinces: dict[str, Province] = {}
        for p in Province.select():
            for key in (p.name_th, p.name_en, p.code, f"จังหวัด{p.name_th}", f"จ.{p.name_th}"):
                self.provinces.setdefault(_header_key(key), p)
        self.offices_by_province: dict[int, list[Office]] = defaultdict(list)
        for o in Office.select().order_by(Office.code):
            self.offices_by_province[o.province_id].append(o)
        self.types: dict[str, CoopType] = {}
        for t in CoopType.select():
            short = t.name_th.removeprefix("สหกรณ์")
            for key in (t.code, t.name_th, t.name_en, short):
                self.types.setdefault(_header_key(key), t)
        self.type_names = ", ".join(t.name_th for t in CoopType.select().order_by(CoopType.id))

    def province(self, text: str):
        return self.provinces.get(_header_key(text))

    def office(self, province, text: str):
        offices = self.offices_by_province.get(province.id, [])
        if not text:
            return offices[0] if len(offices) == 1 else None
        key = _header_key(text)
        for o in offices:
            if key in {_header_key(o.short_th), _header_key(o.name_th), _header_key(o.code), _header_key(o.name_en)}:
                return o
        return None

    def coop_type(self, text: str):
        return self.types.get(_header_key(text))


# --- building the preview -------------------------------------------------------------


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[int, str], list[str], list[RowError]]:
    """(index of the header row, column position -> key, ignored headers, errors)."""
    for index, (line, values) in enumerate(rows[:10]):
        keys = [_HEADER_INDEX.get(_header_key(v)) if not _is_blank(v) else None for v in values]
        if sum(1 for k in keys if k) < 3:
            continue
        mapping: dict[int, str] = {}
        errors: list[RowError] = []
        ignored: list[str] = []
        seen: dict[str, int] = {}
        for pos, (key, raw) in enumerate(zip(keys, values)):
            if key is None:
                if not _is_blank(raw):
                    ignored.append(str(raw))
                continue
            if key in seen:
                errors.append(RowError(line, str(raw), _msg(
                    f"หัวคอลัมน์ \"{raw}\" ซ้ำกับคอลัมน์ที่ {seen[key] + 1} — ลบคอลัมน์ที่ซ้ำออก",
                    f"Header \"{raw}\" repeats column {seen[key] + 1} — delete the duplicate column")))
                continue
            seen[key] = pos
            mapping[pos] = key
        missing = [c for c in COLUMNS if c.required and c.key not in seen]
        for c in missing:
            errors.append(RowError(line, c.th, _msg(
                f"ไม่พบคอลัมน์ \"{c.th}\" — เพิ่มคอลัมน์นี้ (ดูแบบฟอร์มตัวอย่าง)",
                f"Column \"{c.th}\" ({c.en}) is missing — add it (see the template)")))
        return index, mapping, ignored, errors
    first_line = rows[0][0] if rows else 1
    if any(looks_garbled(str(v)) for _line, values in rows[:10] for v in values if isinstance(v, str)):
        return -1, {}, [], [RowError(first_line, "", _msg(
            "หัวตารางอ่านไม่ออก (ตัวอักษรเพี้ยน) — ไฟล์ถูกบันทึกด้วยการเข้ารหัสอื่น: บันทึกใหม่เป็น \"CSV UTF-8\" หรือ .xlsx แล้วอัปโหลดอีกครั้ง",
            "The header is garbled — the file was saved in another encoding: save it as \"CSV UTF-8\" or .xlsx and upload again"))]
    return -1, {}, [], [RowError(first_line, "", _msg(
        "ไม่พบแถวหัวตาราง (เช่น เลขทะเบียนสหกรณ์, ชื่อสหกรณ์, จังหวัด) — ใช้แบบฟอร์มตัวอย่างที่ดาวน์โหลดจากหน้านี้",
        "No header row found (e.g. เลขทะเบียนสหกรณ์, ชื่อสหกรณ์, จังหวัด) — use the template downloaded from this page"))]


def _read_rows(data: bytes, filename: str, encoding: str) -> tuple[list[tuple[int, list]], str]:
    return read_rows(data, filename, encoding, MAX_ROWS)


def build_preview(
    data: bytes,
    filename: str = "",
    encoding: str = "auto",
    allowed_office_ids: Iterable[int] | None = None,
) -> ImportPreview:
    """Read and check the whole file; nothing is written.

    ``allowed_office_ids`` is the importing user's scope (None = every office);
    rows for other offices are errors. Raises ImportFileError when the file
    cannot be read at all (wrong encoding, not a workbook, empty).
    """
    from portal.models import Cooperative

    allowed = None if allowed_office_ids is None else frozenset(allowed_office_ids)
    rows, used = _read_rows(data, filename, encoding)
    preview = ImportPreview(filename=filename, encoding=used)
    header_index, mapping, ignored, header_errors = _find_header(rows)
    preview.ignored_columns = ignored
    preview.errors.extend(header_errors)
    if header_index < 0 or header_errors:
        preview.file_problem = True
        return preview
    header_line, header_values = rows[header_index]
    labels = {key: str(header_values[pos]).strip() for pos, key in mapping.items()}
    preview.has_line_columns = any(k in labels for k in LINE_KEYS)
    lookups = _Lookups()

    candidates: list[tuple[ParsedRow | None, int]] = []
    row_errors: dict[int, list[RowError]] = defaultdict(list)
    for line, values in rows[header_index + 1:]:
        cells = {key: (values[pos] if pos < len(values) else None) for pos, key in mapping.items()}
        reg = _text(cells.get("registration_no"))
        if reg.startswith(EXAMPLE_MARK):
            preview.skipped_example_lines.append(line)
            continue
        preview.total_rows += 1
        parsed = _parse_row(line, cells, labels, lookups, allowed, row_errors[line])
        candidates.append((parsed, line))

    _check_duplicates(candidates, labels, row_errors)
    _check_stored(candidates, labels, allowed, row_errors, Cooperative)

    for parsed, line in candidates:
        if row_errors.get(line):
            preview.errors.extend(row_errors[line])
        elif parsed is not None:
            preview.rows.append(parsed)
    if preview.total_rows == 0:
        preview.file_problem = True
        preview.errors.append(RowError(header_line, "", _msg(
            "ไม่มีข้อมูลใต้แถวหัวตาราง — กรอกข้อมูลอย่างน้อยหนึ่งแถว (แถวตัวอย่างไม่นับ)",
            "No data under the header row — fill in at least one row (the example row does not count)")))
    preview.errors.sort(key=lambda e: e.line)  # stable: within a line, the order of the checks
    return preview


def _parse_row(line, cells, labels, lookups: _Lookups, allowed, errors: list[RowError]) -> ParsedRow | None:
    def label(key):
        return labels.get(key, COLUMN_BY_KEY[key].th)

    def err(key, message):
        errors.append(RowError(line, label(key) if key else "", message))

    values: dict = {}
    # Text cells: required, and not mojibake.
    for key in ("registration_no", "name", "coop_type", "province", "office"):
        text = _text(cells.get(key))
        if looks_garbled(text):
            err(key, _msg(
                f"ข้อความอ่านไม่ออก (\"{text[:30]}\") — ไฟล์ถูกบันทึกด้วยการเข้ารหัสอื่น: บันทึกใหม่เป็น \"CSV UTF-8\" หรือเลือกการเข้ารหัสให้ตรงกับไฟล์",
                f"Garbled text (\"{text[:30]}\") — the file was saved in another encoding: save it as \"CSV UTF-8\" or choose the matching encoding"))
            values[key] = None
            continue
        if not text and COLUMN_BY_KEY[key].required:
            col = COLUMN_BY_KEY[key]
            err(key, _msg(f"ไม่ได้กรอก{col.th} — กรอกให้ครบ", f"{col.en} is empty — fill it in"))
            values[key] = None
            continue
        values[key] = text
    if len(values.get("registration_no") or "") > 64:
        err("registration_no", _msg("เลขทะเบียนยาวเกิน 64 ตัวอักษร", "Registration number longer than 64 characters"))
    if len(values.get("name") or "") > 255:
        err("name", _msg("ชื่อสหกรณ์ยาวเกิน 255 ตัวอักษร", "Cooperative name longer than 255 characters"))

    coop_type = None
    if values.get("coop_type"):
        coop_type = lookups.coop_type(values["coop_type"])
        if coop_type is None:
            err("coop_type", _msg(
                f"ไม่รู้จักประเภทสหกรณ์ \"{values['coop_type']}\" — ใช้หนึ่งใน: {lookups.type_names}",
                f"Unknown cooperative type \"{values['coop_type']}\" — use one of: {lookups.type_names}"))
    province = office = None
    if values.get("province"):
        province = lookups.province(values["province"])
        if province is None:
            err("province", _msg(
                f"ไม่รู้จักจังหวัด \"{values['province']}\" — ใช้ชื่อจังหวัดภาษาไทยตามทะเบียน เช่น ปทุมธานี",
                f"Unknown province \"{values['province']}\" — use the Thai province name, e.g. ปทุมธานี"))
    if province is not None and values.get("office") is not None:
        office = lookups.office(province, values.get("office") or "")
        if office is None:
            names = ", ".join(o.short_th for o in lookups.offices_by_province.get(province.id, []))
            if values.get("office"):
                err("office", _msg(
                    f"ไม่รู้จักสำนักงาน \"{values['office']}\" ใน{province.name_th} — ใช้หนึ่งใน: {names}",
                    f"Unknown office \"{values['office']}\" in {province.name_en} — use one of: {names}"))
            else:
                err("office", _msg(
                    f"{province.name_th}มีหลายสำนักงาน — ระบุสำนักงาน: {names}",
                    f"{province.name_en} has several offices — name the office: {names}"))
        elif allowed is not None and office.id not in allowed:
            err("office", _msg(
                f"{office.short_th} ไม่อยู่ในความรับผิดชอบของบัญชีนี้ — นำเข้าได้เฉพาะสหกรณ์ของสำนักงานของท่าน ลบแถวนี้ออก",
                f"{office.name_en} is outside this account's scope — you may import only your own office's cooperatives; remove this row"))
            office = None

    def number(key, kind):
        col = COLUMN_BY_KEY[key]
        try:
            parsed = kind(cells.get(key), col.th, col.en)
        except _CellError as exc:
            err(key, exc.message)
            return None
        if parsed is None and col.required:
            err(key, _msg(f"ไม่ได้กรอก{col.th} — กรอกให้ครบ", f"{col.en} is empty — fill it in"))
        return parsed

    board_size = number("board_size", _int)
    if board_size is not None and not 1 <= board_size <= 15:
        err("board_size", _msg(
            f"จำนวนกรรมการต้องเป็น 1 ถึง 15 คน (ได้ {board_size}) — ตามพระราชบัญญัติสหกรณ์",
            f"Board size must be 1 to 15 (got {board_size}) — as the Cooperatives Act sets"))
        board_size = None
    year = number("accounting_year", _int)
    if year is not None and (problem := check_accounting_year(year)):
        err("accounting_year", problem)
        year = None
    closing = None
    try:
        closing = _date(cells.get("closing_date"))
        if closing is None:
            err("closing_date", _msg("ไม่ได้กรอกวันสิ้นปีบัญชี — กรอกเป็น วว/ดด/ปปปป พ.ศ.",
                                     "Closing date is empty — enter it as DD/MM/YYYY (Buddhist Era)"))
    except _CellError as exc:
        err("closing_date", exc.message)
    if closing is not None and year is not None and (problem := check_accounting_year(year, closing)):
        err("closing_date", problem)
    members = number("members", _int)
    active = number("active_members", _int)
    lines: dict[str, int] = {}
    for key in LINE_KEYS:
        if key in labels:
            value = number(key, _int)
            if value is not None:
                lines[key.split(":", 1)[1]] = value
    accumulated = number("accumulated_profit_loss", _amount)
    profit = number("profit_this_year", _amount)
    level = None
    raw_level = cells.get("strength_level")
    if not _is_blank(raw_level):
        text = _text(raw_level).replace("ชั้น", "").replace("ระดับ", "").strip()
        try:
            level = _int(text, "ระดับชั้นความเข้มแข็ง", "Strength level")
        except _CellError:
            level = None
        if level not in (1, 2, 3, 4):
            err("strength_level", _msg(
                f"ระดับชั้นความเข้มแข็งต้องเป็น 1 ถึง 4 (ได้ \"{raw_level}\") — ใส่ตัวเลข 1, 2, 3 หรือ 4",
                f"Strength level must be 1 to 4 (got \"{raw_level}\") — enter 1, 2, 3 or 4"))
            level = None

    figures = YearlyFigures(
        accounting_year=year or 0,
        closing_date=closing,
        members=members,
        active_members=active,
        accumulated_profit_loss=accumulated,
        profit_this_year=profit,
        strength_level=level,
        active_by_line=lines,
    )
    field_keys = {"members": "members", "active_members": "active_members", "strength_level": "strength_level"}
    for problem in validate_yearly_figures(figures):
        fld = problem.field or ""
        if fld in ("accounting_year", "closing_date", "strength_level"):
            continue  # reported above with the fix
        key = field_keys.get(fld) or (f"line:{fld.split('.', 1)[1]}" if fld.startswith("active_by_line.") else None)
        if "มากกว่า" in problem.th:
            problem = _msg(problem.th + " — แก้ให้ไม่เกินจำนวนสมาชิก", problem.en + " — correct it to at most all members", fld)
        elif "ติดลบ" in problem.th:
            problem = _msg(problem.th + " — ใส่จำนวนตั้งแต่ 0 ขึ้นไป", problem.en + " — enter 0 or more", fld)
        err(key, problem)

    if errors or coop_type is None or office is None or year is None or closing is None:
        return None
    return ParsedRow(
        line=line,
        registration_no=values["registration_no"],
        name=values["name"],
        coop_type_id=coop_type.id,
        coop_type_name=coop_type.name_th,
        office_id=office.id,
        office_name=office.short_th,
        province_name=province.name_th,
        board_size=board_size,
        figures=figures,
    )


def _check_duplicates(candidates, labels, row_errors) -> None:
    """Within the file: a (registration number, year) twice, or one number for two cooperatives.

    Every row of a conflicting group is reported, not only the later ones: which
    one is right is the user's call.
    """
    reg_label = labels.get("registration_no", COLUMN_BY_KEY["registration_no"].th)
    by_key: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_reg: dict[str, list[ParsedRow]] = defaultdict(list)
    for parsed, _line in candidates:
        if parsed is None:
            continue
        by_key[(parsed.registration_no, parsed.figures.accounting_year)].append(parsed.line)
        by_reg[parsed.registration_no].append(parsed)
    for (reg, year), lines in by_key.items():
        if len(lines) < 2:
            continue
        for line in lines:
            others = ", ".join(str(x) for x in lines if x != line)
            row_errors[line].append(RowError(line, reg_label, _msg(
                f"เลขทะเบียน {reg} ปีบัญชี {year} ซ้ำกับแถวที่ {others} — เก็บไว้แถวเดียว",
                f"Registration number {reg}, accounting year {year} repeats line {others} — keep one row")))
    for reg, group in by_reg.items():
        identities = {(p.name, p.office_id, p.coop_type_id) for p in group}
        if len(identities) < 2:
            continue
        for p in group:
            others = ", ".join(str(q.line) for q in group if q.line != p.line
                               and (q.name, q.office_id, q.coop_type_id) != (p.name, p.office_id, p.coop_type_id))
            if not others:
                continue
            row_errors[p.line].append(RowError(p.line, reg_label, _msg(
                f"เลขทะเบียน {reg} ใช้กับสหกรณ์อื่นในแถวที่ {others} (ชื่อ ประเภท หรือสำนักงานต่างกัน) — แก้เลขทะเบียนหรือชื่อให้ตรงกัน",
                f"Registration number {reg} is used for a different cooperative on line {others} (name, type or office differ) — correct the number or the name")))


def _check_stored(candidates, labels, allowed, row_errors, Cooperative) -> None:
    """Against the register: a number that belongs to another cooperative, or to another office's."""
    reg_label = labels.get("registration_no", COLUMN_BY_KEY["registration_no"].th)
    parsed_rows = [p for p, _ in candidates if p is not None]
    numbers = sorted({p.registration_no for p in parsed_rows})
    stored: dict[str, object] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        for coop in Cooperative.select().where(Cooperative.registration_no.in_(chunk)):
            stored[coop.registration_no] = coop
    offices = sorted({p.office_id for p in parsed_rows})
    by_name: dict[tuple[int, str], str] = {}
    for start in range(0, len(offices), 500):
        chunk = offices[start:start + 500]
        for coop in Cooperative.select(Cooperative.name, Cooperative.office, Cooperative.registration_no).where(
            Cooperative.office.in_(chunk)
        ):
            by_name[(coop.office_id, normalize_text(coop.name))] = coop.registration_no
    for p in parsed_rows:
        existing = stored.get(p.registration_no)
        if existing is not None:
            if normalize_text(existing.name) != p.name:
                row_errors[p.line].append(RowError(p.line, reg_label, _msg(
                    f"เลขทะเบียน {p.registration_no} เป็นของ \"{existing.name}\" ที่บันทึกไว้แล้ว — ตรวจเลขทะเบียนหรือชื่อสหกรณ์",
                    f"Registration number {p.registration_no} already belongs to \"{existing.name}\" — check the number or the name")))
            elif allowed is not None and existing.office_id not in allowed:
                row_errors[p.line].append(RowError(p.line, reg_label, _msg(
                    f"สหกรณ์เลขทะเบียน {p.registration_no} อยู่ในความรับผิดชอบของสำนักงานอื่น — ลบแถวนี้ออก",
                    f"Cooperative {p.registration_no} belongs to another office — remove this row")))
        else:
            other_no = by_name.get((p.office_id, p.name))
            if other_no is not None and other_no != p.registration_no:
                row_errors[p.line].append(RowError(p.line, reg_label, _msg(
                    f"\"{p.name}\" บันทึกไว้แล้วด้วยเลขทะเบียน {other_no} — ใช้เลขทะเบียนเดิม",
                    f"\"{p.name}\" is already registered as {other_no} — use that registration number")))


# --- writing ------------------------------------------------------------------------------


def import_preview(preview: ImportPreview, *, only_good: bool = False) -> ImportResult:
    """Write a preview's good rows. All-or-nothing unless ``only_good`` was chosen.

    Runs in one write transaction: any failure writes nothing.
    """
    if preview.file_problem:
        raise ImportRefused(_msg("ไฟล์นี้นำเข้าไม่ได้ — แก้ตามรายการแล้วอัปโหลดใหม่",
                                 "This file cannot be imported — fix what is listed and upload it again"))
    if preview.errors and not only_good:
        raise ImportRefused(_msg(
            f"ไฟล์มีแถวที่ผิด {len(preview.bad_lines)} แถว จึงยังไม่นำเข้า — แก้ไฟล์แล้วอัปโหลดใหม่ หรือเลือก \"นำเข้าเฉพาะแถวที่ถูกต้อง\"",
            f"The file has {len(preview.bad_lines)} bad rows, so nothing was imported — fix the file and upload it again, or choose \"import only the good rows\""))
    if not preview.rows:
        raise ImportRefused(_msg("ไม่มีแถวที่ถูกต้องให้นำเข้า — แก้ไฟล์แล้วอัปโหลดใหม่",
                                 "There are no good rows to import — fix the file and upload it again"))
    result = ImportResult(rows_skipped=len(preview.bad_lines))
    try:
        with write_transaction():
            _write_rows(preview, result)
    except pw.IntegrityError:
        raise ImportRefused(_msg(
            "ข้อมูลขัดแย้งกับที่เพิ่งบันทึกโดยผู้อื่น ไม่ได้นำเข้าแถวใด — อัปโหลดไฟล์ใหม่เพื่อตรวจอีกครั้ง",
            "The data conflicts with something saved meanwhile; nothing was imported — upload the file again to re-check")) from None
    return result


def _chunks(items: list, size: int = 100):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _write_rows(preview: ImportPreview, result: ImportResult) -> None:
    """Upsert in bulk (a national file is ~8,000 rows; one query per row held the write lock ~10 s)."""
    from portal.models import BusinessLine, Cooperative, YearlyRecord, YearlyRecordLine

    rows = preview.rows
    now = clock.naive_now()
    # Cooperatives: the last row of a registration number gives its name, type, office, board.
    latest: dict[str, ParsedRow] = {}
    for row in rows:
        latest[row.registration_no] = row
    numbers = list(latest)
    coop_ids: dict[str, int] = {}
    for chunk in _chunks(numbers, 500):
        for coop_id, number in Cooperative.select(Cooperative.id, Cooperative.registration_no).where(
            Cooperative.registration_no.in_(chunk)
        ).tuples():
            coop_ids[number] = coop_id
    new = [latest[n] for n in numbers if n not in coop_ids]
    for chunk in _chunks(new):
        Cooperative.insert_many([
            {"name": r.name, "registration_no": r.registration_no, "coop_type": r.coop_type_id,
             "office": r.office_id, "board_size": r.board_size, "created_at": now}
            for r in chunk
        ]).execute()
    for number, coop_id in list(coop_ids.items()):
        r = latest[number]
        changes = {"name": r.name, "coop_type": r.coop_type_id, "office": r.office_id}
        if r.board_size is not None:
            changes["board_size"] = r.board_size
        Cooperative.update(**changes).where(Cooperative.id == coop_id).execute()
    result.cooperatives_created = len(new)
    result.cooperatives_updated = len(coop_ids)
    for chunk in _chunks([r.registration_no for r in new], 500):
        for coop_id, number in Cooperative.select(Cooperative.id, Cooperative.registration_no).where(
            Cooperative.registration_no.in_(chunk)
        ).tuples():
            coop_ids[number] = coop_id

    # Yearly records, by (cooperative, accounting year).
    record_ids: dict[tuple[int, int], int] = {}
    all_coops = sorted(set(coop_ids.values()))
    for chunk in _chunks(all_coops, 500):
        for record_id, coop_id, year in YearlyRecord.select(
            YearlyRecord.id, YearlyRecord.cooperative, YearlyRecord.accounting_year
        ).where(YearlyRecord.cooperative.in_(chunk)).tuples():
            record_ids[(coop_id, year)] = record_id

    def values(f: YearlyFigures) -> dict:
        return {
            "closing_date": f.closing_date, "members": f.members, "active_members": f.active_members,
            "accumulated_profit_loss": f.accumulated_profit_loss, "profit_this_year": f.profit_this_year,
            "strength_level": f.strength_level, "source": "imported", "updated_at": now,
        }

    to_create = []
    for row in rows:
        key = (coop_ids[row.registration_no], row.figures.accounting_year)
        if key in record_ids:
            YearlyRecord.update(**values(row.figures)).where(YearlyRecord.id == record_ids[key]).execute()
            result.records_updated += 1
        else:
            to_create.append({"cooperative": key[0], "accounting_year": key[1], **values(row.figures)})
    for chunk in _chunks(to_create, 50):
        YearlyRecord.insert_many(chunk).execute()
    result.records_created = len(to_create)
    result.rows_imported = len(rows)

    if preview.has_line_columns:
        record_ids = {}
        for chunk in _chunks(sorted(set(coop_ids.values())), 500):
            for record_id, coop_id, year in YearlyRecord.select(
                YearlyRecord.id, YearlyRecord.cooperative, YearlyRecord.accounting_year
            ).where(YearlyRecord.cooperative.in_(chunk)).tuples():
                record_ids[(coop_id, year)] = record_id
        touched = [record_ids[(coop_ids[r.registration_no], r.figures.accounting_year)] for r in rows]
        for chunk in _chunks(touched, 500):
            YearlyRecordLine.delete().where(YearlyRecordLine.record.in_(chunk)).execute()
        line_ids = {b.code: b.id for b in BusinessLine.select()}
        lines = [
            {"record": record_id, "business_line": line_ids[code], "active_members": count}
            for record_id, row in zip(touched, rows)
            for code, count in row.figures.active_by_line.items()
        ]
        for chunk in _chunks(lines, 200):
            YearlyRecordLine.insert_many(chunk).execute()


def import_file(
    data: bytes,
    filename: str = "",
    encoding: str = "auto",
    allowed_office_ids: Iterable[int] | None = None,
    *,
    only_good: bool = False,
    expected_fingerprint: str | None = None,
) -> tuple[ImportPreview, ImportResult]:
    """Check the file again and import it in one write transaction.

    ``expected_fingerprint`` is the preview's fingerprint the user confirmed; if
    the file now checks differently (the register changed), PreviewChanged is
    raised and nothing is written.
    """
    with write_transaction():
        preview = build_preview(data, filename, encoding, allowed_office_ids)
        if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
            raise PreviewChanged(_msg(
                "ผลการตรวจไฟล์เปลี่ยนไปจากที่แสดงก่อนหน้า (มีการแก้ทะเบียนระหว่างนั้น) ยังไม่ได้นำเข้า — ตรวจผลใหม่แล้วยืนยันอีกครั้ง",
                "The file now checks differently than in the preview (the register changed meanwhile); nothing was imported — review the new preview and confirm again"))
        return preview, import_preview(preview, only_good=only_good)


# --- the template ---------------------------------------------------------------------------

def template_workbook() -> bytes:
    """The XLSX users fill in: Thai headers, one example row (skipped on import), a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "ข้อมูล"
    ws.append([neutralise_cell(c.th) for c in COLUMNS])
    example = {
        "registration_no": f"{EXAMPLE_MARK}-0001",
        "name": "สหกรณ์การเกษตรตัวอย่าง จำกัด",
        "coop_type": "สหกรณ์การเกษตร",
        "province": "ปทุมธานี",
        "office": "",
        "board_size": 15,
        "accounting_year": 2566,
        "closing_date": "31/03/2566",
        "members": 1200,
        "active_members": 700,
        "accumulated_profit_loss": -250000,
        "profit_this_year": 35000.5,
        "strength_level": 2,
        "line:deposits": 500,
        "line:credit": 420,
        "line:supplies": 300,
    }
    ws.append([neutralise_cell(example.get(c.key)) if example.get(c.key) != "" else None for c in COLUMNS])
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=index).font = bold
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.th) + 4)
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("คำอธิบาย")
    notes.append([neutralise_cell(x) for x in ("คอลัมน์", "Column", "จำเป็น / Required", "คำอธิบาย", "Notes")])
    for column in COLUMNS:
        notes.append([neutralise_cell(x) for x in (
            column.th, column.en, "จำเป็น / required" if column.required else "เว้นว่างได้ / optional",
            column.note_th, column.note_en)])
    notes.append([])
    general = [
        ("แถวที่ 2 ของแผ่นงาน \"ข้อมูล\" เป็นตัวอย่าง: เลขทะเบียนขึ้นต้นด้วย \"ตัวอย่าง\" ระบบจะข้ามให้ ลบออกหรือเขียนทับได้",
         "Row 2 of the sheet \"ข้อมูล\" is an example: its registration number starts with \"ตัวอย่าง\" and is skipped; delete or overwrite it"),
        ("หนึ่งแถวต่อสหกรณ์ต่อปีบัญชี สหกรณ์เดียวกันหลายปีบัญชีใช้เลขทะเบียนเดียวกัน",
         "One row per cooperative and accounting year; several years of one cooperative share its registration number"),
        ("วันที่ใส่เป็น พ.ศ. (31/03/2566) หรือ ค.ศ. (2023-03-31) หรือเป็นวันที่ของ Excel ก็ได้",
         "Dates may be Buddhist Era (31/03/2566), Common Era (2023-03-31) or Excel dates"),
        ("บันทึกเป็น .xlsx หรือ \"CSV UTF-8\" (CSV ธรรมดาของ Excel ภาษาไทยเป็น cp874 ให้เลือกการเข้ารหัส cp874 ตอนอัปโหลด)",
         "Save as .xlsx or \"CSV UTF-8\" (plain CSV from Thai Excel is cp874: choose cp874 when uploading)"),
        ("ถ้ามีแถวผิด ระบบจะแสดงทุกแถวพร้อมเหตุผล และยังไม่นำเข้าจนกว่าไฟล์จะถูกต้อง หรือท่านเลือกนำเข้าเฉพาะแถวที่ถูกต้อง",
         "Bad rows are all listed with their reasons; nothing is imported until the file is clean, or until you choose to import only the good rows"),
        ("ประเภทสหกรณ์: " + ", ".join(t.name_th for t in reference.coop_types()),
         "Cooperative types: " + ", ".join(f"{t.name_th} ({t.code})" for t in reference.coop_types())),
        ("กรุงเทพมหานคร: ระบุสำนักงาน สสพ.1 หรือ สสพ.2", "Bangkok: name the office, สสพ.1 or สสพ.2"),
    ]
    for th, en in general:
        notes.append([neutralise_cell(th), None, None, None, neutralise_cell(en)])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 28
    notes.column_dimensions["C"].width = 20
    notes.column_dimensions["D"].width = 60
    notes.column_dimensions["E"].width = 60
    for cell in notes[1]:
        cell.font = bold
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
