"""The bureau's view of the questionnaires: instruments and versions, a phone preview, paper copies."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth import current_user, roles_required
from portal.i18n import current_language
from portal.instruments import expand, format_be_date, sample_context
from portal.models import Instrument, InstrumentVersion
from portal.models.responses import PrivacyNotice
from portal.services import respond as respond_service
from portal.services.instruments import version_definition, version_usage

bp = Blueprint("instruments", __name__, url_prefix="/instruments")

BUREAU = ("bureau_admin", "bureau_exec")
# Centre people print paper copies for trainees and preview what trainees will see.
PRINTERS = (*BUREAU, "centre_director", "centre_staff")

LEVELS = {
    "reaction": _l("ระดับที่ 1 ปฏิกิริยา (ความพึงพอใจ)"),
    "learning": _l("ระดับที่ 2 การเรียนรู้ (ความรู้)"),
    "behaviour": _l("ระดับที่ 3 พฤติกรรม (การนำไปใช้)"),
    "results": _l("ระดับที่ 4 ผลลัพธ์"),
}
RESPONDENTS = {
    "trainee": _l("ผู้เข้าอบรม"),
    "member": _l("สมาชิกสหกรณ์"),
    "activity_owner": _l("ผู้รับผิดชอบกิจกรรม"),
}
PHASES = {"pre": _l("ก่อนอบรม"), "post": _l("หลังอบรม"), "single": _l("ครั้งเดียว")}


@bp.app_template_filter("answer_date")
def answer_date(value) -> str:
    """A stored ISO date shown as dd/mm/yyyy (B.E.); what the person typed stays as typed."""
    return format_be_date(value) if value else ""


def _version_or_404(code: str, number: int | None) -> InstrumentVersion:
    instrument = Instrument.get_or_none(Instrument.code == code)
    if instrument is None:
        abort(404)
    if number is None:
        if instrument.current_version_id is None:
            abort(404)
        return instrument.current_version
    version = InstrumentVersion.get_or_none(
        (InstrumentVersion.instrument == instrument) & (InstrumentVersion.version == number))
    if version is None:
        abort(404)
    return version


def paper_context() -> dict:
    """Blank repeats for a paper copy: the respondent writes each session or activity in."""
    return {
        "agenda_sessions": [{"id": str(i), "title": "", "speaker": "", "blank": True} for i in range(1, 6)],
        "plan_activities": [{"id": str(i), "label": "", "blank": True} for i in range(1, 4)],
    }


def _title(defn) -> str:
    """The title of this version (not the instrument's current one) in the reader's language."""
    return defn.title.get(current_language()) or defn.title.get("th", "")


def _labels() -> dict:
    return {"levels": LEVELS, "respondents": RESPONDENTS, "phases": PHASES}


@bp.get("/")
@roles_required(*BUREAU)
def index():
    instruments = list(Instrument.listed())
    versions: dict[int, list] = {i.id: [] for i in instruments}
    for v in (InstrumentVersion.select(InstrumentVersion.id, InstrumentVersion.instrument,
                                       InstrumentVersion.version, InstrumentVersion.content_hash,
                                       InstrumentVersion.created_at)
              .order_by(InstrumentVersion.version.desc())):
        versions.setdefault(v.instrument_id, []).append(v)
    return render_template("instruments/index.html", instruments=instruments, versions=versions,
                           usage=version_usage(), **_labels())


@bp.get("/<code>/preview")
@bp.get("/<code>/v<int:number>/preview")
@roles_required(*PRINTERS)
def preview(code: str, number: int | None = None):
    version = _version_or_404(code, number)
    defn = version_definition(version)
    tree = expand(defn, sample_context())
    return render_template("instruments/preview.html", instrument=version.instrument, version=version,
                           defn=defn, tree=tree, title=_title(defn), **_labels())


@bp.get("/<code>/paper")
@bp.get("/<code>/v<int:number>/paper")
@roles_required(*PRINTERS)
def paper(code: str, number: int | None = None):
    version = _version_or_404(code, number)
    defn = version_definition(version)
    tree = expand(defn, paper_context())
    return render_template("instruments/paper.html", instrument=version.instrument, version=version,
                           defn=defn, tree=tree, title=_title(defn), **_labels())


@bp.app_template_global()
def answer_for(answers, field):
    """The answer to one rendered ``Field`` in the nested answers shape (None when absent)."""
    if not answers:
        return None
    if field.instance is None:
        return answers.get(field.name)
    instance = (answers.get(field.repeat) or {}).get(field.instance) or {}
    return instance.get(field.name) if hasattr(instance, "get") else None


@bp.app_template_global()
def answer_has(value, choice_name) -> bool:
    """Whether an answer (a choice name, a scale number, or a list of names) picks this choice."""
    if value is None:
        return False
    if isinstance(value, (list, tuple)):
        return str(choice_name) in {str(v) for v in value}
    return str(value) == str(choice_name)


@bp.route("/privacy", methods=["GET", "POST"])
@roles_required(*BUREAU)
def privacy():
    """The privacy notice every collecting page links: its versions, and a new version (bureau administrator)."""
    respond_service.current_privacy_notice()
    error = None
    text_th = request.form.get("text_th", "")
    text_en = request.form.get("text_en", "")
    if request.method == "POST":
        if current_user().role != "bureau_admin":
            abort(403)
        try:
            notice = respond_service.publish_privacy_notice(text_th, text_en, current_user().id)
        except ValueError as exc:
            error = exc.args[0]
        else:
            flash(_("ประกาศฉบับที่ %(n)s ใช้กับคำตอบต่อจากนี้ คำตอบเดิมยังผูกกับฉบับที่ผู้ตอบเห็น", n=notice.version), "ok")
            return redirect(url_for("instruments.privacy"), code=303)
    notices = list(PrivacyNotice.select().order_by(PrivacyNotice.version.desc()))
    current = notices[0]
    return render_template("instruments/privacy.html", notices=notices, current=current, error=error,
                           text_th=text_th or current.text_th, text_en=text_en or current.text_en,
                           can_edit=current_user().role == "bureau_admin"), (422 if error else 200)
