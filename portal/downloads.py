"""Downloads as attachments: server-built file names (Thai kept, RFC 5987) and no caching."""
from __future__ import annotations

import io
import re

from flask import send_file

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",  # Flask adds "; charset=utf-8" to text types
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "png": "image/png",
}


def safe_filename(stem: str) -> str:
    """Keep letters, digits, dot, dash and underscore — and all of Thai, whose vowel and tone marks
    are not "word" characters to Python; everything else becomes "_"."""
    cleaned = re.sub(r"[^\w\u0E00-\u0E7F.\-]+", "_", stem, flags=re.UNICODE).strip("._")
    return cleaned[:120] or "download"


def send_download(data: bytes, stem: str, kind: str):
    """``data`` as an attachment named ``<stem>.<kind>``, never cached."""
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[kind], as_attachment=True,
                         download_name=f"{safe_filename(stem)}.{kind}", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
