"""Cohorts: everyone signed in reads within their scope (provincial users: cohorts training their
office's cooperatives); centre staff, the centre director (own centre) and the bureau administrator write."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

EDITORS = frozenset({"centre_staff", "centre_director", "bureau_admin"})


def _cohort_id(w, side):
    return pick(w, side, w.cohort, w.other_cohort).id


def _session_id(w, side):
    """A session of the side's cohort, made for the call."""
    from portal.models import AgendaSession

    cohort = pick(w, side, w.cohort, w.other_cohort)
    return AgendaSession.create(cohort=cohort, day=cohort.starts, starts=dt.time(9, 0), ends=dt.time(10, 0),
                                title_th="หัวข้อตรวจสิทธิ์", sort_order=1).id


def _second_session(w, side):
    """Two sessions, so that moving the second one up is a real move."""
    from portal.models import AgendaSession

    cohort = pick(w, side, w.cohort, w.other_cohort)
    AgendaSession.create(cohort=cohort, day=cohort.starts, starts=dt.time(8, 0), ends=dt.time(9, 0),
                         title_th="หัวข้อแรก", sort_order=1)
    return _session_id(w, side)


def _cohort_form(w):
    return {"centre": str(w.centre.id), "course": str(w.course1.id), "number": "2",
            "cooperatives": [str(w.coop.id)], "starts": "07/02/2566", "ends": "08/02/2566",
            "day_starts": "09.00", "day_ends": "16.30", "place": "ห้องประชุมตรวจสิทธิ์", "venue_kind": "government"}


def _edit_form(w):
    return {**_cohort_form(w), "number": "1", "starts": "10/01/2566", "ends": "11/01/2566"}


def _session_form(w):
    return {"day": "2023-01-10", "starts": "13.00", "ends": "14.30", "title_th": "หัวข้อใหม่",
            "speaker_name": "วิทยากรตรวจสิทธิ์", "speaker_kind": "centre_staff"}


def _budget_form(w):
    return {"planned_food": "12000", "spent_food": "11500.50", "note_food": "อาหารกลางวัน 2 มื้อ"}


def _cohort_url(endpoint):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort_id(w, side))


def _session_url(endpoint, make=_session_id):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort_id(w, side), session_id=make(w, side))


ENTRIES = [
    Entry("cohorts.index", allowed=ALL_SIGNED_IN),
    Entry("cohorts.create", allowed=EDITORS),
    Entry("cohorts.create", "POST", allowed=EDITORS, data=_cohort_form, ok=(303,)),
    Entry("cohorts.cohort", allowed=ALL_SIGNED_IN, scoped=True, url=_cohort_url("cohorts.cohort")),
    Entry("cohorts.edit", allowed=EDITORS, scoped=True, url=_cohort_url("cohorts.edit")),
    Entry("cohorts.edit", "POST", allowed=EDITORS, scoped=True, data=_edit_form, url=_cohort_url("cohorts.edit"),
          ok=(303,)),
    Entry("cohorts.move", "POST", allowed=EDITORS, scoped=True, data={"to_status": "pretest", "note": "พร้อม"},
          url=_cohort_url("cohorts.move"), ok=(303,)),
    Entry("cohorts.agenda", allowed=ALL_SIGNED_IN, scoped=True, url=_cohort_url("cohorts.agenda")),
    Entry("cohorts.session_add", "POST", allowed=EDITORS, scoped=True, data=_session_form,
          url=_cohort_url("cohorts.session_add"), ok=(303,)),
    Entry("cohorts.session_edit", allowed=EDITORS, scoped=True, url=_session_url("cohorts.session_edit")),
    Entry("cohorts.session_edit", "POST", allowed=EDITORS, scoped=True, data=_session_form,
          url=_session_url("cohorts.session_edit"), ok=(303,)),
    Entry("cohorts.session_delete", "POST", allowed=EDITORS, scoped=True, url=_session_url("cohorts.session_delete"),
          ok=(303,)),
    Entry("cohorts.session_move", "POST", allowed=EDITORS, scoped=True, data={"direction": "up"},
          url=_session_url("cohorts.session_move", _second_session), ok=(303,)),
    Entry("cohorts.budget", allowed=ALL_SIGNED_IN, scoped=True, url=_cohort_url("cohorts.budget")),
    Entry("cohorts.budget", "POST", allowed=EDITORS, scoped=True, data=_budget_form, url=_cohort_url("cohorts.budget"),
          ok=(303,)),
]
