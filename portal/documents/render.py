"""One Document, four file formats: the web download and ``flask report`` both call :func:`render`.

``render(doc, fmt)`` returns ``(bytes, mimetype, filename)``; the file name is built from
``doc.filename_stem`` (server-built, then kept to safe characters) and the format's
extension. CSV is one file when the document has exactly one table and a zip of tables
(plus ``memorandum.csv``) otherwise. No Flask here.
"""
from __future__ import annotations

import re
import unicodedata

from portal.documents.model import Document
from portal.documents.pdf import render_pdf
from portal.documents.sheets import render_csv_zip, render_xlsx
from portal.documents.word import render_docx
from portal.exports import csv_bytes

__all__ = ["FORMATS", "MIMETYPES", "render", "render_pdf", "render_docx", "render_xlsx", "render_csv_zip",
           "render_csv", "filename"]

FORMATS = ("xlsx", "csv", "pdf", "docx")
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


def filename(doc: Document, extension: str) -> str:
    """``<stem>.<extension>``: Thai letters, digits, dot, dash and underscore kept, the rest "_"."""
    stem = unicodedata.normalize("NFC", doc.filename_stem or "")
    cleaned = re.sub(r"[^\w\u0E00-\u0E7F.\-]+", "_", stem, flags=re.UNICODE).strip("._")[:120] or "report"
    return f"{cleaned}.{extension}"


def render_csv(doc: Document) -> tuple[bytes, str, str]:
    """One table → that table's CSV; none or several → the zip of CSV files."""
    tables = doc.tables()
    if len(tables) == 1:
        return csv_bytes(tables[0]), MIMETYPES["csv"], filename(doc, "csv")
    return render_csv_zip(doc), MIMETYPES["zip"], filename(doc, "zip")


def render(doc: Document, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, mimetype, file name) of ``doc`` in ``fmt`` (one of FORMATS)."""
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "xlsx":
        return render_xlsx(doc), MIMETYPES["xlsx"], filename(doc, "xlsx")
    if fmt == "pdf":
        return render_pdf(doc), MIMETYPES["pdf"], filename(doc, "pdf")
    if fmt == "docx":
        return render_docx(doc), MIMETYPES["docx"], filename(doc, "docx")
    raise ValueError(f"unknown document format: {fmt!r} (one of {', '.join(FORMATS)})")
