"""Course 1 step 2: the centre's meetings with provincial offices, and their printable report.

Reading: the bureau, the centre's director and staff, and the office's own
provincial users. Writing: the centre's staff and director. Another scope's
ids answer 404. Attendee rows are added and removed by submit buttons
(plain HTML); htmx swaps only the attendee list.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain.kpis import UNITS
from portal.domain.meetings import (
    ATTENDEE_ROLES,
    MAX_ROWS,
    AttendeeRow,
    KpiRow,
    check_meeting,
    clean_attendees,
    clean_kpi_targets,
    edit_rows,
    parse_time,
)
from portal.domain.thaidates import format_be_input, parse_be_date
from portal.domain.thaitext import KNOWN_PREFIXES, normalize_text
from portal.forms import ChoiceField, ParsedField
from portal.htmx import htmx, is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.models import Office, ProgrammeYear, ProvinceMeeting
from portal.services import meetings as service

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

WRITERS = ("centre_staff", "centre_director")



def label(obj) -> str:
    """A reference row's name in the interface language."""
    return obj.name_th if current_language() == "th" else obj.name_en


def say(pair: tuple[str, str]) -> str:
    """A (Thai, English) vocabulary label in the interface language."""
    return pair[0] if current_language() == "th" else pair[1]


def int_arg(name: str) -> int | None:
    try:
        return int(request.values.get(name, ""))
    except ValueError:
        return None


def year_from_request() -> ProgrammeYear | None:
    """?year=2566 (404 when not set up), else the current fiscal year's setup (None when none exists)."""
    raw = request.values.get("year", "").strip()
    if raw:
        try:
            year = ProgrammeYear.of(int(raw))
        except ValueError:
            year = None
        if year is None:
            abort(404)
        return year
    return service.default_year(clock.today())


def all_years() -> list[ProgrammeYear]:
    return list(ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc()))


def _time_input(t: dt.time | None) -> str:
    return "" if t is None else f"{t.hour:02d}.{t.minute:02d}"


# --- forms ----------------------------------------------------------------------------------------


class MeetingForm(FlaskForm):
    office = ChoiceField(_l("สำนักงานสหกรณ์จังหวัด"))
    held_on = ParsedField(_l("วันที่ประชุม"), parser=parse_be_date, formatter=format_be_input, required=True,
                          required_message=_l("กรุณากรอกวันที่ประชุม"))
    starts = ParsedField(_l("เวลาเริ่ม"), parser=parse_time, formatter=_time_input)
    ends = ParsedField(_l("เวลาสิ้นสุด"), parser=parse_time, formatter=_time_input)
    place = StringField(_l("สถานที่ประชุม"), validators=[
        DataRequired(message=_l("กรุณากรอกสถานที่ประชุม")),
        Length(max=255, message=_l("สถานที่ยาวเกิน 255 ตัวอักษร")),
    ])
    notes = TextAreaField(_l("สรุปผลการประชุม / ข้อตกลง"), validators=[
        Length(max=20000, message=_l("บันทึกยาวเกิน 20,000 ตัวอักษร")),
    ])


def _office_choices(offices) -> list[tuple[int, str]]:
    return [(o.id, f"{o.short_th} ({label(o.province)})" if o.short_th != o.province.name_th else o.name_th)
            for o in offices]


def _typed_attendees() -> list[AttendeeRow]:
    form = request.form
    columns = [form.getlist(k) for k in ("att_prefix", "att_name", "att_position", "att_org", "att_role")]
    count = min(max(len(c) for c in columns), MAX_ROWS)
    return [AttendeeRow.typed(*(c[i] if i < len(c) else "" for c in columns)) for i in range(count)]


def _kpi_rows(kpis, texts: dict[int, str], notes: dict[int, str]) -> list[KpiRow]:
    return [KpiRow(k.id, k.name_th, k.name_en, k.unit, texts.get(k.id, ""), notes.get(k.id, "")) for k in kpis]


def _typed_kpis(kpis) -> list[KpiRow]:
    return _kpi_rows(kpis, {k.id: request.form.get(f"kpi_{k.id}", "") for k in kpis},
                     {k.id: request.form.get(f"kpinote_{k.id}", "") for k in kpis})


def _first_attendee() -> AttendeeRow:
    """A new meeting starts with its recorder as an attendee of the centre."""
    user = current_user()
    organisation = user.centre.name_th if user.centre_id else ""
    return AttendeeRow.typed(user.prefix, f"{user.first_name} {user.last_name}", user.position, organisation, "centre")


def _offices_sharing(office) -> int:
    """How many offices share the office's province (Bangkok has two area offices): its targets are the province's."""
    if office is None:
        return 1
    return Office.select().where(Office.province == office.province_id).count()


def _render_form(template_args: dict, status: int = 200):
    return render_template("meetings/form.html", **template_args), status


def _meeting_form(centre, year: ProgrammeYear, meeting: ProvinceMeeting | None):
    """GET and POST of the new and edit pages (one flow)."""
    scope = current_scope()
    offices = service.centre_offices(centre.id, scope.office_ids)
    kpis = service.year_kpis(year)
    form = MeetingForm()
    form.office.choices = _office_choices(offices)
    office_by_id = {o.id: o for o in offices}
    form_action = (url_for("meetings.edit", id=meeting.id) if meeting is not None
                   else url_for("meetings.new", id=centre.id, year=year.fiscal_year))
    general: list[str] = []
    row_errors: dict = {}
    kpi_errors: dict = {}

    if request.method == "GET":
        if meeting is not None:
            report = service.meeting_report(meeting)
            form.office.data = meeting.office_id
            form.held_on.data = meeting.held_on
            form.starts.data, form.ends.data = meeting.starts, meeting.ends
            form.place.data, form.notes.data = meeting.place, meeting.notes
            attendees = [AttendeeRow(a.prefix, a.full_name, a.position, a.organisation, a.role)
                         for a in report.attendees]
            agreed = {row.kpi_id: row for _kpi, row in report.kpis}
            kpi_rows = _kpi_rows(kpis, {i: service.target_text(r.target) for i, r in agreed.items()},
                                 {i: r.note for i, r in agreed.items()})
        else:
            office_id = int_arg("office")
            if office_id not in office_by_id:
                office_id = offices[0].id if len(offices) == 1 else None
            form.office.data = office_id
            attendees = [_first_attendee(), AttendeeRow()]
            prefill = service.prefilled_targets(kpis, centre.id, office_by_id[office_id]) if office_id else {}
            kpi_rows = _kpi_rows(kpis, {i: service.target_text(v) for i, v in prefill.items()}, {})
            if is_htmx() and htmx.target == "meeting-kpis":
                return render_template("meetings/_kpis.html", kpi_rows=kpi_rows, kpi_errors={}, units=UNITS,
                                       shared_by=_offices_sharing(office_by_id.get(office_id)))
    else:
        attendees = _typed_attendees()
        kpi_rows = _typed_kpis(kpis)
        action = request.form.get("action", "save")
        if action != "save":
            attendees = edit_rows(attendees, action, AttendeeRow())
            args = dict(attendees=attendees, row_errors={}, general=[], roles=ATTENDEE_ROLES, prefixes=KNOWN_PREFIXES,
                        form_action=form_action)
            if is_htmx():
                return render_template("meetings/_attendees.html", **args)
            return _render_form(dict(form=form, centre=centre, year=year, meeting=meeting, kpi_rows=kpi_rows,
                                     shared_by=_offices_sharing(office_by_id.get(form.office.data)),
                                     kpi_errors={}, units=UNITS, **args))
        if form.validate_on_submit():
            kept, row_errors, general_msgs = clean_attendees(attendees)
            general.extend(general_msgs)
            agreed, kpi_errors = clean_kpi_targets(kpi_rows)
            for problem in check_meeting(year.fiscal_year, form.held_on.data, form.starts.data, form.ends.data,
                                         form.place.data or ""):
                target = getattr(form, problem.field)
                if not target.errors:
                    target.errors.append(problem)
            if not (form.errors or row_errors or general or kpi_errors):
                data = service.MeetingInput(
                    office_id=form.office.data, held_on=form.held_on.data, starts=form.starts.data,
                    ends=form.ends.data, place=normalize_text(form.place.data), notes=(form.notes.data or "").strip(),
                    attendees=kept, kpis=agreed,
                )
                saved = service.save_meeting(year, centre.id, data, current_user(), meeting, clock.naive_now())
                flash(_("บันทึกการประชุมแล้ว"), "success")
                return redirect(url_for("meetings.detail", id=saved.id), code=303)
        else:
            # Still check the rows so every mistake shows at once.
            _kept, row_errors, general_msgs = clean_attendees(attendees)
            general.extend(general_msgs)
            _agreed, kpi_errors = clean_kpi_targets(kpi_rows)

    status = 422 if request.method == "POST" else 200
    return _render_form(dict(form=form, centre=centre, year=year, meeting=meeting, attendees=attendees,
                             row_errors=row_errors, general=general, roles=ATTENDEE_ROLES, prefixes=KNOWN_PREFIXES,
                             kpi_rows=kpi_rows, kpi_errors=kpi_errors, units=UNITS, form_action=form_action,
                             shared_by=_offices_sharing(office_by_id.get(form.office.data))), status)


# --- scoping --------------------------------------------------------------------------------------


def _scoped_meetings():
    scope = current_scope()
    query = scope.filter_by_office(ProvinceMeeting.select(), ProvinceMeeting.office)
    return scope.filter_by_centre(query, ProvinceMeeting.centre)


def _meeting_or_404(id) -> ProvinceMeeting:
    return in_scope_or_404(current_scope().get, _scoped_meetings(), id)


def can_write(centre_id: int) -> bool:
    user = current_user()
    return user is not None and user.role in WRITERS and current_scope().sees_centre(centre_id)


# --- pages ----------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    year = year_from_request()
    if not scope.is_national and len(scope.centre_ids or ()) == 1:
        args = {"year": year.fiscal_year} if year else {}
        return redirect(url_for("meetings.centre", id=next(iter(scope.centre_ids)), **args), code=303)
    centres = list(scope.centres())
    rows = service.centre_overview(year, centres) if year else []
    return render_template("meetings/index.html", year=year, years=all_years(), rows=rows)


@bp.get("/centres/<int:id>")
@login_required
def centre(id):
    scope = current_scope()
    centre = in_scope_or_404(scope.centre, id)
    year = year_from_request()
    offices = service.centre_offices(centre.id, scope.office_ids)
    office_id = int_arg("office")
    if office_id not in {o.id for o in offices}:
        office_id = None
    shown = [o for o in offices if o.id == office_id] if office_id else offices
    statuses = service.office_statuses(year, centre.id, shown) if year else []
    return render_page_or_fragment(
        "meetings/centre.html", "meetings/_offices.html",
        centre=centre, year=year, years=all_years(), offices=offices, office_id=office_id, statuses=statuses,
        can_write=can_write(centre.id), met=sum(1 for s in statuses if s.met),
    )


@bp.route("/centres/<int:id>/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new(id):
    centre = in_scope_or_404(current_scope().centre, id)
    year = year_from_request()
    if year is None:
        flash(_("ยังไม่มีการตั้งค่าปีงบประมาณ ติดต่อผู้ดูแลระบบ สำนักพัฒนาฯ"), "error")
        return redirect(url_for("meetings.centre", id=centre.id), code=303)
    return _meeting_form(centre, year, None)


@bp.get("/<int:id>")
@login_required
def detail(id):
    meeting = _meeting_or_404(id)
    report = service.meeting_report(meeting)
    return render_template("meetings/detail.html", meeting=meeting, report=report, year=meeting.year,
                           centre=meeting.centre, office=meeting.office, roles=ATTENDEE_ROLES, units=UNITS,
                           course_name=service.course_one_name(meeting.year.fiscal_year),
                           can_write=can_write(meeting.centre_id))


@bp.route("/<int:id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(id):
    meeting = _meeting_or_404(id)
    return _meeting_form(meeting.centre, meeting.year, meeting)


@bp.post("/<int:id>/delete")
@roles_required(*WRITERS)
def delete(id):
    meeting = _meeting_or_404(id)
    centre_id, fiscal_year = meeting.centre_id, meeting.year.fiscal_year
    service.delete_meeting(meeting)
    flash(_("ลบรายงานการประชุมแล้ว"), "success")
    return redirect(url_for("meetings.centre", id=centre_id, year=fiscal_year), code=303)
