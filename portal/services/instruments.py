"""Syncing ``forms/*.yaml`` into the database, and the definition in use.

Plain Python (no Flask). ``sync_forms`` is what ``flask --app wsgi forms sync``
runs at deployment; views and later the answering pages call
``current_definition`` / ``version_definition``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from peewee import fn

from portal import clock
from portal.db import write_transaction
from portal.instruments import Definition, load_all, load_text
from portal.models import Instrument, InstrumentVersion

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"

__all__ = ["FORMS_DIR", "check_forms", "sync_forms", "current_definition", "version_definition", "VersionUsage",
           "version_usage"]


def check_forms(folder=FORMS_DIR) -> dict[str, Definition]:
    """Validate every file; raise ``DefinitionError`` (every file:line: reason) on any problem."""
    return load_all(folder)


def _header(defn: Definition) -> dict:
    return {
        "title_th": defn.title.get("th", ""),
        "title_en": defn.title.get("en", ""),
        "level": defn.level,
        "course": defn.course,
        "anonymous": defn.anonymous,
        "respondent": defn.respondent,
        "phases": ",".join(defn.phases),
    }


def sync_forms(folder=FORMS_DIR) -> list[str]:
    """Store every changed instrument as a new version; return "code vN" for each change.

    All files are validated first: on any ``DefinitionError`` nothing is written and
    the versions in use stay as they were. A file whose content hash is already
    stored changes nothing (layout and comments do not count); a file changed back
    to an earlier content makes that earlier version current again (no duplicate).
    Old versions are never removed, and instruments whose file is gone are kept.
    """
    definitions = load_all(folder)
    changes: list[str] = []
    now = clock.now().replace(tzinfo=None)
    with write_transaction():
        for code, defn in definitions.items():
            digest = defn.content_hash()
            instrument = Instrument.get_or_none(Instrument.code == code)
            if instrument is None:
                instrument = Instrument.create(code=code, **_header(defn))
            version = InstrumentVersion.get_or_none(
                (InstrumentVersion.instrument == instrument) & (InstrumentVersion.content_hash == digest))
            if version is None:
                last = (InstrumentVersion.select(InstrumentVersion.version)
                        .where(InstrumentVersion.instrument == instrument)
                        .order_by(InstrumentVersion.version.desc()).first())
                version = InstrumentVersion.create(
                    instrument=instrument, version=(last.version + 1) if last else 1,
                    content_hash=digest, source_text=defn.source_text, created_at=now)
            elif instrument.current_version_id == version.id:
                continue
            Instrument.update(current_version=version, **_header(defn)).where(
                Instrument.id == instrument.id).execute()
            changes.append(f"{code} v{version.version}")
    return changes


# Definitions rebuilt from stored text, by (version id, content hash): the hash
# keeps two databases (tests, a restored copy) from sharing a wrong entry.
_cache: dict[tuple[int, str], Definition] = {}
_cache_lock = threading.Lock()
_CACHE_LIMIT = 256


def version_definition(version: InstrumentVersion) -> Definition:
    """The ``Definition`` of one stored version (parsed once, then cached)."""
    key = (version.id, version.content_hash)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    code = version.instrument.code
    defn = load_text(version.source_text, f"{code} v{version.version}", expected_id=code)
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = defn
    return defn


def current_definition(code: str) -> tuple[InstrumentVersion, Definition]:
    """The version in use of instrument ``code`` and its definition.

    Raises ``LookupError`` when the instrument is unknown or was never synced.
    """
    instrument = Instrument.get_or_none(Instrument.code == code)
    if instrument is None or instrument.current_version_id is None:
        raise LookupError(f"instrument {code!r} is not synced (flask --app wsgi forms sync)")
    version = instrument.current_version
    return version, version_definition(version)


@dataclass
class VersionUsage:
    """Who answered one version: responses, the cohorts they came from, cooperatives' links."""

    responses: int = 0
    cohorts: list = field(default_factory=list)  # Cohort rows (with centre and course), in order
    cooperatives: int = 0  # cooperatives whose member-survey / follow-up link answered it


def version_usage() -> dict[int, VersionUsage]:
    """Per version id: how many responses point at it and which cohorts and cooperatives sent them."""
    from portal.models import Centre, Cohort, Course
    from portal.models.responses import Response

    usage: dict[int, VersionUsage] = {}
    cohort_ids: dict[int, set[int]] = {}
    coops: dict[int, set[int]] = {}
    rows = (Response.select(Response.version, Response.cohort, Response.link, Response.cooperative,
                            fn.COUNT(Response.id).alias("n"))
            .group_by(Response.version, Response.cohort, Response.link, Response.cooperative).tuples())
    for version_id, cohort_id, link_id, coop_id, n in rows:
        entry = usage.setdefault(version_id, VersionUsage())
        entry.responses += n
        if cohort_id is not None:
            cohort_ids.setdefault(version_id, set()).add(cohort_id)
        elif link_id is not None and coop_id is not None:
            coops.setdefault(version_id, set()).add(coop_id)
    wanted = set().union(*cohort_ids.values()) if cohort_ids else set()
    cohorts = {c.id: c for c in Cohort.select(Cohort, Centre, Course).join(Centre).switch(Cohort).join(Course)
               .where(Cohort.id.in_(sorted(wanted) or [0]))}
    for version_id, ids in cohort_ids.items():
        usage[version_id].cohorts = sorted((cohorts[i] for i in ids if i in cohorts),
                                           key=lambda c: (c.centre.number, c.course.number, c.number))
    for version_id, ids in coops.items():
        usage[version_id].cooperatives = len(ids)
    return usage
