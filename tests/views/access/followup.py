"""Monthly follow-up: everyone signed in reads within scope; centre staff/director, the provincial officer and
the bureau administrator key in progress; only the provincial officer of the office records visits and
writes the monthly summary."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

ENTRY_ROLES = frozenset({"centre_director", "centre_staff", "provincial_officer", "bureau_admin"})
OFFICE_WRITERS = frozenset({"provincial_officer"})
MONTH = "2023-02"


def _coop(w, side):
    return pick(w, side, w.coop, w.other_coop).id


def _office(w, side):
    return pick(w, side, w.office, w.other_office).id


def _activity(w, side) -> int:
    """An adopted plan's activity of the side's cooperative (made once)."""
    from portal.models.plans import DevelopmentPlan, PlanActivity, PlanProject

    coop = pick(w, side, w.coop, w.other_coop)
    plan = DevelopmentPlan.get_or_none((DevelopmentPlan.cooperative == coop) & (DevelopmentPlan.fiscal_year == 2566))
    if plan is None:
        plan = DevelopmentPlan.create(cooperative=coop, fiscal_year=2566, title="แผน", starts=dt.date(2022, 11, 1),
                                      ends=dt.date(2023, 9, 1), adopted_on=dt.date(2022, 11, 20))
        project = PlanProject.create(plan=plan, name="โครงการ")
        PlanActivity.create(project=project, name="กิจกรรม", owner_name="ผู้รับผิดชอบ", starts=dt.date(2022, 11, 1),
                            ends=dt.date(2023, 5, 1))
    return PlanActivity.select().join(PlanProject).where(PlanProject.plan == plan).first().id


def _summary_office(w, side) -> int:
    from portal.models.plans import MonthlySummary

    office = pick(w, side, w.office, w.other_office)
    if MonthlySummary.get_or_none((MonthlySummary.office == office) & (MonthlySummary.month == dt.date(2023, 2, 1))) is None:
        MonthlySummary.create(office=office, month=dt.date(2023, 2, 1), overview="ภาพรวม")
    return office.id


ENTRIES = [
    Entry("followup.index", allowed=ALL_SIGNED_IN),
    Entry("followup.coop", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.coop", id=_coop(w, side))),
    Entry("followup.board_report", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.board_report", id=_coop(w, side), month=MONTH)),
    Entry("followup.progress", allowed=ENTRY_ROLES, scoped=True,
          url=lambda w, side: url_for("followup.progress", id=_activity(w, side), month=MONTH)),
    Entry("followup.progress", "POST", allowed=ENTRY_ROLES, scoped=True,
          data={"status": "on_track", "percent_done": "30"},
          url=lambda w, side: url_for("followup.progress", id=_activity(w, side), month=MONTH)),
    Entry("followup.visits", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.visits", id=_office(w, side))),
    Entry("followup.visits", "POST", allowed=OFFICE_WRITERS, scoped=True,
          data=lambda w: {"cooperative": str(w.coop.id), "visited_on": "01/03/2566", "visitors": "นายตรวจ ดี"},
          url=lambda w, side: url_for("followup.visits", id=_office(w, side))),
    Entry("followup.summaries", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.summaries", id=_office(w, side))),
    Entry("followup.summary", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.summary", id=_office(w, side), month=MONTH)),
    Entry("followup.summary", "POST", allowed=OFFICE_WRITERS, scoped=True,
          data={"overview": "ภาพรวม", "action": "save"},
          url=lambda w, side: url_for("followup.summary", id=_office(w, side), month=MONTH)),
    Entry("followup.summary_print", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("followup.summary_print", id=_summary_office(w, side), month=MONTH)),
]
