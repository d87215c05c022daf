"""Questionnaire windows of a cohort, the names trainees have claimed, and staff releasing them.

No Flask here: views pass the user and the time, and turn ``CollectError`` into
a Thai (and English) message with nothing changed.

**Which questionnaire may open when** (DOMAIN.md, "Life of a cohort"):

* the pre-test (phase ``pre``) while the cohort is "pretest" or "training";
* the post-test (``post``) and the satisfaction form (``single``) while it is
  "posttest";
* nothing once the cohort is "closed", "followup" or "archived": tests are
  locked. Closing is always allowed (a window left open after the cohort
  closed can still be shut).

Opening the post-test does not close the pre-test: staff close each window
themselves (the collect page says so).

**Re-opening, kept simple**: a closed window may be opened again while the
cohort's status still allows its phase. The window row keeps the latest
opening and the latest closing (who and when): re-opening records the new
opener and time and clears the closing; earlier openings are not kept as a
history (there is no table for it; see the report of issue 7).

**Paper answers** (``keyin_refusal``): staff key in a paper pre-test while the
cohort is "pretest", "training" or "posttest" (papers handed in on day 1 are
often entered later), a paper post-test or satisfaction form while it is
"posttest"; never once it is closed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from portal.db import write_transaction
from portal.domain.cohorts import STATUS_LABELS, STATUSES, is_locked
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import thai_sort_key
from portal.models import Centre, Cohort, Cooperative, Course, Instrument, Trainee, User
from portal.models.responses import AnonymousReceipt, Claim, ClaimRelease, Draft, QuestionnaireWindow, Response, WindowEvent
from portal.scope import Scope
from portal.services.assignments import draft_owner, instruments_for

__all__ = [
    "CollectError", "OPENABLE", "KEYABLE", "open_refusal", "keyin_refusal", "nothing_changed", "cohort_in_scope",
    "Questionnaire", "questionnaires", "find_questionnaire", "open_window", "close_window",
    "RosterRow", "roster", "release_claim", "answered_trainee_ids",
]

# Cohort statuses in which each phase may be opened (online) or keyed in (paper).
OPENABLE: dict[str, tuple[str, ...]] = {"pre": ("pretest", "training"), "post": ("posttest",),
                                        "single": ("posttest",)}
KEYABLE: dict[str, tuple[str, ...]] = {"pre": ("pretest", "training", "posttest"), "post": ("posttest",),
                                       "single": ("posttest",)}


class CollectError(Exception):
    """A refused action: nothing was changed. ``message`` says why, in Thai and English."""

    def __init__(self, message: BilingualMessage):
        super().__init__(str(message))
        self.message = message


def _status(code: str) -> tuple[str, str]:
    return STATUS_LABELS.get(code, (code, code))


def _statuses(codes: tuple[str, ...]) -> tuple[str, str]:
    th = " หรือ ".join(f"“{_status(c)[0]}”" for c in codes)
    en = " or ".join(f"“{_status(c)[1]}”" for c in codes)
    return th, en


# --- the rules (plain values) ---------------------------------------------------------------------


def open_refusal(status: str, phase: str) -> BilingualMessage | None:
    """Why a questionnaire of this phase may not be opened in this cohort status (None: it may)."""
    now_th, now_en = _status(status)
    if status not in STATUSES or phase not in OPENABLE:
        return BilingualMessage("เปิดแบบนี้ไม่ได้", "This questionnaire cannot be opened")
    if is_locked(status):
        return BilingualMessage(
            f"รุ่นนี้อยู่ในสถานะ “{now_th}” แล้ว การอบรมปิดแล้ว แบบทดสอบและแบบประเมินถูกล็อก "
            "จึงเปิดรับคำตอบอีกไม่ได้",
            f"This cohort is “{now_en}”: the training is closed, tests and forms are locked, so nothing can "
            "be opened again.")
    allowed = OPENABLE[phase]
    if status in allowed:
        return None
    need_th, need_en = _statuses(allowed)
    if phase == "pre":
        if status == "planned":
            return BilingualMessage(
                f"ยังเปิดแบบทดสอบก่อนการอบรมไม่ได้ รุ่นนี้ยังอยู่ในสถานะ “{now_th}” "
                f"ให้เลื่อนสถานะรุ่นเป็น {need_th} ก่อน",
                f"The pre-test cannot open yet: this cohort is still “{now_en}”. Move the cohort to {need_en} "
                "first.")
        return BilingualMessage(
            f"แบบทดสอบก่อนการอบรมเปิดได้เฉพาะเมื่อรุ่นอยู่ในสถานะ {need_th} "
            f"รุ่นนี้อยู่ในสถานะ “{now_th}” แล้ว",
            f"The pre-test opens only while the cohort is {need_en}; this cohort is “{now_en}” already.")
    return BilingualMessage(
        f"แบบทดสอบหลังการอบรมและแบบประเมินความพึงพอใจเปิดได้เมื่อรุ่นอยู่ในสถานะ {need_th} "
        f"(ตอนนี้: “{now_th}”) ให้เลื่อนสถานะรุ่นก่อน",
        f"The post-test and the satisfaction form open when the cohort is {need_en} (now: “{now_en}”). "
        "Move the cohort first.")


def keyin_refusal(status: str, phase: str) -> BilingualMessage | None:
    """Why paper answers of this phase may not be keyed in now (None: they may)."""
    now_th, now_en = _status(status)
    if status not in STATUSES or phase not in KEYABLE:
        return BilingualMessage("บันทึกแบบนี้ไม่ได้", "This questionnaire cannot be keyed in")
    if is_locked(status):
        return BilingualMessage(
            f"รุ่นนี้อยู่ในสถานะ “{now_th}” แล้ว แบบทดสอบและแบบประเมินถูกล็อก จึงบันทึกคำตอบจากกระดาษเพิ่มไม่ได้",
            f"This cohort is “{now_en}”: tests and forms are locked, so no more paper answers can be keyed in.")
    allowed = KEYABLE[phase]
    if status in allowed:
        return None
    need_th, need_en = _statuses(allowed)
    return BilingualMessage(
        f"บันทึกคำตอบจากกระดาษของแบบนี้ได้เมื่อรุ่นอยู่ในสถานะ {need_th} (ตอนนี้: “{now_th}”)",
        f"Paper answers to this form can be keyed in while the cohort is {need_en} (now: “{now_en}”).")


def nothing_changed(message: BilingualMessage) -> BilingualMessage:
    """A refusal as the answer to an action: the reason, then "nothing was changed"."""
    return BilingualMessage(f"{message.th} ไม่มีการเปลี่ยนแปลงใด ๆ", f"{message.en} Nothing was changed.")


# --- reading ---------------------------------------------------------------------------------------


def cohort_in_scope(scope: Scope, cohort_id) -> Cohort:
    """A cohort of a centre the scope sees, or NotInScope (the view answers 404)."""
    query = Cohort.select(Cohort, Course, Centre).join(Course).switch(Cohort).join(Centre)
    return scope.get(scope.filter_by_centre(query, Cohort.centre), cohort_id)


@dataclass(frozen=True)
class Questionnaire:
    """One questionnaire of a cohort (an instrument in one phase) with its window and counts."""

    instrument: Instrument
    phase: str
    window: QuestionnaireWindow | None
    answered: int
    roster: int
    refusal: BilingualMessage | None  # why it may not open now
    keyin_refusal: BilingualMessage | None  # why paper answers may not be keyed in now
    cohort_locked: bool
    events: tuple = ()  # every WindowEvent of its window, oldest first

    @property
    def key(self) -> str:
        return f"{self.instrument.id}-{self.phase}"

    @property
    def state(self) -> str:
        """not_opened | open | closed."""
        if self.window is None or self.window.opened_at is None:
            return "not_opened"
        return "open" if self.window.closed_at is None else "closed"

    @property
    def can_open(self) -> bool:
        return self.state != "open" and self.refusal is None

    @property
    def can_close(self) -> bool:
        return self.state == "open"

    @property
    def open_after_lock(self) -> bool:
        """Still open although the cohort is closed: staff should close it."""
        return self.state == "open" and self.cohort_locked

    @property
    def can_key_in(self) -> bool:
        return self.keyin_refusal is None


def answered_counts(cohort: Cohort) -> dict[tuple[int, str], int]:
    """Current (not superseded) responses per (instrument, phase), keyed-in ones included."""
    rows = (Response.select(Response.instrument, Response.phase, pw.fn.COUNT(Response.id))
            .where((Response.cohort == cohort.id) & (Response.state == "submitted"))
            .group_by(Response.instrument, Response.phase).tuples())
    return {(instrument_id, phase): n for instrument_id, phase, n in rows}


def questionnaires(cohort: Cohort) -> list[Questionnaire]:
    """The cohort's questionnaires (instruments_for × phases), tests first, pre before post."""
    windows = {(w.instrument_id, w.phase): w
               for w in QuestionnaireWindow.select().where(QuestionnaireWindow.cohort == cohort.id)}
    counts = answered_counts(cohort)
    size = Trainee.select().where(Trainee.cohort == cohort.id).count()
    locked = is_locked(cohort.status)
    events: dict[int, list[WindowEvent]] = {}
    if windows:
        for event in (WindowEvent.select(WindowEvent, User).join(User, pw.JOIN.LEFT_OUTER)
                      .where(WindowEvent.window.in_([w.id for w in windows.values()]))
                      .order_by(WindowEvent.at, WindowEvent.id)):
            events.setdefault(event.window_id, []).append(event)
    out = []
    for instrument in instruments_for(cohort):
        for phase in instrument.phase_list:
            window = windows.get((instrument.id, phase))
            out.append(Questionnaire(instrument, phase, window,
                                     counts.get((instrument.id, phase), 0), size,
                                     open_refusal(cohort.status, phase), keyin_refusal(cohort.status, phase),
                                     locked, tuple(events.get(window.id, ())) if window is not None else ()))
    return out


def find_questionnaire(cohort: Cohort, instrument_ref, phase: str) -> Instrument | None:
    """The cohort's instrument by id or code, if ``phase`` is one of its phases (None otherwise)."""
    for instrument in instruments_for(cohort):
        if str(instrument.id) == str(instrument_ref) or instrument.code == instrument_ref:
            return instrument if phase in instrument.phase_list else None
    return None


# --- opening and closing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowChange:
    window: QuestionnaireWindow
    reopened: bool = False


def _window(cohort_id: int, instrument: Instrument, phase: str) -> QuestionnaireWindow | None:
    return QuestionnaireWindow.get_or_none((QuestionnaireWindow.cohort == cohort_id)
                                           & (QuestionnaireWindow.instrument == instrument.id)
                                           & (QuestionnaireWindow.phase == phase))


def _not_a_questionnaire() -> CollectError:
    return CollectError(BilingualMessage("แบบนี้ไม่ใช่แบบสอบถามของรุ่นนี้", "This is not a questionnaire of this cohort"))


def open_window(cohort: Cohort, instrument: Instrument, phase: str, user: User | None,
                now: dt.datetime) -> WindowChange:
    """Open (or re-open) one questionnaire for the cohort; CollectError when its status forbids it."""
    if find_questionnaire(cohort, instrument.id, phase) is None:
        raise _not_a_questionnaire()
    for attempt in range(2):
        try:
            with write_transaction():
                status = Cohort.select(Cohort.status).where(Cohort.id == cohort.id).scalar()
                refusal = open_refusal(status, phase)
                if refusal is not None:
                    raise CollectError(nothing_changed(refusal))
                window = _window(cohort.id, instrument, phase)
                if window is not None and window.is_open:
                    raise CollectError(BilingualMessage("แบบนี้เปิดรับคำตอบอยู่แล้ว ไม่มีการเปลี่ยนแปลงใด ๆ",
                                                        "This questionnaire is open already. Nothing was changed."))
                by = user.id if user is not None else None
                if window is None:
                    window = QuestionnaireWindow.create(cohort=cohort.id, instrument=instrument.id, phase=phase,
                                                        opened_at=now, opened_by=by)
                    WindowEvent.create(window=window.id, action="open", at=now, by=by)
                    return WindowChange(window, reopened=False)
                reopened = window.opened_at is not None
                (QuestionnaireWindow.update(opened_at=now, opened_by=by, closed_at=None, closed_by=None)
                 .where(QuestionnaireWindow.id == window.id).execute())
                WindowEvent.create(window=window.id, action="open", at=now, by=by)
                return WindowChange(QuestionnaireWindow.get_by_id(window.id), reopened=reopened)
        except pw.IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def close_window(cohort: Cohort, instrument: Instrument, phase: str, user: User | None,
                 now: dt.datetime) -> WindowChange:
    """Close one open questionnaire (allowed in every cohort status)."""
    if find_questionnaire(cohort, instrument.id, phase) is None:
        raise _not_a_questionnaire()
    with write_transaction():
        window = _window(cohort.id, instrument, phase)
        if window is None or not window.is_open:
            raise CollectError(BilingualMessage("แบบนี้ไม่ได้เปิดรับคำตอบอยู่ ไม่มีการเปลี่ยนแปลงใด ๆ",
                                                "This questionnaire is not open. Nothing was changed."))
        by = user.id if user is not None else None
        (QuestionnaireWindow.update(closed_at=now, closed_by=by)
         .where(QuestionnaireWindow.id == window.id).execute())
        WindowEvent.create(window=window.id, action="close", at=now, by=by)
        return WindowChange(QuestionnaireWindow.get_by_id(window.id))


# --- the roster with claims ----------------------------------------------------------------------------


@dataclass
class RosterRow:
    """A trainee with the device holding their name, the last release, and where each questionnaire stands."""

    trainee: Trainee
    claim: Claim | None
    last_release: ClaimRelease | None
    # Questionnaire.key -> "sent" | "paper" (keyed in by staff) | "draft" | ""
    states: dict = field(default_factory=dict)

    @property
    def cooperative(self) -> Cooperative:
        return self.trainee.cooperative


def _trainees(cohort: Cohort) -> list[Trainee]:
    rows = list(Trainee.select(Trainee, Cooperative).join(Cooperative).where(Trainee.cohort == cohort.id))
    return sorted(rows, key=lambda t: (thai_sort_key(t.cooperative.name), thai_sort_key(t.first_name),
                                       thai_sort_key(t.last_name), t.id))


def roster(cohort: Cohort, items: list[Questionnaire] | None = None, trainee_id: int | None = None) -> list[RosterRow]:
    """The cohort's trainees in Thai order (cooperative, then name); one trainee with ``trainee_id``."""
    trainees = _trainees(cohort)
    if trainee_id is not None:
        trainees = [t for t in trainees if t.id == trainee_id]
    ids = [t.id for t in trainees] or [0]
    claims = {c.trainee_id: c for c in Claim.select().where(Claim.trainee.in_(ids))}
    releases: dict[int, ClaimRelease] = {}
    for r in (ClaimRelease.select(ClaimRelease, User).join(User, pw.JOIN.LEFT_OUTER,
                                                           on=(ClaimRelease.released_by == User.id))
              .where(ClaimRelease.trainee.in_(ids)).order_by(ClaimRelease.released_at, ClaimRelease.id)):
        releases[r.trainee_id] = r
    states: dict[int, dict[str, str]] = {t.id: {} for t in trainees}
    for q in items if items is not None else questionnaires(cohort):
        if q.instrument.anonymous:
            sent = {r.trainee_id: "sent" for r in AnonymousReceipt.select(AnonymousReceipt.trainee).where(
                (AnonymousReceipt.instrument == q.instrument.id) & (AnonymousReceipt.phase == q.phase)
                & AnonymousReceipt.trainee.in_(ids))}
        else:
            sent = {r.trainee_id: ("paper" if r.keyed_in_by_id else "sent")
                    for r in Response.select(Response.trainee, Response.keyed_in_by).where(
                        (Response.instrument == q.instrument.id) & (Response.phase == q.phase)
                        & Response.current_key.is_null(False) & Response.trainee.in_(ids))}
        owners = {draft_owner(t): t.id for t in trainees}
        drafts = {owners[d.owner] for d in Draft.select(Draft.owner).where(
            (Draft.instrument == q.instrument.id) & (Draft.phase == q.phase) & Draft.owner.in_(list(owners) or [""]))}
        for t in trainees:
            states[t.id][q.key] = sent.get(t.id) or ("draft" if t.id in drafts else "")
    return [RosterRow(t, claims.get(t.id), releases.get(t.id), states[t.id]) for t in trainees]


def answered_trainee_ids(cohort: Cohort, instrument: Instrument, phase: str) -> set[int]:
    """Trainees of the cohort who have an answer (online or keyed in) to this questionnaire."""
    if instrument.anonymous:
        query = (AnonymousReceipt.select(AnonymousReceipt.trainee).join(Trainee)
                 .where((Trainee.cohort == cohort.id) & (AnonymousReceipt.instrument == instrument.id)
                        & (AnonymousReceipt.phase == phase)))
        return {r.trainee_id for r in query}
    query = Response.select(Response.trainee).where(
        (Response.cohort == cohort.id) & (Response.instrument == instrument.id) & (Response.phase == phase)
        & Response.current_key.is_null(False))
    return {r.trainee_id for r in query}


def release_claim(cohort: Cohort, trainee: Trainee, user: User | None, now: dt.datetime) -> ClaimRelease:
    """Free the trainee's name from the device holding it (kept as a ClaimRelease: who, when, which device)."""
    if trainee.cohort_id != cohort.id:
        raise CollectError(BilingualMessage("ผู้นี้ไม่ได้อยู่ในรุ่นนี้", "This trainee is not in this cohort"))
    with write_transaction():
        claim = Claim.get_or_none(Claim.trainee == trainee.id)
        if claim is None:
            raise CollectError(BilingualMessage(
                "ตอนนี้ไม่มีอุปกรณ์ใดจองชื่อนี้อยู่ ไม่มีการเปลี่ยนแปลงใด ๆ",
                "No device holds this name now. Nothing was changed."))
        Claim.delete().where(Claim.id == claim.id).execute()
        return ClaimRelease.create(trainee=trainee.id, device_label=claim.device_label,
                                   released_by=user.id if user is not None else None, released_at=now)
