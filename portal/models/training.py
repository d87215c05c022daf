"""Course 1 step 4 and course 2 step 2: cohorts (รุ่น) with their agenda, budget, roster and attendance.

A cohort belongs to a centre and a course and trains one or more target
cooperatives. Its life (planned → … → archived) is moved forward by centre
staff; every move is kept in CohortEvent. Trainees never carry a national ID
number; each has a personal token (≥128 bits) for the questionnaires.
"""
from __future__ import annotations

import secrets

import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.accounts import User
from portal.models.organisation import Centre, Cooperative, Course


def new_token() -> str:
    """An unguessable token (secrets.token_urlsafe(24): 192 bits)."""
    return secrets.token_urlsafe(24)


class Cohort(BaseModel):
    course = pw.ForeignKeyField(Course, backref="cohorts", on_delete="RESTRICT")
    centre = pw.ForeignKeyField(Centre, backref="cohorts", on_delete="RESTRICT")
    number = pw.IntegerField()  # รุ่นที่ N, per centre and course
    starts = pw.DateField()
    ends = pw.DateField()
    day_starts = pw.TimeField(null=True)  # usual daily hours, e.g. 09.00–16.30 น.
    day_ends = pw.TimeField(null=True)
    place = pw.CharField()
    venue_kind = pw.CharField(max_length=16)  # government | private
    status = pw.CharField(max_length=16, default="planned")  # see portal.domain.cohorts.STATUSES
    notes = pw.TextField(default="")
    # The cohort link shown as a QR on the projector: it leads to "pick your name" (kept when SECRET_KEY rotates).
    token = pw.CharField(max_length=64, unique=True, default=new_token)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("course", "centre", "number"), True),)


class CohortCooperative(BaseModel):
    """A target cooperative trained in the cohort."""

    cohort = pw.ForeignKeyField(Cohort, backref="cooperative_links", on_delete="CASCADE")
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")

    class Meta:
        indexes = ((("cohort", "cooperative"), True),)


class CohortEvent(BaseModel):
    """One move in the cohort's life, with who and when."""

    cohort = pw.ForeignKeyField(Cohort, backref="events", on_delete="CASCADE")
    from_status = pw.CharField(max_length=16, default="")
    to_status = pw.CharField(max_length=16)
    note = pw.TextField(default="")
    by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    at = pw.DateTimeField(default=clock.naive_now)


class AgendaSession(BaseModel):
    cohort = pw.ForeignKeyField(Cohort, backref="sessions", on_delete="CASCADE")
    day = pw.DateField()
    starts = pw.TimeField()
    ends = pw.TimeField()
    topic = pw.CharField(max_length=32, default="")  # seed session code (roles, departments, audit, analysis, plan…) or ""
    title_th = pw.TextField()
    title_en = pw.TextField(default="")
    speaker_name = pw.CharField(default="")
    speaker_kind = pw.CharField(max_length=32, default="")  # centre_staff | coop_department | audit_office | provincial_office | other
    sort_order = pw.IntegerField(default=0)


class BudgetLine(BaseModel):
    """Planned and spent amounts of one expense category (food, speaker_fees, transport, materials, venue)."""

    cohort = pw.ForeignKeyField(Cohort, backref="budget_lines", on_delete="CASCADE")
    category = pw.CharField(max_length=16)
    planned = pw.DecimalField(max_digits=14, decimal_places=2, default=0)
    spent = pw.DecimalField(max_digits=14, decimal_places=2, null=True)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("cohort", "category"), True),)


class Trainee(BaseModel):
    cohort = pw.ForeignKeyField(Cohort, backref="trainees", on_delete="CASCADE")
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    prefix = pw.CharField(max_length=64)
    first_name = pw.CharField()  # normalised (NFC, "ำ")
    last_name = pw.CharField()
    gender = pw.CharField(max_length=8)  # female | male
    role = pw.CharField(max_length=16)  # board | observer | group_leader | leading_member
    position = pw.CharField(default="")  # ประธาน, เลขานุการ, เหรัญญิก, กรรมการ, ผู้จัดการ, …
    member_group = pw.CharField(default="")  # course 2: the member group or village led
    age_band = pw.CharField(max_length=8, default="")
    food_needs = pw.CharField(default="")
    # Personal questionnaire token (secrets.token_urlsafe(24): 192 bits); kept so printed slips stay valid.
    token = pw.CharField(max_length=64, unique=True)
    source = pw.CharField(max_length=16, default="entered")  # entered | imported | demo
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("cohort", "first_name", "last_name"), False),)

    @property
    def full_name(self) -> str:
        return f"{self.prefix}{self.first_name} {self.last_name}"


class Attendance(BaseModel):
    """Whether a trainee signed in on one day of the cohort (recorded against the sign-in sheet)."""

    trainee = pw.ForeignKeyField(Trainee, backref="attendance", on_delete="CASCADE")
    day = pw.DateField()
    present = pw.BooleanField()
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("trainee", "day"), True),)


MODELS = [Cohort, CohortCooperative, CohortEvent, AgendaSession, BudgetLine, Trainee, Attendance]
