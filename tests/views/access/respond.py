"""The respondents' side: public routes (no accounts). Each checks what the respondent holds (a personal
token, a cohort token, a cooperative link, the device cookie), so a signed-in staff member is treated like
anyone else: a landing page, a redirect to /t/ when no trainee answers on this browser, a thank-you page
that sends back to the form."""
from __future__ import annotations

import datetime as dt

from . import Entry

PUBLIC = "public"
OK = (200, 303)


def _synced():
    from portal.services.instruments import sync_forms

    sync_forms()


def _open_pretest(w):
    """c1_knowledge pre opened for the own cohort (idempotent: the builder runs for both sides)."""
    from portal.models import Instrument
    from portal.models.responses import QuestionnaireWindow

    _synced()
    test = Instrument.get(Instrument.code == "c1_knowledge")
    QuestionnaireWindow.get_or_create(cohort=w.cohort, instrument=test, phase="pre",
                                      defaults={"opened_at": dt.datetime(2023, 3, 15, 9)})


def _link(w, kind):
    from portal.models import Instrument
    from portal.models.responses import RespondentLink

    _synced()
    code = "member_survey" if kind == "member_survey" else "c1_followup"
    link, _created = RespondentLink.get_or_create(
        kind=kind, cooperative=w.coop, period="2566",
        defaults={"instrument": Instrument.get(Instrument.code == code), "token": f"matrix-{kind}-link-token-0001",
                  "valid_from": dt.date(2023, 3, 1), "valid_until": dt.date(2023, 7, 31)})
    return link.token


def _trainee_url(suffix=""):
    def build(w, side):
        _open_pretest(w)
        return f"/t/c1_knowledge/pre{suffix}"
    return build


def _link_url(letter, kind, suffix=""):
    def build(w, side):
        return f"/{letter}/{_link(w, kind)}{suffix}"
    return build


ENTRIES = [
    Entry("respond.landing", allowed=PUBLIC, url=lambda w, side: f"/t/{w.trainee.token}"),
    Entry("respond.enter", "POST", allowed=PUBLIC, url=lambda w, side: f"/t/{w.trainee.token}"),
    Entry("respond.cohort", allowed=PUBLIC, url=lambda w, side: f"/c/{w.cohort.token}"),
    Entry("respond.pick", "POST", allowed=PUBLIC, url=lambda w, side: f"/c/{w.cohort.token}",
          data=lambda w: {"trainee": str(w.trainee.id)}),
    Entry("respond.home", allowed=PUBLIC),
    Entry("respond.forget", "POST", allowed=PUBLIC),
    # No trainee answers on a staff member's browser: these send to /t/ (303).
    Entry("respond.answer", allowed=PUBLIC, url=_trainee_url(), ok=OK),
    Entry("respond.answer_step", "POST", allowed=PUBLIC, url=_trainee_url(), ok=OK),
    Entry("respond.visible", "POST", allowed=PUBLIC, url=_trainee_url("/visible"), ok=OK),
    Entry("respond.done", allowed=PUBLIC, url=_trainee_url("/done"), ok=OK),
    Entry("respond.link", allowed=PUBLIC, url=_link_url("m", "member_survey")),
    # A step without the form's UUID is refused with a Thai page (400); with one it is a 303 or a 422.
    Entry("respond.link_step", "POST", allowed=PUBLIC, url=_link_url("f", "followup"),
          data={"uuid": "8d3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10", "action": "next"}, ok=(303, 422)),
    Entry("respond.link_visible", "POST", allowed=PUBLIC, url=_link_url("m", "member_survey", "/visible")),
    Entry("respond.link_done", allowed=PUBLIC, url=_link_url("m", "member_survey", "/done"), ok=OK),
    Entry("respond.privacy", allowed=PUBLIC),
]
