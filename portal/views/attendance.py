"""Daily sign-in sheets, attendance per day, board coverage and certificates (วุฒิบัตร).

Reading: the bureau and the cohort's own centre; provincial users of the
offices of the cohort's cooperatives may read the coverage (of their own
cooperatives). Recording: centre staff and the centre director of the cohort's
centre, and the bureau administrator, until the cohort is closed
(portal.domain.cohorts.is_locked). Another scope's ids answer 404.

The rules live in portal.domain.attendance, the rows in portal.services.attendance.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, roles_required
from portal.domain import attendance as rules
from portal.domain.cohorts import STATUS_LABELS, TRAINEE_ROLES, is_locked
from portal.htmx import htmx_response, is_htmx, render_page_or_fragment
from portal.i18n import current_language
from portal.services import attendance as service

bp = Blueprint("attendance", __name__, url_prefix="/cohorts")

READERS = ("bureau_admin", "bureau_exec", "centre_director", "centre_staff")
EDITORS = ("bureau_admin", "centre_director", "centre_staff")
COVERAGE_READERS = (*READERS, "provincial_officer", "provincial_head")

DEFAULT_BLANK_ROWS = 5
MAX_BLANK_ROWS = 40


# --- helpers -------------------------------------------------------------------------------------


def _cohort(cohort_id: int):
    return in_scope_or_404(service.cohort_in_scope, current_scope(), cohort_id)


def _day_or_404(text: str) -> dt.date:
    day = rules.parse_day(text)
    if day is None:
        abort(404)
    return day


def _message(exc: service.AttendanceError) -> str:
    return exc.message.th if current_language() == "th" else exc.message.en


def _can_record(cohort) -> bool:
    user = current_user()
    return user is not None and user.role in EDITORS and not is_locked(cohort.status)


def _status_label(cohort) -> str:
    th, en = STATUS_LABELS.get(cohort.status, (cohort.status, cohort.status))
    return th if current_language() == "th" else en


def _role_labels() -> dict[str, str]:
    index = 0 if current_language() == "th" else 1
    return {code: labels[index] for code, labels in TRAINEE_ROLES.items()}


def _label(obj) -> str:
    return obj.name_th if current_language() == "th" else obj.name_en


def _common(cohort) -> dict:
    """What every page of a cohort shows in its header."""
    lang = current_language()
    return {
        "cohort": cohort,
        "cohort_url": url_for("cohorts.cohort", cohort_id=cohort.id),
        "roster_url": url_for("rosters.roster", cohort_id=cohort.id),
        "cooperatives": service.cooperatives_of(cohort, service.office_filter(current_scope())),
        "n_days": len(service.days_of(cohort)),
        "course_name": _label(cohort.course),
        "centre_name": _label(cohort.centre),
        "status_label": _status_label(cohort),
        "locked": is_locked(cohort.status),
        "span": rules.date_span(cohort.starts, cohort.ends, lang),
        "role_labels": _role_labels(),
        "sheet_date": lambda d: rules.sheet_date(d, lang),
    }


def _outside_days(cohort, day):
    """A day outside the cohort's dates: say which days are, and go back to the cohort's attendance."""
    flash(_("วันที่ %(day)s ไม่อยู่ในช่วงวันอบรมของรุ่นนี้ (%(span)s) เลือกวันอบรมจากรายการ",
            day=rules.sheet_date(day, current_language()),
            span=rules.date_span(cohort.starts, cohort.ends, current_language())), "error")
    return redirect(url_for("attendance.sheet", cohort_id=cohort.id), code=303)


# --- the cohort's attendance: days, counts, links ---------------------------------------------------


@bp.get("/<int:cohort_id>/attendance")
@roles_required(*READERS)
def sheet(cohort_id):
    cohort = _cohort(cohort_id)
    report = service.coverage_report(cohort)
    eligible = sum(row.completed for row in report.rows)
    return render_page_or_fragment(
        "attendance/sheet.html",
        report=report,
        eligible=eligible,
        can_record=_can_record(cohort),
        default_blank=DEFAULT_BLANK_ROWS,
        **_common(cohort),
    )


# --- one day: the roster with present/absent toggles -------------------------------------------------


def _day_context(cohort, day, errors=None, posted=None):
    trainees = service.roster(cohort)
    marks = service.marks_of(trainees)
    counts = rules.day_counts([day], service.facts(trainees, marks))[0]
    return {
        "day": day,
        "day_no": service.day_number(cohort, day),
        "days": service.days_of(cohort),
        "groups": service.sheet_groups(trainees),
        "marks": {tid: mark for (tid, d), mark in marks.items() if d == day},
        "counts": counts,
        "can_record": _can_record(cohort) and day <= clock.today(),
        "future": day > clock.today(),
        "errors": errors or [],
        "posted": posted or {},
        **_common(cohort),
    }


@bp.get("/<int:cohort_id>/attendance/<day>")
@roles_required(*READERS)
def day(cohort_id, day):
    cohort = _cohort(cohort_id)
    the_day = _day_or_404(day)
    if not rules.is_training_day(the_day, cohort.starts, cohort.ends):
        return _outside_days(cohort, the_day)
    return render_page_or_fragment("attendance/day.html", **_day_context(cohort, the_day))


@bp.post("/<int:cohort_id>/attendance/<day>")
@roles_required(*EDITORS)
def save_day(cohort_id, day):
    """The plain form: every radio of the page at once ("บันทึกทั้งหมด"), for browsers without JavaScript.

    The radios are named p<trainee id>; CSRF is checked for every POST by portal.security.
    """
    cohort = _cohort(cohort_id)
    the_day = _day_or_404(day)
    if not rules.is_training_day(the_day, cohort.starts, cohort.ends):
        return _outside_days(cohort, the_day)
    wanted: dict[int, bool | None] = {}
    posted: dict[int, str] = {}
    bad = False
    for key, value in request.form.items():
        if not key.startswith("p") or not key[1:].isdigit():
            continue
        posted[int(key[1:])] = value
        try:
            wanted[int(key[1:])] = rules.parse_mark(value)
        except ValueError:
            bad = True
    back = redirect(url_for("attendance.day", cohort_id=cohort.id, day=the_day.isoformat()), code=303)
    if bad:
        context = _day_context(cohort, the_day, posted=posted,
                               errors=[_("เลือก \"มา\" หรือ \"ไม่มา\" ให้แต่ละคน แล้วบันทึกอีกครั้ง")])
        return render_page_or_fragment("attendance/day.html", **context), 422
    try:
        changes = service.record(cohort, the_day, wanted, current_user().id, clock.naive_now(), clock.today())
    except service.AttendanceError as exc:
        flash(_message(exc), "error")
        return back
    flash(_("บันทึกการเข้าอบรมแล้ว (เปลี่ยน %(n)s รายการ)", n=len(changes)), "success")
    unmarked = service.unrecorded_on(cohort, the_day)
    if unmarked:
        flash(_("ยังไม่ได้เลือก \"มา\" หรือ \"ไม่มา\" อีก %(n)s คน", n=unmarked), "warning")
    return back


@bp.post("/<int:cohort_id>/attendance/<day>/all-present")
@roles_required(*EDITORS)
def all_present(cohort_id, day):
    cohort = _cohort(cohort_id)
    the_day = _day_or_404(day)
    if not rules.is_training_day(the_day, cohort.starts, cohort.ends):
        return _outside_days(cohort, the_day)
    try:
        n = service.mark_unrecorded_present(cohort, the_day, current_user().id, clock.naive_now(), clock.today())
    except service.AttendanceError as exc:
        flash(_message(exc), "error")
    else:
        flash(_("ทำเครื่องหมาย \"มา\" ให้ผู้ที่ยังไม่ได้บันทึก %(n)s คน", n=n), "success")
    return redirect(url_for("attendance.day", cohort_id=cohort.id, day=the_day.isoformat()), code=303)


@bp.post("/<int:cohort_id>/attendance/<day>/trainees/<int:trainee_id>")
@roles_required(*EDITORS)
def toggle(cohort_id, day, trainee_id):
    """One toggle (htmx): saves one trainee's mark and answers the row and the day's counts."""
    cohort = _cohort(cohort_id)
    the_day = _day_or_404(day)
    trainee = next((t for t in service.roster(cohort) if t.id == trainee_id), None)
    if trainee is None:
        abort(404)
    error = None
    try:
        mark = rules.parse_mark(request.form.get(f"p{trainee.id}"))
    except ValueError:
        mark, error = None, _("เลือก \"มา\" หรือ \"ไม่มา\" ให้แต่ละคน แล้วบันทึกอีกครั้ง")
    if error is None and mark is None:
        error = _("เลือก \"มา\" หรือ \"ไม่มา\" ให้แต่ละคน แล้วบันทึกอีกครั้ง")
    if error is None:
        try:
            service.record(cohort, the_day, {trainee.id: mark}, current_user().id, clock.naive_now(), clock.today())
        except service.AttendanceError as exc:
            error = _message(exc)
    if not is_htmx():
        if error:
            flash(error, "error")
        return redirect(url_for("attendance.day", cohort_id=cohort.id, day=the_day.isoformat()), code=303)
    if not rules.is_training_day(the_day, cohort.starts, cohort.ends):
        return htmx_response(Markup('<p class="flash flash-error" role="alert">%s</p>') % error, 409)
    context = _day_context(cohort, the_day)
    number = next(n for group in context["groups"] for n, t in group.rows if t.id == trainee.id)
    body = render_template("attendance/_toggle_response.html", t=trainee, number=number, row_error=error, **context)
    return htmx_response(body, 409 if error else 200)


# --- printable sign-in sheet ---------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/sign-in-sheet")
@roles_required(*READERS)
def sign_in_sheet(cohort_id):
    """The daily sign-in sheet (A4 portrait): one day (?day=YYYY-MM-DD) or every day; ?blank=N adds empty rows."""
    cohort = _cohort(cohort_id)
    days = service.days_of(cohort)
    chosen = request.args.get("day", "")
    if chosen:
        the_day = _day_or_404(chosen)
        if the_day not in days:
            return _outside_days(cohort, the_day)
        days = [the_day]
    try:
        blank = int(request.args.get("blank", "0") or 0)
    except ValueError:
        blank = DEFAULT_BLANK_ROWS
    blank = max(0, min(blank, MAX_BLANK_ROWS))
    trainees = service.roster(cohort)
    groups = service.sheet_groups(trainees)
    sheets = [
        {"day": d, "number": service.day_number(cohort, d), "hours": service.day_hours(cohort, d)}
        for d in days
    ]
    return render_page_or_fragment(
        "attendance/sign_in_sheet.html",
        sheets=sheets,
        groups=groups,
        several=len({t.cooperative_id for t in trainees}) > 1,
        total=len(trainees),
        blank=blank,
        blank_numbers=range(len(trainees) + 1, len(trainees) + blank + 1),
        chosen=chosen,
        all_days=service.days_of(cohort),
        default_blank=DEFAULT_BLANK_ROWS,
        **_common(cohort),
    )


# --- coverage ------------------------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/coverage")
@roles_required(*COVERAGE_READERS)
def coverage(cohort_id):
    scope = current_scope()
    cohort = _cohort(cohort_id)
    report = service.coverage_report(cohort, service.office_filter(scope))
    return render_page_or_fragment(
        "attendance/coverage.html",
        report=report,
        partial_view=scope.level == "office",
        can_read_sheet=current_user().role in READERS,
        **_common(cohort),
    )


# --- certificates ------------------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/certificates")
@roles_required(*READERS)
def certificates(cohort_id):
    """Certificates (A4 landscape), one page per trainee present every day; ?trainee=ID prints one."""
    cohort = _cohort(cohort_id)
    result = service.certificates(cohort)
    printed = result.eligible
    only = request.args.get("trainee", "")
    if only:
        printed = [t for t in result.eligible if str(t.id) == only]
        if not printed:
            abort(404)
    director = result.director
    return render_page_or_fragment(
        "attendance/certificates.html",
        result=result,
        printed=printed,
        only=only,
        director=director,
        director_position=(director.position if director is not None and director.position else
                           _("ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ %(n)s", n=cohort.centre.number)),
        single_day=cohort.starts == cohort.ends,
        **_common(cohort),
    )
