"""The cooperative register: everyone reads within their scope; the provincial officer (own office)
and the bureau administrator write; import is theirs too."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, url_for

from . import ALL_SIGNED_IN, Entry, pick

EDITORS = frozenset({"provincial_officer", "bureau_admin"})


def _coop_id(w, side):
    return pick(w, side, w.coop, w.other_coop).id


def _clean_csv(w) -> bytes:
    header = ("เลขทะเบียนสหกรณ์,ชื่อสหกรณ์,ประเภทสหกรณ์,จังหวัด,สำนักงาน,ปีบัญชี,วันสิ้นปีบัญชี,"
              "จำนวนสมาชิก,สมาชิกที่ทำธุรกิจกับสหกรณ์,กำไร(ขาดทุน)สะสม,กำไร(ขาดทุน)สุทธิประจำปี")
    row = f"M-001,สหกรณ์ตรวจสิทธิ์ จำกัด,สหกรณ์การเกษตร,{w.province.name_th},{w.office.short_th},2565,31/03/2565,100,70,0,0"
    return (header + "\n" + row + "\n").encode("utf-8")


def _staged_upload(w, side) -> str:
    """One upload kept for every user of a side (a token opens only its owner's copy)."""
    import secrets

    from portal.services.register_import import UploadStore

    if not current_app.config.get("REGISTER_UPLOAD_DIR"):
        current_app.config["REGISTER_UPLOAD_DIR"] = str(Path(tempfile.gettempdir()) / "portal-access-matrix-uploads")
    store = UploadStore(current_app.config["REGISTER_UPLOAD_DIR"])
    token = secrets.token_urlsafe(24)
    for user in (w.users if side == "own" else w.other_users).values():
        store.save(user.id, _clean_csv(w), "matrix.csv", "auto", token=token)
    return token


def _upload_form(w):
    import io

    return {"file": (io.BytesIO(_clean_csv(w)), "register.csv"), "encoding": "auto"}


def _confirm_form(w):
    from portal.services.register_import import build_preview

    return {"mode": "all", "fingerprint": build_preview(_clean_csv(w), "matrix.csv").fingerprint}


def _coop_form(w):
    return {"name": "สหกรณ์ทดสอบสิทธิ์ จำกัด", "registration_no": "ACL-1", "coop_type": str(w.coop.coop_type_id),
            "office": str(w.office.id), "board_size": "9"}


def _record_form(w):
    return {"accounting_year": "2566", "closing_date": "31/03/2566", "members": "100", "active_members": "60",
            "accumulated_profit_loss": "-1000", "profit_this_year": "500", "strength_level": "2"}


ENTRIES = [
    Entry("register.index", allowed=ALL_SIGNED_IN),
    Entry("register.centre", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("register.centre", id=pick(w, side, w.centre, w.other_centre).id)),
    Entry("register.province", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("register.province", id=pick(w, side, w.province, w.other_province).id)),
    Entry("register.cooperatives", allowed=ALL_SIGNED_IN),
    Entry("register.cooperative", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("register.cooperative", id=_coop_id(w, side))),
    Entry("register.cooperative_new", allowed=EDITORS),
    Entry("register.cooperative_new", "POST", allowed=EDITORS, data=_coop_form),
    Entry("register.cooperative_edit", allowed=EDITORS, scoped=True,
          url=lambda w, side: url_for("register.cooperative_edit", id=_coop_id(w, side))),
    Entry("register.cooperative_edit", "POST", allowed=EDITORS, scoped=True,
          data=lambda w: {**_coop_form(w), "registration_no": w.coop.registration_no},
          url=lambda w, side: url_for("register.cooperative_edit", id=_coop_id(w, side))),
    Entry("register.record_new", allowed=EDITORS, scoped=True,
          url=lambda w, side: url_for("register.record_new", id=_coop_id(w, side))),
    Entry("register.record_new", "POST", allowed=EDITORS, scoped=True, data=_record_form,
          url=lambda w, side: url_for("register.record_new", id=_coop_id(w, side))),
    Entry("register.record_edit", allowed=EDITORS, scoped=True,
          url=lambda w, side: url_for("register.record_edit", id=_coop_id(w, side), year=2565)),
    Entry("register.record_edit", "POST", allowed=EDITORS, scoped=True,
          data=lambda w: {**_record_form(w), "accounting_year": "2565", "closing_date": "31/03/2565"},
          url=lambda w, side: url_for("register.record_edit", id=_coop_id(w, side), year=2565)),
    Entry("register.import_template", allowed=EDITORS),
    Entry("register.import_upload", allowed=EDITORS),
    Entry("register.import_upload", "POST", allowed=EDITORS, data=_upload_form),
    # The token opens only its owner's upload: another user's token is 404.
    Entry("register.import_preview", allowed=EDITORS, scoped=True,
          url=lambda w, side: url_for("register.import_preview", token=_staged_upload(w, side))),
    Entry("register.import_confirm", "POST", allowed=EDITORS, scoped=True, data=_confirm_form,
          url=lambda w, side: url_for("register.import_confirm", token=_staged_upload(w, side))),
]
