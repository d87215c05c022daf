"""Cohorts (รุ่น): course, target cooperatives, dates, venue, agenda with speakers, budget, and the cohort's life.

Reading: the bureau every cohort, a centre its own, provincial users the cohorts
training their office's cooperatives (read only). Writing: centre project staff
and the director of the cohort's centre, and the bureau administrator. Another
scope's ids answer 404. Rules live in portal.domain.cohorts_rules, database work
in portal.services.cohorts; this module parses, calls them and renders.

The roster (blueprint ``rosters``) and attendance (``attendance``) live under
/cohorts/<id>/… in their own modules; the cohort page links to both.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain.cohorts import EXPENSE_CATEGORIES, SPEAKER_KINDS, STATUS_LABELS, STATUSES, VENUE_KINDS
from portal.domain.cohorts_rules import (
    BudgetEntry,
    CohortRuleError,
    agenda_locked,
    cohort_days,
    days_note,
    minutes_of,
    next_status,
    outside_daily_hours,
    parse_baht,
    parse_number,
    parse_time,
    planned_budget_locked,
    spent_budget_locked,
)
from portal.domain.thaidates import format_be_input, format_time, parse_be_date
from portal.htmx import is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.models import Centre, Course, TargetProposal
from portal.services import cohorts as service
from portal.services.cohorts import CohortInput, SessionInput
from portal.forms import ChoiceField, ParsedField

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")

EDITORS = service.EDITOR_ROLES


# --- template helpers ------------------------------------------------------------------------------

_VOCABULARIES = {"status": STATUS_LABELS, "venue": VENUE_KINDS, "expense": EXPENSE_CATEGORIES, "speaker": SPEAKER_KINDS}


def _pick(pair: tuple[str, str]) -> str:
    return pair[0] if current_language() == "th" else pair[1]


@bp.app_template_global("cohort_label")
def cohort_label(vocabulary: str, code: str) -> str:
    """The label of a status, venue kind, expense category or speaker kind in the interface language."""
    pair = _VOCABULARIES[vocabulary].get(code)
    return _pick(pair) if pair else (code or "")


@bp.app_template_global("cohort_title")
def cohort_title(session) -> str:
    """An agenda session's title in the interface language (Thai when no English was given)."""
    if current_language() == "en" and session.title_en:
        return session.title_en
    return session.title_th


@bp.app_template_global("cohort_session_minutes")
def cohort_session_minutes(session) -> int:
    """A session's length in whole minutes (shown with |duration)."""
    return minutes_of(session.starts, session.ends)


@bp.app_template_global("cohort_session_outside_hours")
def cohort_session_outside_hours(session, cohort) -> bool:
    """The session lies outside the cohort's daily hours (shown as a warning beside it)."""
    return outside_daily_hours(session.starts, session.ends, cohort.day_starts, cohort.day_ends)


def _name(obj) -> str:
    return obj.name_th if current_language() == "th" else obj.name_en


def _course_label(course: Course) -> str:
    return _("ปีงบประมาณ %(fy)s · หลักสูตรที่ %(n)s %(name)s", fy=course.fiscal_year, n=course.number,
             name=_name(course))


def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return None


def _put_problems(form, problems) -> list:
    """Attach each refusal to its field; return those that belong to none (shown above the form)."""
    general = []
    for p in problems:
        target = getattr(form, p.field, None) if getattr(p, "field", None) else None
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(p)
        else:
            general.append(p)
    return general


# --- forms ---------------------------------------------------------------------------------------------


class CooperativesField(Field):
    """Ticked cooperative ids; the service decides which are allowed (and says why not)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.data = ()

    def process_formdata(self, valuelist):
        ids = []
        for value in valuelist:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                raise ValueError(_("รายการสหกรณ์ไม่ถูกต้อง กรุณาเลือกจากรายการ")) from None
        self.data = tuple(dict.fromkeys(ids))

    def process_data(self, value):
        self.data = tuple(value or ())


def _time_text(t) -> str:
    return format_time(t, "th")


class CohortForm(FlaskForm):
    centre = ChoiceField(_l("ศูนย์ฯ"))
    course = ChoiceField(_l("หลักสูตร"))
    number = ParsedField(_l("รุ่นที่"), parser=parse_number, required=True, required_message=_l("กรุณากรอกรุ่นที่"))
    cooperatives = CooperativesField(_l("สหกรณ์เป้าหมายที่เข้าอบรม"))
    starts = ParsedField(_l("วันเริ่มอบรม"), parser=parse_be_date,
                         formatter=format_be_input, required=True, required_message=_l("กรุณากรอกวันเริ่มอบรม"))
    ends = ParsedField(_l("วันสุดท้ายของการอบรม"),
                       parser=parse_be_date,
                       formatter=format_be_input, required=True, required_message=_l("กรุณากรอกวันสุดท้ายของการอบรม"))
    day_starts = ParsedField(_l("เวลาเริ่มแต่ละวัน"), parser=parse_time, formatter=_time_text)
    day_ends = ParsedField(_l("เวลาเลิกแต่ละวัน"), parser=parse_time, formatter=_time_text)
    place = StringField(_l("สถานที่อบรม"), validators=[
        DataRequired(message=_l("กรุณากรอกสถานที่อบรม")),
        Length(max=255, message=_l("ชื่อสถานที่ยาวเกิน 255 ตัวอักษร")),
    ])
    venue_kind = ChoiceField(_l("ประเภทสถานที่"))
    notes = TextAreaField(_l("หมายเหตุ"), validators=[Optional(), Length(max=2000, message=_l("หมายเหตุยาวเกิน 2,000 ตัวอักษร"))])

    def fill_choices(self, centres, courses):
        self.centre.choices = [(c.id, _name(c)) for c in centres]
        self.course.choices = [(c.id, _course_label(c)) for c in courses]
        self.venue_kind.choices = [(code, _pick(pair)) for code, pair in VENUE_KINDS.items()]


class SessionForm(FlaskForm):
    day = ChoiceField(_l("วันที่"))
    starts = ParsedField(_l("เวลาเริ่ม"), parser=parse_time, formatter=_time_text, required=True,
                         required_message=_l("กรุณากรอกเวลาเริ่ม"))
    ends = ParsedField(_l("เวลาสิ้นสุด"), parser=parse_time, formatter=_time_text, required=True,
                       required_message=_l("กรุณากรอกเวลาสิ้นสุด"))
    title_th = StringField(_l("หัวข้อ"), validators=[
        DataRequired(message=_l("กรุณากรอกหัวข้อ")), Length(max=500, message=_l("หัวข้อยาวเกิน 500 ตัวอักษร"))])
    title_en = StringField(_l("หัวข้อภาษาอังกฤษ (ถ้ามี)"), validators=[Optional(), Length(max=500)])
    speaker_name = StringField(_l("วิทยากร"), validators=[Optional(), Length(max=255)])
    speaker_kind = ChoiceField(_l("ประเภทวิทยากร"), required=False)

    def fill_choices(self, cohort):
        days = cohort_days(cohort.starts, cohort.ends)
        self.day.choices = [(d.isoformat(), _("วันที่ %(n)s", n=i + 1)) for i, d in enumerate(days)]
        self.speaker_kind.choices = [("", "–")] + [(code, _pick(pair)) for code, pair in SPEAKER_KINDS.items()]

    def day_value(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(self.day.data))
        except ValueError:
            return None


class StatusForm(FlaskForm):
    to_status = HiddenField()
    note = TextAreaField(_l("บันทึกประกอบ (ถ้ามี)"), validators=[Optional(), Length(max=1000)])


class PostForm(FlaskForm):
    """No fields: the CSRF check of a POST-only button."""


def _budget_form(formdata=None, summary=None):
    """Planned, spent and a note per expense category."""

    class Form(FlaskForm):
        pass

    for code, (th, en) in EXPENSE_CATEGORIES.items():
        setattr(Form, f"planned_{code}", ParsedField(
            _l("ตามแผน (บาท)"), parser=lambda v, th=th, en=en: parse_baht(v, f"{th} (ตามแผน)", f"{en} (planned)"),
            formatter=lambda d: f"{d:.2f}"))
        setattr(Form, f"spent_{code}", ParsedField(
            _l("ใช้จริง (บาท)"), parser=lambda v, th=th, en=en: parse_baht(v, f"{th} (ใช้จริง)", f"{en} (spent)"),
            formatter=lambda d: f"{d:.2f}"))
        setattr(Form, f"note_{code}", StringField(_l("หมายเหตุ"), validators=[Optional(), Length(max=500)]))
    form = Form(formdata=formdata) if formdata is not None else Form()
    if formdata is None and summary is not None and request.method == "GET":
        for row in summary.rows:
            getattr(form, f"planned_{row.category}").data = row.planned if row.planned else None
            getattr(form, f"spent_{row.category}").data = row.spent
            getattr(form, f"note_{row.category}").data = row.note
    return form


def _budget_fields(form):
    return [(code, getattr(form, f"planned_{code}"), getattr(form, f"spent_{code}"), getattr(form, f"note_{code}"))
            for code in EXPENSE_CATEGORIES]


# --- loading a cohort ---------------------------------------------------------------------------------


def _cohort(cohort_id):
    return in_scope_or_404(service.get_cohort, current_scope(), cohort_id)


def _editable_cohort(cohort_id):
    """The cohort for a writer; another centre's cohort is 404 (roles_required has already run)."""
    cohort = _cohort(cohort_id)
    if not service.may_edit(current_user(), current_scope(), cohort):
        abort(404)
    return cohort


def _can_edit(cohort) -> bool:
    return service.may_edit(current_user(), current_scope(), cohort)


# --- the list ----------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    fiscal_year = _int_arg("year")
    centre_id = _int_arg("centre") if scope.is_national else None
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    rows = service.cohort_rows(scope, centre_id=centre_id, fiscal_year=fiscal_year, status=status)
    return render_page_or_fragment(
        "cohorts/index.html", "cohorts/_rows.html",
        rows=rows,
        years=service.fiscal_years(),
        centres=list(scope.centres()) if scope.is_national else [],
        fiscal_year=fiscal_year, centre_id=centre_id, status=status, statuses=STATUSES,
        can_create=current_user().role in EDITORS,
        read_only=scope.level == "office",
    )


# --- create and edit --------------------------------------------------------------------------------


def _setup(form: CohortForm) -> tuple[Centre | None, Course | None]:
    """The centre and course the new cohort is for: posted, or asked for in the query, or defaults."""
    user = current_user()
    scope = current_scope()
    if scope.is_national:
        centre_id = form.centre.data if request.method == "POST" else _int_arg("centre")
        centre = Centre.get_or_none(Centre.id == centre_id) if centre_id else None
        if centre is None and request.method == "GET":
            centre = scope.centres().first()
    else:
        centre = Centre.get_or_none(Centre.id == user.centre_id) if user.centre_id else None
    course_id = form.course.data if request.method == "POST" else _int_arg("course")
    course = Course.get_or_none(Course.id == course_id) if course_id else None
    if course is None and request.method == "GET":
        course = service.default_course(clock.today())
    return centre, course


def _form_input(form: CohortForm, course_id: int, centre_id: int) -> CohortInput:
    return CohortInput(
        course_id=course_id, centre_id=centre_id, number=form.number.data,
        cooperative_ids=tuple(form.cooperatives.data or ()), starts=form.starts.data, ends=form.ends.data,
        day_starts=form.day_starts.data, day_ends=form.day_ends.data, place=form.place.data or "",
        venue_kind=form.venue_kind.data or "", notes=form.notes.data or "",
    )


def _render_form(form, cohort, centre, course, general=(), status=200):
    choices = service.target_choices(course, centre.id, keep=tuple(link.cooperative_id for link in cohort.cooperative_links)
                                     if cohort else (), cohort=cohort) if course and centre else []
    return render_page_or_fragment(
        "cohorts/form.html", "cohorts/_form.html",
        form=form, cohort=cohort, centre=centre, course=course, choices=choices, general=list(general),
        checked=set(form.cooperatives.data or ()), national=current_scope().is_national,
        locked=cohort is not None and agenda_locked(cohort.status),
    ), status


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    scope = current_scope()
    form = CohortForm()
    form.fill_choices(list(scope.centres()), service.courses())
    centre, course = _setup(form)
    if centre is None and not scope.is_national:
        abort(403)  # a centre account without a centre
    if request.method == "GET":
        form.centre.data = centre.id if centre else None
        form.course.data = course.id if course else None
        if centre and course:
            form.number.data = service.next_number(course.id, centre.id)
        form.venue_kind.data = "government"
        return _render_form(form, None, centre, course)
    general = []
    if form.validate_on_submit():
        if centre is None or course is None:
            general.append(_("กรุณาเลือกศูนย์ฯ และหลักสูตร"))
        else:
            try:
                created = service.create_cohort(_form_input(form, course.id, centre.id), current_user())
            except CohortRuleError as exc:
                general += _put_problems(form, exc.problems)
            else:
                cohort = created.cohort
                flash(_("สร้างรุ่นแล้ว พร้อมกำหนดการตามแนวทางของหลักสูตร %(n)s หัวข้อ — ตรวจและแก้ชื่อวิทยากรได้",
                        n=created.sessions) if created.sessions else _("สร้างรุ่นแล้ว"), "success")
                if created.left_out:
                    flash(_("หัวข้อตามแนวทาง %(n)s หัวข้อไม่ได้ใส่ เพราะเกินวันสุดท้ายของการอบรม", n=created.left_out),
                          "warning")
                note = days_note(cohort.starts, cohort.ends, course.days)
                if note:
                    flash(note.th if current_language() == "th" else note.en, "warning")
                return redirect(url_for("cohorts.cohort", cohort_id=cohort.id), code=303)
    return _render_form(form, None, centre, course, general)


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(cohort_id):
    cohort = _editable_cohort(cohort_id)
    form = CohortForm()
    form.fill_choices([cohort.centre], [cohort.course])
    if request.method == "GET":
        form.centre.data, form.course.data = cohort.centre_id, cohort.course_id
        form.number.data = cohort.number
        form.cooperatives.data = tuple(link.cooperative_id for link in cohort.cooperative_links)
        form.starts.data, form.ends.data = cohort.starts, cohort.ends
        form.day_starts.data, form.day_ends.data = cohort.day_starts, cohort.day_ends
        form.place.data, form.venue_kind.data, form.notes.data = cohort.place, cohort.venue_kind, cohort.notes
        return _render_form(form, cohort, cohort.centre, cohort.course)
    general = []
    if form.validate_on_submit():
        try:
            service.update_cohort(cohort, _form_input(form, cohort.course_id, cohort.centre_id), current_user())
        except CohortRuleError as exc:
            general += _put_problems(form, exc.problems)
        else:
            flash(_("บันทึกข้อมูลรุ่นแล้ว"), "success")
            return redirect(url_for("cohorts.cohort", cohort_id=cohort.id), code=303)
    return _render_form(form, cohort, cohort.centre, cohort.course, general)


# --- the cohort page -------------------------------------------------------------------------------


def _page_context(cohort):
    coops = service.cohort_cooperatives([cohort.id]).get(cohort.id, [])
    trainees = service.trainee_counts([cohort.id]).get(cohort.id, 0)
    editable = _can_edit(cohort)
    target = service.trainee_target(cohort, len(coops))
    active = {p.cooperative_id for p in TargetProposal.targets(cohort.course.fiscal_year, submitted_only=False)
              .where(TargetProposal.cooperative.in_([c.id for c in coops] or [0]))}
    return {
        "cohort": cohort, "course": cohort.course, "centre": cohort.centre, "cooperatives": coops,
        "withdrawn_ids": {c.id for c in coops} - active,
        "trainees": trainees, "target": target,
        "trainee_percent": service.share(trainees, target),
        "can_edit": editable, "agenda_locked": agenda_locked(cohort.status),
        "next_status": next_status(cohort.status) if editable else None,
        "statuses": STATUSES,
    }


@bp.get("/<int:cohort_id>")
@login_required
def cohort(cohort_id):
    cohort = _cohort(cohort_id)
    return render_page_or_fragment(
        "cohorts/cohort.html",
        **_page_context(cohort),
        agenda=service.agenda_of(cohort),
        summary=service.budget_of(cohort),
        events=service.events_of(cohort),
        status_form=StatusForm(formdata=None),
        days_hint=days_note(cohort.starts, cohort.ends, cohort.course.days),
    )


@bp.post("/<int:cohort_id>/status")
@roles_required(*EDITORS)
def move(cohort_id):
    cohort = _editable_cohort(cohort_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            moved = service.move_status(cohort, form.to_status.data or "", form.note.data or "", current_user())
        except CohortRuleError as exc:
            for p in exc.problems:
                flash(p.th if current_language() == "th" else p.en, "error")
        else:
            flash(_("เลื่อนสถานะเป็น “%(status)s” แล้ว", status=cohort_label("status", moved.status)), "success")
    else:
        flash(_("บันทึกประกอบยาวเกิน 1,000 ตัวอักษร"), "error")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id) + "#status", code=303)


# --- the agenda ----------------------------------------------------------------------------------------


def _agenda_page(cohort, form=None, general=(), status=200, editing=None):
    editable = _can_edit(cohort) and not agenda_locked(cohort.status)
    if form is None and editable:
        form = SessionForm(formdata=None)
        form.fill_choices(cohort)
        form.day.data = cohort.starts.isoformat()
    return render_page_or_fragment(
        "cohorts/agenda.html", "cohorts/_agenda.html",
        **_page_context(cohort), agenda=service.agenda_of(cohort), form=form, general=list(general),
        editable=editable, agenda_error=None,
    ), status


@bp.get("/<int:cohort_id>/agenda")
@login_required
def agenda(cohort_id):
    return _agenda_page(_cohort(cohort_id))


def _session_input(form: SessionForm) -> SessionInput:
    return SessionInput(day=form.day_value(), starts=form.starts.data, ends=form.ends.data,
                        title_th=form.title_th.data or "", title_en=form.title_en.data or "",
                        speaker_name=form.speaker_name.data or "", speaker_kind=form.speaker_kind.data or "")


@bp.post("/<int:cohort_id>/agenda")
@roles_required(*EDITORS)
def session_add(cohort_id):
    cohort = _editable_cohort(cohort_id)
    form = SessionForm()
    form.fill_choices(cohort)
    general = []
    if form.validate_on_submit():
        try:
            service.add_session(cohort, _session_input(form))
        except CohortRuleError as exc:
            general += _put_problems(form, exc.problems)
        else:
            flash(_("เพิ่มหัวข้อในกำหนดการแล้ว"), "success")
            return redirect(url_for("cohorts.agenda", cohort_id=cohort.id), code=303)
    return _agenda_page(cohort, form, general)


@bp.route("/<int:cohort_id>/agenda/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def session_edit(cohort_id, session_id):
    cohort = _editable_cohort(cohort_id)
    session = in_scope_or_404(service.get_session, cohort, session_id)
    form = SessionForm()
    form.fill_choices(cohort)
    general = []
    if request.method == "GET":
        form.day.data = session.day.isoformat()
        form.starts.data, form.ends.data = session.starts, session.ends
        form.title_th.data, form.title_en.data = session.title_th, session.title_en
        form.speaker_name.data, form.speaker_kind.data = session.speaker_name, session.speaker_kind or None
    elif form.validate_on_submit():
        try:
            service.update_session(cohort, session, _session_input(form))
        except CohortRuleError as exc:
            general += _put_problems(form, exc.problems)
        else:
            flash(_("บันทึกหัวข้อแล้ว"), "success")
            return redirect(url_for("cohorts.agenda", cohort_id=cohort.id), code=303)
    return render_page_or_fragment(
        "cohorts/session_form.html", **_page_context(cohort), form=form, session=session, general=general,
    )


def _agenda_answer(cohort, error=None):
    """htmx: the agenda table again (with the refusal, if any); otherwise back to the agenda page."""
    if is_htmx():
        return render_page_or_fragment(
            "cohorts/agenda.html", "cohorts/_agenda.html", **_page_context(cohort), agenda=service.agenda_of(cohort),
            editable=_can_edit(cohort) and not agenda_locked(cohort.status), agenda_error=error, form=None,
            general=[])
    if error:
        flash(error, "error")
    return redirect(url_for("cohorts.agenda", cohort_id=cohort.id), code=303)


@bp.post("/<int:cohort_id>/agenda/<int:session_id>/delete")
@roles_required(*EDITORS)
def session_delete(cohort_id, session_id):
    cohort = _editable_cohort(cohort_id)
    session = in_scope_or_404(service.get_session, cohort, session_id)
    PostForm().validate_on_submit()  # CSRF is checked globally; the form keeps the pattern
    try:
        service.delete_session(cohort, session)
    except CohortRuleError as exc:
        return _agenda_answer(cohort, "; ".join(str(p) for p in exc.problems))
    if not is_htmx():
        flash(_("ลบหัวข้อแล้ว"), "success")
    return _agenda_answer(cohort)


@bp.post("/<int:cohort_id>/agenda/<int:session_id>/move")
@roles_required(*EDITORS)
def session_move(cohort_id, session_id):
    cohort = _editable_cohort(cohort_id)
    session = in_scope_or_404(service.get_session, cohort, session_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return _agenda_answer(cohort, _("เลือกเลื่อนขึ้นหรือลง"))
    try:
        service.move_session(cohort, session, direction)
    except CohortRuleError as exc:
        return _agenda_answer(cohort, "; ".join(str(p) for p in exc.problems))
    return _agenda_answer(cohort)


# --- the budget ---------------------------------------------------------------------------------------


@bp.route("/<int:cohort_id>/budget", methods=["GET", "POST"])
@login_required
def budget(cohort_id):
    cohort = _cohort(cohort_id)
    editable = _can_edit(cohort) and not spent_budget_locked(cohort.status)
    if request.method == "POST" and current_user().role not in EDITORS:
        abort(403)
    if request.method == "POST" and not _can_edit(cohort):
        abort(404)
    summary = service.budget_of(cohort)
    form = _budget_form(summary=summary)
    general = []
    if request.method == "POST" and form.validate_on_submit():
        entries = {
            code: BudgetEntry(code, planned.data, spent.data, note.data or "")
            for code, planned, spent, note in _budget_fields(form)
        }
        try:
            summary = service.save_budget(cohort, entries)
        except CohortRuleError as exc:
            general += _put_problems(form, exc.problems)
        else:
            flash(_("บันทึกงบประมาณแล้ว"), "success")  # warnings show once, in the summary on the page
            return redirect(url_for("cohorts.budget", cohort_id=cohort.id), code=303)
    return render_page_or_fragment(
        "cohorts/budget.html", **_page_context(cohort), summary=summary, form=form, fields=_budget_fields(form),
        general=general, editable=editable, planned_locked=planned_budget_locked(cohort.status),
    )

