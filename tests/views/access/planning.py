"""The bureau's year setup: everyone signed in reads (a centre its own centre's page, others 404);
only the bureau administrator changes anything."""
from __future__ import annotations

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

ADMIN = frozenset({"bureau_admin"})
FY = 2566  # the World's year


def _fy_url(endpoint, **kwargs):
    return lambda w, side: url_for(endpoint, fy=FY, **kwargs)


def _course_form(w):
    return {"name_th": "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", "name_en": "Strong whole board", "days": "2",
            "people_per_cooperative": "20", "cooperatives_per_province": "2"}


ENTRIES = [
    Entry("planning.index", allowed=ALL_SIGNED_IN),
    Entry("planning.create", "POST", allowed=ADMIN, data={"fiscal_year": "2570", "source": ""}),
    Entry("planning.year", allowed=ALL_SIGNED_IN, url=_fy_url("planning.year")),
    Entry("planning.centre", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("planning.centre", fy=FY,
                                      centre_id=pick(w, side, w.centre, w.other_centre).id)),
    Entry("planning.settings", allowed=ADMIN, url=_fy_url("planning.settings")),
    Entry("planning.settings", "POST", allowed=ADMIN, url=_fy_url("planning.settings"),
          data={"selection_deadline": "15/12/2565", "default_quota": "2"}),
    Entry("planning.course", allowed=ADMIN, url=_fy_url("planning.course", number=1)),
    Entry("planning.course", "POST", allowed=ADMIN, url=_fy_url("planning.course", number=1), data=_course_form),
    Entry("planning.quotas", allowed=ADMIN, url=_fy_url("planning.quotas")),
    Entry("planning.quotas", "POST", allowed=ADMIN, url=_fy_url("planning.quotas"),
          data=lambda w: {f"q-{w.office.id}": "3"}),
    Entry("planning.budgets", allowed=ADMIN, url=_fy_url("planning.budgets")),
    Entry("planning.budgets", "POST", allowed=ADMIN, url=_fy_url("planning.budgets"),
          data=lambda w: {f"b-{w.centre.id}-{w.course1.id}": "100000"}),
    Entry("planning.kpis", allowed=ADMIN, url=_fy_url("planning.kpis")),
    Entry("planning.kpis", "POST", allowed=ADMIN, url=_fy_url("planning.kpis"), data={}),
    Entry("planning.targets", allowed=ADMIN,
          url=lambda w, side: url_for("planning.targets", fy=FY, centre_id=w.centre.id)),
    Entry("planning.targets", "POST", allowed=ADMIN, data={},
          url=lambda w, side: url_for("planning.targets", fy=FY, centre_id=w.centre.id)),
    Entry("planning.workshop", allowed=ADMIN, url=_fy_url("planning.workshop")),
    Entry("planning.workshop", "POST", allowed=ADMIN, url=_fy_url("planning.workshop"),
          data={"starts": "25/10/2565", "ends": "26/10/2565", "place": "กรมส่งเสริมสหกรณ์", "attendees": "60"}),
]
