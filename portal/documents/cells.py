"""How a table cell reads in a PDF or DOCX: numbers formatted per Column.kind, dates in the Buddhist Era.

XLSX and CSV keep numbers as numbers (portal.exports); the printed formats show text,
so the one formatting rule lives here for both.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

from portal.domain.thaidates import format_date, format_number
from portal.exports import Column, Table, is_count

NUMERIC_KINDS = {"int": 0, "amount": 2, "decimal": 2, "percent": 2, "number": 2}  # number: 0 for an int (a count)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: object) -> str:
    """NFC text without the control characters a DOCX cannot hold and a PDF would show as boxes
    (tabs and line breaks stay)."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool)


def format_cell(column: Column, value: Any) -> str:
    """The text a printed table shows: "1,200", "45,600.00", "85.50", "10" (a count in a number column),
    "15 มี.ค. 2566", or the text itself."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float) and value != value:  # NaN
        return "–"
    if column.kind == "number" and _is_number(value):
        return format_number(value, 0 if is_count(value) else 2)
    if column.kind in NUMERIC_KINDS and _is_number(value):
        return format_number(value, NUMERIC_KINDS[column.kind])
    if isinstance(value, dt.datetime):
        return f"{format_date(value.date())} {value:%H.%M} น."
    if isinstance(value, dt.date):
        return format_date(value)
    if _is_number(value):
        return format_number(value, 0 if isinstance(value, int) or value == int(value) else 2)
    return clean_text(value)


def align_right(column: Column, value: Any) -> bool:
    """Numbers sit right in their column, and so do the dashes and notes standing in for them."""
    return column.kind in NUMERIC_KINDS


def text_rows(table: Table) -> tuple[list[str], list[list[str]], list[str] | None]:
    """(headers, body rows, totals row or None) as printed text."""
    headers = [clean_text(c.header) for c in table.columns]
    body = [[format_cell(c, v) for c, v in zip(table.columns, row)] for row in table.rows]
    totals = None
    if table.has_totals:
        totals = [format_cell(c, v) for c, v in zip(table.columns, table.totals())]
    return headers, body, totals
