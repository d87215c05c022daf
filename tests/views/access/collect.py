"""Collecting answers, the staff's side. A cohort's collect page: centre staff, the centre director and the
bureau administrator run it, the bureau executive reads it; another centre's cohort (or trainee) is 404.
Cooperatives' links: the same three create them, and provincial users of the cooperative's office read and
print them; another office's (or centre's) cooperative or link is 404."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import Entry, pick

EDITORS = frozenset({"bureau_admin", "centre_director", "centre_staff"})
READERS = EDITORS | {"bureau_exec"}
LINK_READERS = READERS | {"provincial_officer", "provincial_head"}
UUID = "5f0c3c52-6a59-4a8f-9a7e-3f1f9a2b7c10"


def _ready(w):
    """Questionnaires synced and the own cohort in its pre-test (idempotent: builders run for both sides)."""
    from portal.models import Cohort
    from portal.services.instruments import sync_forms

    sync_forms()
    Cohort.update(status="pretest").where(Cohort.id == w.cohort.id).execute()


def _test(w):
    from portal.models import Instrument

    _ready(w)
    return Instrument.get(Instrument.code == "c1_knowledge")


def _cohort(w, side):
    return pick(w, side, w.cohort, w.other_cohort)


def _cohort_url(endpoint, **extra):
    def build(w, side):
        _ready(w)
        return url_for(endpoint, cohort_id=_cohort(w, side).id, **extra)
    return build


def _window_url(endpoint):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort(w, side).id, instrument_id=_test(w).id, phase="pre")


def _trainee_url(endpoint):
    def build(w, side):
        _ready(w)
        return url_for(endpoint, cohort_id=_cohort(w, side).id,
                       trainee_id=pick(w, side, w.trainee, w.other_trainee).id,
                       **({"code": "c1_knowledge", "phase": "pre"} if endpoint == "collect.keyin" else {}))
    return build


def _coop_url(endpoint):
    def build(w, side):
        from portal.models import CourseStep

        _ready(w)
        CourseStep.get_or_create(course=w.course1, step_no=5, defaults={
            "name_th": "ติดตามและประเมินผล", "name_en": "Follow-up",
            "starts": dt.date(2023, 3, 1), "ends": dt.date(2023, 7, 31)})
        return url_for(endpoint, coop_id=pick(w, side, w.coop, w.other_coop).id)
    return build


def _link(w, side):
    from portal.models import Instrument
    from portal.models.responses import RespondentLink

    _ready(w)
    coop = pick(w, side, w.coop, w.other_coop)
    link, _created = RespondentLink.get_or_create(
        kind="member_survey", cooperative=coop, period="2566",
        defaults={"instrument": Instrument.get(Instrument.code == "member_survey"),
                  "token": f"matrix-collect-{side}-link-token-000001",
                  "valid_from": dt.date(2022, 10, 1), "valid_until": dt.date(2023, 9, 30)})
    return link


def _link_url(endpoint):
    return lambda w, side: url_for(endpoint, link_id=_link(w, side).id)


ENTRIES = [
    Entry("collect.overview", allowed=READERS, scoped=True, url=_cohort_url("collect.overview")),
    Entry("collect.open_window", "POST", allowed=EDITORS, scoped=True, url=_window_url("collect.open_window")),
    Entry("collect.close_window", "POST", allowed=EDITORS, scoped=True, url=_window_url("collect.close_window")),
    Entry("collect.release", "POST", allowed=EDITORS, scoped=True, url=_trainee_url("collect.release")),
    Entry("collect.slips", allowed=EDITORS, scoped=True, url=_cohort_url("collect.slips")),
    Entry("collect.projector", allowed=EDITORS, scoped=True, url=_cohort_url("collect.projector")),
    Entry("collect.keyin_next", allowed=EDITORS, scoped=True,
          url=_cohort_url("collect.keyin_next", code="c1_knowledge", phase="pre")),
    Entry("collect.keyin", allowed=EDITORS, scoped=True, url=_trainee_url("collect.keyin")),
    Entry("collect.keyin", "POST", allowed=EDITORS, scoped=True, url=_trainee_url("collect.keyin"),
          data={"uuid": UUID, "q01": "a", "q02": "b", "blanks_ok": "1"}),
    Entry("collect.links", allowed=LINK_READERS),
    Entry("collect.create_member_link", "POST", allowed=EDITORS, scoped=True,
          url=_coop_url("collect.create_member_link"), data={"period": "2566", "year": "2566"}),
    Entry("collect.create_followup_link", "POST", allowed=EDITORS, scoped=True,
          url=_coop_url("collect.create_followup_link"), data={"year": "2566"}),
    Entry("collect.link", allowed=LINK_READERS, scoped=True, url=_link_url("collect.link")),
    Entry("collect.poster", allowed=LINK_READERS, scoped=True, url=_link_url("collect.poster")),
    Entry("collect.link_keyin", allowed=EDITORS, scoped=True, url=_link_url("collect.link_keyin")),
    Entry("collect.link_keyin", "POST", allowed=EDITORS, scoped=True, url=_link_url("collect.link_keyin"),
          data={"uuid": UUID, "gender": "female", "trust": "4"}),
]
