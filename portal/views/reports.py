"""The documents offices file: reports under a memorandum, their approval, downloads; national reports.

Centre staff and the director read and draft their centre's reports; only the
director approves or sends back; an approved report is marked sent and frozen.
The bureau reads every centre's reports and downloads the national reports.
Another centre's report answers 404.
"""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.auth import current_scope, current_user, in_scope_or_404, roles_required
from portal.documents import Heading, Image, Paragraph, TableBlock
from portal.downloads import send_download
from portal.exports import is_count
from portal.domain.thaidates import format_be_input, format_number, parse_be_date
from portal.forms import ChoiceField, ParsedField
from portal.i18n import current_language
from portal.models import Centre, Cohort, Course
from portal.services import report_documents as docs
from portal.services import reports as svc

bp = Blueprint("reports", __name__, url_prefix="/reports")

BUREAU = ("bureau_admin", "bureau_exec")
READERS = (*BUREAU, "centre_director", "centre_staff")
WRITERS = ("centre_staff", "centre_director")


def _scheme() -> str:
    return current_app.config.get("SATISFACTION_BAND_SCHEME", "0.8")


def _report_or_404(id) -> "svc.Report":
    return in_scope_or_404(svc.get_report, current_scope(), id)


def _years() -> list[int]:
    return sorted({fy for (fy,) in Course.select(Course.fiscal_year).distinct().tuples()}, reverse=True)


def _state_label(state: str) -> str:
    th, en = svc.STATE_LABELS.get(state, (state, state))
    return th if current_language() == "th" else en


def _kind_label(kind: str) -> str:
    th, en = docs.KIND_LABELS.get(kind, (kind, kind))
    return th if current_language() == "th" else en


def _helpers():
    return {"state_label": _state_label, "kind_label": _kind_label,
            "title_of": lambda report: svc.title_of(report, current_language())}


# --- forms -----------------------------------------------------------------------------------------


class NewReportForm(FlaskForm):
    kind = ChoiceField(_l("ชนิดรายงาน"))
    fiscal_year = ChoiceField(_l("ปีงบประมาณ"))
    quarter = ChoiceField(_l("ไตรมาส (รายงานรายไตรมาส)"), required=False)
    course = ChoiceField(_l("หลักสูตร (รายงานผลการฝึกอบรมและรายงานประจำปี)"), required=False)
    cohort = ChoiceField(_l("รุ่น (รายงานผลการฝึกอบรมรายรุ่น)"), required=False)


def _new_form(centre_id: int) -> NewReportForm:
    form = NewReportForm()
    form.kind.choices = [("", _("— เลือก —"))] + [(k, _kind_label(k)) for k in docs.KINDS]
    years = _years()
    form.fiscal_year.choices = [(y, str(y)) for y in years]
    if form.fiscal_year.data is None and years and request.method == "GET":
        form.fiscal_year.data = years[0]
    form.quarter.choices = [("", _("— ไม่ใช้ —"))] + [(q, _("ไตรมาสที่ %(q)s", q=q)) for q in (1, 2, 3, 4)]
    form.course.choices = [("", _("— ไม่ใช้ —")), (1, _("หลักสูตรที่ 1")), (2, _("หลักสูตรที่ 2"))]
    cohorts = (Cohort.select(Cohort, Course).join(Course).where(Cohort.centre == centre_id)
               .order_by(Course.fiscal_year.desc(), Course.number, Cohort.number))
    form.cohort.choices = [("", _("— ไม่ใช้ —"))] + [
        (c.id, _("ปี %(fy)s หลักสูตรที่ %(course)s รุ่นที่ %(no)s", fy=c.course.fiscal_year, course=c.course.number,
                 no=c.number)) for c in cohorts]
    return form


class MemoForm(FlaskForm):
    agency = StringField(_l("ส่วนราชการ"), validators=[Length(max=250)])
    reference = StringField(_l("ที่"), validators=[Optional(), Length(max=120)])
    memo_date = ParsedField(_l("วันที่"), parser=parse_be_date, formatter=format_be_input)
    subject = StringField(_l("เรื่อง"), validators=[Length(max=500)])
    to = StringField(_l("เรียน"), validators=[Length(max=250)])
    body = TextAreaField(_l("ข้อความ"), validators=[Length(max=8000)])
    problems = TextAreaField(_l("ปัญหาอุปสรรค"), validators=[Length(max=8000)])
    help_needed = TextAreaField(_l("ความช่วยเหลือที่ต้องการ"), validators=[Length(max=8000)])


class NoteForm(FlaskForm):
    note = TextAreaField(_l("หมายเหตุ"), validators=[Length(max=2000)])


def _attach(form, exc: svc.ReportError) -> list[str]:
    """Field messages go under their field; the others are returned for the top of the form."""
    lang = current_language()
    loose = []
    for message in exc.messages:
        text = message.th if lang == "th" else message.en
        field = getattr(form, message.field, None) if message.field else None
        if field is not None:
            field.errors = [*field.errors, text] if isinstance(field.errors, list) else [text]
        else:
            loose.append(text)
    return loose


# --- the list -------------------------------------------------------------------------------------------


@bp.get("/")
@roles_required(*READERS)
def index():
    scope = current_scope()
    query = svc.scoped_reports(scope)
    centres = list(scope.centres()) if scope.is_national else []
    centre_id = request.args.get("centre", type=int)
    if scope.is_national and centre_id:
        query = query.where(svc.Report.centre == centre_id)
    fy = request.args.get("fy", type=int)
    if fy:
        query = query.where(svc.Report.fiscal_year == fy)
    reports = list(query.order_by(svc.Report.fiscal_year.desc(), Centre.number, svc.Report.updated_at.desc()))
    user = current_user()
    return render_template("reports/index.html", reports=reports, centres=centres, centre_id=centre_id, fy=fy,
                           years=_years(), may_create=user.role in WRITERS and user.centre_id is not None,
                           national=scope.is_national, **_helpers())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    user = current_user()
    if user.centre_id is None:
        abort(404)
    form = _new_form(user.centre_id)
    errors: list[str] = []
    if form.validate_on_submit():
        data = svc.NewReport(kind=form.kind.data, fiscal_year=form.fiscal_year.data, quarter=form.quarter.data,
                             course=form.course.data, cohort_id=form.cohort.data)
        try:
            report = svc.create_report(Centre.get_by_id(user.centre_id), data, user)
        except svc.ReportError as exc:
            errors = _attach(form, exc)
        else:
            flash(_("สร้างร่างรายงานแล้ว ตรวจและแก้ไขบันทึกข้อความได้"), "success")
            return redirect(url_for("reports.edit", id=report.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("reports/new.html", form=form, errors=errors, **_helpers()), status


# --- one report -------------------------------------------------------------------------------------------


def _cell(value, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if kind == "amount":
        return format_number(value, 2)
    if kind == "number" and not isinstance(value, bool):
        return format_number(value, 0 if is_count(value) else 2)
    if kind in ("decimal", "percent"):
        return format_number(value, 2) if isinstance(value, (Decimal, float)) and value != int(value) else \
            format_number(value, 0 if kind == "decimal" and float(value).is_integer() else 2)
    if kind == "int":
        return format_number(value, 0)
    if isinstance(value, (Decimal, float)):
        return format_number(value, 2)
    return str(value)


def _blocks(document) -> list[tuple[str, object]]:
    out = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(("heading", block))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", block))
        elif isinstance(block, TableBlock):
            out.append(("table", block.table))
        elif isinstance(block, Image):
            out.append(("image", block))
    return out


@bp.get("/<int:id>")
@roles_required(*READERS)
def show(id):
    report = _report_or_404(id)
    user = current_user()
    document = docs.report_document(report, scheme=_scheme())
    return render_template(
        "reports/show.html", report=report, document=document, blocks=_blocks(document), cell=_cell,
        events=svc.history(report), may_write=svc.may_write(user, report), may_approve=svc.may_approve(user, report),
        note_form=NoteForm(), formats=svc.FORMATS, **_helpers())


@bp.route("/<int:id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(id):
    report = _report_or_404(id)
    user = current_user()
    if not svc.may_write(user, report):
        abort(403)
    if report.state == "sent":
        flash(_("รายงานที่ส่งแล้วแก้ไขไม่ได้"), "error")
        return redirect(url_for("reports.show", id=report.id), 303)
    form = MemoForm(obj=report if request.method == "GET" else None)
    errors: list[str] = []
    if request.method == "POST":
        if form.validate():
            data = svc.MemoInput(agency=form.agency.data or "", reference=form.reference.data or "",
                                 memo_date=form.memo_date.data, subject=form.subject.data or "", to=form.to.data or "",
                                 body=form.body.data or "", problems=form.problems.data or "",
                                 help_needed=form.help_needed.data or "")
            was_approved = report.state == "approved"
            try:
                svc.update_memo(report, data, user)
            except svc.ReportError as exc:
                errors = _attach(form, exc)
            else:
                if was_approved:
                    flash(_("บันทึกแล้ว รายงานกลับเป็นร่าง ต้องให้ผู้อำนวยการอนุมัติอีกครั้ง"), "success")
                else:
                    flash(_("บันทึกแล้ว"), "success")
                return redirect(url_for("reports.show", id=report.id), 303)
        else:  # a bad date or a too-long text: say at once what else is missing, too
            missing = svc.memo_errors(form.agency.data, form.subject.data, form.to.data)
            if missing:
                errors += _attach(form, svc.ReportError(missing))
        status = 422
    else:
        status = 200
    return render_template("reports/edit.html", report=report, form=form, errors=errors,
                           has_problems=report.kind in ("quarterly", "final"), **_helpers()), status


def _action(id, action):
    report = _report_or_404(id)
    user = current_user()
    form = NoteForm()
    if not form.validate():
        abort(400)
    try:
        action(report, user, form.note.data or "")
    except svc.ReportError as exc:
        for message in exc.messages:
            flash(message.th if current_language() == "th" else message.en, "error")
        report.refused = True
    return report


@bp.post("/<int:id>/approve")
@roles_required("centre_director")
def approve(id):
    report = _action(id, svc.approve)
    if report.state == "approved":
        flash(_("อนุมัติรายงานแล้ว"), "success")
    return redirect(url_for("reports.show", id=report.id), 303)


@bp.post("/<int:id>/send-back")
@roles_required("centre_director")
def send_back(id):
    report = _action(id, svc.send_back)
    if not getattr(report, "refused", False):
        flash(_("ส่งรายงานกลับไปให้เจ้าหน้าที่แก้ไขแล้ว"), "success")
    return redirect(url_for("reports.show", id=report.id), 303)


@bp.post("/<int:id>/sent")
@roles_required(*WRITERS)
def mark_sent(id):
    report = _action(id, lambda r, u, _note: svc.mark_sent(r, u, scheme=_scheme()))
    if report.state == "sent":
        flash(_("บันทึกว่าส่งรายงานแล้ว ฉบับที่ส่งถูกเก็บไว้และจะไม่เปลี่ยนแปลง"), "success")
    return redirect(url_for("reports.show", id=report.id), 303)


@bp.get("/<int:id>/download/<any(xlsx, csv, pdf, docx):fmt>")
@roles_required(*READERS)
def download(id, fmt):
    report = _report_or_404(id)
    data, stem, ext = svc.download(report, fmt, scheme=_scheme())
    return send_download(data, stem, ext)


# --- the bureau's national reports ------------------------------------------------------------------------

NATIONAL_DOCS = {
    "national": (_l("รายงานผลการดำเนินงานระดับประเทศ (ตัวชี้วัดรายศูนย์และทั้งประเทศ ผลการฝึกอบรมรายศูนย์)")),
    "targets": (_l("รายชื่อสหกรณ์เป้าหมาย (สำหรับสันนิบาตสหกรณ์แห่งประเทศไทย)")),
}


@bp.get("/national")
@roles_required(*BUREAU)
def national():
    years = _years()
    fy = request.args.get("fy", type=int) or (years[0] if years else None)
    fmt = request.args.get("fmt", "")
    doc = request.args.get("doc", "national")
    if fmt:
        if fmt not in svc.FORMATS or doc not in NATIONAL_DOCS or fy not in years:
            abort(404)
        from portal.documents.render import render

        document = docs.national_document(fy) if doc == "national" else docs.target_list_document(fy)
        data, _mimetype, filename = render(document, fmt)
        stem, _dot, ext = filename.rpartition(".")
        return send_download(data, stem or filename, ext or fmt)
    return render_template("reports/national.html", years=years, fy=fy, docs=NATIONAL_DOCS, formats=svc.FORMATS)
