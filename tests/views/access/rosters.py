"""Rosters: the bureau, the cohort's centre and the provincial users of its cooperatives' offices read;
centre staff, the centre director and the bureau administrator write; downloads with names stay in the centre."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, url_for

from . import ALL_SIGNED_IN, Entry, pick

WRITERS = frozenset({"centre_staff", "centre_director", "bureau_admin"})
CENTRE = frozenset({"centre_staff", "centre_director"})


def _cohort_id(w, side):
    return pick(w, side, w.cohort, w.other_cohort).id


def _trainee_id(w, side):
    return pick(w, side, w.trainee, w.other_trainee).id


def _trainee_form(w):
    return {"cooperative": str(w.coop.id), "prefix": "นาย", "first_name": "สิทธิ์", "last_name": "ตรวจสอบ",
            "role": "board", "position": "กรรมการ", "age_band": "40_49"}


def _clean_csv(w) -> bytes:
    return ("คำนำหน้า,ชื่อ,นามสกุล,บทบาท,ตำแหน่ง\n"
            "นาง,มาลี,ตรวจสิทธิ์,กรรมการดำเนินการ,เหรัญญิก\n").encode("utf-8")


def _staged_upload(w, side) -> str:
    """One upload kept for every user of a side under that side's cohort (a token opens only its owner's copy)."""
    import secrets

    from portal.services.tabular import UploadStore

    if not current_app.config.get("ROSTER_UPLOAD_DIR"):
        current_app.config["ROSTER_UPLOAD_DIR"] = str(Path(tempfile.gettempdir()) / "portal-access-matrix-rosters")
    cohort_id = _cohort_id(w, side)
    store = UploadStore(Path(current_app.config["ROSTER_UPLOAD_DIR"]) / str(cohort_id))
    token = secrets.token_urlsafe(24)
    for user in (w.users if side == "own" else w.other_users).values():
        store.save(user.id, _clean_csv(w), "matrix.csv", "auto", token=token)
    return token


def _upload_form(w):
    import io

    return {"file": (io.BytesIO(_clean_csv(w)), "roster.csv"), "encoding": "auto"}


def _confirm_form(w):
    from portal.services.rosters import build_preview

    return {"mode": "all", "fingerprint": build_preview(_clean_csv(w), "matrix.csv", "auto", w.cohort).fingerprint}


def _url(endpoint, **extra):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort_id(w, side), **extra)


def _trainee_url(endpoint):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort_id(w, side), trainee_id=_trainee_id(w, side))


ENTRIES = [
    Entry("rosters.roster", allowed=ALL_SIGNED_IN, scoped=True, url=_url("rosters.roster")),
    Entry("rosters.trainee_new", allowed=WRITERS, scoped=True, url=_url("rosters.trainee_new")),
    Entry("rosters.trainee_new", "POST", allowed=WRITERS, scoped=True, url=_url("rosters.trainee_new"),
          data=_trainee_form),
    Entry("rosters.trainee_edit", allowed=WRITERS, scoped=True, url=_trainee_url("rosters.trainee_edit")),
    Entry("rosters.trainee_edit", "POST", allowed=WRITERS, scoped=True, url=_trainee_url("rosters.trainee_edit"),
          data=lambda w: {**_trainee_form(w), "prefix": "นาง", "first_name": "สมใจ", "last_name": "ทดสอบ"}),
    Entry("rosters.trainee_delete", allowed=WRITERS, scoped=True, url=_trainee_url("rosters.trainee_delete")),
    Entry("rosters.trainee_delete", "POST", allowed=WRITERS, scoped=True, url=_trainee_url("rosters.trainee_delete")),
    Entry("rosters.gender_field", allowed=WRITERS, scoped=True, url=_url("rosters.gender_field", prefix="นาย")),
    Entry("rosters.download", allowed=CENTRE, scoped=True, url=_url("rosters.download", fmt="xlsx")),
    Entry("rosters.import_template", allowed=WRITERS, scoped=True, url=_url("rosters.import_template")),
    Entry("rosters.import_upload", allowed=WRITERS, scoped=True, url=_url("rosters.import_upload")),
    Entry("rosters.import_upload", "POST", allowed=WRITERS, scoped=True, url=_url("rosters.import_upload"),
          data=_upload_form),
    # The token opens only its owner's upload, under its own cohort.
    Entry("rosters.import_preview", allowed=WRITERS, scoped=True,
          url=lambda w, side: url_for("rosters.import_preview", cohort_id=_cohort_id(w, side),
                                      token=_staged_upload(w, side))),
    Entry("rosters.import_confirm", "POST", allowed=WRITERS, scoped=True, data=_confirm_form,
          url=lambda w, side: url_for("rosters.import_confirm", cohort_id=_cohort_id(w, side),
                                      token=_staged_upload(w, side))),
]
