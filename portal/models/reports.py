"""Reports a centre files with the bureau, under a memorandum (บันทึกข้อความ), and their approval.

A Report is drafted by centre staff, approved (or sent back) by the centre's
director and then marked sent. Every move is kept in ReportEvent (who, when,
from, to, note). When a report is marked sent, the bytes of every format are
stored in ReportFile and served from there forever after: the sent version is
frozen even if the figures change later.
"""
from __future__ import annotations

import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.accounts import User
from portal.models.organisation import Centre
from portal.models.training import Cohort


class Report(BaseModel):
    centre = pw.ForeignKeyField(Centre, backref="+", on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)  # quarterly | training | cohort | final
    fiscal_year = pw.IntegerField()  # Buddhist Era, e.g. 2566
    quarter = pw.IntegerField(null=True)  # 1–4 for quarterly
    course = pw.IntegerField(null=True)  # 1 or 2 for training and final
    cohort = pw.ForeignKeyField(Cohort, null=True, backref="+", on_delete="RESTRICT")
    # the memorandum (บันทึกข้อความ)
    agency = pw.CharField(default="")  # ส่วนราชการ
    reference = pw.CharField(default="")  # ที่
    memo_date = pw.DateField(null=True)  # วันที่
    subject = pw.TextField(default="")  # เรื่อง
    to = pw.TextField(default="")  # เรียน
    body = pw.TextField(default="")
    problems = pw.TextField(default="")  # ปัญหาอุปสรรค
    help_needed = pw.TextField(default="")  # ความช่วยเหลือที่ต้องการ
    state = pw.CharField(max_length=16, default="draft")  # draft | approved | sent
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=clock.naive_now)
    updated_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    updated_at = pw.DateTimeField(default=clock.naive_now)
    approved_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    approved_at = pw.DateTimeField(null=True)
    sent_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    sent_at = pw.DateTimeField(null=True)


class ReportEvent(BaseModel):
    """One change of a report's state, with who and when."""

    report = pw.ForeignKeyField(Report, backref="events", on_delete="CASCADE")
    from_state = pw.CharField(max_length=16, default="")
    to_state = pw.CharField(max_length=16)
    note = pw.TextField(default="")
    by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    at = pw.DateTimeField(default=clock.naive_now)


class ReportFile(BaseModel):
    """The frozen bytes of a sent report, one row per format."""

    report = pw.ForeignKeyField(Report, backref="files", on_delete="CASCADE")
    fmt = pw.CharField(max_length=8)  # xlsx | csv | pdf | docx
    kind = pw.CharField(max_length=8)  # the file's extension (csv of several tables is a zip)
    filename = pw.CharField()
    data = pw.BlobField()
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("report", "fmt"), True),)


MODELS = [Report, ReportEvent, ReportFile]
