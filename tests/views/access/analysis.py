"""Analysis of target cooperatives: the bureau, the cooperative's centre and its office read; the centre's
staff and director write (a target cooperative only) and attach files."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, url_for

from . import ALL_SIGNED_IN, Entry, pick

WRITERS = frozenset({"centre_staff", "centre_director"})
PDF = b"%PDF-1.4\n%%EOF\n"


def _coop(w, side):
    return pick(w, side, w.coop, w.other_coop)


def _upload_dir() -> Path:
    if not current_app.config.get("ANALYSIS_UPLOAD_DIR"):
        current_app.config["ANALYSIS_UPLOAD_DIR"] = tempfile.mkdtemp(prefix="portal-access-analysis-")
    return Path(current_app.config["ANALYSIS_UPLOAD_DIR"])


def _analysis(w, side):
    from portal.models import CooperativeAnalysis

    analysis, _created = CooperativeAnalysis.get_or_create(year=w.year, cooperative=_coop(w, side))
    return analysis


def _file_id(w, side) -> int:
    """A file of each side's analysis, made on first use (and again after a delete)."""
    import secrets

    from portal.models import AnalysisFile

    analysis = _analysis(w, side)
    row = AnalysisFile.get_or_none(AnalysisFile.analysis == analysis.id)
    if row is None:
        stored = f"{secrets.token_hex(16)}.pdf"
        root = _upload_dir()
        root.mkdir(parents=True, exist_ok=True)
        (root / stored).write_bytes(PDF)
        row = AnalysisFile.create(analysis=analysis, original_name="matrix.pdf", stored_name=stored,
                                  content_type="application/pdf", size=len(PDF))
    return row.id


def _coop_url(endpoint, suffix_analysis=False):
    def build(w, side):
        if suffix_analysis:
            _analysis(w, side)
        return url_for(endpoint, year=2566, coop_id=_coop(w, side).id)
    return build


def _upload_form(w):
    import io

    _upload_dir()
    return {"kind": "other", "file": (io.BytesIO(PDF), "matrix.pdf")}


ENTRIES = [
    Entry("analysis.index", allowed=ALL_SIGNED_IN),
    Entry("analysis.centre", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("analysis.centre", id=pick(w, side, w.centre, w.other_centre).id)),
    Entry("analysis.detail", allowed=ALL_SIGNED_IN, scoped=True, url=_coop_url("analysis.detail")),
    Entry("analysis.edit", allowed=WRITERS, scoped=True, url=_coop_url("analysis.edit")),
    Entry("analysis.edit", "POST", allowed=WRITERS, scoped=True, url=_coop_url("analysis.edit"),
          data={"annual_report": "ทดสอบสิทธิ์", "problem": "ปัญหา", "action": "save"}),
    Entry("analysis.upload", "POST", allowed=WRITERS, scoped=True, url=_coop_url("analysis.upload", True),
          data=_upload_form),
    Entry("analysis.download", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("analysis.download", id=_file_id(w, side))),
    Entry("analysis.delete_file", "POST", allowed=WRITERS, scoped=True,
          url=lambda w, side: url_for("analysis.delete_file", id=_file_id(w, side))),
]
