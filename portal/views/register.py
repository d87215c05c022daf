"""The cooperative register: browse centre → province → cooperative, enter yearly records, import a file.

Reading: every signed-in role, within its scope (portal.scope). Writing: the
provincial officer for their own office, the bureau administrator anywhere.
Another scope's ids answer 404.

Names are sorted in Thai dictionary order in Python (thai_sort_key): SQLite
and PostgreSQL collate Thai differently. A listing fetches only (id, name,
registration number) of the matching cooperatives — about 7,700 nationally —
sorts and pages them, then loads the 50 rows of the page.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.db import write_transaction
from portal.downloads import send_download
from portal.domain.eligibility import (
    CLAUSE_LABELS,
    YearlyFigures,
    candidate_clauses,
    is_below_threshold,
    record_for_selection,
    validate_yearly_figures,
)
from portal.domain.thaidates import format_be_input, parse_be_date
from portal.domain.thaitext import normalize_text, sorted_thai, thai_sort_key
from portal.forms import ChoiceField, ParsedField
from portal.htmx import render_page_or_fragment
from portal.i18n import current_language
from portal.models import (
    BusinessLine,
    Cooperative,
    CoopType,
    Office,
    Province,
    YearlyRecord,
    YearlyRecordLine,
)
from portal.services import register_import as importer

bp = Blueprint("register", __name__, url_prefix="/register")

EDIT_ROLES = ("provincial_officer", "bureau_admin")
IMPORT_ROLES = EDIT_ROLES
PAGE_SIZE = 50


# --- helpers ---------------------------------------------------------------------


@functools.lru_cache(maxsize=32768)
def _name_key(name: str) -> tuple:
    return thai_sort_key(name)


def _label(obj) -> str:
    """The name of a reference row in the interface language."""
    return obj.name_th if current_language() == "th" else obj.name_en


def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return None


def _can_edit(coop: Cooperative | None = None) -> bool:
    user = current_user()
    if user is None or user.role not in EDIT_ROLES:
        return False
    return coop is None or current_scope().sees_office(coop.office_id)


def _can_import() -> bool:
    user = current_user()
    return user is not None and user.role in IMPORT_ROLES


@dataclass
class Listing:
    rows: list
    latest: dict  # cooperative id -> its latest YearlyRecord
    total: int
    page: int
    pages: int
    q: str
    province_id: int | None
    type_id: int | None
    endpoint: str
    view_args: dict

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return min(self.page * PAGE_SIZE, self.total)

    def url(self, page: int) -> str:
        args = dict(self.view_args)
        if self.q:
            args["q"] = self.q
        if self.province_id:
            args["province"] = self.province_id
        if self.type_id:
            args["type"] = self.type_id
        if page > 1:
            args["page"] = page
        return url_for(self.endpoint, **args)


def _listing(query, endpoint: str, view_args: dict | None = None, province_filter: bool = True) -> Listing:
    """Search (by name or registration number), filter, sort in Thai order and page a scoped query."""
    q = normalize_text(request.args.get("q", ""))[:100]
    province_id = _int_arg("province") if province_filter else None
    type_id = _int_arg("type")
    if province_id:
        query = query.where(Office.province == province_id)
    if type_id:
        query = query.where(Cooperative.coop_type == type_id)
    triples = list(
        query.select(Cooperative.id, Cooperative.name, Cooperative.registration_no).tuples()
    )
    if q:
        needle = q.casefold()
        triples = [t for t in triples if needle in normalize_text(t[1]).casefold() or needle in t[2].casefold()]
    triples.sort(key=lambda t: (_name_key(t[1]), t[0]))
    total = len(triples)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(_int_arg("page") or 1, 1), pages)
    ids = [t[0] for t in triples[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    rows = []
    latest: dict[int, YearlyRecord] = {}
    if ids:
        by_id = {
            c.id: c
            for c in Cooperative.select(Cooperative, CoopType, Office, Province)
            .join(CoopType).switch(Cooperative).join(Office).join(Province)
            .where(Cooperative.id.in_(ids))
        }
        rows = [by_id[i] for i in ids]
        for record in YearlyRecord.select().where(YearlyRecord.cooperative.in_(ids)).order_by(
            YearlyRecord.accounting_year
        ):
            latest[record.cooperative_id] = record
    return Listing(rows, latest, total, page, pages, q, province_id, type_id, endpoint, view_args or {})


def _scoped_cooperatives():
    """The cooperatives in scope, joined to their office (for province filters)."""
    scope = current_scope()
    return scope.filter_by_office(Cooperative.select().join(Office), Cooperative.office)


def _coop_counts_by(field) -> dict[int, int]:
    query = (
        Cooperative.select(field, pw.fn.COUNT(Cooperative.id))
        .join(Office).join(Province)
        .group_by(field)
    )
    return dict(current_scope().filter_by_office(query, Cooperative.office).tuples())


def _type_choices():
    return [(t.id, _label(t)) for t in CoopType.select().order_by(CoopType.id)]


def _office_choices():
    offices = current_scope().offices().join(Province)
    offices = offices.select(Office, Province)
    ordered = sorted_thai(offices, key=lambda o: f"{o.province.name_th} {o.short_th}")
    return [(o.id, f"{o.short_th} ({_label(o.province)})") for o in ordered]


# --- browsing -------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    if not scope.is_national:
        if scope.level == "centre" and len(scope.centre_ids or ()) == 1:
            return redirect(url_for("register.centre", id=next(iter(scope.centre_ids))), code=303)
        if scope.level == "office" and len(scope.province_ids or ()) == 1:
            return redirect(url_for("register.province", id=next(iter(scope.province_ids))), code=303)
    centres = list(scope.centres())
    province_counts = dict(
        scope.provinces().select(Province.centre, pw.fn.COUNT(Province.id)).group_by(Province.centre).tuples()
    )
    coop_counts = _coop_counts_by(Province.centre)
    return render_page_or_fragment(
        "register/index.html",
        centres=centres,
        province_counts=province_counts,
        coop_counts=coop_counts,
        total=sum(coop_counts.values()),
        can_import=_can_import(),
    )


@bp.get("/centres/<int:id>")
@login_required
def centre(id):
    scope = current_scope()
    centre = in_scope_or_404(scope.centre, id)
    provinces = sorted_thai(scope.provinces().where(Province.centre == centre.id), key=lambda p: p.name_th)
    offices: dict[int, list[Office]] = {}
    for office in scope.offices().where(Office.province.in_([p.id for p in provinces] or [0])).order_by(Office.code):
        offices.setdefault(office.province_id, []).append(office)
    counts = _coop_counts_by(Province.id)
    return render_page_or_fragment(
        "register/centre.html",
        centre=centre,
        provinces=provinces,
        offices=offices,
        counts=counts,
        total=sum(counts.get(p.id, 0) for p in provinces),
        can_import=_can_import(),
    )


@bp.get("/provinces/<int:id>")
@login_required
def province(id):
    scope = current_scope()
    province = in_scope_or_404(scope.province, id)
    offices = list(scope.offices().where(Office.province == province.id).order_by(Office.code))
    listing = _listing(
        _scoped_cooperatives().where(Office.province == province.id),
        "register.province",
        {"id": province.id},
        province_filter=False,
    )
    return render_page_or_fragment(
        "register/province.html",
        "register/_rows.html",
        province=province,
        centre=province.centre,
        offices=offices,
        listing=listing,
        types=_type_choices(),
        provinces=None,
        can_edit=_can_edit(),
        can_import=_can_import(),
    )


@bp.get("/cooperatives")
@login_required
def cooperatives():
    listing = _listing(_scoped_cooperatives(), "register.cooperatives")
    provinces = sorted_thai(current_scope().provinces(), key=lambda p: p.name_th)
    return render_page_or_fragment(
        "register/cooperatives.html",
        "register/_rows.html",
        listing=listing,
        types=_type_choices(),
        provinces=[(p.id, _label(p)) for p in provinces],
        can_edit=_can_edit(),
        can_import=_can_import(),
    )


@bp.get("/cooperatives/<int:id>")
@login_required
def cooperative(id):
    coop = in_scope_or_404(current_scope().cooperative, id)
    records = list(
        YearlyRecord.select().where(YearlyRecord.cooperative == coop.id).order_by(YearlyRecord.accounting_year.desc())
    )
    lines = list(BusinessLine.select().order_by(BusinessLine.sort_order))
    by_record: dict[int, dict[int, int]] = {}
    if records:
        for line in YearlyRecordLine.select().where(YearlyRecordLine.record.in_([r.id for r in records])):
            by_record.setdefault(line.record_id, {})[line.business_line_id] = line.active_members
    counting = record_for_selection(records, clock.today())
    lang = current_language()
    rows = [
        {
            "record": r,
            "rate": r.participation_rate,
            "below": is_below_threshold(r.participation_rate),
            "clauses": [CLAUSE_LABELS[c][lang] for c in candidate_clauses(r)],
            "lines": by_record.get(r.id, {}),
            "counts": counting is not None and r.id == counting.id,
        }
        for r in records
    ]
    return render_page_or_fragment(
        "register/cooperative.html",
        coop=coop,
        rows=rows,
        lines=lines,
        any_lines=any(row["lines"] for row in rows),
        counting=counting,
        can_edit=_can_edit(coop),
    )


# --- forms ------------------------------------------------------------------------------



class CooperativeForm(FlaskForm):
    name = StringField(_l("ชื่อสหกรณ์"), validators=[
        DataRequired(message=_l("กรุณากรอกชื่อสหกรณ์")),
        Length(max=255, message=_l("ชื่อสหกรณ์ยาวเกิน 255 ตัวอักษร")),
    ])
    registration_no = StringField(_l("เลขทะเบียนสหกรณ์"), validators=[
        DataRequired(message=_l("กรุณากรอกเลขทะเบียนสหกรณ์")),
        Length(max=64, message=_l("เลขทะเบียนยาวเกิน 64 ตัวอักษร")),
    ])
    coop_type = ChoiceField(_l("ประเภทสหกรณ์"))
    office = ChoiceField(_l("สำนักงาน"))
    board_size = ParsedField(_l("จำนวนกรรมการ"), parser=lambda v: importer.parse_count(v, "จำนวนกรรมการ", "Board size"))

    def validate_board_size(self, field):
        if field.data is not None and not 1 <= field.data <= 15:
            raise ValidationError(_("จำนวนกรรมการต้องเป็น 1 ถึง 15 คน ตามพระราชบัญญัติสหกรณ์"))


def _count(label_th, label_en):
    return lambda v: importer.parse_count(v, label_th, label_en)


def _amount(label_th, label_en):
    return lambda v: importer.parse_amount(v, label_th, label_en)


class YearlyRecordForm(FlaskForm):
    accounting_year = ParsedField(_l("ปีบัญชี (พ.ศ.)"), parser=_count("ปีบัญชี", "Accounting year"), required=True,
                                  required_message=_l("กรุณากรอกปีบัญชี"))
    closing_date = ParsedField(_l("วันสิ้นปีบัญชี"), parser=parse_be_date, formatter=format_be_input, required=True,
                               required_message=_l("กรุณากรอกวันสิ้นปีบัญชี"))
    members = ParsedField(_l("จำนวนสมาชิก"), parser=_count("จำนวนสมาชิก", "Members"), required=True,
                          required_message=_l("กรุณากรอกจำนวนสมาชิก"))
    active_members = ParsedField(_l("สมาชิกที่ทำธุรกิจกับสหกรณ์"),
                                 parser=_count("สมาชิกที่ทำธุรกิจกับสหกรณ์", "Active members"), required=True,
                                 required_message=_l("กรุณากรอกจำนวนสมาชิกที่ทำธุรกิจกับสหกรณ์"))
    accumulated_profit_loss = ParsedField(_l("กำไร(ขาดทุน)สะสม (บาท)"),
                                          parser=_amount("กำไร(ขาดทุน)สะสม", "Accumulated profit (loss)"),
                                          formatter=lambda d: f"{d:.2f}", required=True,
                                          required_message=_l("กรุณากรอกกำไร(ขาดทุน)สะสม"))
    profit_this_year = ParsedField(_l("กำไร(ขาดทุน)สุทธิประจำปี (บาท)"),
                                   parser=_amount("กำไร(ขาดทุน)สุทธิประจำปี", "Profit (loss) this year"),
                                   formatter=lambda d: f"{d:.2f}", required=True,
                                   required_message=_l("กรุณากรอกกำไร(ขาดทุน)สุทธิประจำปี"))
    strength_level = ChoiceField(_l("ระดับชั้นความเข้มแข็ง"), required=False)


def _record_form(lines, **kwargs) -> YearlyRecordForm:
    """The yearly-record form with one box per business line."""

    class Form(YearlyRecordForm):
        pass

    for line in lines:
        setattr(Form, f"line_{line.code}", ParsedField(
            _label(line), parser=_count(f"ธุรกิจ{line.name_th}", line.name_en)))
    form = Form(**kwargs)
    form.strength_level.choices = [(None, "–")] + [(n, str(n)) for n in (1, 2, 3, 4)]
    return form


def _line_fields(form, lines):
    return [(line, getattr(form, f"line_{line.code}")) for line in lines]


# --- cooperatives: add and edit ------------------------------------------------------------


def _save_cooperative(form: CooperativeForm, coop: Cooperative | None):
    """Validate uniqueness and write; return the cooperative, or None with errors on the form."""
    name = normalize_text(form.name.data)
    registration_no = normalize_text(form.registration_no.data)
    clash = Cooperative.select().where(Cooperative.registration_no == registration_no)
    if coop is not None:
        clash = clash.where(Cooperative.id != coop.id)
    clash = clash.first()
    if clash is not None:
        form.registration_no.errors.append(
            _("เลขทะเบียนนี้เป็นของสหกรณ์อื่นที่บันทึกไว้แล้ว") + f": {clash.name}"
        )
        return None
    values = {"name": name, "registration_no": registration_no, "coop_type": form.coop_type.data,
              "office": form.office.data, "board_size": form.board_size.data}
    try:
        with write_transaction():
            if coop is None:
                coop = Cooperative.create(**values)
            else:
                Cooperative.update(**values).where(Cooperative.id == coop.id).execute()
    except pw.IntegrityError:
        form.registration_no.errors.append(_("เลขทะเบียนนี้เป็นของสหกรณ์อื่นที่บันทึกไว้แล้ว"))
        return None
    return coop


@bp.route("/cooperatives/new", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def cooperative_new():
    form = CooperativeForm()
    form.coop_type.choices = _type_choices()
    form.office.choices = _office_choices()
    if request.method == "GET" and len(form.office.choices) == 1:
        form.office.data = form.office.choices[0][0]
    if form.validate_on_submit():
        coop = _save_cooperative(form, None)
        if coop is not None:
            flash(_("บันทึกสหกรณ์แล้ว"), "success")
            return redirect(url_for("register.cooperative", id=coop.id), code=303)
    return render_page_or_fragment("register/cooperative_form.html", form=form, coop=None)


@bp.route("/cooperatives/<int:id>/edit", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def cooperative_edit(id):
    coop = in_scope_or_404(current_scope().cooperative, id)
    form = CooperativeForm(obj=None if request.method == "POST" else coop)
    if request.method == "GET":
        form.coop_type.data = coop.coop_type_id
        form.office.data = coop.office_id
        form.board_size.data = coop.board_size
    form.coop_type.choices = _type_choices()
    form.office.choices = _office_choices()
    if form.validate_on_submit():
        if _save_cooperative(form, coop) is not None:
            flash(_("บันทึกสหกรณ์แล้ว"), "success")
            return redirect(url_for("register.cooperative", id=coop.id), code=303)
    return render_page_or_fragment("register/cooperative_form.html", form=form, coop=coop)


# --- yearly records: add and edit ------------------------------------------------------------


def _save_record(form, coop: Cooperative, record: YearlyRecord | None, lines) -> YearlyRecord | None:
    """Cross-check the figures, then write the record and its business lines in one transaction."""
    year = form.accounting_year.data
    closing = form.closing_date.data
    problem = importer.check_accounting_year(year, closing)
    if problem is not None:
        getattr(form, problem.field).errors.append(problem)
        return None
    by_line = {line.code: field.data for line, field in _line_fields(form, lines) if field.data is not None}
    figures = YearlyFigures(
        accounting_year=year, closing_date=closing, members=form.members.data,
        active_members=form.active_members.data, accumulated_profit_loss=form.accumulated_profit_loss.data,
        profit_this_year=form.profit_this_year.data, strength_level=form.strength_level.data,
        active_by_line=by_line,
    )
    problems = validate_yearly_figures(figures)
    for p in problems:
        name = p.field.replace("active_by_line.", "line_") if p.field else "members"
        getattr(form, name, form.members).errors.append(p)
    if problems:
        return None
    clash = YearlyRecord.select().where(
        (YearlyRecord.cooperative == coop.id) & (YearlyRecord.accounting_year == year)
    )
    if record is not None:
        clash = clash.where(YearlyRecord.id != record.id)
    if clash.exists():
        form.accounting_year.errors.append(_("ปีบัญชีนี้บันทึกไว้แล้ว ให้แก้ไขรายการเดิมแทน"))
        return None
    values = {
        "accounting_year": year, "closing_date": closing, "members": figures.members,
        "active_members": figures.active_members, "accumulated_profit_loss": figures.accumulated_profit_loss,
        "profit_this_year": figures.profit_this_year, "strength_level": figures.strength_level,
        "source": "entered", "updated_at": clock.naive_now(),
    }
    line_ids = {line.code: line.id for line in lines}
    try:
        with write_transaction():
            if record is None:
                record = YearlyRecord.create(cooperative=coop.id, **values)
            else:
                YearlyRecord.update(**values).where(YearlyRecord.id == record.id).execute()
            YearlyRecordLine.delete().where(YearlyRecordLine.record == record.id).execute()
            for code, count in by_line.items():
                YearlyRecordLine.create(record=record.id, business_line=line_ids[code], active_members=count)
    except pw.IntegrityError:
        form.accounting_year.errors.append(_("ปีบัญชีนี้บันทึกไว้แล้ว ให้แก้ไขรายการเดิมแทน"))
        return None
    return record


@bp.route("/cooperatives/<int:id>/records/new", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def record_new(id):
    coop = in_scope_or_404(current_scope().cooperative, id)
    lines = list(BusinessLine.select().order_by(BusinessLine.sort_order))
    form = _record_form(lines)
    if form.validate_on_submit() and _save_record(form, coop, None, lines) is not None:
        flash(_("บันทึกข้อมูลรายปีแล้ว"), "success")
        return redirect(url_for("register.cooperative", id=coop.id), code=303)
    return render_page_or_fragment("register/record_form.html", form=form, coop=coop, record=None,
                                   line_fields=_line_fields(form, lines))


@bp.route("/cooperatives/<int:id>/records/<int:year>/edit", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def record_edit(id, year):
    coop = in_scope_or_404(current_scope().cooperative, id)
    record = YearlyRecord.get_or_none((YearlyRecord.cooperative == coop.id) & (YearlyRecord.accounting_year == year))
    if record is None:
        abort(404)
    lines = list(BusinessLine.select().order_by(BusinessLine.sort_order))
    form = _record_form(lines)
    if request.method == "GET":
        for name in ("accounting_year", "closing_date", "members", "active_members",
                     "accumulated_profit_loss", "profit_this_year", "strength_level"):
            getattr(form, name).data = getattr(record, name)
        stored = {line.business_line_id: line.active_members for line in record.lines}
        for line, field in _line_fields(form, lines):
            field.data = stored.get(line.id)
    if form.validate_on_submit() and _save_record(form, coop, record, lines) is not None:
        flash(_("บันทึกข้อมูลรายปีแล้ว"), "success")
        return redirect(url_for("register.cooperative", id=coop.id), code=303)
    return render_page_or_fragment("register/record_form.html", form=form, coop=coop, record=record,
                                   line_fields=_line_fields(form, lines))


# --- import ---------------------------------------------------------------------------------------


class UploadForm(FlaskForm):
    file = FileField(_l("ไฟล์ทะเบียนสหกรณ์ (.xlsx หรือ .csv)"), validators=[FileRequired(message=_l("กรุณาเลือกไฟล์"))])
    encoding = ChoiceField(_l("การเข้ารหัสของไฟล์ CSV"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.encoding.choices = [
            ("auto", _("อัตโนมัติ (UTF-8 หรือ cp874)")),
            ("utf-8", _("UTF-8 (บันทึกจาก Excel เป็น CSV UTF-8)")),
            ("cp874", _("cp874 / TIS-620 (CSV ธรรมดาจาก Excel ภาษาไทย)")),
        ]
        if self.encoding.data is None:
            self.encoding.data = "auto"


class ConfirmForm(FlaskForm):
    mode = ChoiceField()
    fingerprint = HiddenField()
    acknowledge = BooleanField(_l("เข้าใจแล้วว่าแถวที่ผิดจะไม่ถูกนำเข้า"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = [("all", "all"), ("good", "good")]


def _upload_store() -> importer.UploadStore:
    root = current_app.config.get("REGISTER_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads" / "register"
    return importer.UploadStore(root)


def _scope_offices():
    return current_scope().office_ids  # None: every office (the bureau)


@bp.get("/import/template")
@roles_required(*IMPORT_ROLES)
def import_template():
    return send_download(importer.template_workbook(), "แบบฟอร์มนำเข้าทะเบียนสหกรณ์", "xlsx")


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*IMPORT_ROLES)
def import_upload():
    form = UploadForm()
    file_error = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        filename = upload.filename or ""
        try:
            importer.build_preview(data, filename, form.encoding.data, _scope_offices())
        except importer.ImportFileError as exc:
            file_error = exc.message
        else:
            token = _upload_store().save(current_user().id, data, filename, form.encoding.data)
            return redirect(url_for("register.import_preview", token=token), code=303)
    return render_page_or_fragment("register/import.html", form=form, file_error=file_error)


def _load_upload(token: str) -> importer.StoredUpload:
    upload = _upload_store().load(current_user().id, token)
    if upload is None:
        abort(404)
    return upload


@bp.get("/import/<token>")
@roles_required(*IMPORT_ROLES)
def import_preview(token):
    upload = _load_upload(token)
    try:
        preview = importer.build_preview(upload.data, upload.filename, upload.encoding, _scope_offices())
    except importer.ImportFileError as exc:
        flash(exc.message.th if current_language() == "th" else exc.message.en, "error")
        return redirect(url_for("register.import_upload"), code=303)
    form = ConfirmForm(fingerprint=preview.fingerprint)
    return render_page_or_fragment("register/import_preview.html", preview=preview, upload=upload, form=form,
                                   shown_rows=preview.rows[:200])


@bp.post("/import/<token>")
@roles_required(*IMPORT_ROLES)
def import_confirm(token):
    upload = _load_upload(token)
    form = ConfirmForm()
    back = redirect(url_for("register.import_preview", token=token), code=303)
    if not form.validate_on_submit():
        flash(_("เลือกวิธีนำเข้าจากหน้าตรวจสอบไฟล์"), "error")
        return back
    only_good = form.mode.data == "good"
    if only_good and not form.acknowledge.data:
        flash(_("นำเข้าเฉพาะแถวที่ถูกต้อง: กรุณาทำเครื่องหมายยืนยันว่าเข้าใจว่าแถวที่ผิดจะไม่ถูกนำเข้า"), "error")
        return back
    try:
        _preview, result = importer.import_file(
            upload.data, upload.filename, upload.encoding, _scope_offices(),
            only_good=only_good, expected_fingerprint=form.fingerprint.data or "-",
        )
    except importer.ImportRefused as exc:
        flash(exc.message.th if current_language() == "th" else exc.message.en, "error")
        return back
    _upload_store().discard(current_user().id, token)
    parts = [
        (_("นำเข้าแล้ว"), result.rows_imported),
        (_("สหกรณ์ใหม่"), result.cooperatives_created),
        (_("สหกรณ์ที่ปรับปรุง"), result.cooperatives_updated),
        (_("ข้อมูลรายปีใหม่"), result.records_created),
        (_("ข้อมูลรายปีที่ปรับปรุง"), result.records_updated),
    ]
    if result.rows_skipped:
        parts.append((_("แถวที่ข้าม"), result.rows_skipped))
    flash(" · ".join(f"{label}: {count:,}" for label, count in parts), "success")
    return redirect(url_for("register.cooperatives"), code=303)
