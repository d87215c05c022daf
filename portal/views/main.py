"""Home page and the language switch."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, redirect, request, session, url_for

from portal.htmx import htmx_response, is_htmx, render_page_or_fragment
from portal.i18n import LANGUAGES

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    return render_page_or_fragment("main/home.html")


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after the switch."""
    if not target:
        return url_for("main.home")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.home")
    return target


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    target = _safe_next(request.form.get("next"))
    if is_htmx():
        # The whole page changes language: ask htmx to reload it.
        return htmx_response("", refresh=True)
    return redirect(target, code=303)


@bp.get("/healthz")
def healthz():
    from portal.db import database

    database.obj.execute_sql("SELECT 1")
    return {"status": "ok"}
