"""Course 1, steps 1–3: the year's setup and KPI targets, meetings with provinces,
target-cooperative selection (lists, proposals, change requests) and the analysis
of each target cooperative.

Rules live in ``portal.domain.eligibility`` and ``portal.services.planning`` /
``portal.services.targets``; these are the rows they keep.
"""
from __future__ import annotations


import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.accounts import User
from portal.models.organisation import BusinessLine, Centre, Cooperative, Course, Office, Province, YearlyRecord


class ProgrammeYear(BaseModel):
    """The bureau's setup of one fiscal year (Buddhist Era). Courses hang on Course.fiscal_year."""

    fiscal_year = pw.IntegerField(unique=True)
    # The LAST day on time (FY 2566: the seed says "before 16 Dec 2565", so 2022-12-15).
    selection_deadline = pw.DateField(null=True)
    default_quota = pw.IntegerField(default=2)  # target cooperatives per office unless OfficeQuota says otherwise
    # Step 1 of course 1: the planning workshop at the bureau.
    workshop_starts = pw.DateField(null=True)
    workshop_ends = pw.DateField(null=True)
    workshop_place = pw.CharField(default="")
    workshop_attendees = pw.IntegerField(null=True)
    workshop_notes = pw.TextField(default="")
    workshop_recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    workshop_recorded_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_at = pw.DateTimeField(default=clock.naive_now)

    def quota_for(self, office_id: int) -> int:
        """Target cooperatives this office may propose: its OfficeQuota, else the year's default."""
        row = OfficeQuota.get_or_none((OfficeQuota.year == self.id) & (OfficeQuota.office == office_id))
        return row.quota if row is not None else self.default_quota

    @classmethod
    def of(cls, fiscal_year: int) -> "ProgrammeYear | None":
        return cls.get_or_none(cls.fiscal_year == fiscal_year)


class OfficeQuota(BaseModel):
    """A quota other than the year's default for one office (each Bangkok area office has its own)."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="office_quotas", on_delete="CASCADE")
    office = pw.ForeignKeyField(Office, on_delete="RESTRICT", backref="+")
    quota = pw.IntegerField()

    class Meta:
        indexes = ((("year", "office"), True),)


class CentreBudget(BaseModel):
    """Budget allocated to a centre for one course of the year (baht)."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="budgets", on_delete="CASCADE")
    centre = pw.ForeignKeyField(Centre, on_delete="RESTRICT", backref="+")
    course = pw.ForeignKeyField(Course, on_delete="RESTRICT", backref="+")
    amount = pw.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        indexes = ((("year", "centre", "course"), True),)


class Kpi(BaseModel):
    """A programme KPI (ตัวชี้วัด) of the year; the catalogue is portal.domain.kpis."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="kpis", on_delete="CASCADE")
    code = pw.CharField(max_length=32)
    sort_order = pw.IntegerField(default=0)
    name_th = pw.TextField()
    name_en = pw.TextField()
    unit = pw.CharField(max_length=16)  # cooperatives | people | percent
    course = pw.IntegerField(null=True)  # 1, 2 or None
    default_target = pw.DecimalField(max_digits=12, decimal_places=2)  # per province for counts; the % for percents

    class Meta:
        indexes = ((("year", "code"), True),)


class KpiTarget(BaseModel):
    """A KPI's target for a centre (province null) or for one province of it."""

    kpi = pw.ForeignKeyField(Kpi, backref="targets", on_delete="CASCADE")
    centre = pw.ForeignKeyField(Centre, on_delete="RESTRICT", backref="+")
    province = pw.ForeignKeyField(Province, null=True, on_delete="RESTRICT", backref="+")
    target = pw.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        indexes = ((("kpi", "centre", "province"), True),)


class ProvinceMeeting(BaseModel):
    """Course 1 step 2: a centre's briefing with one provincial office (or Bangkok area office)."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="meetings", on_delete="RESTRICT")
    centre = pw.ForeignKeyField(Centre, on_delete="RESTRICT", backref="+")
    office = pw.ForeignKeyField(Office, on_delete="RESTRICT", backref="+")
    held_on = pw.DateField()
    starts = pw.TimeField(null=True)
    ends = pw.TimeField(null=True)
    place = pw.CharField()
    notes = pw.TextField(default="")
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = pw.DateTimeField(default=clock.naive_now)
    updated_at = pw.DateTimeField(default=clock.naive_now)


class MeetingAttendee(BaseModel):
    meeting = pw.ForeignKeyField(ProvinceMeeting, backref="attendees", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    prefix = pw.CharField(max_length=64, default="")
    full_name = pw.CharField()
    position = pw.CharField(default="")
    organisation = pw.CharField(default="")
    role = pw.CharField(max_length=16)  # chair | centre | province | audit | cooperative | other


class MeetingKpi(BaseModel):
    """A KPI as agreed at the meeting, with the target agreed for the province."""

    meeting = pw.ForeignKeyField(ProvinceMeeting, backref="kpis_agreed", on_delete="CASCADE")
    kpi = pw.ForeignKeyField(Kpi, on_delete="RESTRICT", backref="+")
    target = pw.DecimalField(max_digits=12, decimal_places=2)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("meeting", "kpi"), True),)


class TargetList(BaseModel):
    """One office's list of target cooperatives for a fiscal year; locked once submitted by the centre."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="target_lists", on_delete="RESTRICT")
    office = pw.ForeignKeyField(Office, on_delete="RESTRICT", backref="+")
    submitted_at = pw.DateTimeField(null=True)
    submitted_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("year", "office"), True),)


class TargetProposal(BaseModel):
    """A cooperative proposed as a target; ``status`` active | withdrawn (by change request or before submission)."""

    target_list = pw.ForeignKeyField(TargetList, backref="proposals", on_delete="CASCADE")
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    # The yearly record that counts (latest accounting year closed before the selection); None only
    # for a non-candidate proposed with a justification and no record.
    yearly_record = pw.ForeignKeyField(YearlyRecord, null=True, on_delete="RESTRICT", backref="+")
    clauses = pw.CharField(default="")  # comma-separated eligibility clause codes at proposal time; "" = non-candidate
    reason = pw.TextField()
    justification = pw.TextField(default="")  # required when clauses == ""
    status = pw.CharField(max_length=16, default="active")
    proposed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    proposed_at = pw.DateTimeField(default=clock.naive_now)
    withdrawn_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    withdrawn_at = pw.DateTimeField(null=True)
    withdrawal_reason = pw.TextField(default="")
    # The provincial office informed the cooperative's monthly board meeting.
    board_meeting_no = pw.CharField(max_length=32, default="")
    board_meeting_on = pw.DateField(null=True)
    board_informed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    board_informed_at = pw.DateTimeField(null=True)

    @classmethod
    def targets(cls, fiscal_year: int, submitted_only: bool = True):
        """Active proposals of the fiscal year (by default only on lists the centre has submitted):
        the year's target cooperatives. Scope it with ``Scope.filter_by_office(q, TargetList.office)``."""
        query = (cls.select(cls, TargetList).join(TargetList).join(ProgrammeYear)
                 .where((ProgrammeYear.fiscal_year == fiscal_year) & (cls.status == "active")))
        if submitted_only:
            query = query.where(TargetList.submitted_at.is_null(False))
        return query

    @property
    def clause_list(self) -> list[str]:
        return [c for c in self.clauses.split(",") if c]

    @property
    def is_candidate(self) -> bool:
        return bool(self.clauses)


class ChangeRequest(BaseModel):
    """After submission: withdraw a target or replace it with another, decided by the bureau administrator."""

    target_list = pw.ForeignKeyField(TargetList, backref="change_requests", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # withdraw | replace
    proposal = pw.ForeignKeyField(TargetProposal, on_delete="RESTRICT", backref="change_requests")
    new_cooperative = pw.ForeignKeyField(Cooperative, null=True, on_delete="RESTRICT", backref="+")
    new_reason = pw.TextField(default="")
    new_justification = pw.TextField(default="")
    reason = pw.TextField()
    requested_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    requested_at = pw.DateTimeField(default=clock.naive_now)
    status = pw.CharField(max_length=16, default="pending")  # pending | approved | rejected
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    decided_at = pw.DateTimeField(null=True)
    decision_reason = pw.TextField(default="")
    new_proposal = pw.ForeignKeyField(TargetProposal, null=True, on_delete="SET NULL", backref="+")


class CooperativeAnalysis(BaseModel):
    """Course 1 step 3: the study of one target cooperative for a fiscal year."""

    year = pw.ForeignKeyField(ProgrammeYear, backref="analyses", on_delete="RESTRICT")
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    # Secondary data
    annual_report = pw.TextField(default="")
    trial_balance = pw.TextField(default="")
    strength_notes = pw.TextField(default="")
    auditor_observations = pw.TextField(default="")
    # Primary data: talks with the board, staff and members
    board_notes = pw.TextField(default="")
    staff_notes = pw.TextField(default="")
    member_notes = pw.TextField(default="")
    # Loss-making cooperatives: short | long | both; the lines are AnalysisLossLine
    plan_horizon = pw.CharField(max_length=8, default="")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("year", "cooperative"), True),)


class AnalysisLossLine(BaseModel):
    analysis = pw.ForeignKeyField(CooperativeAnalysis, backref="loss_lines", on_delete="CASCADE")
    business_line = pw.ForeignKeyField(BusinessLine, on_delete="RESTRICT", backref="+")
    loss = pw.DecimalField(max_digits=16, decimal_places=2)  # baht lost in that line (positive number)
    causes = pw.TextField(default="")
    remedies = pw.TextField(default="")

    class Meta:
        indexes = ((("analysis", "business_line"), True),)


class AnalysisProblem(BaseModel):
    analysis = pw.ForeignKeyField(CooperativeAnalysis, backref="problems", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    text = pw.TextField()


class AnalysisFile(BaseModel):
    """A file attached to an analysis (annual report, trial balance, auditor's report)."""

    analysis = pw.ForeignKeyField(CooperativeAnalysis, backref="files", on_delete="CASCADE")
    kind = pw.CharField(max_length=32, default="other")  # annual_report | trial_balance | audit_report | other
    original_name = pw.CharField()
    stored_name = pw.CharField(max_length=128, unique=True)
    content_type = pw.CharField(max_length=128, default="application/octet-stream")
    size = pw.IntegerField()
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    uploaded_at = pw.DateTimeField(default=clock.naive_now)


MODELS = [ProgrammeYear, OfficeQuota, CentreBudget, Kpi, KpiTarget, ProvinceMeeting, MeetingAttendee, MeetingKpi,
          TargetList, TargetProposal, ChangeRequest, CooperativeAnalysis, AnalysisLossLine, AnalysisProblem,
          AnalysisFile]
