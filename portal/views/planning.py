"""The bureau's year setup: courses and step windows, selection deadline, quotas, centre budgets, KPIs and targets, the planning workshop; copy a year into the next.

Reading: every signed-in role. A centre sees its own budget and targets, an office
its province's targets and its own quota (portal.scope); another centre's page is
404. Writing: the bureau administrator only (others get 403 and see no edit
buttons). Rules and writes live in portal.domain.planning and
portal.services.planning; a refusal re-shows the form with what was typed and
changes nothing.
"""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain import planning as rules
from portal.domain.kpis import UNITS
from portal.domain.planning import PlanningError
from portal.domain.thaidates import fiscal_year, fiscal_year_bounds, format_be_input, parse_be_date
from portal.htmx import htmx_response, is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.models import Centre, Course, ProgrammeYear, User
from portal.services import planning as service

bp = Blueprint("planning", __name__, url_prefix="/planning")

ADMIN = "bureau_admin"


# --- helpers ---------------------------------------------------------------------------------


def _say(error: PlanningError) -> str:
    """A refusal in the interface language."""
    return error.th if current_language() == "th" else error.en


def _label(obj, th="name_th", en="name_en") -> str:
    return getattr(obj, th) if current_language() == "th" else getattr(obj, en)


def _can_edit() -> bool:
    user = current_user()
    return user is not None and user.role == ADMIN


def _year_or_404(fy: int) -> ProgrammeYear:
    year = ProgrammeYear.of(fy)
    if year is None:
        abort(404)
    return year


def _saved(message: str, url: str):
    """After a successful POST: 303 to the page, or (htmx) a client-side redirect there."""
    flash(message, "success")
    if is_htmx():
        return htmx_response("", 200, redirect=url)
    return redirect(url, code=303)


def _parse_date(text: str):
    try:
        return parse_be_date(text)
    except ValueError:
        raise PlanningError(
            f"วันที่ไม่ถูกต้อง: \"{text.strip()}\" — ใช้รูปแบบ วว/ดด/ปปปป พ.ศ. เช่น 15/12/2565",
            f"Invalid date: \"{text.strip()}\" — use DD/MM/YYYY in the Buddhist Era, e.g. 15/12/2565") from None


@bp.context_processor
def _helpers():
    lang = current_language()
    return {
        "label": _label,
        "target_text": rules.format_target,
        "target_with_unit": lambda value, unit: rules.format_target_with_unit(value, unit, lang),
        "date_range": lambda a, b: rules.format_date_range(a, b, lang),
        "unit_label": lambda unit: UNITS.get(unit, (unit, unit))[0 if lang == "th" else 1],
    }


# --- form fields -------------------------------------------------------------------------------


class TypedField(StringField):
    """A text box parsed by a domain function; its PlanningError becomes the field's error."""

    def __init__(self, label=None, validators=None, parser=None, formatter=str, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parser = parser
        self.formatter = formatter
        self.required_message = required_message
        if required_message:
            self.flags.required = True

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            try:
                self.data = self.parser(valuelist[0])
            except PlanningError as exc:
                raise ValueError(_say(exc)) from None

    def pre_validate(self, form):
        if self.required_message and not (self.raw_data and str(self.raw_data[0]).strip()):
            raise ValidationError(str(self.required_message))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.formatter(self.data)


def _whole(label_th, label_en, minimum=0, maximum=None):
    return lambda v: rules.parse_whole(v, label_th, label_en, minimum=minimum, maximum=maximum)


def _date_field(label, required_message=None):
    return TypedField(label, parser=_parse_date, formatter=format_be_input, required_message=required_message)


def _attach(form, error: PlanningError, fallback: str) -> None:
    """Put a service refusal under its field (or the fallback field)."""
    field = getattr(form, error.field or "", None) or getattr(form, fallback)
    field.errors = list(field.errors) + [_say(error)]


class RequiredText(StringField):
    """A text box shown as required; the domain check says what is missing."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.flags.required = True


class CsrfForm(FlaskForm):
    """No fields: the CSRF check of a grid of inputs read from request.form."""


class CreateYearForm(FlaskForm):
    fiscal_year = TypedField(_l("ปีงบประมาณ (พ.ศ.)"), parser=rules.parse_fiscal_year,
                             required_message=_l("กรุณากรอกปีงบประมาณ (พ.ศ.) เช่น 2567"))
    source = SelectField(_l("เริ่มจาก"), validate_choice=False)


class SettingsForm(FlaskForm):
    selection_deadline = _date_field(_l("วันสุดท้ายที่ศูนย์ฯ ส่งรายชื่อสหกรณ์เป้าหมายได้ทันกำหนด"))
    default_quota = TypedField(_l("โควตาสหกรณ์เป้าหมายต่อสำนักงาน (ค่าเริ่มต้น)"),
                               parser=_whole("โควตา", "The quota", 0, rules.MAX_QUOTA),
                               required_message=_l("กรุณากรอกโควตา"))


class CourseForm(FlaskForm):
    name_th = RequiredText(_l("ชื่อหลักสูตร (ภาษาไทย)"))
    name_en = RequiredText(_l("ชื่อหลักสูตร (ภาษาอังกฤษ)"))
    days = TypedField(_l("จำนวนวันอบรม"), parser=_whole("จำนวนวันอบรม", "Training days", 1, 30),
                      required_message=_l("กรุณากรอกจำนวนวันอบรม"))
    people_per_cooperative = TypedField(
        _l("จำนวนผู้เข้ารับการอบรมต่อสหกรณ์ (คน)"),
        parser=_whole("จำนวนคนต่อสหกรณ์", "People per cooperative", 1, 999),
        required_message=_l("กรุณากรอกจำนวนผู้เข้ารับการอบรมต่อสหกรณ์"))
    cooperatives_per_province = TypedField(
        _l("จำนวนสหกรณ์ต่อจังหวัด (แห่ง)"),
        parser=_whole("จำนวนสหกรณ์ต่อจังหวัด", "Cooperatives per province", 1, 99),
        required_message=_l("กรุณากรอกจำนวนสหกรณ์ต่อจังหวัด"))


def _course_form(steps, **kwargs) -> CourseForm:
    class Form(CourseForm):
        pass

    for step in steps:
        setattr(Form, f"step_{step.step_no}_starts", _date_field(_l("วันเริ่มต้น")))
        setattr(Form, f"step_{step.step_no}_ends", _date_field(_l("วันสิ้นสุด")))
    return Form(**kwargs)


class WorkshopForm(FlaskForm):
    starts = _date_field(_l("วันเริ่มประชุม"), required_message=_l("กรุณากรอกวันเริ่มประชุม"))
    ends = _date_field(_l("วันสิ้นสุดการประชุม"), required_message=_l("กรุณากรอกวันสิ้นสุดการประชุม"))
    place = RequiredText(_l("สถานที่"))
    attendees = TypedField(_l("จำนวนผู้เข้าร่วม (คน)"), parser=_whole("จำนวนผู้เข้าร่วม", "Attendees", 1, 99999))
    notes = TextAreaField(_l("ผลการประชุม / หมายเหตุ"))


# --- reading ------------------------------------------------------------------------------------


def _years_summary():
    years = list(ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc()))
    course_counts = {}
    for c in Course.select(Course.fiscal_year):
        course_counts[c.fiscal_year] = course_counts.get(c.fiscal_year, 0) + 1
    return years, course_counts


def _suggested_year(years) -> int:
    if years:
        return max(y.fiscal_year for y in years) + 1
    return fiscal_year(clock.today())


def _index_page(form: CreateYearForm, status: int = 200):
    years, course_counts = _years_summary()
    return render_page_or_fragment(
        "planning/index.html", years=years, course_counts=course_counts, form=form, can_edit=_can_edit(),
    ), status


def _create_form(years=None) -> CreateYearForm:
    years = years if years is not None else list(ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc()))
    form = CreateYearForm()
    form.source.choices = [("", _("ตั้งต้นใหม่ตามแนวทางของกรมฯ (หลักสูตร ขั้นตอน ตัวชี้วัด และค่าเริ่มต้น)"))] + [
        (str(y.fiscal_year), _("คัดลอกจากปีงบประมาณ %(fy)s", fy=y.fiscal_year)) for y in years
    ]
    if request.method == "GET":
        form.fiscal_year.data = _suggested_year(years)
        form.source.data = str(years[0].fiscal_year) if years else ""
    return form


@bp.get("/")
@login_required
def index():
    return _index_page(_create_form())


@bp.post("/years")
@roles_required(ADMIN)
def create():
    form = _create_form()
    if form.validate_on_submit():
        source = (form.source.data or "").strip()
        try:
            if source:
                try:
                    source_fy = int(source)
                except ValueError:
                    raise PlanningError("กรุณาเลือกปีต้นฉบับจากรายการ", "Choose the year to copy from the list",
                                        "source") from None
                year = service.copy_year(source_fy, form.fiscal_year.data)
                message = _("สร้างปีงบประมาณ %(fy)s โดยคัดลอกจากปี %(source)s แล้ว (เลื่อนวันที่ทั้งหมด %(years)s ปี)",
                            fy=year.fiscal_year, source=source_fy, years=year.fiscal_year - source_fy)
            else:
                year = service.create_year(form.fiscal_year.data)
                message = _("สร้างปีงบประมาณ %(fy)s ตามแนวทางของกรมฯ แล้ว", fy=year.fiscal_year)
        except PlanningError as exc:
            _attach(form, exc, "fiscal_year")
        else:
            return _saved(message, url_for("planning.year", fy=year.fiscal_year))
    return _index_page(form)


def _scoped_views(year: ProgrammeYear, centre: Centre | None = None):
    """What this user sees of a year: (budget table or None, target blocks, office rows)."""
    scope = current_scope()
    centre_ids = scope.centre_ids
    if centre is not None:
        centre_ids = frozenset({centre.id})
    if scope.level == "office":
        blocks = service.target_blocks(year, centre_ids, scope.province_ids, show_centre=False)
        budgets = None
    else:
        blocks = service.target_blocks(year, centre_ids)
        budgets = service.budget_table(year, centre_ids)
    office_ids = scope.office_ids
    offices = service.office_rows(year, office_ids)
    if centre is not None:
        offices = [r for r in offices if r.centre is not None and r.centre.id == centre.id]
    return budgets, blocks, offices


@bp.get("/<int:fy>")
@login_required
def year(fy):
    year = _year_or_404(fy)
    budgets, blocks, offices = _scoped_views(year)
    recorder = User.get_or_none(User.id == year.workshop_recorded_by_id) if year.workshop_recorded_by_id else None
    courses = service.year_courses(fy)
    planned_step1 = next((s for c, steps in courses if c.number == 1 for s in steps if s.step_no == 1), None)
    return render_page_or_fragment(
        "planning/year.html", year=year, courses=courses, kpis=service.kpis_of(year), budgets=budgets,
        blocks=blocks, offices=offices, quota_total=sum(r.quota(year.default_quota) for r in offices),
        recorder=recorder, planned_step1=planned_step1, bounds=fiscal_year_bounds(fy), can_edit=_can_edit(),
        centre=None,
    )


@bp.get("/<int:fy>/centres/<int:centre_id>")
@login_required
def centre(fy, centre_id):
    year = _year_or_404(fy)
    centre = in_scope_or_404(current_scope().centre, centre_id)
    budgets, blocks, offices = _scoped_views(year, centre)
    return render_page_or_fragment(
        "planning/centre.html", year=year, centre=centre, kpis=service.kpis_of(year), budgets=budgets,
        blocks=blocks, offices=offices, quota_total=sum(r.quota(year.default_quota) for r in offices),
        can_edit=_can_edit(),
    )


# --- settings: deadline and default quota ---------------------------------------------------------------


@bp.route("/<int:fy>/settings", methods=["GET", "POST"])
@roles_required(ADMIN)
def settings(fy):
    year = _year_or_404(fy)
    form = SettingsForm()
    if request.method == "GET":
        form.selection_deadline.data = year.selection_deadline
        form.default_quota.data = year.default_quota
    if form.validate_on_submit():
        try:
            service.update_settings(year, form.selection_deadline.data, form.default_quota.data)
        except PlanningError as exc:
            _attach(form, exc, "selection_deadline")
        else:
            return _saved(_("บันทึกกำหนดส่งรายชื่อและโควตาแล้ว"), url_for("planning.year", fy=fy) + "#selection")
    return render_page_or_fragment("planning/settings.html", year=year, form=form)


# --- a course as run that year ------------------------------------------------------------------------


@bp.route("/<int:fy>/courses/<int:number>", methods=["GET", "POST"])
@roles_required(ADMIN)
def course(fy, number):
    year = _year_or_404(fy)
    found = [(c, s) for c, s in service.year_courses(fy) if c.number == number]
    if not found:
        abort(404)
    course, steps = found[0]
    form = _course_form(steps)
    if request.method == "GET":
        for name in ("name_th", "name_en", "days", "people_per_cooperative", "cooperatives_per_province"):
            getattr(form, name).data = getattr(course, name)
        for s in steps:
            getattr(form, f"step_{s.step_no}_starts").data = s.starts
            getattr(form, f"step_{s.step_no}_ends").data = s.ends
    if form.is_submitted():
        valid = form.validate()
        values = {"name_th": form.name_th.data or "", "name_en": form.name_en.data or "", "days": form.days.data,
                  "people_per_cooperative": form.people_per_cooperative.data,
                  "cooperatives_per_province": form.cooperatives_per_province.data}
        # Every problem at once: the names and windows are checked even when a number failed to parse.
        problems = [p for p in rules.check_course_values(*values.values())
                    if not getattr(form, p.field).errors]
        for s in steps:
            try:
                rules.check_window(getattr(form, f"step_{s.step_no}_starts").data,
                                   getattr(form, f"step_{s.step_no}_ends").data, f"step_{s.step_no}_ends")
            except PlanningError as exc:
                problems.append(exc)
        for problem in problems:
            _attach(form, problem, "name_th")
        if valid and not problems:
            windows = {s.step_no: (getattr(form, f"step_{s.step_no}_starts").data,
                                   getattr(form, f"step_{s.step_no}_ends").data) for s in steps}
            try:
                service.update_course(year, course, steps=windows, **values)
            except PlanningError as exc:
                _attach(form, exc, "name_th")
            else:
                return _saved(_("บันทึกหลักสูตรที่ %(n)s แล้ว", n=number),
                              url_for("planning.year", fy=fy) + f"#course-{number}")
    step_fields = [(s, getattr(form, f"step_{s.step_no}_starts"), getattr(form, f"step_{s.step_no}_ends"))
                   for s in steps]
    return render_page_or_fragment("planning/course.html", year=year, course=course, form=form,
                                   step_fields=step_fields)


# --- quotas per office --------------------------------------------------------------------------------------


@bp.route("/<int:fy>/quotas", methods=["GET", "POST"])
@roles_required(ADMIN)
def quotas(fy):
    year = _year_or_404(fy)
    rows = service.office_rows(year)
    form = CsrfForm()
    typed, errors = {}, {}
    if form.validate_on_submit():
        wanted = {}
        for row in rows:
            name = f"q-{row.office.id}"
            if name not in request.form:  # only what the form sent changes
                continue
            typed[name] = request.form[name]
            try:
                wanted[row.office.id] = rules.parse_whole(typed[name], "โควตา", "The quota", name, 0,
                                                          rules.MAX_QUOTA)
            except PlanningError as exc:
                errors[name] = _say(exc)
        if not errors:
            try:
                service.set_office_quotas(year, wanted)
            except PlanningError as exc:
                errors[exc.field or "form"] = _say(exc)
            else:
                return _saved(_("บันทึกโควตารายสำนักงานแล้ว"), url_for("planning.year", fy=fy) + "#selection")
    return render_page_or_fragment("planning/quotas.html", "planning/_quotas_form.html", year=year, rows=rows,
                                   form=form, typed=typed, errors=errors)


# --- budgets per centre and course ------------------------------------------------------------------------


@bp.route("/<int:fy>/budgets", methods=["GET", "POST"])
@roles_required(ADMIN)
def budgets(fy):
    year = _year_or_404(fy)
    table = service.budget_table(year)
    form = CsrfForm()
    typed, errors = {}, {}
    if form.validate_on_submit():
        wanted = {}
        for centre, _cells, _total in table.rows:
            for course in table.courses:
                name = f"b-{centre.id}-{course.id}"
                if name not in request.form:
                    continue
                typed[name] = request.form[name]
                try:
                    wanted[(centre.id, course.id)] = rules.parse_baht(typed[name], name)
                except PlanningError as exc:
                    errors[name] = _say(exc)
        if not errors:
            service.set_budgets(year, wanted)
            return _saved(_("บันทึกงบประมาณแล้ว"), url_for("planning.year", fy=fy) + "#budgets")
    return render_page_or_fragment("planning/budgets.html", "planning/_budgets_form.html", year=year, table=table,
                                   form=form, typed=typed, errors=errors)


# --- KPIs: default targets --------------------------------------------------------------------------------------


@bp.route("/<int:fy>/kpis", methods=["GET", "POST"])
@roles_required(ADMIN)
def kpis(fy):
    year = _year_or_404(fy)
    kpis = service.kpis_of(year)
    form = CsrfForm()
    typed, errors = {}, {}
    reset = False
    if form.validate_on_submit():
        wanted = {}
        reset = request.form.get("reset_targets") == "1"
        for kpi in kpis:
            name = f"k-{kpi.id}"
            if name not in request.form:
                continue
            typed[name] = request.form[name]
            try:
                value = rules.parse_target(typed[name], kpi.unit, name)
            except PlanningError as exc:
                errors[name] = _say(exc)
                continue
            if value is None:
                errors[name] = _("กรุณากรอกค่าเป้าหมายเริ่มต้น")
            else:
                wanted[kpi.id] = value
        if not errors:
            service.set_kpi_defaults(year, wanted, reset_targets=reset)
            message = (_("บันทึกค่าเป้าหมายเริ่มต้นและคำนวณเป้าหมายทุกศูนย์ฯ และจังหวัดใหม่แล้ว") if reset
                       else _("บันทึกค่าเป้าหมายเริ่มต้นของตัวชี้วัดแล้ว"))
            return _saved(message, url_for("planning.year", fy=fy) + "#kpis")
    return render_page_or_fragment("planning/kpis.html", "planning/_kpis_form.html", year=year, kpis=kpis,
                                   form=form, typed=typed, errors=errors, reset=reset)


# --- targets of one centre and its provinces ---------------------------------------------------------------------


@bp.route("/<int:fy>/centres/<int:centre_id>/targets", methods=["GET", "POST"])
@roles_required(ADMIN)
def targets(fy, centre_id):
    year = _year_or_404(fy)
    centre = Centre.get_or_none(Centre.id == centre_id)
    if centre is None:
        abort(404)
    kpis = service.kpis_of(year)
    blocks = service.target_blocks(year, frozenset({centre.id}))
    block = blocks[0]
    form = CsrfForm()
    typed, errors, labels = {}, {}, {}
    rows = [(None, block.centre_targets)] + [(p.id, t) for p, t in block.provinces]
    place_names = {None: _("ศูนย์ฯ ที่ %(n)s (ทั้งศูนย์ฯ)", n=centre.number)}
    place_names.update({p.id: _label(p) for p, _t in block.provinces})
    if form.validate_on_submit():
        wanted: dict[tuple[int, int | None], Decimal | None] = {}
        for province_id, _stored in rows:
            for number, kpi in enumerate(kpis, start=1):
                name = f"t-{kpi.id}-{province_id or 'c'}"
                if name not in request.form:
                    continue
                typed[name] = request.form[name]
                try:
                    wanted[(kpi.id, province_id)] = rules.parse_target(typed[name], kpi.unit, name)
                except PlanningError as exc:
                    errors[name] = _say(exc)
                    labels[name] = _("ตัวชี้วัดที่ %(n)s · %(place)s", n=number, place=place_names[province_id])
        if not errors:
            service.set_targets(year, centre, wanted)
            return _saved(_("บันทึกเป้าหมายของศูนย์ฯ ที่ %(n)s แล้ว", n=centre.number),
                          url_for("planning.centre", fy=fy, centre_id=centre.id) + "#targets")
    return render_page_or_fragment("planning/targets.html", "planning/_targets_form.html", year=year, centre=centre,
                                   kpis=kpis, block=block, form=form, typed=typed, errors=errors, labels=labels,
                                   place_names=place_names)


# --- step 1 of course 1: the planning workshop ---------------------------------------------------------------------


@bp.route("/<int:fy>/workshop", methods=["GET", "POST"])
@roles_required(ADMIN)
def workshop(fy):
    year = _year_or_404(fy)
    form = WorkshopForm()
    if request.method == "GET":
        planned = next((s for c, steps in service.year_courses(fy) if c.number == 1 for s in steps if s.step_no == 1),
                       None)
        form.starts.data = year.workshop_starts or (planned.starts if planned else None)
        form.ends.data = year.workshop_ends or (planned.ends if planned else None)
        form.place.data = year.workshop_place
        form.attendees.data = year.workshop_attendees
        form.notes.data = year.workshop_notes
    if form.validate_on_submit():
        try:
            service.record_workshop(year, starts=form.starts.data, ends=form.ends.data, place=form.place.data or "",
                                    attendees=form.attendees.data, notes=form.notes.data or "",
                                    by_user_id=current_user().id)
        except PlanningError as exc:
            _attach(form, exc, "starts")
        else:
            return _saved(_("บันทึกการประชุมเชิงปฏิบัติการแล้ว"), url_for("planning.year", fy=fy) + "#workshop")
    return render_page_or_fragment("planning/workshop.html", year=year, form=form)
