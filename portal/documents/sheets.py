"""A Document as spreadsheets: an XLSX workbook, or CSV files (one per table) in a zip.

Everything is written through ``portal.exports`` — the one place that writes XLSX and
CSV, and neutralises every text cell against formula injection while numbers stay
numbers. The memorandum, when there is one, becomes a first sheet "บันทึกข้อความ" (and
``memorandum.csv``); headings and paragraphs, when the report has any, a sheet
"รายงาน". Sheet names are unique (as Excel compares them, ignoring case), at most 31
characters and free of ``[]:*?/\\``. No Flask here.
"""
from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable

from portal.documents.model import Document, Heading, Image, Memorandum, Paragraph
from portal.documents.thaiwrap import wrap
from portal.exports import Column, Table, add_fields_sheet, add_sheet, csv_bytes, new_workbook, workbook_bytes

MEMO_SHEET = "บันทึกข้อความ"
TEXT_SHEET = "รายงาน"
MEMO_CSV = "memorandum.csv"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_FILE_BAD = re.compile(r"[^\w\u0E00-\u0E7F.\-]+", flags=re.UNICODE)


def sheet_name(raw: str, used: set[str], fallback: str) -> str:
    """A name Excel accepts — ≤ 31 characters, none of []:*?/\\, no apostrophe at either end —
    unique among ``used`` (compared without case), which it is added to."""
    name = _SHEET_BAD.sub("-", unicodedata.normalize("NFC", raw or "")).strip().strip("'").strip()
    name = _cut(name, 31).strip("'") or fallback
    candidate, number = name, 1
    while candidate.casefold() in used or candidate.casefold() == "history":
        number += 1
        suffix = f" ({number})"
        candidate = _cut(name, 31 - len(suffix)) + suffix
    used.add(candidate.casefold())
    return candidate


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut where a line could break (never inside a Thai cluster)."""
    if len(text) <= limit:
        return text.strip()
    return (wrap(text, limit, len) or [""])[0].strip()[:limit]


def memorandum_fields(memo: Memorandum) -> list[tuple[str, str]]:
    """The memorandum as (label, text) pairs, in the order of the printed form."""
    fields = [("ส่วนราชการ", memo.agency), ("ที่", memo.reference), ("วันที่", memo.date_text),
              ("เรื่อง", memo.subject), ("เรียน", memo.to)]
    if memo.attachments:
        many = len(memo.attachments) > 1
        fields.append(("สิ่งที่ส่งมาด้วย", "\n".join(f"{n}. {a}" if many else a
                                                     for n, a in enumerate(memo.attachments, start=1))))
    for number, paragraph in enumerate(memo.body):
        fields.append(("ข้อความ" if number == 0 else "", paragraph))
    fields += [("ลงชื่อ", memo.signature.name), ("ตำแหน่ง", memo.signature.position)]
    return fields


def text_fields(doc: Document) -> list[tuple[str, str]]:
    """The report's title lines, headings, paragraphs and chart captions as (label, text) pairs."""
    fields: list[tuple[str, str]] = [("ชื่อรายงาน", doc.title)]
    fields += [("", s) for s in doc.subtitles]
    if doc.as_of:
        fields.append(("", doc.as_of))
    for block in doc.blocks:
        if isinstance(block, Heading):
            fields.append(("หัวข้อ", block.text))
        elif isinstance(block, Paragraph):
            fields.append(("", block.text))
        elif isinstance(block, Image) and block.alt:
            fields.append(("แผนภูมิ", block.alt))
    return fields


def _has_text(doc: Document) -> bool:
    return any(isinstance(b, (Paragraph, Heading)) for b in doc.blocks)


def named_tables(doc: Document, used: set[str] | None = None) -> list[Table]:
    """The document's tables, each with a safe unique sheet name and the document's titling
    where the table has none of its own ("ข้อมูล ณ วันที่", subtitles)."""
    used = set() if used is None else used
    out = []
    for number, table in enumerate(doc.tables(), start=1):
        name = sheet_name(table.sheet_name or table.title, used, f"ตาราง {number}")
        out.append(dataclasses.replace(table, sheet_name=name, as_of=table.as_of or doc.as_of,
                                       subtitles=tuple(table.subtitles) or tuple(doc.subtitles)))
    return out


def render_xlsx(doc: Document) -> bytes:
    """The workbook: "บันทึกข้อความ" first when there is a memorandum, "รายงาน" when there is text,
    then one sheet per table (title rows, ข้อมูล ณ วันที่, headers, number formats, รวม, A4 landscape)."""
    workbook = new_workbook()
    used: set[str] = set()
    if doc.memorandum is not None:
        add_fields_sheet(workbook, sheet_name(MEMO_SHEET, used, MEMO_SHEET), MEMO_SHEET,
                         memorandum_fields(doc.memorandum))
    tables = doc.tables()
    if _has_text(doc) or (not tables and doc.memorandum is None):
        add_fields_sheet(workbook, sheet_name(TEXT_SHEET, used, TEXT_SHEET), doc.title, text_fields(doc))
    for table in named_tables(doc, used):
        add_sheet(workbook, table)
    return workbook_bytes(workbook)


def _fields_table(title: str, fields: Iterable[tuple[str, str]]) -> Table:
    return Table(title=title, columns=(Column("หัวข้อ"), Column("ข้อความ")), rows=list(fields))


def csv_files(doc: Document) -> list[tuple[str, bytes]]:
    """(file name, CSV bytes) for the zip: memorandum.csv when there is one, then NN_<sheet>.csv per table.
    File names are built here: Thai letters, digits, dot, dash and underscore only."""
    files: list[tuple[str, bytes]] = []
    if doc.memorandum is not None:
        files.append((MEMO_CSV, csv_bytes(_fields_table(MEMO_SHEET, memorandum_fields(doc.memorandum)))))
    tables = named_tables(doc)
    if not tables and doc.memorandum is None:
        files.append(("report.csv", csv_bytes(_fields_table(doc.title, text_fields(doc)))))
    for number, table in enumerate(tables, start=1):
        stem = _FILE_BAD.sub("_", table.sheet_name).strip("._")[:60] or "table"
        files.append((f"{number:02d}_{stem}.csv", csv_bytes(table)))
    return files


def render_csv_zip(doc: Document) -> bytes:
    """A zip of UTF-8-with-BOM CSV files, one per table (+ memorandum.csv when present)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(doc):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
