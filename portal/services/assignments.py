"""What a trainee is asked to answer, and whether they may answer it now.

Shared by the trainee's pages, the JSON API and the staff's live views: one
place decides which questionnaires a cohort's trainees get (the instruments for
trainees of the cohort's course, each in its phases), whether each window is
open, and where a trainee stands (not started, draft, sent). No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.domain.cohorts import STATUSES
from portal.models import AgendaSession, Cohort, Instrument, Trainee
from portal.models.responses import AnonymousReceipt, Draft, QuestionnaireWindow, Response
from portal.services.collection import current_key

__all__ = ["Assignment", "instruments_for", "assignments", "trainee_by_token", "draft_owner", "window",
           "collection_context", "PHASE_LABELS", "STATE_LABELS"]

PHASE_LABELS = {"pre": ("ก่อนการอบรม", "Before the training"), "post": ("หลังการอบรม", "After the training"),
                "single": ("", "")}
STATE_LABELS = {"not_started": ("ยังไม่ได้ทำ", "Not started"), "draft": ("ทำค้างไว้", "Draft saved"),
                "submitted": ("ส่งแล้ว", "Sent")}


@dataclass(frozen=True)
class Assignment:
    instrument: Instrument
    phase: str  # pre | post | single
    window: QuestionnaireWindow | None
    state: str  # not_started | draft | submitted

    @property
    def is_open(self) -> bool:
        return self.window is not None and self.window.is_open

    @property
    def window_state(self) -> str:
        """not_opened | open | closed."""
        if self.window is None or self.window.opened_at is None:
            return "not_opened"
        return "open" if self.window.closed_at is None else "closed"


def instruments_for(cohort: Cohort) -> list[Instrument]:
    """Trainee instruments of the cohort's course, tests first (learning, then reaction)."""
    course_number = cohort.course.number
    rows = [i for i in Instrument.select().where((Instrument.respondent == "trainee")
                                                 & (Instrument.course == course_number)
                                                 & Instrument.current_version.is_null(False))]
    order = {"learning": 0, "reaction": 1}
    return sorted(rows, key=lambda i: (order.get(i.level, 9), i.code))


def window(cohort: Cohort, instrument: Instrument, phase: str) -> QuestionnaireWindow | None:
    return QuestionnaireWindow.get_or_none((QuestionnaireWindow.cohort == cohort)
                                           & (QuestionnaireWindow.instrument == instrument)
                                           & (QuestionnaireWindow.phase == phase))


def draft_owner(trainee: Trainee) -> str:
    return f"trainee:{trainee.id}"


def _state(trainee: Trainee, instrument: Instrument, phase: str) -> str:
    if instrument.anonymous:
        if AnonymousReceipt.get_or_none((AnonymousReceipt.trainee == trainee)
                                        & (AnonymousReceipt.instrument == instrument)
                                        & (AnonymousReceipt.phase == phase)):
            return "submitted"
    elif Response.get_or_none(Response.current_key == current_key(trainee.id, instrument.id, phase)):
        return "submitted"
    if Draft.get_or_none((Draft.owner == draft_owner(trainee)) & (Draft.instrument == instrument)
                         & (Draft.phase == phase)):
        return "draft"
    return "not_started"


def assignments(trainee: Trainee) -> list[Assignment]:
    cohort = trainee.cohort
    out = []
    for instrument in instruments_for(cohort):
        for phase in instrument.phase_list:
            out.append(Assignment(instrument, phase, window(cohort, instrument, phase),
                                  _state(trainee, instrument, phase)))
    return out


def trainee_by_token(token: str | None) -> Trainee | None:
    """The trainee of a personal token, unless the cohort is archived (the token has expired)."""
    if not token or len(token) > 64:
        return None
    trainee = Trainee.get_or_none(Trainee.token == token)
    if trainee is None or trainee.cohort.status == STATUSES[-1]:
        return None
    return trainee


def collection_context(cohort: Cohort) -> dict:
    """Repeat instances for the cohort's forms: its agenda sessions (satisfaction per session and speaker)."""
    sessions = (AgendaSession.select().where(AgendaSession.cohort == cohort)
                .order_by(AgendaSession.day, AgendaSession.starts, AgendaSession.sort_order))
    return {
        "agenda_sessions": [{"id": str(s.id), "title": s.title_th, "speaker": s.speaker_name or "-"}
                            for s in sessions],
        "plan_activities": [],
    }
