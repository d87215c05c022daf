"""A cohort's roster: trainees typed in or imported (XLSX/CSV, UTF-8 or cp874), names normalised, duplicates refused.

Reading: the bureau, the cohort's centre, and provincial users of the offices
of the cohort's cooperatives (who see their own cooperatives' trainees only).
Writing: centre staff and the centre director of the cohort's centre, and the
bureau administrator; nothing changes once the cohort is locked. Downloads
with names: the cohort's centre only. Another scope's ids answer 404.

Views are thin: the rules are portal.domain.rosters, the database work
portal.services.rosters. Every page works as plain forms and links; htmx adds
the inline add/edit/delete and the live gender hint under the prefix.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain import rosters as rules
from portal.domain.cohorts import AGE_BANDS, GENDERS, POSITIONS, STATUS_LABELS, TRAINEE_ROLES, is_locked
from portal.domain.thaitext import KNOWN_PREFIXES
from portal.downloads import send_download
from portal.exports import csv_bytes, xlsx_bytes
from portal.htmx import htmx_response, is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.services import rosters as service

bp = Blueprint("rosters", __name__, url_prefix="/cohorts")

WRITE_ROLES = service.WRITE_ROLES
DOWNLOAD_ROLES = service.DOWNLOAD_ROLES


# --- helpers ---------------------------------------------------------------------------------


def _lang_index() -> int:
    return 0 if current_language() == "th" else 1


def _labels() -> dict:
    """Vocabulary labels in the interface language, for the templates."""
    i = _lang_index()
    return {
        "roles": {k: v[i] for k, v in TRAINEE_ROLES.items()},
        "genders": {k: v[i] for k, v in GENDERS.items()},
        "ages": {k: v[i] for k, v in AGE_BANDS.items()},
        "statuses": {k: v[i] for k, v in STATUS_LABELS.items()},
        "positions": {th: (th if i == 0 else en) for th, en in POSITIONS},
    }


def _text(message) -> str:
    return message.th if current_language() == "th" else message.en


def _cohort(cohort_id):
    return in_scope_or_404(service.cohort_in_scope, current_scope(), cohort_id)


def _office_ids():
    return service.office_filter(current_scope())


def _can_write(cohort) -> bool:
    user = current_user()
    return user is not None and service.can_write(user.role, current_scope(), cohort)


def _writable_cohort(cohort_id):
    """The cohort for a change: in scope (else 404) and the user a writer of it (else 403)."""
    cohort = _cohort(cohort_id)
    if not _can_write(cohort):
        abort(403)
    return cohort


def _locked_answer(cohort):
    """What a change to a locked cohort answers: the roster with the reason."""
    message = _text(service.RosterLocked().message)
    if is_htmx():
        body = render_template("errors/_message.html", status=409, title=_("รุ่นนี้ปิดการอบรมแล้ว"), message=message)
        return htmx_response(body, 409, retarget="#messages", reswap="innerHTML")
    flash(message, "error")
    return redirect(url_for("rosters.roster", cohort_id=cohort.id), code=303)


def _roster_context(cohort, **extra) -> dict:
    roster = service.roster_groups(cohort, _office_ids())
    user = current_user()
    locked = is_locked(cohort.status)
    return {
        "cohort": cohort,
        "roster": roster,
        "course_no": cohort.course.number,
        "locked": locked,
        "can_write": _can_write(cohort) and not locked,
        "can_download": service.can_download(user.role if user else None, current_scope(), cohort),
        "labels": _labels(),
        "cohort_url": url_for("cohorts.cohort", cohort_id=cohort.id),
        **extra,
    }


# --- the trainee form ---------------------------------------------------------------------------


class TraineeForm(FlaskForm):
    """Values go to portal.domain.rosters.check_trainee; the choices only draw the selects."""

    cooperative = SelectField(_l("สหกรณ์"), validate_choice=False)
    prefix = StringField(_l("คำนำหน้า"))
    first_name = StringField(_l("ชื่อ"))
    last_name = StringField(_l("นามสกุล"))
    gender = StringField(_l("เพศ"))
    role = SelectField(_l("บทบาท"), validate_choice=False)
    position = SelectField(_l("ตำแหน่ง"), validate_choice=False)
    member_group = StringField(_l("กลุ่มสมาชิกหรือหมู่บ้านที่ดูแล"))
    age_band = SelectField(_l("ช่วงอายุ"), validate_choice=False)
    food_needs = StringField(_l("อาหาร (ถ้ามี)"))


def _trainee_form(cohort, trainee=None, **kwargs) -> TraineeForm:
    form = TraineeForm(**kwargs)
    i = _lang_index()
    coops = service.linked_cooperatives(cohort)
    form.cooperative.choices = ([("", _("– เลือกสหกรณ์ –"))] if len(coops) != 1 else []) + [
        (str(c.id), c.name) for c in coops]
    course_no = cohort.course.number
    form.role.choices = [("", _("– เลือกบทบาท –"))] + [
        (r, TRAINEE_ROLES[r][i]) for r in rules.course_roles(course_no)]
    english = dict(POSITIONS)
    form.position.choices = [("", _("– ไม่ระบุ –"))] + [
        (p, p if i == 0 else english.get(p, p)) for p in rules.course_positions(course_no)]
    form.age_band.choices = [("", _("– ไม่ระบุ –"))] + [(k, v[i]) for k, v in AGE_BANDS.items()]
    if request.method == "GET":
        if trainee is not None:
            form.cooperative.data = str(trainee.cooperative_id)
            for name in rules.FIELDS:
                getattr(form, name).data = getattr(trainee, name)
        elif len(coops) == 1:
            form.cooperative.data = str(coops[0].id)
    return form


def _form_values(form: TraineeForm) -> dict:
    return {name: getattr(form, name).data for name in rules.FIELDS}


def _put_problems(form: TraineeForm, problems) -> None:
    for problem in problems:
        target = getattr(form, problem.field or "first_name", None) or form.first_name
        target.errors = [*target.errors, _text(problem)]


def _form_context(cohort, form, trainee=None, fid="trainee", **extra) -> dict:
    prefix = form.prefix.data or ""
    return {
        "cohort": cohort,
        "form": form,
        "trainee": trainee,
        "fid": fid,
        "course_no": cohort.course.number,
        "prefixes": KNOWN_PREFIXES,
        "derived": service.gender_hint(prefix),
        "labels": _labels(),
        **extra,
    }


def _save(cohort, form, trainee=None):
    """(trainee, problems) — problems are put on the form's fields."""
    saved, problems = service.save_trainee(
        cohort, _form_values(form), form.cooperative.data, trainee=trainee, user_id=current_user().id)
    _put_problems(form, problems)
    return saved


# --- the roster -----------------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/roster")
@login_required
def roster(cohort_id):
    cohort = _cohort(cohort_id)
    context = _roster_context(cohort)
    if context["can_write"]:
        form = _trainee_form(cohort)
        context.update(add=_form_context(cohort, form, fid="add"))
    return render_page_or_fragment("rosters/roster.html", "rosters/_roster.html", **context)


@bp.route("/<int:cohort_id>/roster/new", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def trainee_new(cohort_id):
    cohort = _writable_cohort(cohort_id)
    if is_locked(cohort.status):
        return _locked_answer(cohort)
    form = _trainee_form(cohort)
    inline = is_htmx()
    if form.validate_on_submit():
        try:
            trainee = _save(cohort, form)
        except service.RosterLocked:
            return _locked_answer(cohort)
        if trainee is not None:
            message = _("เพิ่ม %(name)s แล้ว", name=trainee.full_name)
            if inline:
                # A fresh form for the next person (same cooperative and role), and the roster updated out of band.
                fresh = _trainee_form(cohort, formdata=None)
                fresh.cooperative.data = form.cooperative.data
                fresh.role.data = form.role.data
                return render_template(
                    "rosters/_add_response.html",
                    add=_form_context(cohort, fresh, fid="add", added=message, open=True),
                    **_roster_context(cohort),
                )
            flash(message, "success")
            return redirect(url_for("rosters.roster", cohort_id=cohort.id, _anchor=f"t{trainee.id}"), code=303)
    elif request.method == "POST":
        form.first_name.errors = [*form.first_name.errors, _("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง")]
    if inline:
        status = 422 if request.method == "POST" else 200
        return render_template("rosters/_add_form.html",
                               add=_form_context(cohort, form, fid="add", open=True)), status
    return render_template("rosters/trainee_form.html", **_form_context(cohort, form))


@bp.route("/<int:cohort_id>/roster/<int:trainee_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def trainee_edit(cohort_id, trainee_id):
    cohort = _writable_cohort(cohort_id)
    trainee = in_scope_or_404(service.trainee_of, cohort, trainee_id)
    if is_locked(cohort.status):
        return _locked_answer(cohort)
    form = _trainee_form(cohort, trainee)
    inline = is_htmx()
    fid = f"edit{trainee.id}"
    if form.validate_on_submit():
        try:
            saved = _save(cohort, form, trainee)
        except service.RosterLocked:
            return _locked_answer(cohort)
        if saved is not None:
            message = _("บันทึก %(name)s แล้ว", name=saved.full_name)
            if inline:
                body = render_template("rosters/_roster.html", **_roster_context(cohort, notice=message))
                return htmx_response(body, 200, retarget="#roster", reswap="outerHTML")
            flash(message, "success")
            return redirect(url_for("rosters.roster", cohort_id=cohort.id, _anchor=f"t{saved.id}"), code=303)
    if inline:
        status = 422 if request.method == "POST" else 200
        return render_template("rosters/_row_form.html", **_form_context(cohort, form, trainee, fid=fid)), status
    return render_template("rosters/trainee_form.html", **_form_context(cohort, form, trainee, fid=fid))


class DeleteForm(FlaskForm):
    pass


@bp.route("/<int:cohort_id>/roster/<int:trainee_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def trainee_delete(cohort_id, trainee_id):
    cohort = _writable_cohort(cohort_id)
    trainee = in_scope_or_404(service.trainee_of, cohort, trainee_id)
    if is_locked(cohort.status):
        return _locked_answer(cohort)
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            service.delete_trainee(cohort, trainee)
        except service.RosterLocked:
            return _locked_answer(cohort)
        except service.RosterError as exc:
            if is_htmx():
                body = render_template("errors/_message.html", status=409, title=_("ลบไม่ได้"),
                                       message=_text(exc.message))
                return htmx_response(body, 409, retarget="#messages", reswap="innerHTML")
            flash(_text(exc.message), "error")
            return redirect(url_for("rosters.roster", cohort_id=cohort.id), code=303)
        message = _("ลบ %(name)s ออกจากรายชื่อแล้ว", name=trainee.full_name)
        if is_htmx():
            body = render_template("rosters/_roster.html", **_roster_context(cohort, notice=message))
            return htmx_response(body, 200, retarget="#roster", reswap="outerHTML")
        flash(message, "success")
        return redirect(url_for("rosters.roster", cohort_id=cohort.id), code=303)
    return render_template("rosters/trainee_delete.html", cohort=cohort, trainee=trainee, labels=_labels())


@bp.get("/<int:cohort_id>/roster/gender")
@roles_required(*WRITE_ROLES)
def gender_field(cohort_id):
    """The gender part of the form for the typed prefix (htmx): told by the prefix, or asked."""
    cohort = _writable_cohort(cohort_id)
    fid = request.args.get("fid", "trainee")
    if not fid.replace("-", "").isalnum() or len(fid) > 32:
        fid = "trainee"
    prefix = request.args.get("prefix", "")[:64]
    gender = request.args.get("gender", "")
    return render_template("rosters/_gender.html", cohort=cohort, fid=fid, prefix=prefix,
                           gender=gender if gender in GENDERS else "", derived=service.gender_hint(prefix),
                           labels=_labels(), errors=[])


# --- downloads ----------------------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/roster/download.<fmt>")
@roles_required(*DOWNLOAD_ROLES)
def download(cohort_id, fmt):
    cohort = _cohort(cohort_id)
    if fmt not in ("xlsx", "csv"):
        abort(404)
    if not service.can_download(current_user().role, current_scope(), cohort):
        abort(403)
    table = service.roster_table(cohort, service.roster_groups(cohort), clock.today())
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    return send_download(data, f"รายชื่อผู้เข้ารับการอบรม_รุ่นที่{cohort.number}_หลักสูตร{cohort.course.number}", fmt)


# --- import -------------------------------------------------------------------------------------------


class UploadForm(FlaskForm):
    file = FileField(_l("ไฟล์รายชื่อ (.xlsx หรือ .csv)"), validators=[FileRequired(message=_l("กรุณาเลือกไฟล์"))])
    encoding = SelectField(_l("การเข้ารหัสของไฟล์ CSV"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.encoding.choices = [
            ("auto", _("อัตโนมัติ (UTF-8 หรือ cp874)")),
            ("utf-8", _("UTF-8 (บันทึกจาก Excel เป็น CSV UTF-8)")),
            ("cp874", _("cp874 / TIS-620 (CSV ธรรมดาจาก Excel ภาษาไทย)")),
        ]
        if self.encoding.data not in ("auto", "utf-8", "cp874"):
            self.encoding.data = "auto"


class ConfirmForm(FlaskForm):
    mode = HiddenField()
    fingerprint = HiddenField()
    acknowledge = BooleanField(_l("เข้าใจแล้วว่าแถวที่ผิดจะไม่ถูกนำเข้า"))


def _upload_store(cohort) -> service.UploadStore:
    root = current_app.config.get("ROSTER_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads" / "rosters"
    return service.UploadStore(Path(root) / str(int(cohort.id)))


@bp.get("/<int:cohort_id>/roster/template")
@roles_required(*WRITE_ROLES)
def import_template(cohort_id):
    cohort = _writable_cohort(cohort_id)
    variant = "full_name" if request.args.get("variant") == "full_name" else "split"
    stem = f"แบบฟอร์มรายชื่อผู้เข้ารับการอบรม_รุ่นที่{cohort.number}"
    if variant == "full_name":
        stem += "_ชื่อเต็ม"
    return send_download(service.template_workbook(cohort, variant), stem, "xlsx")


@bp.route("/<int:cohort_id>/roster/import", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def import_upload(cohort_id):
    cohort = _writable_cohort(cohort_id)
    if is_locked(cohort.status):
        return _locked_answer(cohort)
    form = UploadForm()
    file_error = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        filename = upload.filename or ""
        try:
            preview = service.build_preview(data, filename, form.encoding.data, cohort)
        except service.ImportFileError as exc:
            file_error = exc.message
        else:
            if preview.has_id_numbers:
                # Never keep a file with national ID numbers on the server: show what to remove, store nothing.
                return render_template("rosters/import_preview.html", cohort=cohort, preview=preview, upload=None,
                                       filename=filename, form=None, labels=_labels()), 422
            token = _upload_store(cohort).save(current_user().id, data, filename, form.encoding.data)
            return redirect(url_for("rosters.import_preview", cohort_id=cohort.id, token=token), code=303)
    return render_template("rosters/import.html", cohort=cohort, form=form, file_error=file_error)


def _load_upload(cohort, token):
    upload = _upload_store(cohort).load(current_user().id, token)
    if upload is None:
        abort(404)
    return upload


@bp.get("/<int:cohort_id>/roster/import/<token>")
@roles_required(*WRITE_ROLES)
def import_preview(cohort_id, token):
    cohort = _writable_cohort(cohort_id)
    upload = _load_upload(cohort, token)
    if is_locked(cohort.status):
        return _locked_answer(cohort)
    try:
        preview = service.build_preview(upload.data, upload.filename, upload.encoding, cohort)
    except service.ImportFileError as exc:
        flash(_text(exc.message), "error")
        return redirect(url_for("rosters.import_upload", cohort_id=cohort.id), code=303)
    form = ConfirmForm(fingerprint=preview.fingerprint)
    return render_template("rosters/import_preview.html", cohort=cohort, preview=preview, upload=upload,
                           filename=upload.filename, form=form, labels=_labels())


@bp.post("/<int:cohort_id>/roster/import/<token>")
@roles_required(*WRITE_ROLES)
def import_confirm(cohort_id, token):
    cohort = _writable_cohort(cohort_id)
    upload = _load_upload(cohort, token)
    back = redirect(url_for("rosters.import_preview", cohort_id=cohort.id, token=token), code=303)
    form = ConfirmForm()
    if not form.validate_on_submit() or form.mode.data not in ("all", "good"):
        flash(_("เลือกวิธีนำเข้าจากหน้าตรวจสอบไฟล์"), "error")
        return back
    only_good = form.mode.data == "good"
    if only_good and not form.acknowledge.data:
        flash(_("นำเข้าเฉพาะแถวที่ถูกต้อง: กรุณาทำเครื่องหมายยืนยันว่าเข้าใจว่าแถวที่ผิดจะไม่ถูกนำเข้า"), "error")
        return back
    try:
        _preview, result = service.import_file(
            upload.data, upload.filename, upload.encoding, cohort, only_good=only_good,
            expected_fingerprint=form.fingerprint.data or "-", user_id=current_user().id)
    except service.RosterLocked:
        return _locked_answer(cohort)
    except (service.ImportRefused, service.ImportFileError) as exc:
        flash(_text(exc.message), "error")
        return back
    _upload_store(cohort).discard(current_user().id, token)
    imported, skipped = "{:,}".format(result.rows_imported), "{:,}".format(result.rows_skipped)
    text = _("นำเข้ารายชื่อแล้ว %(count)s คน", count=imported)
    if result.rows_skipped:
        text += " · " + _("แถวที่ข้าม %(count)s แถว", count=skipped)
    flash(text, "success")
    return redirect(url_for("rosters.roster", cohort_id=cohort.id), code=303)
