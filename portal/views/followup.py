"""Monthly follow-up of plan activities (owners' link or staff), provincial visits, monthly summaries, the cooperative's monthly report.

Who does what (DOMAIN.md "Roles"): everyone signed in reads within their scope (another scope's ids
answer 404); centre staff and the centre director (own centre), the provincial officer (own office) and
the bureau administrator key in an activity's monthly progress — the same row the activity owners'
link writes; the provincial officer records visits and writes and sends the office's monthly summary,
which the provincial head (and the centre) read.

The rules are in ``portal.domain.followup`` and ``portal.services.followup``.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain import followup as rules
from portal.domain.followup import STATUS_LABELS, STATUSES, FollowupError
from portal.domain.thaidates import fiscal_year, month_label, parse_be_date
from portal.domain.thaitext import thai_sort_key
from portal.i18n import current_language
from portal.models import Cooperative, Office, User
from portal.models.plans import ActivityProgress, DevelopmentPlan, MonthlySummary, PlanActivity, PlanProject
from portal.services import followup as svc

bp = Blueprint("followup", __name__, url_prefix="/followup")

ENTRY_ROLES = ("centre_director", "centre_staff", "provincial_officer", "bureau_admin")
OFFICE_WRITERS = ("provincial_officer",)


# --------------------------------------------------------------------------- helpers

def _lang_text(pair) -> str:
    th, en = pair
    return en if current_language() == "en" else th


def _month_name(d: dt.date, style: str = "long") -> str:
    return month_label(d.year, d.month, current_language(), style)


@bp.context_processor
def _globals():
    return {"month_name": _month_name, "status_label": lambda s: _lang_text(STATUS_LABELS[s]) if s in STATUS_LABELS else "–",
            "month_key": rules.month_key}


def _message(exc: FollowupError) -> str:
    return exc.en if current_language() == "en" else exc.th


def _fy() -> int:
    raw = request.args.get("fy", "")
    return int(raw) if raw.isdigit() and 2500 <= int(raw) <= 2700 else fiscal_year(clock.today())


def _month(text: str) -> dt.date:
    month = rules.parse_month_key(text)
    if month is None:
        abort(404)
    return month


def _coop(pk: int) -> Cooperative:
    return in_scope_or_404(current_scope().cooperative, pk)


def _office(pk: int) -> Office:
    return in_scope_or_404(current_scope().office, pk)


def _activity(pk: int) -> PlanActivity:
    activity = (PlanActivity.select(PlanActivity, PlanProject, DevelopmentPlan).join(PlanProject).join(DevelopmentPlan)
                .where(PlanActivity.id == pk).first())
    if activity is None:
        abort(404)
    _coop(activity.project.plan.cooperative_id)
    return activity


def _can_enter(cooperative: Cooperative) -> bool:
    user = current_user()
    if user.role not in ENTRY_ROLES:
        return False
    return current_scope().sees_office(cooperative.office_id)


def _writes_office(office: Office) -> bool:
    user = current_user()
    return user.role in OFFICE_WRITERS and user.office_id == office.id


def _people(ids) -> dict[int, User]:
    ids = sorted({i for i in ids if i})
    return {u.id: u for u in User.select().where(User.id.in_(ids or [0]))}


# --------------------------------------------------------------------------- lists and the grid

@bp.get("/")
@login_required
def index():
    fy = _fy()
    scope = current_scope()
    counts = svc.scope_counts(scope.cooperatives(), fy, clock.today())
    if scope.is_national:  # the offices of the cooperatives listed
        ids = sorted({c.cooperative.office_id for c in counts})
        offices = list(Office.select().where(Office.id.in_(ids or [0])))
    else:
        offices = list(scope.offices())
    offices.sort(key=lambda o: thai_sort_key(o.name_th))
    return render_template("followup/index.html", fy=fy, counts=counts, offices=offices,
                           behind_total=sum(c.behind for c in counts))


@bp.get("/coop/<int:id>")
@login_required
def coop(id: int):
    cooperative = _coop(id)
    fy = _fy()
    grid = svc.grid(cooperative, fy, clock.today())
    return render_template("followup/coop.html", cooperative=cooperative, fy=fy, grid=grid,
                           can_enter=_can_enter(cooperative), this_month=rules.first_of_month(clock.today()))


@bp.get("/coop/<int:id>/report/<month>")
@login_required
def board_report(id: int, month: str):
    cooperative = _coop(id)
    when = _month(month)
    activities = svc.fy_activities(cooperative.id, fiscal_year(when))
    progress = svc.progress_of([a.id for a in activities])
    rows = [(a, svc.activity_label(a), progress.get(a.id, {}).get(when)) for a in activities]
    return render_template("followup/report.html", cooperative=cooperative, month=when, rows=rows)


# --------------------------------------------------------------------------- staff entry

def _int_or_none(text: str | None):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise FollowupError("กรุณากรอกผลการดำเนินงานเป็นตัวเลขร้อยละ 0–100",
                            "Enter the progress as a number from 0 to 100", "percent_done") from None


@bp.route("/activity/<int:id>/<month>", methods=["GET", "POST"])
@roles_required(*ENTRY_ROLES)
def progress(id: int, month: str):
    activity = _activity(id)
    cooperative = activity.project.plan.cooperative
    if not _can_enter(cooperative):
        abort(404)
    when = _month(month)
    row = ActivityProgress.get_or_none((ActivityProgress.activity == activity.id) & (ActivityProgress.month == when))
    error = None
    if request.method == "POST":
        form = request.form
        values = {k: form.get(k, "") for k in ("status", "percent_done", "result", "obstacles", "help_needed")}
        try:
            svc.record_progress(activity, when, status=values["status"], percent=_int_or_none(values["percent_done"]),
                                result=values["result"], obstacles=values["obstacles"],
                                help_needed=values["help_needed"], source="staff", user_id=current_user().id)
        except FollowupError as exc:
            error = exc
        else:
            flash(_("บันทึกความก้าวหน้าแล้ว"), "success")
            return redirect(url_for("followup.coop", id=cooperative.id, fy=fiscal_year(when)), code=303)
    else:
        values = {"status": row.status if row else "", "percent_done": "" if row is None or row.percent_done is None
                  else str(row.percent_done), "result": row.result if row else "",
                  "obstacles": row.obstacles if row else "", "help_needed": row.help_needed if row else ""}
    people = _people([row.recorded_by_id] if row else [])
    return render_template("followup/progress.html", activity=activity, cooperative=cooperative, month=when,
                           row=row, values=values, statuses=STATUSES, people=people,
                           error=_message(error) if error else None, error_field=error.field if error else None,
                           label=svc.activity_label(activity)), 422 if error else 200


# --------------------------------------------------------------------------- visits

@bp.route("/office/<int:id>/visits", methods=["GET", "POST"])
@login_required
def visits(id: int):
    office = _office(id)
    can_write = _writes_office(office)
    error, values = None, {}
    if request.method == "POST":
        if not can_write:
            abort(403)
        form = request.form
        values = {k: form.get(k, "") for k in ("cooperative", "visited_on", "visitors", "findings", "help_given")}
        try:
            target = Cooperative.get_or_none((Cooperative.id == int(values["cooperative"] or 0))
                                             & (Cooperative.office == office.id)) if values["cooperative"].isdigit() else None
            if target is None:
                raise FollowupError("กรุณาเลือกสหกรณ์ที่ไปเยี่ยม", "Choose the cooperative visited", "cooperative")
            try:
                visited_on = parse_be_date(values["visited_on"]) if values["visited_on"].strip() else None
            except ValueError:
                raise FollowupError("วันที่ไม่ถูกต้อง กรุณากรอกเป็น วว/ดด/ปปปป พ.ศ.",
                                    "The date is not valid; write dd/mm/yyyy in the Buddhist Era", "visited_on") from None
            svc.record_visit(office.id, target, visited_on, values["visitors"], values["findings"],
                             values["help_given"], current_user().id)
        except FollowupError as exc:
            error = exc
        else:
            flash(_("บันทึกการติดตามเยี่ยมแล้ว"), "success")
            return redirect(url_for("followup.visits", id=office.id), code=303)
    coops = sorted(Cooperative.select().where(Cooperative.office == office.id), key=lambda c: thai_sort_key(c.name))
    return render_template("followup/visits.html", office=office, visits=svc.visits([office.id]), coops=coops,
                           can_write=can_write, values=values, error=_message(error) if error else None,
                           error_field=error.field if error else None), 422 if error else 200


# --------------------------------------------------------------------------- monthly summary

@bp.get("/office/<int:id>/summaries")
@login_required
def summaries(id: int):
    office = _office(id)
    rows = list(MonthlySummary.select().where(MonthlySummary.office == office.id).order_by(MonthlySummary.month.desc()))
    this_month = rules.first_of_month(clock.today())
    return render_template("followup/summaries.html", office=office, rows=rows, this_month=this_month,
                           last_month=rules.add_months(this_month, -1), can_write=_writes_office(office),
                           people=_people(r.sent_by_id for r in rows))


@bp.route("/office/<int:id>/summary/<month>", methods=["GET", "POST"])
@login_required
def summary(id: int, month: str):
    office = _office(id)
    when = _month(month)
    can_write = _writes_office(office)
    row = MonthlySummary.get_or_none((MonthlySummary.office == office.id) & (MonthlySummary.month == when))
    facts = svc.summary_facts(office.id, when)
    error = None
    if request.method == "POST":
        if not can_write:
            abort(403)
        values = {k: request.form.get(k, "") for k in svc.SUMMARY_FIELDS}
        send = request.form.get("action") == "send"
        try:
            svc.save_summary(office.id, when, values, current_user().id, send=send)
        except FollowupError as exc:
            error = exc
        else:
            flash(_("ส่งรายงานสรุปแล้ว") if send else _("บันทึกรายงานสรุปแล้ว"), "success")
            return redirect(url_for("followup.summary", id=office.id, month=rules.month_key(when)), code=303)
    elif row is not None:
        values = {k: getattr(row, k) for k in svc.SUMMARY_FIELDS}
    else:
        values = svc.prefill_summary(facts)
    return render_template("followup/summary.html", office=office, month=when, row=row, facts=facts, values=values,
                           can_write=can_write, people=_people([row.sent_by_id] if row else []),
                           error=_message(error) if error else None), 422 if error else 200


@bp.get("/office/<int:id>/summary/<month>/print")
@login_required
def summary_print(id: int, month: str):
    office = _office(id)
    when = _month(month)
    row = MonthlySummary.get_or_none((MonthlySummary.office == office.id) & (MonthlySummary.month == when))
    if row is None:
        abort(404)
    return render_template("followup/summary_print.html", office=office, month=when, row=row,
                           facts=svc.summary_facts(office.id, when),
                           people=_people([row.sent_by_id, row.created_by_id]))
