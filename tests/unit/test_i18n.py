"""Thai message ids, English catalog: every interface string has its English."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]


def _catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def _extracted_ids() -> set[str]:
    ids = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(str(ROOT), METHODS, keywords=keywords):
        if isinstance(message, tuple):
            ids.update(m for m in message if m)
        elif message:
            ids.add(message)
    return ids


def test_every_message_in_code_and_templates_has_an_english_translation():
    catalog = _catalog()
    missing = sorted(
        mid for mid in _extracted_ids()
        if not (catalog.get(mid) and catalog.get(mid).string and "fuzzy" not in catalog.get(mid).flags)
    )
    assert not missing, (
        "untranslated: run `make i18n-extract`, fill portal/translations/en/LC_MESSAGES/messages.po:\n"
        + "\n".join(missing)
    )


def test_english_translations_contain_no_thai():
    catalog = _catalog()
    thai = [m.id for m in catalog if m.id and any("\u0e00" <= ch <= "\u0e7f" for ch in m.string)]
    assert not thai, thai


def test_translations_keep_percent_signs_safe_for_jinja():
    """Jinja's gettext formats every message with %: a lone % would break the page."""
    import re

    catalog = _catalog()
    bad = [m.id for m in catalog if m.id and re.search(r"%(?![%(])", m.string)]
    assert not bad, bad
