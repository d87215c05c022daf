"""Collected answers: questionnaire windows, claimed names, respondent links, drafts and responses.

DESIGN.md (Data, Respondents): every submission carries a UUID rendered with the
form; (instrument, uuid) is unique; the same UUID with the same payload answers
like the first time, a different payload conflicts. A trainee has one current
response per instrument and phase (``current_key`` is unique); a satisfaction
form edited while its window is open supersedes the old response, which is kept.
Anonymous instruments store no path to the person: the response carries no
trainee, and an ``AnonymousReceipt`` (which points at no response) records that
the trainee answered; the right to edit lives in a secret only the respondent's
device holds (``edit_key_hash``).
"""
from __future__ import annotations

import secrets

import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.accounts import User
from portal.models.instruments import Instrument, InstrumentVersion
from portal.models.organisation import Cooperative
from portal.models.training import Cohort, Trainee


class PrivacyNotice(BaseModel):
    """The PDPA notice shown on every collecting page; each response records the version shown."""

    version = pw.IntegerField(unique=True)
    text_th = pw.TextField()
    text_en = pw.TextField(default="")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)

    @classmethod
    def current(cls) -> "PrivacyNotice | None":
        return cls.select().order_by(cls.version.desc()).first()


class QuestionnaireWindow(BaseModel):
    """A questionnaire (instrument and phase) opened and closed for one cohort by staff."""

    cohort = pw.ForeignKeyField(Cohort, backref="windows", on_delete="CASCADE")
    instrument = pw.ForeignKeyField(Instrument, on_delete="RESTRICT", backref="+")
    phase = pw.CharField(max_length=8)  # pre | post | single
    opened_at = pw.DateTimeField(null=True)
    opened_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("cohort", "instrument", "phase"), True),)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class WindowEvent(BaseModel):
    """Every opening and closing of a questionnaire window, with who and when (the window row keeps only
    the latest of each; this keeps them all, so a re-opened test can be accounted for)."""

    window = pw.ForeignKeyField(QuestionnaireWindow, backref="events", on_delete="CASCADE")
    action = pw.CharField(max_length=8)  # open | close
    at = pw.DateTimeField(default=clock.naive_now)
    by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class Claim(BaseModel):
    """A trainee's name claimed by one device (the hash of a secret kept in that device's cookie)."""

    trainee = pw.ForeignKeyField(Trainee, backref="claims", on_delete="CASCADE", unique=True)
    device_hash = pw.CharField(max_length=64)
    device_label = pw.CharField(max_length=64, default="")  # e.g. "LINE · Android", to help staff
    claimed_at = pw.DateTimeField(default=clock.naive_now)


class ClaimRelease(BaseModel):
    """Staff released a claimed name so the trainee can claim it on another device."""

    trainee = pw.ForeignKeyField(Trainee, backref="releases", on_delete="CASCADE")
    device_label = pw.CharField(max_length=64, default="")
    released_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    released_at = pw.DateTimeField(default=clock.naive_now)


class RespondentLink(BaseModel):
    """A cooperative's link for members (member survey, per period) or activity owners (follow-up)."""

    kind = pw.CharField(max_length=16)  # member_survey | followup
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    instrument = pw.ForeignKeyField(Instrument, on_delete="RESTRICT", backref="+")
    period = pw.CharField(max_length=16)  # e.g. "2566" (fiscal year) or "2566-baseline"
    token = pw.CharField(max_length=64, unique=True)
    valid_from = pw.DateField()
    valid_until = pw.DateField()
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("kind", "cooperative", "period"), True),)


class Response(BaseModel):
    uuid = pw.CharField(max_length=36)
    instrument = pw.ForeignKeyField(Instrument, on_delete="RESTRICT", backref="responses")
    version = pw.ForeignKeyField(InstrumentVersion, on_delete="RESTRICT", backref="responses")
    phase = pw.CharField(max_length=8)  # pre | post | single
    respondent = pw.CharField(max_length=16)  # trainee | member | activity_owner
    trainee = pw.ForeignKeyField(Trainee, null=True, on_delete="RESTRICT", backref="responses")  # None when anonymous
    cohort = pw.ForeignKeyField(Cohort, null=True, on_delete="RESTRICT", backref="responses")
    cooperative = pw.ForeignKeyField(Cooperative, null=True, on_delete="RESTRICT", backref="+")
    link = pw.ForeignKeyField(RespondentLink, null=True, on_delete="RESTRICT", backref="responses")
    answers = pw.TextField()  # JSON, canonical (sorted keys)
    payload_hash = pw.CharField(max_length=64)  # sha256 of version + phase + canonical answers
    state = pw.CharField(max_length=16, default="submitted")  # submitted | superseded
    supersedes = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="+")
    # "trainee:<id>:<instrument>:<phase>" while this is the trainee's current response; None once superseded
    current_key = pw.CharField(max_length=96, null=True, unique=True)
    edit_key_hash = pw.CharField(max_length=64, null=True)  # anonymous and editable: only the device can edit
    score = pw.IntegerField(null=True)
    max_score = pw.IntegerField(null=True)
    keyed_in_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    privacy_version = pw.IntegerField(null=True)
    submitted_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("instrument", "uuid"), True), (("cohort", "instrument", "phase"), False))


class AnonymousReceipt(BaseModel):
    """The trainee answered this anonymous questionnaire (once); it points at no response.

    Its key is random and it carries no time, so receipts cannot be lined up with the
    anonymous responses by id or date (on SQLite the table has no rowid either, so its
    storage order is the random key's). On PostgreSQL the physical row order is not
    exposed by the portal; only someone reading the raw table files could see it.
    """

    id = pw.CharField(primary_key=True, max_length=32, default=lambda: secrets.token_hex(16))
    trainee = pw.ForeignKeyField(Trainee, backref="receipts", on_delete="CASCADE")
    instrument = pw.ForeignKeyField(Instrument, on_delete="RESTRICT", backref="+")
    phase = pw.CharField(max_length=8)

    class Meta:
        indexes = ((("trainee", "instrument", "phase"), True),)


class Draft(BaseModel):
    """Answers saved as the respondent goes; deleted when the response is submitted."""

    owner = pw.CharField(max_length=96)  # "trainee:<id>" or "device:<sha256 of the device secret>"
    instrument = pw.ForeignKeyField(Instrument, on_delete="CASCADE", backref="+")
    phase = pw.CharField(max_length=8)
    answers = pw.TextField(default="{}")
    section = pw.CharField(max_length=64, default="")
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("owner", "instrument", "phase"), True),)


MODELS = [PrivacyNotice, QuestionnaireWindow, WindowEvent, Claim, ClaimRelease, RespondentLink, Response, AnonymousReceipt, Draft]
