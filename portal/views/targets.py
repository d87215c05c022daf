"""Target-cooperative selection: candidates, proposals, submission by the centre, change requests, board informed, the national list.

Who does what (DOMAIN.md "Roles"): the provincial officer proposes and withdraws targets of their
own office and records the board meeting informed; the centre director reviews the centre's
lists and submits them; after submission a change request (asked by the provincial officer or
the centre director) is decided by the bureau administrator, who may also do everything above
anywhere. Everyone signed in reads within their scope; another scope's ids answer 404.

The rules are in ``portal.services.targets`` (and ``portal.domain.eligibility``); views parse,
call them, and show their Thai/English refusals on the form that was typed.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain.eligibility import (
    CLAUSE_LABELS,
    STATUS_LABELS,
    STATUS_LATE,
    STATUS_PROPOSED,
    STATUS_SUBMITTED,
    SelectionError,
    candidate_clauses,
    is_below_threshold,
    submitted_late,
)
from portal.domain.thaidates import fiscal_year, format_be_input, parse_be_date
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.downloads import send_download
from portal.exports import csv_bytes, xlsx_bytes
from portal.htmx import render_page_or_fragment
from portal.i18n import current_language
from portal.models import (
    Centre,
    ChangeRequest,
    Cohort,
    CohortCooperative,
    Course,
    Cooperative,
    CoopType,
    Office,
    ProgrammeYear,
    Province,
    TargetList,
    TargetProposal,
    User,
)
from portal.services import targets as svc

bp = Blueprint("targets", __name__, url_prefix="/targets")

BUREAU = ("bureau_admin", "bureau_exec")
CENTRE = ("centre_director", "centre_staff")
PROPOSERS = ("provincial_officer", "bureau_admin")
SUBMITTERS = ("centre_director", "bureau_admin")
REQUESTERS = ("provincial_officer", "centre_director", "bureau_admin")
DECIDERS = ("bureau_admin",)
BOARD_RECORDERS = ("provincial_officer", "bureau_admin")


# --- helpers -------------------------------------------------------------------------------------


def _lang() -> str:
    return current_language()


def _label(obj) -> str:
    return obj.name_th if _lang() == "th" else obj.name_en


def _message(exc: SelectionError) -> str:
    return exc.th if _lang() == "th" else exc.en


def _role() -> str | None:
    user = current_user()
    return user.role if user else None


def _may(roles, office_id: int | None = None) -> bool:
    if _role() not in roles:
        return False
    return office_id is None or current_scope().sees_office(office_id)


def _year_or_404(fy: int) -> ProgrammeYear:
    year = ProgrammeYear.of(fy)
    if year is None:
        abort(404)
    return year


def _office_or_404(id: int) -> Office:
    scope = current_scope()
    office = in_scope_or_404(scope.office, id)
    return Office.select(Office, Province).join(Province).where(Office.id == office.id).get()


def _proposal_or_404(id: int) -> TargetProposal:
    query = (TargetProposal.select(TargetProposal, TargetList, Cooperative)
             .join(TargetList).switch(TargetProposal).join(Cooperative))
    query = current_scope().filter_by_office(query, TargetList.office)
    return in_scope_or_404(current_scope().get, query, id)


def _change_or_404(id: int) -> ChangeRequest:
    query = ChangeRequest.select(ChangeRequest, TargetList).join(TargetList)
    query = current_scope().filter_by_office(query, TargetList.office)
    return in_scope_or_404(current_scope().get, query, id)


def _status_label(status, submitted: bool = False) -> str:
    if status == STATUS_LATE:
        return _("ส่งล่าช้า") if submitted else _("ล่าช้า (ยังไม่ส่ง)")
    return STATUS_LABELS[status]["th" if _lang() == "th" else "en"]


def _status_class(status) -> str:
    return {STATUS_SUBMITTED: "ok", STATUS_PROPOSED: "warn", STATUS_LATE: "bad"}.get(status, "")


def _clause_label(code: str) -> str:
    return CLAUSE_LABELS[code]["th" if _lang() == "th" else "en"] if code in CLAUSE_LABELS else code


@bp.context_processor
def _helpers():
    return {
        "status_label": _status_label,
        "status_class": _status_class,
        "clause_label": _clause_label,
        "is_below": is_below_threshold,
        "label": _label,
        "STATUSES": svc.STATUSES,
        "can_see_centre": _role() in BUREAU + CENTRE,
    }


def _no_year(fy: int, message: str | None = None):
    """The current fiscal year is not set up (or the account has no centre/office): say so, and
    link the years that are, for this role."""
    user = current_user()
    links = []
    if message is None:
        for y in _years():
            if user.role in BUREAU:
                links.append((y, url_for("targets.national", fy=y.fiscal_year)))
            elif user.role in CENTRE:
                links.append((y, url_for("targets.centre", fy=y.fiscal_year, id=user.centre_id)))
            else:
                links.append((y, url_for("targets.office", fy=y.fiscal_year, id=user.office_id)))
    return render_template("targets/no_year.html", fy=fy, links=links, message=message)


def _years():
    return list(ProgrammeYear.select().order_by(ProgrammeYear.fiscal_year.desc()))


# --- entry ----------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    """Each role to its place: the bureau to the national page, a centre to its centre, an office
    to its list, all for the current fiscal year."""
    user = current_user()
    fy = fiscal_year(clock.today())
    if user.role in CENTRE and user.centre_id is None or user.role not in BUREAU + CENTRE and user.office_id is None:
        return _no_year(fy, _("บัญชีนี้ยังไม่ได้กำหนดศูนย์ฯ หรือสำนักงาน ติดต่อผู้ดูแลระบบ"))
    if ProgrammeYear.of(fy) is None:
        return _no_year(fy)
    if user.role in BUREAU:
        return redirect(url_for("targets.national", fy=fy), code=303)
    if user.role in CENTRE:
        return redirect(url_for("targets.centre", fy=fy, id=user.centre_id), code=303)
    return redirect(url_for("targets.office", fy=fy, id=user.office_id), code=303)


# --- the bureau: national status and list ------------------------------------------------------------


@bp.get("/<int:fy>/")
@roles_required(*BUREAU)
def national(fy):
    year = _year_or_404(fy)
    today = clock.today()
    rows = svc.centre_counts(year, today)
    totals = {s: sum(c[s] for _centre, c in rows) for s in svc.STATUSES}
    pending = (ChangeRequest.select().join(TargetList)
               .where((TargetList.year == year.id) & (ChangeRequest.status == "pending")).count())
    targets = TargetProposal.targets(fy).count()
    return render_template("targets/national.html", year=year, rows=rows, totals=totals, pending=pending,
                           targets=targets, years=_years())


@bp.get("/<int:fy>/targets.<any(xlsx, csv):fmt>")
@roles_required(*BUREAU)
def national_download(fy, fmt):
    year = _year_or_404(fy)
    table = svc.national_table(year, clock.today(), _lang())
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    stem = f"สหกรณ์เป้าหมาย_{fy}" if _lang() == "th" else f"target_cooperatives_{fy}"
    return send_download(data, stem, fmt)


# --- the centre: review and submit ---------------------------------------------------------------------


def _centre_offices(centre: Centre):
    offices = list(Office.select(Office, Province).join(Province).where(Province.centre == centre.id))
    return sorted(offices, key=lambda o: (thai_sort_key(o.province.name_th), o.code))


@bp.get("/<int:fy>/centres/<int:id>")
@roles_required(*BUREAU, *CENTRE)
def centre(fy, id):
    year = _year_or_404(fy)
    centre = in_scope_or_404(current_scope().centre, id)
    statuses = svc.office_statuses(year, _centre_offices(centre), clock.today(), with_proposals=True)
    counts = {s: sum(1 for o in statuses if o.status == s) for s in svc.STATUSES}
    ready = [o for o in statuses if not o.submitted and o.active]
    return render_template("targets/centre.html", year=year, centre=centre, statuses=statuses, counts=counts,
                           ready=ready, can_submit=_may(SUBMITTERS), years=_years())


@bp.post("/<int:fy>/centres/<int:id>/submit")
@roles_required(*SUBMITTERS)
def submit_centre(fy, id):
    year = _year_or_404(fy)
    centre = in_scope_or_404(current_scope().centre, id)
    if not _confirmed():
        return redirect(url_for("targets.centre", fy=fy, id=centre.id), code=303)
    try:
        lists = svc.submit_centre(year, centre.id, current_user(), clock.now())
    except SelectionError as exc:
        flash(_message(exc), "error")
    else:
        late = sum(1 for t in lists if year.selection_deadline and submitted_late(t.submitted_at, year.selection_deadline))
        flash(_("ส่งรายชื่อให้สำนักแล้ว %(count)s สำนักงาน รายชื่อถูกล็อก", count=len(lists)), "success")
        if late:
            flash(_("ส่งหลังกำหนด: บันทึกเป็นส่งล่าช้า"), "warning")
    return redirect(url_for("targets.centre", fy=fy, id=centre.id), code=303)


@bp.get("/<int:fy>/centres/<int:id>/targets.<any(xlsx, csv):fmt>")
@roles_required(*BUREAU, *CENTRE)
def centre_download(fy, id, fmt):
    year = _year_or_404(fy)
    centre = in_scope_or_404(current_scope().centre, id)
    table = svc.national_table(year, clock.today(), _lang(), centre_id=centre.id)
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    stem = (f"สหกรณ์เป้าหมาย_{fy}_ศูนย์ที่_{centre.number}" if _lang() == "th"
            else f"target_cooperatives_{fy}_centre_{centre.number}")
    return send_download(data, stem, fmt)


# --- the office: its list, its candidates ----------------------------------------------------------------


def _history(target_list: TargetList | None):
    if target_list is None:
        return [], []
    withdrawn = list(TargetProposal.select(TargetProposal, Cooperative).join(Cooperative)
                     .where((TargetProposal.target_list == target_list.id) & (TargetProposal.status == "withdrawn"))
                     .order_by(TargetProposal.withdrawn_at.desc()))
    changes = list(ChangeRequest.select().where(ChangeRequest.target_list == target_list.id)
                   .order_by(ChangeRequest.requested_at.desc()))
    return withdrawn, changes


def _users(ids) -> dict[int, User]:
    ids = {i for i in ids if i}
    return {u.id: u for u in User.select().where(User.id.in_(sorted(ids) or [0]))}


@bp.get("/<int:fy>/offices/<int:id>")
@login_required
def office(fy, id):
    year = _year_or_404(fy)
    office = _office_or_404(id)
    today = clock.today()
    q = normalize_text(request.args.get("q", ""))[:100]
    only = request.args.get("only") == "1"
    rows = svc.candidates(year, office.id, today, q=q, only_candidates=only)
    status = svc.office_statuses(year, [office], today, with_proposals=True)[0]
    withdrawn, changes = _history(status.target_list)
    pending = {c.proposal_id for c in changes if c.status == "pending"}
    people = _users([status.target_list.submitted_by_id if status.target_list else None]
                    + [p.proposed_by_id for p in status.proposals] + [p.board_informed_by_id for p in status.proposals]
                    + [p.withdrawn_by_id for p in withdrawn] + [c.requested_by_id for c in changes]
                    + [c.decided_by_id for c in changes])
    coops = {c.id: c for c in Cooperative.select().where(Cooperative.id.in_(
        [c.new_cooperative_id for c in changes if c.new_cooperative_id] + [c.proposal.cooperative_id for c in changes]
        or [0]))}
    records = {p.id: p.yearly_record for p in status.proposals if p.yearly_record_id}
    return render_page_or_fragment(
        "targets/office.html", "targets/_candidates.html",
        year=year, office=office, centre=office.province.centre, status=status, rows=rows, q=q, only=only,
        withdrawn=withdrawn, changes=changes, pending=pending, people=people, coops=coops, records=records,
        can_propose=_may(PROPOSERS, office.id) and not status.submitted,
        can_submit=_may(SUBMITTERS, office.id) and not status.submitted and status.active > 0,
        can_request=_may(REQUESTERS, office.id) and status.submitted,
        can_board=_may(BOARD_RECORDERS, office.id),
        years=_years(),
    )


class ProposeForm(FlaskForm):
    cooperative = HiddenField()
    record = HiddenField()
    reason = TextAreaField(_l("เหตุผลที่เสนอ"))
    justification = TextAreaField(_l("เหตุผลพิเศษ (สำหรับสหกรณ์ที่ไม่เข้าเกณฑ์)"))


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _candidate_of(year, office, coop_id, today) -> svc.Candidate | None:
    coop = Cooperative.select(Cooperative, CoopType).join(CoopType).where(
        (Cooperative.id == (coop_id or 0)) & (Cooperative.office == office.id)).first()
    if coop is None:
        return None
    record = svc.counting_record(coop.id, year, today)
    return svc.Candidate(coop, record, candidate_clauses(record))


def _attach(form, exc: SelectionError, fallback: str) -> None:
    """Put a refusal on the field it concerns (or the fallback field)."""
    name = getattr(exc, "field", None) or fallback
    target = getattr(form, name, None) or getattr(form, fallback)
    if not isinstance(target.errors, list):
        target.errors = list(target.errors)
    target.errors.append(_message(exc))


@bp.route("/<int:fy>/offices/<int:id>/propose", methods=["GET", "POST"])
@roles_required(*PROPOSERS)
def propose(fy, id):
    year = _year_or_404(fy)
    office = _office_or_404(id)
    today = clock.today()
    form = ProposeForm()
    target_list = svc.list_of(year, office.id)
    active = svc.active_proposals(target_list)
    quota = year.quota_for(office.id)
    form_error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            proposal = svc.propose(year, office.id, form.cooperative.data, form.reason.data,
                                   form.justification.data, current_user(), today, clock.naive_now(),
                                   record_id=_int_or_none(form.record.data))
        except SelectionError as exc:
            if getattr(exc, "field", None) in ("reason", "justification"):
                _attach(form, exc, "reason")
            else:
                form_error = _message(exc)
        else:
            flash(_("เสนอ %(name)s เป็นสหกรณ์เป้าหมายแล้ว (เสนอแล้ว %(count)s จาก %(quota)s แห่ง)",
                    name=proposal.cooperative.name, count=len(active) + 1, quota=quota), "success")
            return redirect(url_for("targets.office", fy=fy, id=office.id), code=303)
    coop_id = _int_or_none(form.cooperative.data if request.method == "POST" else request.args.get("cooperative"))
    chosen = _candidate_of(year, office, coop_id, today)
    if request.method == "GET":
        if chosen is not None:
            form.cooperative.data = str(chosen.cooperative.id)
            form.record.data = str(chosen.record.id) if chosen.record else ""
        elif coop_id is not None:
            form_error = _("สหกรณ์นี้ไม่ได้อยู่ในความรับผิดชอบของสำนักงานนี้ กรุณาเลือกจากรายการ")
    choices = [c for c in svc.candidates(year, office.id, today) if c.proposal is None]
    status = 422 if request.method == "POST" else 200
    return render_template("targets/propose.html", year=year, office=office, centre=office.province.centre,
                           form=form, chosen=chosen, choices=choices, form_error=form_error,
                           active=len(active), quota=quota, locked=bool(target_list and target_list.submitted_at)), status


@bp.post("/<int:fy>/offices/<int:id>/submit")
@roles_required(*SUBMITTERS)
def submit_office(fy, id):
    year = _year_or_404(fy)
    office = _office_or_404(id)
    if _confirmed():
        try:
            target_list = svc.submit(year, office.id, current_user(), clock.now())
        except SelectionError as exc:
            flash(_message(exc), "error")
        else:
            flash(_("ส่งรายชื่อของ %(office)s ให้สำนักแล้ว รายชื่อถูกล็อก", office=office.short_th), "success")
            if year.selection_deadline and submitted_late(target_list.submitted_at, year.selection_deadline):
                flash(_("ส่งหลังกำหนด: บันทึกเป็นส่งล่าช้า"), "warning")
    back = request.form.get("back")
    if back == "centre":
        return redirect(url_for("targets.centre", fy=fy, id=office.province.centre_id), code=303)
    return redirect(url_for("targets.office", fy=fy, id=office.id), code=303)


def _confirmed() -> bool:
    """A submission locks the list: the form's confirmation box must be ticked (else a message, nothing sent)."""
    if request.form.get("confirm") == "1":
        return True
    flash(_("ยังไม่ได้ส่ง: กรุณาติ๊กยืนยันก่อน รายชื่อที่ส่งแล้วจะถูกล็อก แก้ไขได้ผ่านคำขอเปลี่ยนแปลงเท่านั้น"), "error")
    return False


@bp.post("/proposals/<int:id>/withdraw")
@roles_required(*PROPOSERS)
def withdraw(id):
    proposal = _proposal_or_404(id)
    target_list = proposal.target_list
    fy = target_list.year.fiscal_year
    try:
        svc.withdraw(proposal.id, current_user(), clock.naive_now(), request.form.get("reason", ""))
    except SelectionError as exc:
        flash(_message(exc), "error")
    else:
        flash(_("ถอน %(name)s ออกจากรายชื่อแล้ว (เก็บไว้ในประวัติ)", name=proposal.cooperative.name), "success")
    return redirect(url_for("targets.office", fy=fy, id=target_list.office_id), code=303)


# --- the board meeting informed -------------------------------------------------------------------------


class BoardForm(FlaskForm):
    meeting_no = StringField(_l("ครั้งที่ประชุมคณะกรรมการดำเนินการ"))
    meeting_on = StringField(_l("วันที่ประชุม"))


@bp.route("/proposals/<int:id>/board", methods=["GET", "POST"])
@roles_required(*BOARD_RECORDERS)
def board(id):
    proposal = _proposal_or_404(id)
    target_list = proposal.target_list
    fy = target_list.year.fiscal_year
    form = BoardForm()
    if request.method == "GET":
        form.meeting_no.data = proposal.board_meeting_no
        form.meeting_on.data = format_be_input(proposal.board_meeting_on) if proposal.board_meeting_on else ""
    form_error = None
    if proposal.status != "active":
        form_error = _("รายการนี้ถูกถอนไปแล้ว")
    if request.method == "POST" and form.validate_on_submit() and form_error is None:
        meeting_on = None
        if (form.meeting_on.data or "").strip():
            try:
                meeting_on = parse_be_date(form.meeting_on.data)
            except ValueError as exc:
                form.meeting_on.errors = [str(exc)]
        if not form.meeting_on.errors:
            try:
                svc.record_board_meeting(proposal.id, form.meeting_no.data, meeting_on, current_user(),
                                         clock.naive_now(), clock.today())
            except SelectionError as exc:
                _attach(form, exc, "meeting_no")
            else:
                flash(_("บันทึกการแจ้งที่ประชุมคณะกรรมการของ %(name)s แล้ว", name=proposal.cooperative.name),
                      "success")
                return redirect(url_for("targets.office", fy=fy, id=target_list.office_id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("targets/board.html", proposal=proposal, form=form, fy=fy, form_error=form_error,
                           office=_office_or_404(target_list.office_id)), status


# --- change requests ------------------------------------------------------------------------------------


class ChangeForm(FlaskForm):
    kind = HiddenField()
    reason = TextAreaField(_l("เหตุผลของคำขอ"))
    new_cooperative = HiddenField()
    new_reason = TextAreaField(_l("เหตุผลที่เสนอสหกรณ์ใหม่"))
    new_justification = TextAreaField(_l("เหตุผลพิเศษ (ถ้าสหกรณ์ใหม่ไม่เข้าเกณฑ์)"))


@bp.route("/proposals/<int:id>/change", methods=["GET", "POST"])
@roles_required(*REQUESTERS)
def change_new(id):
    proposal = _proposal_or_404(id)
    target_list = proposal.target_list
    year = target_list.year
    office = _office_or_404(target_list.office_id)
    today = clock.today()
    form = ChangeForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind") if request.args.get("kind") in svc.CHANGE_KINDS else "withdraw"
    form_error = None
    if target_list.submitted_at is None:
        form_error = _("รายชื่อนี้ยังไม่ได้ส่ง ถอนหรือเสนอสหกรณ์ใหม่ได้เองโดยไม่ต้องยื่นคำขอ")
    if request.method == "POST" and form.validate_on_submit():
        try:
            change = svc.request_change(
                proposal.id, form.kind.data, form.reason.data, current_user(), clock.naive_now(), today,
                new_cooperative_id=form.new_cooperative.data, new_reason=form.new_reason.data,
                new_justification=form.new_justification.data)
        except SelectionError as exc:
            field = getattr(exc, "field", None)
            if field in ("reason", "new_cooperative", "new_reason", "new_justification"):
                _attach(form, exc, "reason")
            else:
                form_error = _message(exc)
        else:
            flash(_("ส่งคำขอเปลี่ยนแปลงแล้ว รอผู้ดูแลระบบของสำนักพิจารณา"), "success")
            return redirect(url_for("targets.change", id=change.id), code=303)
    choices = [c for c in svc.candidates(year, office.id, today) if c.proposal is None]
    status = 422 if request.method == "POST" else 200
    return render_template("targets/change_form.html", proposal=proposal, year=year, office=office, form=form,
                           choices=choices, form_error=form_error,
                           chosen_new=_int_or_none(form.new_cooperative.data)), status


@bp.get("/<int:fy>/changes")
@login_required
def changes(fy):
    year = _year_or_404(fy)
    query = (ChangeRequest.select(ChangeRequest, TargetList, Office, Province).join(TargetList).join(Office)
             .join(Province).where(TargetList.year == year.id))
    rows = list(current_scope().filter_by_office(query, TargetList.office))
    rows.sort(key=lambda c: (c.status != "pending", -(c.requested_at.timestamp() if c.requested_at else 0)))
    coops = {c.id: c for c in Cooperative.select().where(Cooperative.id.in_(
        [c.new_cooperative_id for c in rows if c.new_cooperative_id] + [c.proposal.cooperative_id for c in rows]
        or [0]))}
    return render_template("targets/changes.html", year=year, rows=rows, coops=coops, years=_years())


class DecideForm(FlaskForm):
    decision = HiddenField()
    reason = TextAreaField(_l("เหตุผลของการพิจารณา"))


def _render_change(change: ChangeRequest, form: DecideForm, form_error=None, status=200):
    target_list = change.target_list
    office = Office.select(Office, Province).join(Province).where(Office.id == target_list.office_id).get()
    today = clock.today()
    year = target_list.year
    new = _candidate_of(year, office, change.new_cooperative_id, today) if change.new_cooperative_id else None
    old = change.proposal
    people = _users([change.requested_by_id, change.decided_by_id, old.proposed_by_id])
    # Training already planned or done for the cooperative to withdraw: the decider should know.
    old_cohorts = list(Cohort.select(Cohort, Course).join(CohortCooperative).switch(Cohort).join(Course)
                       .where((CohortCooperative.cooperative == old.cooperative_id)
                              & (Course.fiscal_year == year.fiscal_year))
                       .order_by(Course.number, Cohort.number))
    return render_template("targets/change.html", change=change, year=year, office=office, old=old,
                           old_cohorts=old_cohorts,
                           old_record=old.yearly_record if old.yearly_record_id else None, new=new,
                           people=people, form=form, form_error=form_error,
                           can_decide=_may(DECIDERS) and change.status == "pending"), status


@bp.get("/changes/<int:id>")
@login_required
def change(id):
    return _render_change(_change_or_404(id), DecideForm())


@bp.post("/changes/<int:id>/decide")
@roles_required(*DECIDERS)
def change_decide(id):
    change = _change_or_404(id)
    form = DecideForm()
    if form.validate_on_submit():
        decision = request.form.get("decision", "")
        if decision not in ("approve", "reject"):
            return _render_change(change, form, _("กรุณาเลือกอนุมัติหรือไม่อนุมัติ"), 422)
        try:
            svc.decide_change(change.id, decision == "approve", form.reason.data, current_user(),
                              clock.naive_now(), clock.today())
        except SelectionError as exc:
            if getattr(exc, "field", None) == "reason":
                _attach(form, exc, "reason")
                return _render_change(change, form, None, 422)
            return _render_change(change, form, _message(exc), 422)
        flash(_("อนุมัติคำขอแล้ว รายชื่อปรับตามคำขอ") if decision == "approve" else _("ไม่อนุมัติคำขอ บันทึกเหตุผลแล้ว"),
              "success")
        return redirect(url_for("targets.change", id=change.id), code=303)
    return _render_change(change, form, None, 422)
