"""Course 1 step 3: the analysis of each target cooperative (secondary and primary data, loss by business line, problems, attached files).

Reading: the bureau, the cooperative's centre and its office. Writing: the
centre's staff and director, for a target cooperative of the year only (an
active proposal, submitted or not); anything else is refused with a Thai
message. Another scope's ids answer 404. Files are kept under
instance/uploads/analysis/ with random names and downloaded as attachments.
"""
from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import Length

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain.meetings import (
    FILE_KINDS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    PLAN_HORIZONS,
    LossRow,
    check_upload,
    clean_loss_rows,
    clean_problems,
    edit_rows,
    safe_original_name,
)
from portal.htmx import is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.models import AnalysisFile, BusinessLine, CooperativeAnalysis, Office, ProgrammeYear, Province
from portal.services import analysis as service
from portal.forms import ChoiceField
from portal.views.meetings import all_years, year_from_request

bp = Blueprint("analysis", __name__, url_prefix="/analysis")

WRITERS = ("centre_staff", "centre_director")
# Multipart framing and the other fields travel with the file: allow a little over 10 MB so a file
# just above the limit gets our own message rather than the generic 413 page.
UPLOAD_REQUEST_LIMIT = MAX_FILE_BYTES + 2 * 1024 * 1024


@bp.url_value_preprocessor
def _allow_attachments(endpoint, values):
    # Runs before the app's before_request (where CSRF protection parses the form), so the
    # per-request limit replaces the app-wide MAX_CONTENT_LENGTH for the upload only.
    if endpoint == "analysis.upload":
        request.max_content_length = UPLOAD_REQUEST_LIMIT


# --- helpers ---------------------------------------------------------------------------------------


def _upload_root() -> Path:
    return Path(current_app.config.get("ANALYSIS_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads" / "analysis")


def _year_or_404(fiscal_year: int) -> ProgrammeYear:
    year = ProgrammeYear.of(fiscal_year)
    if year is None:
        abort(404)
    return year


def _cooperative_or_404(coop_id: int):
    return in_scope_or_404(current_scope().cooperative, coop_id)


def _can_write(coop) -> bool:
    user = current_user()
    return user is not None and user.role in WRITERS and current_scope().sees_office(coop.office_id)


def _say(message) -> str:
    return message.th if current_language() == "th" else message.en


def _refused(year: ProgrammeYear, coop):
    """A cooperative that is not a target of the year: the Thai (or English) reason, 409, nothing written."""
    message = service.not_a_target_message(year.fiscal_year)
    return render_template("analysis/refused.html", year=year, coop=coop, message=_say(message)), 409


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:,.1f} MB"
    return f"{max(size, 1024) / 1024:,.0f} KB"


def _office_of(coop):
    return Office.select(Office, Province).join(Province).where(Office.id == coop.office_id).get()


# --- lists -----------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    year = year_from_request()
    if not scope.is_national and len(scope.centre_ids or ()) == 1:
        args = {"year": year.fiscal_year} if year else {}
        return redirect(url_for("analysis.centre", id=next(iter(scope.centre_ids)), **args), code=303)
    rows = service.centre_overview(year, list(scope.centres())) if year else []
    return render_template("analysis/index.html", year=year, years=all_years(), rows=rows)


@bp.get("/centres/<int:id>")
@login_required
def centre(id):
    scope = current_scope()
    centre = in_scope_or_404(scope.centre, id)
    year = year_from_request()
    rows = service.centre_targets(year, centre.id, scope.office_ids) if year else []
    return render_page_or_fragment(
        "analysis/centre.html", "analysis/_targets.html",
        centre=centre, year=year, years=all_years(), rows=rows, done=sum(1 for r in rows if r.done),
    )


# --- one cooperative ---------------------------------------------------------------------------------


@bp.get("/<int:year>/cooperatives/<int:coop_id>")
@login_required
def detail(year, coop_id):
    coop = _cooperative_or_404(coop_id)
    year = _year_or_404(year)
    proposal = service.target_proposal(year.fiscal_year, coop.id)
    view = service.analysis_of(year, coop)
    if proposal is None and view.analysis is None:
        return _refused(year, coop)
    records, latest, loss_making = service.secondary_data(coop)
    return render_template(
        "analysis/detail.html", year=year, coop=coop, office=_office_of(coop), proposal=proposal, view=view,
        records=records, latest=latest, loss_making=loss_making, can_write=_can_write(coop) and proposal is not None,
        horizons=PLAN_HORIZONS, kinds=FILE_KINDS, upload_form=UploadForm(), file_size=file_size,
        max_mb=MAX_FILE_BYTES // (1024 * 1024),
    )


class AnalysisForm(FlaskForm):
    annual_report = TextAreaField(_l("รายงานกิจการประจำปี"), validators=[Length(max=20000)])
    trial_balance = TextAreaField(_l("งบทดลองประจำปีและรายเดือน"), validators=[Length(max=20000)])
    strength_notes = TextAreaField(_l("ระดับชั้นความเข้มแข็งปีปัจจุบันและย้อนหลัง"), validators=[Length(max=20000)])
    auditor_observations = TextAreaField(_l("ข้อสังเกตของผู้สอบบัญชี"), validators=[Length(max=20000)])
    board_notes = TextAreaField(_l("คณะกรรมการดำเนินการ"), validators=[Length(max=20000)])
    staff_notes = TextAreaField(_l("ฝ่ายจัดการ"), validators=[Length(max=20000)])
    member_notes = TextAreaField(_l("สมาชิก"), validators=[Length(max=20000)])
    plan_horizon = ChoiceField(_l("ระยะเวลาของแผนแก้ไขปัญหาขาดทุน"), required=False)


SECONDARY = ("annual_report", "trial_balance", "strength_notes", "auditor_observations")
PRIMARY = ("board_notes", "staff_notes", "member_notes")


def _loss_rows(lines, stored=None) -> list[LossRow]:
    """One row per business line: as typed on a POST, else as stored."""
    rows = []
    for line in lines:
        if request.method == "POST":
            rows.append(LossRow(line.id, line.name_th, line.name_en, request.form.get(f"loss_{line.id}", ""),
                                request.form.get(f"causes_{line.id}", ""), request.form.get(f"remedies_{line.id}", "")))
        else:
            row = (stored or {}).get(line.id)
            rows.append(LossRow(line.id, line.name_th, line.name_en,
                                "" if row is None else f"{row.loss:.2f}", row.causes if row else "",
                                row.remedies if row else ""))
    return rows


class UploadForm(FlaskForm):
    kind = ChoiceField(_l("ประเภทเอกสาร"))
    file = FileField(_l("ไฟล์ (PDF, Excel, Word, JPG หรือ PNG ไม่เกิน 10 MB)"),
                     validators=[FileRequired(message=_l("กรุณาเลือกไฟล์"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(code, pair[0] if current_language() == "th" else pair[1])
                             for code, pair in FILE_KINDS.items()]
        if self.kind.data is None:
            self.kind.data = "other"


@bp.route("/<int:year>/cooperatives/<int:coop_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(year, coop_id):
    coop = _cooperative_or_404(coop_id)
    year = _year_or_404(year)
    if not service.is_target(year.fiscal_year, coop.id):
        return _refused(year, coop)
    view = service.analysis_of(year, coop)
    records, latest, loss_making = service.secondary_data(coop)
    lines = list(BusinessLine.select().order_by(BusinessLine.sort_order))
    form = AnalysisForm(obj=view.analysis if request.method == "GET" else None)
    form.plan_horizon.choices = [("", _("— ยังไม่กำหนด —"))] + [
        (code, pair[0] if current_language() == "th" else pair[1]) for code, pair in PLAN_HORIZONS.items()]
    if request.method == "GET" and view.analysis is not None:
        form.plan_horizon.data = view.analysis.plan_horizon or None
    loss_rows = _loss_rows(lines, {row.business_line_id: row for _line, row in view.loss_lines})
    if request.method == "POST":
        problems = [p for p in request.form.getlist("problem")][:MAX_ROWS]
    else:
        problems = [p.text for p in view.problems] or [""]
    loss_errors: dict = {}
    form_action = url_for("analysis.edit", year=year.fiscal_year, coop_id=coop.id)
    context = dict(year=year, coop=coop, office=_office_of(coop), view=view, records=records, latest=latest,
                   loss_making=loss_making, form=form, loss_rows=loss_rows, problems=problems,
                   secondary=SECONDARY, primary=PRIMARY, form_action=form_action)

    if request.method == "POST":
        action = request.form.get("action", "save")
        if action != "save":
            context["problems"] = edit_rows(problems, action, "")
            if is_htmx():
                return render_template("analysis/_problems.html", **context)
            return render_template("analysis/form.html", loss_errors={}, **context)
        valid = form.validate_on_submit()
        kept_lines, loss_errors = clean_loss_rows(loss_rows) if loss_making else (None, {})
        if valid and not loss_errors:
            data = service.AnalysisInput(
                texts={name: (getattr(form, name).data or "").strip() for name in SECONDARY + PRIMARY},
                loss_lines=kept_lines,
                plan_horizon=(form.plan_horizon.data or "") if loss_making else None,
                problems=clean_problems(problems),
            )
            try:
                service.save_analysis(year, coop, data, current_user(), clock.naive_now())
            except service.NotATarget:
                return _refused(year, coop)
            flash(_("บันทึกการวิเคราะห์สหกรณ์แล้ว"), "success")
            return redirect(url_for("analysis.detail", year=year.fiscal_year, coop_id=coop.id), code=303)
        return render_template("analysis/form.html", loss_errors=loss_errors, **context), 422
    return render_template("analysis/form.html", loss_errors=loss_errors, **context)


# --- files -----------------------------------------------------------------------------------------


@bp.post("/<int:year>/cooperatives/<int:coop_id>/files")
@roles_required(*WRITERS)
def upload(year, coop_id):
    coop = _cooperative_or_404(coop_id)
    year = _year_or_404(year)
    if not service.is_target(year.fiscal_year, coop.id):
        return _refused(year, coop)
    back = redirect(url_for("analysis.detail", year=year.fiscal_year, coop_id=coop.id) + "#files", code=303)
    analysis = CooperativeAnalysis.get_or_none((CooperativeAnalysis.year == year.id)
                                               & (CooperativeAnalysis.cooperative == coop.id))
    if analysis is None:
        flash(_("บันทึกการวิเคราะห์ก่อน แล้วจึงแนบไฟล์"), "error")
        return back
    form = UploadForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_FILE_BYTES + 1)
        extra = len(upload.read(1024 * 1024)) if len(data) > MAX_FILE_BYTES else 0
        name = safe_original_name(upload.filename or "")
        problem = check_upload(name, data[:16], len(data) + extra)
        if problem is None:
            service.store_file(_upload_root(), analysis, form.kind.data, name, data, current_user(),
                               clock.naive_now())
            flash(_("แนบไฟล์แล้ว: %(name)s", name=name), "success")
            return back
    messages = [_say(problem)] if problem is not None else [str(e) for errs in form.errors.values() for e in errs]
    records, latest, loss_making = service.secondary_data(coop)
    view = service.analysis_of(year, coop)
    return render_template(
        "analysis/detail.html", year=year, coop=coop, office=_office_of(coop),
        proposal=service.target_proposal(year.fiscal_year, coop.id), view=view, records=records, latest=latest,
        loss_making=loss_making, can_write=True, horizons=PLAN_HORIZONS, kinds=FILE_KINDS, upload_form=form,
        upload_errors=messages, file_size=file_size, max_mb=MAX_FILE_BYTES // (1024 * 1024),
    ), 422


def _file_or_404(id) -> tuple[AnalysisFile, object]:
    row = AnalysisFile.get_or_none(AnalysisFile.id == id)
    if row is None:
        abort(404)
    analysis = CooperativeAnalysis.get_by_id(row.analysis_id)
    coop = _cooperative_or_404(analysis.cooperative_id)
    return row, coop


@bp.get("/files/<int:id>")
@login_required
def download(id):
    row, _coop = _file_or_404(id)
    path = service.file_path(_upload_root(), row.stored_name)
    if not path.is_file():
        abort(404)
    # Read whole (at most 10 MB): no open file is left behind by a client that drops the response.
    response = send_file(io.BytesIO(path.read_bytes()), mimetype=row.content_type, as_attachment=True,
                         download_name=row.original_name, conditional=False, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/files/<int:id>/delete")
@roles_required(*WRITERS)
def delete_file(id):
    row, coop = _file_or_404(id)
    analysis = CooperativeAnalysis.get_by_id(row.analysis_id)
    service.delete_file(_upload_root(), row)
    flash(_("ลบไฟล์แล้ว: %(name)s", name=row.original_name), "success")
    return redirect(url_for("analysis.detail", year=analysis.year.fiscal_year, coop_id=coop.id) + "#files", code=303)
