"""Development plans (projects, activities, owners, months; business projections for loss-making cooperatives), board adoption, course 2's group participation plans.

Reading: the bureau, the cooperative's centre and its provincial office (another scope's ids
answer 404). Writing: centre staff and the director of the cooperative's centre, and the bureau
administrator (others get 403 and see no edit forms). Rules live in portal.domain.plans and
portal.services.plans; a refusal re-shows the page with what was typed (422) and changes nothing.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required
from portal.domain import plans as rules
from portal.domain.plans import PlanRuleError
from portal.domain.thaidates import fiscal_year, format_be_input
from portal.htmx import htmx_response, is_htmx
from portal.i18n import current_language
from portal.services import plans as service

bp = Blueprint("plans", __name__, url_prefix="/plans")


# --- helpers ---------------------------------------------------------------------------------------------


def _say(problem) -> str:
    return problem.th if current_language() == "th" else problem.en


def _saved(message: str, url: str):
    flash(message, "success")
    if is_htmx():
        return htmx_response("", 200, redirect=url)
    return redirect(url, code=303)


def _writer_or_403(coop):
    if not service.may_write(current_user(), current_scope(), coop):
        abort(403)


def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return None


def _field(name: str) -> str:
    return request.form.get(name, "")


@bp.context_processor
def _helpers():
    lang = current_language()
    return {
        "plan_say": _say,
        "plan_months": lambda a: rules.month_range_label(a.starts, a.ends, lang),
        "plan_month_input": rules.format_be_month,
        "plan_channel": lambda code: rules.CHANNELS.get(code, (code, code))[0 if lang == "th" else 1],
        "line_name": lambda line: line.name_th if lang == "th" else line.name_en,
    }


def _plan_values(plan) -> dict:
    return {"title": plan.title, "horizon": str(plan.horizon_years), "starts": rules.format_be_month(plan.starts),
            "ends": rules.format_be_month(plan.ends)}


def _activity_values(activity) -> dict:
    return {"name": activity.name, "owner_name": activity.owner_name, "owner_position": activity.owner_position,
            "starts": rules.format_be_month(activity.starts), "ends": rules.format_be_month(activity.ends),
            "kpi": activity.kpi, "target": activity.target}


def _project_values(project) -> dict:
    return {"name": project.name, "objective": project.objective, "kpi": project.kpi, "target": project.target}


# --- the lists ---------------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    scope = current_scope()
    fy = _int_arg("year") or fiscal_year(clock.today())
    centre_id = _int_arg("centre") if scope.is_national else None
    rows = service.plan_rows(scope, fy, centre_id)
    missing = service.targets_without_plan(scope, fy, centre_id)
    user = current_user()
    years = sorted(set(service.fiscal_years()) | {fy}, reverse=True)
    return _render("plans/index.html", rows=rows, missing=missing, fiscal_year=fy, years=years,
                   centres=list(scope.centres()) if scope.is_national else [], centre_id=centre_id,
                   can_write=user is not None and user.role in service.EDITOR_ROLES)


def _render(template, status=200, **context):
    from flask import render_template

    return render_template(template, **context), status


@bp.route("/cooperatives/<int:coop_id>", methods=["GET", "POST"])
@login_required
def cooperative(coop_id):
    scope = current_scope()
    coop = in_scope_or_404(service.cooperative, scope, coop_id)
    can_write = service.may_write(current_user(), scope, coop)
    loss = service.loss_making(coop)
    fy = fiscal_year(clock.today())
    values = {"title": _("แผนพัฒนาสหกรณ์ ปี %(fy)s", fy=fy), "horizon": "3" if loss else "1", "starts": "", "ends": ""}
    problems = []
    if request.method == "POST":
        _writer_or_403(coop)
        values = {k: _field(k) for k in ("title", "horizon", "starts", "ends")}
        try:
            plan = service.create_plan(coop, service.PlanInput(**values, fiscal_year=fy), current_user())
        except PlanRuleError as exc:
            problems = exc.problems
        else:
            return _saved(_("บันทึกแผนแล้ว เพิ่มโครงการและกิจกรรมได้เลย"), url_for(".plan", plan_id=plan.id))
    return _render("plans/cooperative.html", 422 if problems else 200, coop=coop, plans=service.plans_of(coop),
                   can_write=can_write, loss=loss, record=service.latest_record(coop), values=values,
                   problems=problems, fiscal_year=fy,
                   course_two=rules.course_two_problems(service.readiness(coop, fy), fy),
                   has_current=any(p.fiscal_year == fy for p in service.plans_of(coop)))


# --- one plan --------------------------------------------------------------------------------------------------


def _plan_page(plan, status=200, forms=None, problems=None, which=None):
    forms = forms or {}
    coop = plan.cooperative
    projection = service.projection_of(plan) if plan.horizon_years in rules.LOSS_HORIZONS else None
    return _render("plans/plan.html", status, plan=plan, coop=coop, projects=service.projects_of(plan),
                   can_write=service.may_write(current_user(), current_scope(), coop),
                   loss=service.loss_making(coop), projection=projection,
                   plan_form=forms.get("plan") or _plan_values(plan),
                   project_form=forms.get("project") or {},
                   activity_form=forms.get("activity") or {}, activity_project=forms.get("activity_project"),
                   adoption_form=forms.get("adoption") or {
                       "meeting_no": plan.adopted_meeting_no, "adopted_on": format_be_input(plan.adopted_on)},
                   projection_form=forms.get("projection"), problems=problems or [], which=which)


@bp.get("/<int:plan_id>")
@login_required
def plan(plan_id):
    return _plan_page(in_scope_or_404(service.get_plan, current_scope(), plan_id))


@bp.get("/<int:plan_id>/print")
@login_required
def print_plan(plan_id):
    plan = in_scope_or_404(service.get_plan, current_scope(), plan_id)
    projection = service.projection_of(plan) if plan.horizon_years in rules.LOSS_HORIZONS else None
    return _render("plans/print.html", plan=plan, coop=plan.cooperative, projects=service.projects_of(plan),
                   projection=projection)


def _writable_plan(plan_id):
    plan = in_scope_or_404(service.get_plan, current_scope(), plan_id)
    _writer_or_403(plan.cooperative)
    return plan


@bp.post("/<int:plan_id>/edit")
@login_required
def edit_plan(plan_id):
    plan = _writable_plan(plan_id)
    values = {k: _field(k) for k in ("title", "horizon", "starts", "ends")}
    try:
        service.update_plan(plan, service.PlanInput(**values))
    except PlanRuleError as exc:
        return _plan_page(service.get_plan(current_scope(), plan_id), 422, {"plan": values}, exc.problems, "plan")
    return _saved(_("บันทึกการแก้ไขแผนแล้ว"), url_for(".plan", plan_id=plan.id))


@bp.post("/<int:plan_id>/delete")
@login_required
def delete_plan(plan_id):
    plan = _writable_plan(plan_id)
    coop_id = plan.cooperative_id
    service.delete_plan(plan)
    return _saved(_("ลบแผนแล้ว"), url_for(".cooperative", coop_id=coop_id))


@bp.post("/<int:plan_id>/projects")
@login_required
def add_project(plan_id):
    plan = _writable_plan(plan_id)
    values = {k: _field(k) for k in ("name", "objective", "kpi", "target")}
    try:
        project = service.add_project(plan, service.ProjectInput(**values))
    except PlanRuleError as exc:
        return _plan_page(plan, 422, {"project": values}, exc.problems, "project")
    return _saved(_("เพิ่มโครงการแล้ว"), url_for(".plan", plan_id=plan.id, _anchor=f"project-{project.id}"))


def _writable_project(project_id):
    project = in_scope_or_404(service.get_project, current_scope(), project_id)
    _writer_or_403(project.plan.cooperative)
    return project


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id):
    project = _writable_project(project_id)
    values, problems = _project_values(project), []
    if request.method == "POST":
        values = {k: _field(k) for k in ("name", "objective", "kpi", "target")}
        try:
            service.update_project(project, service.ProjectInput(**values))
        except PlanRuleError as exc:
            problems = exc.problems
        else:
            return _saved(_("บันทึกโครงการแล้ว"), url_for(".plan", plan_id=project.plan_id,
                                                       _anchor=f"project-{project.id}"))
    return _render("plans/edit_project.html", 422 if problems else 200, project=project, plan=project.plan,
                   values=values, problems=problems)


@bp.post("/projects/<int:project_id>/delete")
@login_required
def delete_project(project_id):
    project = _writable_project(project_id)
    service.delete_project(project)
    return _saved(_("ลบโครงการแล้ว"), url_for(".plan", plan_id=project.plan_id))


@bp.post("/projects/<int:project_id>/move")
@login_required
def move_project(project_id):
    project = _writable_project(project_id)
    service.move_project(project, request.form.get("direction", "up"))
    return _saved(_("จัดลำดับโครงการแล้ว"), url_for(".plan", plan_id=project.plan_id))


ACTIVITY_FIELDS = ("name", "owner_name", "owner_position", "starts", "ends", "kpi", "target")


@bp.post("/projects/<int:project_id>/activities")
@login_required
def add_activity(project_id):
    project = _writable_project(project_id)
    values = {k: _field(k) for k in ACTIVITY_FIELDS}
    try:
        service.add_activity(project, service.ActivityInput(**values))
    except PlanRuleError as exc:
        return _plan_page(project.plan, 422, {"activity": values, "activity_project": project.id}, exc.problems,
                          "activity")
    return _saved(_("เพิ่มกิจกรรมแล้ว"), url_for(".plan", plan_id=project.plan_id, _anchor=f"project-{project.id}"))


def _writable_activity(activity_id):
    activity = in_scope_or_404(service.get_activity, current_scope(), activity_id)
    _writer_or_403(activity.project.plan.cooperative)
    return activity


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@login_required
def edit_activity(activity_id):
    activity = _writable_activity(activity_id)
    values, problems = _activity_values(activity), []
    if request.method == "POST":
        values = {k: _field(k) for k in ACTIVITY_FIELDS}
        try:
            service.update_activity(activity, service.ActivityInput(**values))
        except PlanRuleError as exc:
            problems = exc.problems
        else:
            return _saved(_("บันทึกกิจกรรมแล้ว"), url_for(".plan", plan_id=activity.project.plan_id,
                                                       _anchor=f"project-{activity.project_id}"))
    return _render("plans/edit_activity.html", 422 if problems else 200, activity=activity,
                   plan=activity.project.plan, values=values, problems=problems)


@bp.post("/activities/<int:activity_id>/delete")
@login_required
def delete_activity(activity_id):
    activity = _writable_activity(activity_id)
    plan_id = activity.project.plan_id
    service.delete_activity(activity)
    return _saved(_("ลบกิจกรรมแล้ว"), url_for(".plan", plan_id=plan_id))


@bp.post("/activities/<int:activity_id>/move")
@login_required
def move_activity(activity_id):
    activity = _writable_activity(activity_id)
    service.move_activity(activity, request.form.get("direction", "up"))
    return _saved(_("จัดลำดับกิจกรรมแล้ว"), url_for(".plan", plan_id=activity.project.plan_id,
                                                  _anchor=f"project-{activity.project_id}"))


@bp.post("/<int:plan_id>/projection")
@login_required
def projection(plan_id):
    plan = _writable_plan(plan_id)
    form = {k: v for k, v in request.form.items() if k.split("-")[0] in ("income", "expenses", "members")}
    try:
        service.save_projection(plan, form)
    except PlanRuleError as exc:
        return _plan_page(plan, 422, {"projection": form}, exc.problems, "projection")
    return _saved(_("บันทึกประมาณการธุรกิจแล้ว"), url_for(".plan", plan_id=plan.id, _anchor="projection"))


@bp.post("/<int:plan_id>/adoption")
@login_required
def adoption(plan_id):
    plan = _writable_plan(plan_id)
    if request.form.get("clear"):
        service.clear_adoption(plan)
        return _saved(_("ยกเลิกการบันทึกการรับรองแล้ว"), url_for(".plan", plan_id=plan.id))
    values = {"meeting_no": _field("meeting_no"), "adopted_on": _field("adopted_on")}
    try:
        service.record_adoption(plan, values["meeting_no"], values["adopted_on"], current_user())
    except PlanRuleError as exc:
        return _plan_page(plan, 422, {"adoption": values}, exc.problems, "adoption")
    return _saved(_("บันทึกการรับรองแผนของที่ประชุมคณะกรรมการแล้ว"), url_for(".plan", plan_id=plan.id))


# --- course 2: the group participation plan ---------------------------------------------------------------------


def _participation_page(coop, fy, status=200, group_form=None, activity_form=None, activity_group=None,
                        problems=None, which=None):
    cohort = service.course_two_cohort(coop, fy)
    years = sorted(set(service.participation_plans(coop)) | {fy}, reverse=True)
    return _render("plans/participation.html", status, coop=coop, fiscal_year=fy, years=years, cohort=cohort,
                   plan=None, participation=service.participation_of(coop, fy),
                   leaders=service.group_leaders(cohort, coop),
                   can_write=service.may_write(current_user(), current_scope(), coop),
                   channels=list(rules.CHANNELS), group_form=group_form or {}, activity_form=activity_form or {},
                   activity_group=activity_group, problems=problems or [], which=which)


def _year() -> int:
    return _int_arg("year") or fiscal_year(clock.today())


@bp.get("/cooperatives/<int:coop_id>/participation")
@login_required
def participation(coop_id):
    coop = in_scope_or_404(service.cooperative, current_scope(), coop_id)
    return _participation_page(coop, _year())


def _participation_url(coop_id, fy, anchor=None):
    return url_for(".participation", coop_id=coop_id, year=fy, _anchor=anchor)


@bp.post("/cooperatives/<int:coop_id>/participation/groups")
@login_required
def add_group(coop_id):
    coop = in_scope_or_404(service.cooperative, current_scope(), coop_id)
    _writer_or_403(coop)
    fy = _year()
    values = {"name": _field("name"), "leader_id": _field("leader_id"), "members": _field("members")}
    try:
        group = service.add_group(coop, fy, service.GroupInput(**values), current_user())
    except PlanRuleError as exc:
        return _participation_page(coop, fy, 422, group_form=values, problems=exc.problems, which="group")
    return _saved(_("เพิ่มกลุ่มแล้ว"), _participation_url(coop.id, fy, f"group-{group.id}"))


def _writable_group(group_id):
    group = in_scope_or_404(service.get_group, current_scope(), group_id)
    coop = service.cooperative(current_scope(), group.plan.cooperative_id)
    _writer_or_403(coop)
    return group, coop


@bp.post("/participation/groups/<int:group_id>/delete")
@login_required
def delete_group(group_id):
    group, coop = _writable_group(group_id)
    fy = group.plan.fiscal_year
    service.delete_group(group)
    return _saved(_("ลบกลุ่มแล้ว"), _participation_url(coop.id, fy))


@bp.post("/participation/groups/<int:group_id>/activities")
@login_required
def add_group_activity(group_id):
    group, coop = _writable_group(group_id)
    fy = group.plan.fiscal_year
    values = {"name": _field("name"), "starts": _field("starts"), "ends": _field("ends"), "target": _field("target")}
    channels = tuple(request.form.getlist("channels"))
    try:
        service.add_group_activity(group, service.GroupActivityInput(**values, channels=channels))
    except PlanRuleError as exc:
        return _participation_page(coop, fy, 422, activity_form={**values, "channels": channels},
                                   activity_group=group.id, problems=exc.problems, which="activity")
    return _saved(_("เพิ่มกิจกรรมแล้ว"), _participation_url(coop.id, fy, f"group-{group.id}"))


@bp.post("/participation/activities/<int:activity_id>/delete")
@login_required
def delete_group_activity(activity_id):
    activity = in_scope_or_404(service.get_group_activity, current_scope(), activity_id)
    group = activity.group
    coop = service.cooperative(current_scope(), group.plan.cooperative_id)
    _writer_or_403(coop)
    service.delete_group_activity(activity)
    return _saved(_("ลบกิจกรรมแล้ว"), _participation_url(coop.id, group.plan.fiscal_year, f"group-{group.id}"))
