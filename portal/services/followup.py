"""Monthly follow-up in the database: plan activities of a fiscal year, ActivityProgress (one row per activity
and month, written by the owners' link or by staff), the follow-up grid, per-scope counts, visits and the
provincial office's monthly summary.

Plans are read straight from the tables (DevelopmentPlan → PlanProject → PlanActivity); only adopted
plans (``adopted_on`` recorded) are followed up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portal import clock
from portal.db import write_transaction
from portal.domain import followup as rules
from portal.domain.followup import FollowupError
from portal.domain.thaidates import fiscal_year, fiscal_year_bounds
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.models import Cooperative
from portal.models.plans import ActivityProgress, DevelopmentPlan, MonitoringVisit, MonthlySummary, PlanActivity, PlanProject


def _multiline(text: str | None) -> str:
    """normalize_text per line, keeping the lines (long texts typed in a textarea)."""
    lines = [normalize_text(line) for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


# --------------------------------------------------------------------------- activities

def _adopted():
    return DevelopmentPlan.adopted_on.is_null(False)


def fy_activities(cooperative_id: int, fiscal_year: int) -> list[PlanActivity]:
    """The cooperative's plan activities running in the fiscal year (all adopted plans), in plan order."""
    start, end = fiscal_year_bounds(fiscal_year)
    query = (PlanActivity.select(PlanActivity, PlanProject, DevelopmentPlan)
             .join(PlanProject).join(DevelopmentPlan)
             .where((DevelopmentPlan.cooperative == cooperative_id) & _adopted()
                    & (PlanActivity.starts <= end) & (PlanActivity.ends >= start))
             .order_by(DevelopmentPlan.fiscal_year, DevelopmentPlan.id, PlanProject.sort_order, PlanProject.id,
                       PlanActivity.sort_order, PlanActivity.id))
    return list(query)


def activity_label(a: PlanActivity) -> str:
    owner = f" ({a.owner_name})" if a.owner_name else ""
    return f"{a.project.name} · {a.name}{owner}"


def link_context(cooperative_id: int, today: dt.date) -> dict:
    """The owners' form context: the activities running in the fiscal year of today."""
    fy = fiscal_year(today)
    return {"plan_activities": [{"id": str(a.id), "label": activity_label(a)} for a in fy_activities(cooperative_id, fy)],
            "agenda_sessions": []}


# --------------------------------------------------------------------------- progress

def record_progress(activity: PlanActivity, month: dt.date, *, status: str, percent: int | None, result: str = "",
                    obstacles: str = "", help_needed: str = "", source: str, response_id: int | None = None,
                    user_id: int | None = None) -> ActivityProgress:
    """Write the one row of (activity, month): a later report replaces it. Raises FollowupError."""
    month = rules.first_of_month(month)
    plan = activity.project.plan
    percent = rules.check_progress(status, percent, month, plan.starts)
    values = dict(status=status, percent_done=percent, result=_multiline(result), obstacles=_multiline(obstacles),
                  help_needed=_multiline(help_needed), source=source, response=response_id,
                  recorded_by=user_id, recorded_at=clock.naive_now())
    with write_transaction():
        row = ActivityProgress.get_or_none((ActivityProgress.activity == activity.id) & (ActivityProgress.month == month))
        if row is None:
            return ActivityProgress.create(activity=activity.id, month=month, **values)
        ActivityProgress.update(**values).where(ActivityProgress.id == row.id).execute()
        return ActivityProgress.get_by_id(row.id)


def check_link_answers(cooperative_id: int, answers: dict) -> dt.date:
    """The month reported, refused (FollowupError) when before the plan of any reported activity began."""
    month = rules.reported_month(answers.get("report_month"), answers.get("report_year"))
    reported = answers.get("activities") or {}
    for activity in _activities_by_id(cooperative_id, reported.keys()).values():
        rules.check_progress("on_track", 0, month, activity.project.plan.starts)
    return month


def _activities_by_id(cooperative_id: int, ids) -> dict[str, PlanActivity]:
    wanted = [int(i) for i in ids if str(i).isdigit()]
    if not wanted:
        return {}
    query = (PlanActivity.select(PlanActivity, PlanProject, DevelopmentPlan).join(PlanProject).join(DevelopmentPlan)
             .where((PlanActivity.id.in_(wanted)) & (DevelopmentPlan.cooperative == cooperative_id)))
    return {str(a.id): a for a in query}


def store_link_progress(cooperative_id: int, answers: dict, response_id: int) -> int:
    """One ActivityProgress per reported activity from an owners' response; the number written."""
    month = check_link_answers(cooperative_id, answers)
    reported = answers.get("activities") or {}
    found = _activities_by_id(cooperative_id, reported.keys())
    written = 0
    with write_transaction():
        for iid, item in reported.items():
            activity = found.get(str(iid))
            if activity is None or not isinstance(item, dict) or not item.get("status"):
                continue
            status = item.get("status")
            help_needed = (item.get("help_needed") or "") if item.get("needs_help") == "yes" else ""
            obstacles = item.get("obstacles") or ""
            if status == "cancelled" and item.get("cancel_reason"):
                obstacles = item.get("cancel_reason")
            percent = item.get("percent_done")
            record_progress(activity, month, status=status, percent=int(percent) if percent is not None else None,
                            result=item.get("result") or "", obstacles=obstacles, help_needed=help_needed,
                            source="owner_link", response_id=response_id)
            written += 1
    return written


# --------------------------------------------------------------------------- the grid

@dataclass
class Row:
    activity: PlanActivity
    label: str
    cells: list
    behind_now: bool = False
    latest: ActivityProgress | None = None


@dataclass
class Grid:
    cooperative: Cooperative
    fiscal_year: int
    months: list
    rows: list = field(default_factory=list)

    @property
    def behind_count(self) -> int:
        return sum(1 for r in self.rows if r.behind_now)


def grid_months(fiscal_year: int, today: dt.date) -> list[dt.date]:
    """The fiscal year's months up to this month (the whole year once it is over)."""
    start, end = fiscal_year_bounds(fiscal_year)
    last = min(rules.first_of_month(end), rules.first_of_month(today))
    return rules.month_range(start, last)


def progress_of(activity_ids: list[int]) -> dict[int, dict[dt.date, ActivityProgress]]:
    out: dict[int, dict] = {}
    if not activity_ids:
        return out
    for p in ActivityProgress.select().where(ActivityProgress.activity.in_(activity_ids)).order_by(ActivityProgress.month):
        out.setdefault(p.activity_id, {})[p.month] = p
    return out


def behind_now(row_cells: list) -> bool:
    """Behind at a glance: this month's cell, or last month's while this month is not reported yet."""
    if not row_cells:
        return False
    last = row_cells[-1]
    if last.behind or last.status is not None or len(row_cells) == 1:
        return last.behind
    return row_cells[-2].behind


def grid(cooperative: Cooperative, fiscal_year: int, today: dt.date) -> Grid:
    months = grid_months(fiscal_year, today)
    activities = fy_activities(cooperative.id, fiscal_year)
    progress = progress_of([a.id for a in activities])
    out = Grid(cooperative, fiscal_year, months)
    for a in activities:
        mine = progress.get(a.id, {})
        # Reports before the grid's first month count for "the previous month" of the first one.
        reports = {m: (p.status, p.percent_done) for m, p in mine.items()}
        row_cells = rules.cells(a.starts, a.ends, months, reports) if months else []
        latest = max(mine.values(), key=lambda p: p.month) if mine else None
        out.rows.append(Row(a, activity_label(a), row_cells, behind_now(row_cells), latest))
    return out


@dataclass
class CoopCount:
    cooperative: Cooperative
    activities: int
    behind: int
    done: int


def scope_counts(cooperatives, fiscal_year: int, today: dt.date) -> list[CoopCount]:
    """Cooperatives (of the query given) with plan activities in the fiscal year, in Thai order."""
    out = []
    ids = {p.cooperative_id for p in DevelopmentPlan.select(DevelopmentPlan.cooperative).where(_adopted())}
    for coop in cooperatives.where(Cooperative.id.in_(sorted(ids) or [0])):
        g = grid(coop, fiscal_year, today)
        if not g.rows:
            continue
        done = sum(1 for r in g.rows if r.latest is not None and r.latest.status == "done")
        out.append(CoopCount(coop, len(g.rows), g.behind_count, done))
    return sorted(out, key=lambda c: thai_sort_key(c.cooperative.name))


# --------------------------------------------------------------------------- visits

def record_visit(office_id: int, cooperative: Cooperative, visited_on: dt.date | None, visitors: str, findings: str,
                 help_given: str, user_id: int | None) -> MonitoringVisit:
    visitors = normalize_text(visitors or "").strip()
    if visited_on is None:
        raise FollowupError("กรุณากรอกวันที่ไปเยี่ยม (วว/ดด/ปปปป พ.ศ.)", "Enter the date of the visit (dd/mm/yyyy BE)",
                            "visited_on")
    if visited_on > clock.today():
        raise FollowupError("วันที่ไปเยี่ยมต้องไม่เกินวันนี้", "The visit date cannot be in the future", "visited_on")
    if not visitors:
        raise FollowupError("กรุณากรอกชื่อผู้ไปเยี่ยม", "Enter who visited", "visitors")
    if cooperative.office_id != office_id:
        raise FollowupError("สหกรณ์นี้ไม่อยู่ในความรับผิดชอบของสำนักงาน", "This cooperative is not of this office",
                            "cooperative")
    with write_transaction():
        return MonitoringVisit.create(office=office_id, cooperative=cooperative.id, visited_on=visited_on,
                                      visitors=visitors, findings=_multiline(findings),
                                      help_given=_multiline(help_given), recorded_by=user_id)


def visits(office_ids, month: dt.date | None = None) -> list[MonitoringVisit]:
    query = (MonitoringVisit.select(MonitoringVisit, Cooperative).join(Cooperative)
             .where(MonitoringVisit.office.in_(sorted(office_ids) or [0]))
             .order_by(MonitoringVisit.visited_on.desc(), MonitoringVisit.id.desc()))
    if month is not None:
        query = query.where((MonitoringVisit.visited_on >= month)
                            & (MonitoringVisit.visited_on < rules.add_months(month, 1)))
    return list(query)


# --------------------------------------------------------------------------- monthly summary

@dataclass
class SummaryFacts:
    on_track: int = 0
    behind: int = 0
    done: int = 0
    reported: int = 0
    help_needed: list = field(default_factory=list)  # (cooperative name, activity label, text)
    visits: list = field(default_factory=list)


def summary_facts(office_id: int, month: dt.date) -> SummaryFacts:
    """That month's progress of the office's cooperatives and its visits."""
    facts = SummaryFacts()
    query = (ActivityProgress.select(ActivityProgress, PlanActivity, PlanProject, DevelopmentPlan, Cooperative)
             .join(PlanActivity).join(PlanProject).join(DevelopmentPlan).join(Cooperative)
             .where((Cooperative.office == office_id) & (ActivityProgress.month == month)))
    for p in query:
        facts.reported += 1
        a = p.activity
        behind = rules.behind_reason(a.starts, a.ends, month, p.status, p.percent_done, True)
        if p.status == "done":
            facts.done += 1
        elif behind:
            facts.behind += 1
        elif p.status in ("on_track", "not_started"):
            facts.on_track += 1
        if p.help_needed:
            facts.help_needed.append((a.project.plan.cooperative.name, activity_label(a), p.help_needed))
    facts.help_needed.sort(key=lambda h: (thai_sort_key(h[0]), thai_sort_key(h[1])))
    facts.visits = visits([office_id], month)
    return facts


SUMMARY_FIELDS = ("overview", "problems", "help_needed", "next_steps")


def save_summary(office_id: int, month: dt.date, texts: dict, user_id: int | None, send: bool = False) -> MonthlySummary:
    """Create or update the office's summary of the month; ``send`` marks it "ส่งแล้ว" (who/when)."""
    values = {k: _multiline(texts.get(k)) for k in SUMMARY_FIELDS}
    if send and not values["overview"]:
        raise FollowupError("กรุณากรอกภาพรวมก่อนส่งรายงาน", "Write the overview before sending", "overview")
    with write_transaction():
        row = MonthlySummary.get_or_none((MonthlySummary.office == office_id) & (MonthlySummary.month == month))
        if row is None:
            row = MonthlySummary.create(office=office_id, month=month, created_by=user_id, **values)
        else:
            MonthlySummary.update(**values).where(MonthlySummary.id == row.id).execute()
        if send:
            MonthlySummary.update(sent_at=clock.naive_now(), sent_by=user_id).where(MonthlySummary.id == row.id).execute()
        return MonthlySummary.get_by_id(row.id)


def prefill_summary(facts: SummaryFacts) -> dict:
    """Texts to start from: the counts, and the help asked for."""
    overview = (f"สหกรณ์รายงานความก้าวหน้า {facts.reported} กิจกรรม: ดำเนินการตามแผน {facts.on_track} "
                f"ล่าช้ากว่าแผน {facts.behind} แล้วเสร็จ {facts.done} กิจกรรม; ออกติดตามเยี่ยม {len(facts.visits)} ครั้ง")
    help_needed = "\n".join(f"{c}: {a} – {t}" for c, a, t in facts.help_needed)
    return {"overview": overview, "problems": "", "help_needed": help_needed, "next_steps": ""}
