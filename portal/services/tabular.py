"""Reading uploaded tables (XLSX, or CSV in UTF-8 or cp874) for the importers, and keeping uploads.

Plain Python, no Flask. Shared by the cooperative register import
(``portal.services.register_import``) and the roster import
(``portal.services.rosters``):

- ``read_rows(data, filename, encoding, max_rows)`` gives ``[(line, [cells])]``
  with blank rows dropped and the encoding used (xlsx | utf-8 | cp874); Thai
  Excel saves "CSV" in cp874 (TIS-620), so ``auto`` tries strict UTF-8 (with or
  without BOM) first, then cp874. A file that cannot be read at all raises
  :class:`ImportFileError` whose Thai + English message names the fix.
- ``cell_text``, ``parse_cell_date`` (Buddhist-Era text, ISO, Excel dates and
  serials), ``looks_garbled`` (mojibake), ``header_key`` (header matching).
- :class:`UploadStore` keeps uploaded bytes between the preview and the
  confirmation, bound to the user who uploaded them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import parse_be_date
from portal.domain.thaitext import normalize_text

__all__ = [
    "RowError",
    "ENCODINGS",
    "THAI_DIGITS",
    "CellError",
    "ImportFileError",
    "ImportRefused",
    "StoredUpload",
    "UploadStore",
    "cell_text",
    "csv_rows",
    "decode_csv",
    "header_key",
    "is_blank",
    "looks_garbled",
    "msg",
    "parse_cell_date",
    "read_rows",
    "xlsx_rows",
]

ENCODINGS = ("auto", "utf-8", "cp874")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def msg(th: str, en: str, fld: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, fld)


@dataclass(frozen=True)
class RowError:
    """One refused row of an imported file: its line, the column concerned, and why."""

    line: int  # 1-based line of the file (the sheet row of an XLSX)
    column: str  # the header as written in the file ("" for the row as a whole)
    message: BilingualMessage


class ImportFileError(ValueError):
    """The file as a whole cannot be read; ``.message`` is a BilingualMessage."""

    def __init__(self, message: BilingualMessage):
        self.message = message
        super().__init__(str(message))


class ImportRefused(ValueError):
    """Nothing was written; ``.message`` says why and what to do."""

    def __init__(self, message: BilingualMessage):
        self.message = message
        super().__init__(str(message))


class CellError(ValueError):
    """One cell cannot be read; ``.message`` is a BilingualMessage."""

    def __init__(self, message: BilingualMessage):
        self.message = message
        super().__init__(str(message))


# --- decoding -----------------------------------------------------------------------

_WRONG_UTF8 = msg(
    "ไฟล์นี้ไม่ได้เข้ารหัสแบบ UTF-8 (น่าจะเป็น cp874/TIS-620 ที่ Excel ภาษาไทยบันทึกเป็น CSV) — "
    "เลือกการเข้ารหัส cp874 แล้วอัปโหลดใหม่ หรือใน Excel ใช้ บันทึกเป็น \"CSV UTF-8\"",
    "This file is not UTF-8 (probably cp874/TIS-620, which Thai Excel saves as CSV) — "
    "choose the cp874 encoding and upload again, or in Excel use Save As \"CSV UTF-8\"",
)
_WRONG_CP874 = msg(
    "ไฟล์นี้เข้ารหัสแบบ UTF-8 ไม่ใช่ cp874 — เลือกการเข้ารหัส UTF-8 หรือ อัตโนมัติ แล้วอัปโหลดใหม่",
    "This file is UTF-8, not cp874 — choose UTF-8 or automatic and upload again",
)
_UNREADABLE = msg(
    "อ่านไฟล์ไม่ได้ทั้งแบบ UTF-8 และ cp874 — ใน Excel ใช้ บันทึกเป็น \"CSV UTF-8\" หรือ \"Excel Workbook (.xlsx)\"",
    "The file is neither UTF-8 nor cp874 — in Excel use Save As \"CSV UTF-8\" or \"Excel Workbook (.xlsx)\"",
)


def decode_csv(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Decode CSV bytes; return (text, encoding used). Raise ImportFileError with the fix.

    auto: UTF-8 (with or without BOM, strictly), then cp874 (TIS-620, Thai Excel's
    CSV). An explicit choice that does not fit the bytes is refused, never guessed.
    """
    if encoding not in ENCODINGS:
        raise ImportFileError(msg(f"ไม่รู้จักการเข้ารหัส {encoding}", f"Unknown encoding {encoding}"))
    utf8 = None
    try:
        utf8 = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if encoding in ("auto", "utf-8"):
        if utf8 is not None:
            return utf8, "utf-8"
        if encoding == "utf-8":
            raise ImportFileError(_WRONG_UTF8)
    # cp874 asked for, or auto after UTF-8 failed
    if encoding == "cp874" and utf8 is not None and not utf8.isascii():
        raise ImportFileError(_WRONG_CP874)
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError:
        raise ImportFileError(_UNREADABLE) from None


def csv_rows(text: str) -> Iterable[tuple[int, list]]:
    """(line of the file where the record starts, cells); the delimiter is sniffed (, ; tab)."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t")
        delimiter = dialect.delimiter
    except (csv.Error, IndexError):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for values in reader:
        yield start, values
        start = reader.line_num + 1


def xlsx_rows(data: bytes) -> Iterable[tuple[int, list]]:
    """(sheet row, cell values) of the first worksheet."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            msg("เปิดไฟล์ Excel ไม่ได้ — บันทึกใหม่เป็น \"Excel Workbook (.xlsx)\" แล้วลองอีกครั้ง",
                "The Excel file cannot be opened — save it again as \"Excel Workbook (.xlsx)\" and retry")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(data: bytes, filename: str, encoding: str, max_rows: int) -> tuple[list[tuple[int, list]], str]:
    """Every non-blank row of an XLSX or CSV upload, and the encoding used (xlsx | utf-8 | cp874).

    Raises ImportFileError for an empty file, an old .xls, an unreadable
    encoding, or more than ``max_rows`` data rows.
    """
    if not data:
        raise ImportFileError(msg("ไฟล์ว่างเปล่า — เลือกไฟล์ที่มีข้อมูล", "The file is empty — choose a file with data"))
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        rows, used = list(xlsx_rows(data)), "xlsx"
    elif data[:4] == b"\xd0\xcf\x11\xe0" or name.endswith(".xls"):
        raise ImportFileError(msg(
            "ไฟล์ .xls แบบเก่าใช้ไม่ได้ — ใน Excel บันทึกเป็น \"Excel Workbook (.xlsx)\" หรือ \"CSV UTF-8\"",
            "Old .xls files are not supported — in Excel save as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\""))
    else:
        text, used = decode_csv(data, encoding)
        rows = list(csv_rows(text))
    rows = [(line, values) for line, values in rows if not all(is_blank(v) for v in values)]
    if len(rows) > max_rows + 10:
        raise ImportFileError(msg(
            f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว — แบ่งเป็นหลายไฟล์",
            f"The file has more than {max_rows:,} rows — split it into several files"))
    return rows, used


# --- cells -----------------------------------------------------------------------------

# UTF-8 Thai read as cp874 ("เธชเธซเธ…"), as cp1252/latin-1 ("à¸ªà¸«"), replacement
# characters, or Thai lost to question marks by a non-Thai Excel.
_GARBLED_RE = re.compile(
    "\ufffd|à¸|à¹|Ã[\u0080-\u00bf]|(?:เ[ธน][\u0080-\u00ff\u2013-\u203a\u20ac\u0e01-\u0e1f]){3,}|\\?{3,}"
)


def looks_garbled(text: str) -> bool:
    """True for mojibake: text decoded with the wrong encoding somewhere along the way."""
    return bool(text) and bool(_GARBLED_RE.search(text))


def cell_text(value) -> str:
    """A cell as normalised text: whole floats without ".0", dates in ISO, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return normalize_text(str(value))


def parse_cell_date(value) -> dt.date | None:
    """A date cell: Buddhist-Era or ISO text, an Excel date, or an Excel serial typed as a number.

    None when blank; CellError with the Thai + English fix otherwise.
    """
    if is_blank(value):
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 <= value <= 80_000:
            from openpyxl.utils.datetime import from_excel  # an Excel serial typed as a number

            return parse_be_date(from_excel(value))
        return parse_be_date(value if isinstance(value, (dt.date, str)) else str(value))
    except ValueError as exc:
        th, _, en = str(exc).partition(" / ")
        raise CellError(msg(th, en or th)) from None


_HEADER_STRIP_RE = re.compile(r"[\s()\[\]/:._\-*\"'’,]+")


def header_key(text) -> str:
    """A header (or a name looked up by it) reduced for matching: case, spaces and punctuation ignored."""
    return _HEADER_STRIP_RE.sub("", normalize_text("" if text is None else str(text)).casefold())


# --- keeping the upload between preview and confirmation ----------------------------------


@dataclass(frozen=True)
class StoredUpload:
    token: str
    user_id: int
    filename: str
    encoding: str
    created: float
    data: bytes


class UploadStore:
    """Uploaded files kept on the server, one folder per user, under random tokens.

    A token only opens the upload of the user who made it; anything older than
    ``max_age`` seconds is deleted on the next save.
    """

    TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

    def __init__(self, root: Path | str, max_age: float = 24 * 3600):
        self.root = Path(root)
        self.max_age = max_age

    def _paths(self, user_id: int, token: str) -> tuple[Path, Path]:
        folder = self.root / str(int(user_id))
        return folder / f"{token}.bin", folder / f"{token}.json"

    def save(self, user_id: int, data: bytes, filename: str, encoding: str, token: str | None = None) -> str:
        """Keep the bytes; return the token (a new random one unless given)."""
        self.purge_old()
        token = token or secrets.token_urlsafe(24)
        if not self.TOKEN_RE.match(token):
            raise ValueError("bad upload token")
        data_path, meta_path = self._paths(user_id, token)
        data_path.parent.mkdir(parents=True, exist_ok=True)
        data_path.write_bytes(data)
        meta_path.write_text(
            json.dumps({"filename": filename[:200], "encoding": encoding, "created": time.time()}), encoding="utf-8"
        )
        return token

    def load(self, user_id: int, token: str) -> StoredUpload | None:
        if not token or not self.TOKEN_RE.match(token):
            return None
        data_path, meta_path = self._paths(user_id, token)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = data_path.read_bytes()
        except (OSError, ValueError):
            return None
        if time.time() - meta.get("created", 0) > self.max_age:
            self.discard(user_id, token)
            return None
        return StoredUpload(token, int(user_id), meta.get("filename", ""), meta.get("encoding", "auto"),
                            meta.get("created", 0), data)

    def discard(self, user_id: int, token: str) -> None:
        if not token or not self.TOKEN_RE.match(token):
            return
        for path in self._paths(user_id, token):
            path.unlink(missing_ok=True)

    def purge_old(self) -> None:
        if not self.root.is_dir():
            return
        limit = time.time() - self.max_age
        for path in self.root.glob("*/*"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass
