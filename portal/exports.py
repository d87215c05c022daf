"""The one place that writes spreadsheet files (XLSX and CSV) for downloads.

Every text cell — headers, titles and values — is neutralised against formula
injection: a text starting with ``= + - @``, tab, CR or LF gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it. Numbers
stay numbers. CSV is UTF-8 with a BOM so Excel shows Thai. No Flask here:
``portal.downloads.send_download`` turns the bytes into a response.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["FORMULA_START", "neutralise_cell", "is_count", "number_format", "Column", "Table", "csv_bytes",
           "xlsx_bytes", "add_sheet", "add_fields_sheet", "new_workbook", "workbook_bytes"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    # text | int | amount (#,##0.00) | decimal (0.00) | percent (value already ×100, 0.00) | date
    # | number (per value: an int, a count, reads "10"; a Decimal or float, e.g. a percent, "85.00")
    kind: str = "text"
    width: float | None = None
    total: bool = False  # summed in the totals row (รวม)


@dataclass
class Table:
    """One table of a download: titles above, Thai headers, rows, and an optional totals row."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    subtitles: Sequence[str] = field(default_factory=tuple)  # e.g. the centre, the fiscal year
    as_of: str = ""  # "ข้อมูล ณ วันที่ 15 มีนาคม 2566"
    sheet_name: str = ""
    totals_label: str = "รวม"

    @property
    def has_totals(self) -> bool:
        return any(c.total for c in self.columns)

    def totals(self) -> list[Any]:
        out: list[Any] = []
        for index, column in enumerate(self.columns):
            if column.total:
                values = [r[index] for r in self.rows if r[index] not in (None, "")]
                if all(is_count(v) for v in values):
                    out.append(sum(values, 0))  # counts add up to a count (a "number" column prints it whole)
                else:
                    out.append(sum((Decimal(str(v)) for v in values), Decimal(0)))
            else:
                out.append("")
        if out and out[0] == "":
            out[0] = self.totals_label
        return out


_NUMBER_FORMATS = {"int": "#,##0", "amount": "#,##0.00", "decimal": "0.00", "percent": "0.00", "date": "dd/mm/yyyy"}


def is_count(value: Any) -> bool:
    """A whole-number count (an ``int``, not a bool): a "number" column prints it without decimals,
    while a Decimal or float in the same column (a percent, an average) keeps two."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def number_format(kind: str, value: Any) -> str | None:
    """The XLSX number format of a cell of a column of ``kind``: "number" gives "#,##0" to a count
    (an int) and "#,##0.00" to any other number; None for text (e.g. "ข้อมูลไม่พอ")."""
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
            return None
        return "#,##0" if is_count(value) else "#,##0.00"
    return _NUMBER_FORMATS.get(kind)


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # Control characters cannot live in a worksheet: drop them first, then neutralise what is left
        # (so "\x1f=…" cannot turn into a formula once the control character is gone).
        return neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, Decimal):
        return float(value)  # openpyxl writes numbers; two-decimal formats keep the display exact
    if isinstance(value, bool):
        return value
    return neutralise_cell(value)


def csv_bytes(table: Table) -> bytes:
    """The table as CSV, UTF-8 with BOM: headers, rows, the totals row; numbers unquoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(c.header) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else _csv_text(v) for v in row])
    if table.has_totals:
        writer.writerow([_csv_text(v) for v in table.totals()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _csv_text(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        value = _CONTROL.sub("", value)  # as in XLSX: no control characters hiding a formula behind them
    return neutralise_cell(value)


def add_sheet(workbook, table: Table) -> None:
    """Write one table on a new sheet: title rows, "ข้อมูล ณ วันที่", bold headers repeated when printed,
    rows with number formats, a bold totals row, column widths, A4 landscape fitted to the width."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(title=(table.sheet_name or table.title)[:31].replace("/", "-"))
    bold = Font(bold=True)
    row_no = 0
    for text in (table.title, *table.subtitles, table.as_of):
        if text:
            row_no += 1
            ws.cell(row=row_no, column=1, value=_cell_value(text)).font = Font(bold=row_no == 1,
                                                                                   size=14 if row_no == 1 else 11)
    row_no += 1
    header_row = row_no
    thin = Side(style="thin", color="999999")
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=_cell_value(column.header))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for values in table.rows:
        row_no += 1
        for index, (column, value) in enumerate(zip(table.columns, values), start=1):
            cell = ws.cell(row=row_no, column=index, value=_cell_value(value))
            fmt = number_format(column.kind, value)
            if fmt and value not in (None, ""):
                cell.number_format = fmt
    if table.has_totals:
        row_no += 1
        for index, (column, value) in enumerate(zip(table.columns, table.totals()), start=1):
            cell = ws.cell(row=row_no, column=index, value=_cell_value(value))
            cell.font = bold
            fmt = number_format(column.kind, value)
            if fmt and value != "":
                cell.number_format = fmt
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(column.header))] + [len(str(r[index - 1])) for r in table.rows[:500]
                                                    if r[index - 1] is not None])
        ws.column_dimensions[get_column_letter(index)].width = column.width or min(60, max(10, longest + 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def xlsx_bytes(*tables: Table) -> bytes:
    """A workbook with one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        add_sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_fields_sheet(workbook, sheet_name: str, title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A sheet of labelled texts (a memorandum's ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน, body, signature):
    a bold title, then one "label | text" row each, texts wrapped, A4 portrait fitted to the width.
    Labels and texts are neutralised like every other cell."""
    from openpyxl.styles import Alignment, Font

    ws = workbook.create_sheet(title=sheet_name[:31])
    ws.cell(row=1, column=1, value=_cell_value(title)).font = Font(bold=True, size=14)
    for row_no, (label, text) in enumerate(fields, start=3):
        label_cell = ws.cell(row=row_no, column=1, value=_cell_value(label))
        label_cell.font = Font(bold=True)
        label_cell.alignment = Alignment(vertical="top")
        ws.cell(row=row_no, column=2, value=_cell_value(text)).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def new_workbook():
    """An empty workbook to add sheets to (add_sheet, add_fields_sheet), then save with workbook_bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
