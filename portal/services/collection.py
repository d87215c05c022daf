"""Storing a response exactly once (DESIGN.md, Data).

* Every rendered form carries a UUID; (instrument, uuid) is unique. The same
  UUID with the same payload is a replay and answers like the first time; with a
  different payload it is a conflict.
* A trainee has one current response per instrument and phase. A second tab or a
  stale form conflicts with the stored response instead of adding one. Tests can
  never be changed; other instruments (satisfaction) may be edited while their
  window is open: the form names the response it edits (``base_uuid``), the new
  response supersedes it and both are kept.
* Anonymous instruments keep no path from the response to the person: the
  response has no trainee; an ``AnonymousReceipt`` (trainee, instrument, phase)
  makes the answer once-only; the right to edit is a secret held by the
  respondent's device (``edit_key``), of which only a hash is stored.
* Concurrent double taps: the unique indexes decide; the loser re-reads and
  answers as a replay or a conflict.

No Flask here: callers pass what they know and turn the exceptions into pages
or HTTP statuses (409 for ``Conflict``).
"""
from __future__ import annotations

import hashlib
import json
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

import peewee as pw

from portal import clock
from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage
from portal.models import Instrument, InstrumentVersion, Trainee
from portal.models.responses import AnonymousReceipt, Draft, Response

__all__ = ["Conflict", "Stored", "canonical_answers", "payload_hash", "hash_secret", "new_uuid", "valid_uuid",
           "current_key", "store_response", "current_response", "check_trainee"]


class Conflict(Exception):
    """409: the UUID was used with other answers, or a response for this trainee already exists."""

    def __init__(self, message: BilingualMessage, existing: Response | None = None):
        super().__init__(str(message))
        self.message = message
        self.existing = existing


@dataclass(frozen=True)
class Stored:
    response: Response
    created: bool  # False: an identical replay of a stored response


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def valid_uuid(text: str | None) -> bool:
    try:
        return str(uuidlib.UUID(str(text))) == str(text).lower()
    except (TypeError, ValueError):
        return False


def canonical_answers(answers: dict[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def payload_hash(version_id: int, phase: str, answers: dict[str, Any]) -> str:
    text = f"{version_id}\n{phase}\n{canonical_answers(answers)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def current_key(trainee_id: int, instrument_id: int, phase: str) -> str:
    return f"trainee:{trainee_id}:{instrument_id}:{phase}"


def current_response(trainee: Trainee, instrument: Instrument, phase: str) -> Response | None:
    return Response.get_or_none(Response.current_key == current_key(trainee.id, instrument.id, phase))


_ALREADY = BilingualMessage("ท่านส่งแบบนี้แล้ว ระบบเก็บคำตอบที่ส่งครั้งแรกไว้", "You have already sent this form; "
                            "the answers sent first are kept")
_STALE = BilingualMessage("คำตอบนี้มาจากหน้าที่เก่ากว่าคำตอบที่บันทึกไว้ (อาจเปิดไว้สองแท็บ) กรุณาเปิดแบบใหม่อีกครั้ง",
                          "These answers come from a page older than the stored response (two tabs?); open the form again")
_REUSED = BilingualMessage("รหัสการส่งนี้ถูกใช้กับคำตอบอื่นแล้ว", "This submission id was already used with other answers")
_LOCKED = BilingualMessage("แบบทดสอบที่ส่งแล้วแก้ไขไม่ได้", "A submitted test cannot be changed")


def _replay_or_conflict(instrument: Instrument, uuid: str, digest: str) -> Stored | None:
    existing = Response.get_or_none((Response.instrument == instrument) & (Response.uuid == uuid))
    if existing is None:
        return None
    if existing.payload_hash == digest:
        return Stored(existing, False)
    raise Conflict(_REUSED, existing)


def store_response(*, uuid: str, instrument: Instrument, version: InstrumentVersion, phase: str,
                   answers: dict[str, Any], respondent: str, editable: bool, trainee: Trainee | None = None,
                   cohort_id: int | None = None, cooperative_id: int | None = None, link_id: int | None = None,
                   base_uuid: str | None = None, edit_key: str | None = None, score: int | None = None,
                   max_score: int | None = None, keyed_in_by_id: int | None = None,
                   privacy_version: int | None = None, draft_owner: str | None = None) -> Stored:
    """Store one submitted response exactly once (see the module docstring); raise Conflict on a clash.

    ``editable``: whether this instrument may be edited now (not a test, window open).
    ``base_uuid``: the response the form was rendered to edit (None for a first answer).
    ``edit_key``: for an anonymous trainee response, the device's secret (its hash is stored,
    and a later edit must present it).
    """
    digest = payload_hash(version.id, phase, answers)
    anonymous = bool(instrument.anonymous)
    for attempt in range(2):
        try:
            with write_transaction():
                replay = _replay_or_conflict(instrument, uuid, digest)
                if replay is not None:
                    return replay
                try:
                    supersedes = check_trainee(instrument, phase, trainee, anonymous, editable, base_uuid, edit_key)
                except Conflict:
                    # Under READ COMMITTED (PostgreSQL) a twin request may have committed this very UUID
                    # between the replay check above and now: then this is a replay, not a conflict.
                    replay = _replay_or_conflict(instrument, uuid, digest)
                    if replay is not None:
                        return replay
                    raise
                now = clock.naive_now()
                key = None
                if trainee is not None and not anonymous:
                    key = current_key(trainee.id, instrument.id, phase)
                if supersedes is not None:
                    Response.update(state="superseded", current_key=None).where(
                        Response.id == supersedes.id).execute()
                elif trainee is not None and anonymous:
                    AnonymousReceipt.create(trainee=trainee, instrument=instrument, phase=phase)
                response = Response.create(
                    uuid=uuid, instrument=instrument, version=version, phase=phase, respondent=respondent,
                    trainee=None if anonymous else trainee, cohort=cohort_id, cooperative=cooperative_id,
                    link=link_id, answers=canonical_answers(answers), payload_hash=digest,
                    supersedes=supersedes, current_key=key,
                    edit_key_hash=hash_secret(edit_key) if (anonymous and edit_key) else None,
                    score=score, max_score=max_score, keyed_in_by=keyed_in_by_id,
                    privacy_version=privacy_version, submitted_at=now)
                if draft_owner:
                    Draft.delete().where((Draft.owner == draft_owner) & (Draft.instrument == instrument)
                                         & (Draft.phase == phase)).execute()
                return Stored(response, True)
        except pw.IntegrityError:
            # Someone else stored at the same moment (double tap, two tabs): decide again on what is there.
            if attempt == 1:
                raise Conflict(_ALREADY)
    raise Conflict(_ALREADY)  # pragma: no cover - the loop returns or raises


def check_trainee(instrument, phase, trainee, anonymous, editable, base_uuid, edit_key) -> Response | None:
    """The response this one supersedes (None for a first answer); Conflict when it may not be stored.

    ``store_response`` calls it inside its transaction; pages call it first to tell a trainee at once
    that their answers are already in, before they fill in anything.
    """
    if trainee is None:
        return None
    if not anonymous:
        current = Response.get_or_none(Response.current_key == current_key(trainee.id, instrument.id, phase))
        if current is None:
            return None
        if not editable:
            raise Conflict(_LOCKED if instrument.phases != "single" else _ALREADY, current)
        if base_uuid != current.uuid:
            raise Conflict(_STALE, current)
        return current
    receipt = AnonymousReceipt.get_or_none((AnonymousReceipt.trainee == trainee)
                                           & (AnonymousReceipt.instrument == instrument)
                                           & (AnonymousReceipt.phase == phase))
    if receipt is None:
        return None
    if not editable or not base_uuid or not edit_key:
        raise Conflict(_ALREADY)
    base = Response.get_or_none((Response.instrument == instrument) & (Response.uuid == base_uuid)
                                & (Response.state == "submitted"))
    if base is None or base.edit_key_hash != hash_secret(edit_key):
        raise Conflict(_STALE)
    return base
