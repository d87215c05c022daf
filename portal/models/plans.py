"""Doing the plan (course 1 day 2 and step 5, course 2 steps 1 and 3).

A cooperative's development plan (projects → activities with an owner and a
month range, and for loss-making cooperatives a 3- or 5-year business
projection) is adopted by its board; activity owners report monthly progress
(one ActivityProgress per activity and month, from the owners' questionnaire or
keyed in by staff); provincial offices visit and summarise monthly; course 2
adds the group-level participation plan. Suggestions for next year are gathered
from every source in one table. Plans run past the fiscal year and carry
forward: a plan belongs to the fiscal year it was written in, and its activities
keep their own months.
"""
from __future__ import annotations


import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.accounts import User
from portal.models.organisation import BusinessLine, Centre, Cooperative, Office
from portal.models.responses import Response
from portal.models.training import Cohort, Trainee


class DevelopmentPlan(BaseModel):
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    fiscal_year = pw.IntegerField()  # Buddhist Era: the year the plan was written
    cohort = pw.ForeignKeyField(Cohort, null=True, on_delete="SET NULL", backref="+")  # the day-2 workshop
    title = pw.CharField()
    horizon_years = pw.IntegerField(default=1)  # 1; loss-making cooperatives 3 or 5 (with a projection)
    starts = pw.DateField()  # first month of the plan (day 1)
    ends = pw.DateField()  # last month of the plan (day 1)
    # The board meeting that adopted the plan.
    adopted_meeting_no = pw.CharField(max_length=32, default="")
    adopted_on = pw.DateField(null=True)
    adoption_recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    adoption_recorded_at = pw.DateTimeField(null=True)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("cooperative", "fiscal_year"), True),)


class PlanProject(BaseModel):
    plan = pw.ForeignKeyField(DevelopmentPlan, backref="projects", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    name = pw.TextField()
    objective = pw.TextField(default="")
    kpi = pw.TextField(default="")
    target = pw.TextField(default="")


class PlanActivity(BaseModel):
    project = pw.ForeignKeyField(PlanProject, backref="activities", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    name = pw.TextField()
    owner_name = pw.CharField()  # a person of the cooperative: the activity owner
    owner_position = pw.CharField(default="")
    starts = pw.DateField()  # month (day 1)
    ends = pw.DateField()  # month (day 1)
    kpi = pw.TextField(default="")
    target = pw.TextField(default="")


class BusinessProjection(BaseModel):
    """Projected income and expenses of one business line in one year of a loss-making cooperative's plan."""

    plan = pw.ForeignKeyField(DevelopmentPlan, backref="projections", on_delete="CASCADE")
    year = pw.IntegerField()  # Buddhist Era (the cooperative's accounting year)
    business_line = pw.ForeignKeyField(BusinessLine, on_delete="RESTRICT", backref="+")
    income = pw.DecimalField(max_digits=16, decimal_places=2)
    expenses = pw.DecimalField(max_digits=16, decimal_places=2)
    members = pw.IntegerField(null=True)  # members expected to do business in this line

    class Meta:
        indexes = ((("plan", "year", "business_line"), True),)


class ActivityProgress(BaseModel):
    """One month's progress of one activity; the owners' questionnaire and staff write the same row."""

    activity = pw.ForeignKeyField(PlanActivity, backref="progress", on_delete="CASCADE")
    month = pw.DateField()  # day 1 of the month reported
    status = pw.CharField(max_length=16)  # not_started | on_track | behind | done | cancelled
    percent_done = pw.IntegerField(null=True)
    result = pw.TextField(default="")
    obstacles = pw.TextField(default="")
    help_needed = pw.TextField(default="")
    source = pw.CharField(max_length=16)  # owner_link | staff
    response = pw.ForeignKeyField(Response, null=True, on_delete="SET NULL", backref="+")
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("activity", "month"), True),)


class MonitoringVisit(BaseModel):
    """A provincial office's visit to a target cooperative."""

    office = pw.ForeignKeyField(Office, on_delete="RESTRICT", backref="+")
    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    visited_on = pw.DateField()
    visitors = pw.TextField()  # who went
    findings = pw.TextField(default="")
    help_given = pw.TextField(default="")
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = pw.DateTimeField(default=clock.naive_now)


class MonthlySummary(BaseModel):
    """The provincial office's monthly summary to the provincial cooperative officer (สหกรณ์จังหวัด)."""

    office = pw.ForeignKeyField(Office, on_delete="RESTRICT", backref="+")
    month = pw.DateField()  # day 1
    overview = pw.TextField(default="")
    problems = pw.TextField(default="")
    help_needed = pw.TextField(default="")
    next_steps = pw.TextField(default="")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    sent_at = pw.DateTimeField(null=True)
    sent_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("office", "month"), True),)


class ParticipationPlan(BaseModel):
    """Course 2: the group-level plan of how members take part, made by the course-2 cohort."""

    cooperative = pw.ForeignKeyField(Cooperative, on_delete="RESTRICT", backref="+")
    cohort = pw.ForeignKeyField(Cohort, null=True, on_delete="SET NULL", backref="+")
    fiscal_year = pw.IntegerField()
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("cooperative", "fiscal_year"), True),)


class ParticipationGroup(BaseModel):
    plan = pw.ForeignKeyField(ParticipationPlan, backref="groups", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    name = pw.CharField()  # member group or village
    leader = pw.ForeignKeyField(Trainee, null=True, on_delete="SET NULL", backref="+")  # from the course-2 roster
    members = pw.IntegerField(null=True)


class ParticipationActivity(BaseModel):
    group = pw.ForeignKeyField(ParticipationGroup, backref="activities", on_delete="CASCADE")
    sort_order = pw.IntegerField(default=0)
    name = pw.TextField()
    starts = pw.DateField()
    ends = pw.DateField()
    channels = pw.CharField(default="")  # comma-separated: meeting | line | loudspeaker | visit | notice_board | other
    target = pw.TextField(default="")


class Suggestion(BaseModel):
    """A suggestion for next year, with its source (satisfaction form, follow-up, visit or staff)."""

    fiscal_year = pw.IntegerField()
    course = pw.IntegerField(null=True)
    centre = pw.ForeignKeyField(Centre, on_delete="RESTRICT", backref="+")
    source = pw.CharField(max_length=16)  # satisfaction | followup | visit | staff
    text = pw.TextField()
    cooperative = pw.ForeignKeyField(Cooperative, null=True, on_delete="SET NULL", backref="+")
    cohort = pw.ForeignKeyField(Cohort, null=True, on_delete="SET NULL", backref="+")
    response = pw.ForeignKeyField(Response, null=True, on_delete="CASCADE", backref="+")
    visit = pw.ForeignKeyField(MonitoringVisit, null=True, on_delete="CASCADE", backref="+")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)


MODELS = [DevelopmentPlan, PlanProject, PlanActivity, BusinessProjection, ActivityProgress, MonitoringVisit,
          MonthlySummary, ParticipationPlan, ParticipationGroup, ParticipationActivity, Suggestion]
