"""Thai first, English second.

Message ids are the Thai texts themselves (the interface is written in Thai and
Thai programme staff read the templates); the English catalog translates them.
`make` compiles portal/translations/*/LC_MESSAGES/messages.po into .mo files
(`flask --app wsgi i18n compile`); the suite checks every message has English.
"""
from __future__ import annotations

from pathlib import Path

from flask import request, session
from flask_babel import Babel

LANGUAGES = {"th": "ไทย", "en": "English"}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"

babel = Babel()


def N_(message: str) -> str:
    """Mark a message for extraction where it is translated later (e.g. module-level tables)."""
    return message


def current_language() -> str:
    lang = session.get("lang") if request else None
    return lang if lang in LANGUAGES else "th"


def init_app(app) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=current_language)

    @app.context_processor
    def _language():
        return {"current_language": current_language(), "languages": LANGUAGES}


def compile_catalogs(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every messages.po into messages.mo; return the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog)
        written.append(mo_path)
    return written
