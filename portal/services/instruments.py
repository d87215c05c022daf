"""Syncing ``forms/*.yaml`` into the database, and the definition in use.

Plain Python (no Flask). ``sync_forms`` is what ``flask --app wsgi forms sync``
runs at deployment; views and later the answering pages call
``current_definition`` / ``version_definition``.
"""
from __future__ import annotations

import threading
from pathlib import Path

from portal import clock
from portal.db import write_transaction
from portal.instruments import Definition, load_all, load_text
from portal.models import Instrument, InstrumentVersion

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"

__all__ = ["FORMS_DIR", "check_forms", "sync_forms", "current_definition", "version_definition"]


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
