"""Documents the offices file (DOMAIN.md, "Paperwork the offices file"), as plain data.

A :class:`Document` is what a report *says* — an optional memorandum (บันทึกข้อความ),
headings, paragraphs, tables (``portal.exports.Table``) and chart images — and
knows nothing of its file format. The renderers in this package turn one
Document into XLSX, CSV (a zip of tables), PDF or DOCX, so the web download and
the ``flask report`` command write the same bytes. No Flask here.
"""
from portal.documents.model import (  # noqa: F401
    Block,
    Document,
    Heading,
    Image,
    Memorandum,
    Paragraph,
    Signature,
    TableBlock,
)

# The renderers (portal.documents.render) are imported from there, not here: importing the model
# must stay cheap for code that only builds documents.
