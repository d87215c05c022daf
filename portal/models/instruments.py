"""Questionnaires in the database: an instrument and its versions.

The definition lives in ``forms/*.yaml``; ``flask --app wsgi forms sync`` stores
each file's text as a new ``InstrumentVersion`` whenever its content hash
changes. A response (later) points at the version it answered, so a changed
questionnaire never corrupts old results; old versions are never deleted.
"""
from __future__ import annotations


import peewee as pw

from portal import clock
from portal.db import BaseModel


class Instrument(BaseModel):
    """One questionnaire (the ``id`` of its file); header fields mirror the current version."""

    code = pw.CharField(max_length=64, unique=True)
    title_th = pw.TextField()
    title_en = pw.TextField()
    level = pw.CharField(max_length=16)  # reaction | learning | behaviour | results
    course = pw.IntegerField(null=True)  # 1, 2 or None (not tied to a course)
    anonymous = pw.BooleanField(default=False)
    respondent = pw.CharField(max_length=32)  # trainee | member | activity_owner
    phases = pw.CharField(max_length=32)  # "pre,post" or "single"
    # The version in use: the newest synced one, or an older one a file was changed back to.
    current_version = pw.DeferredForeignKey("InstrumentVersion", null=True, on_delete="SET NULL")

    @property
    def phase_list(self) -> list[str]:
        return [p for p in self.phases.split(",") if p]

    def title(self, lang: str = "th") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_th

    def versions_newest_first(self):
        return self.versions.order_by(InstrumentVersion.version.desc())

    @classmethod
    def listed(cls):
        """Every instrument, course-1 first, then course 2, then those of no course."""
        return cls.select().order_by(cls.course.is_null(), cls.course, cls.code)


class InstrumentVersion(BaseModel):
    instrument = pw.ForeignKeyField(Instrument, backref="versions", on_delete="RESTRICT")
    version = pw.IntegerField()  # 1, 2, … per instrument
    content_hash = pw.CharField(max_length=64)  # Definition.content_hash(): layout and comments do not count
    source_text = pw.TextField()  # the YAML as synced; the definition is rebuilt from it
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = (
            (("instrument", "version"), True),
            (("instrument", "content_hash"), True),
        )

    @property
    def short_hash(self) -> str:
        return self.content_hash[:10]


MODELS = [Instrument, InstrumentVersion]
