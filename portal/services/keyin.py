"""Paper answers keyed in by staff: a trainee's questionnaire, or a stack of member surveys.

No Flask here. What is decided here:

* A paper form may leave items blank: answers are checked with
  ``check(..., enforce_required=False)``; a form with no answer at all is refused.
* Everything goes through ``store_response`` (exactly once: the form's UUID is
  bound when stored, so a double click stores one response), marked
  ``keyed_in_by`` the staff member, ``editable=False`` (a test can never be
  changed; a paper satisfaction form is not edited either).
* A trainee who already answered (online or on paper) is refused: ``KeyInRefused``
  names what exists. Anonymous forms keep no link to the person: the trainee's
  ``AnonymousReceipt`` says they answered; the response has no trainee.
* Member surveys (and follow-up reports) keyed in from paper are stored as
  respondent "member" (or "activity_owner") with the cooperative's link.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.domain.eligibility import BilingualMessage
from portal.instruments import Definition, check, from_form, score
from portal.models import Cohort, Instrument, InstrumentVersion, Trainee, User
from portal.models.responses import AnonymousReceipt, RespondentLink, Response
from portal.services.assignments import collection_context, draft_owner
from portal.services.collection import Conflict, Stored, current_response, store_response
from portal.services.windows import _trainees, answered_trainee_ids

__all__ = ["Existing", "KeyInRefused", "Paper", "read_paper", "existing_answer", "store_trainee_paper",
           "store_link_paper", "next_trainee", "remaining", "link_context", "trainee_context", "paper_count",
           "NO_ANSWERS"]

NO_ANSWERS = BilingualMessage("ยังไม่ได้กรอกคำตอบเลย กรุณากรอกคำตอบจากกระดาษอย่างน้อยหนึ่งข้อ",
                              "No answer was entered: key in at least one answer from the paper")


@dataclass(frozen=True)
class Existing:
    """What a trainee has already given for a questionnaire."""

    kind: str  # online | paper | anonymous (an anonymous form: only the fact that they answered is known)
    at: dt.datetime | None = None
    by: str = ""  # the staff member who keyed it in


class KeyInRefused(Exception):
    """Not stored: ``message`` says why; ``existing`` describes the answer already there (if any)."""

    def __init__(self, message: BilingualMessage, existing: Existing | None = None):
        super().__init__(str(message))
        self.message = message
        self.existing = existing


@dataclass(frozen=True)
class Paper:
    """One paper form as typed: the raw answers (re-shown on errors), the typed ones, the errors."""

    raw: dict
    cleaned: dict
    errors: dict
    blanks: tuple = ()  # numbers (1, 2, …) of the required questions shown that were left blank

    @property
    def ok(self) -> bool:
        return not self.errors


def read_paper(defn: Definition, form, context: dict) -> Paper:
    """Parse a keyed-in form: blanks allowed, wrong values refused, at least one answer needed."""
    raw = from_form(defn, form, context)
    result = check(defn, raw, context, enforce_required=False)
    errors = dict(result.errors)
    if not errors and not result.cleaned:
        errors[""] = NO_ANSWERS
    inputs = [f for f in result.visible if f.question.is_input]
    getlist = form.getlist if hasattr(form, "getlist") else (lambda key: [form.get(key)] if form.get(key) else [])
    blanks = tuple(n for n, f in enumerate(inputs, start=1)
                   if f.question.required and not any(str(v).strip() for v in getlist(f.key)))
    return Paper(raw, result.cleaned, errors, blanks)


def existing_answer(trainee: Trainee, instrument: Instrument, phase: str) -> Existing | None:
    if instrument.anonymous:
        receipt = AnonymousReceipt.get_or_none((AnonymousReceipt.trainee == trainee.id)
                                               & (AnonymousReceipt.instrument == instrument.id)
                                               & (AnonymousReceipt.phase == phase))
        return Existing("anonymous") if receipt is not None else None
    response = current_response(trainee, instrument, phase)
    if response is None:
        return None
    if response.keyed_in_by_id:
        user = User.get_or_none(User.id == response.keyed_in_by_id)
        return Existing("paper", response.submitted_at, user.full_name if user else "")
    return Existing("online", response.submitted_at)


_ANSWERED = BilingualMessage("ผู้นี้มีคำตอบของแบบนี้แล้ว ระบบไม่บันทึกซ้ำ", "This trainee has already answered this form; "
                             "nothing was stored")


def store_trainee_paper(*, cohort: Cohort, trainee: Trainee, instrument: Instrument, version: InstrumentVersion,
                        defn: Definition, phase: str, cleaned: dict, uuid: str, user: User) -> Stored:
    """Store a trainee's paper answers once; KeyInRefused when the trainee already has an answer."""
    correct = total = None
    if defn.is_test:
        correct, total = score(defn, cleaned)
    try:
        return store_response(
            uuid=uuid, instrument=instrument, version=version, phase=phase, answers=cleaned,
            respondent="trainee", editable=False, trainee=trainee, cohort_id=cohort.id,
            cooperative_id=None if instrument.anonymous else trainee.cooperative_id,
            score=correct, max_score=total, keyed_in_by_id=user.id, draft_owner=draft_owner(trainee))
    except Conflict as exc:
        existing = existing_answer(trainee, instrument, phase)
        raise KeyInRefused(_ANSWERED if existing is not None else exc.message, existing) from None


def store_link_paper(*, link: RespondentLink, version: InstrumentVersion, cleaned: dict, uuid: str,
                     user: User) -> Stored:
    """Store one paper member survey (or follow-up report) of the cooperative's link, once per form UUID."""
    respondent = "member" if link.kind == "member_survey" else "activity_owner"
    try:
        return store_response(uuid=uuid, instrument=link.instrument, version=version, phase="single",
                              answers=cleaned, respondent=respondent, editable=False,
                              cooperative_id=link.cooperative_id, link_id=link.id, keyed_in_by_id=user.id)
    except Conflict as exc:
        raise KeyInRefused(exc.message) from None


def link_context() -> dict:
    """Repeat instances of the link forms: the follow-up's plan activities are not recorded yet (issue 8)."""
    return {"plan_activities": [], "agenda_sessions": []}


def trainee_context(cohort: Cohort) -> dict:
    return collection_context(cohort)


def next_trainee(cohort: Cohort, instrument: Instrument, phase: str, after_id: int | None = None) -> Trainee | None:
    """The next trainee (Thai order, after ``after_id``, wrapping round) with no answer to this questionnaire."""
    trainees = _trainees(cohort)
    answered = answered_trainee_ids(cohort, instrument, phase)
    start = 0
    if after_id is not None:
        start = next((i + 1 for i, t in enumerate(trainees) if t.id == after_id), 0)
    for t in trainees[start:] + trainees[:start]:
        if t.id not in answered and t.id != after_id:
            return t
    return None


def remaining(cohort: Cohort, instrument: Instrument, phase: str) -> int:
    """Trainees with no answer to this questionnaire yet."""
    total = Trainee.select().where(Trainee.cohort == cohort.id).count()
    return total - len(answered_trainee_ids(cohort, instrument, phase))


def paper_count(link: RespondentLink) -> int:
    """Forms of this link keyed in from paper."""
    return (Response.select().where((Response.link == link.id) & Response.keyed_in_by.is_null(False)
                                    & (Response.state == "submitted")).count())
