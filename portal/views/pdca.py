"""The PDCA board (every step of both courses with its window: done, due, late), each user's to-do list, and suggestions for next year.

Reading: every signed-in role within its scope (the bureau all centres, a centre its own, a provincial
office its own offices' part of the centre). Staff-entered suggestions: centre staff and director of the
centre. Another scope's ids answer 404. Nothing here is stored except staff suggestions.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain import pdca as rules
from portal.domain.thaidates import fiscal_year, month_label
from portal.exports import Column, Table, csv_bytes, xlsx_bytes
from portal.downloads import send_download
from portal.i18n import current_language
from portal.models import ProgrammeYear
from portal.services import pdca as service

bp = Blueprint("pdca", __name__, url_prefix="/pdca")

SUGGESTION_WRITERS = ("centre_staff", "centre_director")

# The service's refusals (Thai) and their translatable msgids.
MESSAGES = {
    "กรุณากรอกข้อเสนอแนะ": _l("กรุณากรอกข้อเสนอแนะ"),
    "ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร": _l("ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร"),
    "กรุณาเลือกหลักสูตร": _l("กรุณาเลือกหลักสูตร"),
}


def _pick(pair) -> str:
    if not pair:
        return ""
    return pair[0] if current_language() == "th" else pair[1]


@bp.app_template_global("pdca_label")
def pdca_label(kind: str, code: str) -> str:
    table = rules.STATUS_LABELS if kind == "status" else rules.SOURCES
    return _pick(table.get(code)) or code


@bp.app_template_global("pdca_month")
def pdca_month(day) -> str:
    """A month (day 1) as "ก.พ. 2566"."""
    return month_label(day.year, day.month, lang=current_language()) if day else ""


def _years() -> list[int]:
    return [y.fiscal_year for y in ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc())]


def _year() -> int:
    """?year=2566 (404 when not set up), else today's fiscal year if set up, else the latest set up."""
    raw = request.values.get("year", "").strip()
    years = _years()
    if raw:
        if not raw.isdigit() or int(raw) not in years:
            abort(404)
        return int(raw)
    today_fy = fiscal_year(clock.today())
    if today_fy in years or not years:
        return today_fy
    return years[0]


def _int_arg(name: str) -> int | None:
    raw = request.values.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


def _todo_text(todo: service.Todo) -> str:
    args = {k: (pdca_month(v) if hasattr(v, "strftime") else v) for k, v in todo.args.items()}
    return _pick(todo.text) % args


def _todo_link(todo: service.Todo) -> str:
    try:
        return url_for(todo.endpoint, **todo.values)
    except BuildError:
        return url_for("pdca.index")


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    fy = _year()
    if not scope.is_national and len(scope.centre_ids or ()) == 1:
        return redirect(url_for("pdca.centre", id=next(iter(scope.centre_ids)), year=fy), code=303)
    return render_template("pdca/index.html", centres=list(scope.centres()), fy=fy, years=_years())


@bp.get("/centres/<int:id>")
@login_required
def centre(id):
    scope = current_scope()
    centre = in_scope_or_404(scope.centre, id)
    fy = _year()
    province_id = _int_arg("province")
    provinces = service.centre_provinces(centre.id, scope.province_ids)
    if province_id is not None and province_id not in {p.id for p in provinces}:
        abort(404)
    board = service.board(centre.id, fy, clock.today(), scope.office_ids, province_id)
    return render_template("pdca/board.html", centre=centre, fy=fy, years=_years(), board=board,
                           provinces=provinces, province_id=province_id)


@bp.get("/todo")
@login_required
def todo():
    fy = _year()
    items = [(t, _todo_text(t), _todo_link(t)) for t in service.todos(current_user(), fy, clock.today())]
    return render_template("pdca/todo.html", items=items, fy=fy, years=_years())


def _course_arg() -> int | None:
    course = _int_arg("course")
    if course not in (None, 1, 2):
        abort(404)
    return course


def _source_arg() -> str | None:
    source = request.values.get("source", "").strip() or None
    if source is not None and source not in rules.SOURCES:
        abort(404)
    return source


def _suggestions_page(centre, fy, form_text="", form_course=None, error=None, status=200):
    course, source = _course_arg(), _source_arg()
    rows = service.suggestions(centre.id, fy, course, source)
    may_write = current_user().role in SUGGESTION_WRITERS
    return render_template("pdca/suggestions.html", centre=centre, fy=fy, years=_years(), rows=rows, course=course,
                           source=source, may_write=may_write, form_text=form_text, form_course=form_course,
                           error=error), status


@bp.get("/centres/<int:id>/suggestions")
@login_required
def suggestions(id):
    centre = in_scope_or_404(current_scope().centre, id)
    return _suggestions_page(centre, _year())


@bp.post("/centres/<int:id>/suggestions")
@roles_required(*SUGGESTION_WRITERS)
def add_suggestion(id):
    centre = in_scope_or_404(current_scope().centre, id)
    fy = _year()
    text = request.form.get("text", "")
    raw_course = request.form.get("for_course", "").strip()
    course = int(raw_course) if raw_course in ("1", "2") else None
    try:
        service.add_suggestion(centre.id, fy, text, course, current_user())
    except ValueError as exc:
        return _suggestions_page(centre, fy, text, course, error=str(MESSAGES.get(str(exc), str(exc))), status=422)
    flash(_("บันทึกข้อเสนอแนะแล้ว"), "success")
    return redirect(url_for("pdca.suggestions", id=centre.id, year=fy), code=303)


@bp.app_template_global("pdca_where")
def _where(row: service.SuggestionRow) -> str:
    """Where a suggestion came from: the cohort (never who) or the cooperative."""
    if row.cohort_no is not None:
        return _("หลักสูตรที่ %(course)s รุ่นที่ %(number)s", course=row.course, number=row.cohort_no)
    return row.where


@bp.get("/centres/<int:id>/suggestions.<fmt>")
@login_required
def suggestions_download(id, fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    centre = in_scope_or_404(current_scope().centre, id)
    fy = _year()
    course, source = _course_arg(), _source_arg()
    rows = service.suggestions(centre.id, fy, course, source)
    subtitles = [centre.name_th, _("ปีงบประมาณ %(fy)s", fy=fy)]
    if course:
        subtitles.append(_("หลักสูตรที่ %(course)s", course=course))
    table = Table(
        title=_("ข้อเสนอแนะเพื่อปรับปรุงปีต่อไป"),
        columns=[Column(_("แหล่งที่มา"), width=22), Column(_("หลักสูตร"), "int", width=10),
                 Column(_("ข้อเสนอแนะ"), width=70), Column(_("รุ่น / สหกรณ์"), width=36),
                 Column(_("วันที่"), "date", width=14)],
        rows=[[pdca_label("source", r.source), r.course, r.text, _where(r), r.on] for r in rows],
        subtitles=subtitles,
        sheet_name=_("ข้อเสนอแนะ"),
    )
    data = csv_bytes(table) if fmt == "csv" else xlsx_bytes(table)
    return send_download(data, f"suggestions_{centre.number}_{fy}", fmt)
