"""The only module that imports the htmx helper package.

The client named htmx-flask (0.1.0, 2022), whose list of swap values has a
missing comma (reswap "beforebegin"/"afterbegin" raise ValueError). flask-htmx
0.4.0 has the same API without that bug and a stop-polling response (status
286), so we use it; swapping back touches this module only.

The vendored htmx is 2.0.11 (static/js/htmx-2.0.11.min.js): the 2.0 line is the
one the helper packages and the Hypermedia Systems patterns target; htmx 4
stopped honouring status 286 and swaps 4xx responses by default.
"""
from __future__ import annotations

from flask import render_template
from flask_htmx import HTMX, make_response
from flask_htmx.responses import HTMXResponseStopPolling

htmx = HTMX()

HTMX_VERSION = "2.0.11"
HTMX_STATIC_PATH = f"js/htmx-{HTMX_VERSION}.min.js"

__all__ = [
    "htmx",
    "init_app",
    "is_htmx",
    "render_page_or_fragment",
    "htmx_response",
    "stop_polling",
    "HTMX_STATIC_PATH",
]


def init_app(app) -> None:
    htmx.init_app(app)


def is_htmx() -> bool:
    """True for a request htmx made for a partial swap (not a boosted navigation)."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(page: str, fragment: str | None = None, **context) -> str:
    """Render the full page, or only its `_partial.html` when htmx asks for a swap.

    The page template includes the fragment, so both show the same markup.
    """
    if fragment and is_htmx():
        return render_template(fragment, **context)
    return render_template(page, **context)


def htmx_response(body="", status=200, **headers):
    """An htmx-aware response: retarget=, reswap=, trigger=, redirect=, refresh= …"""
    return make_response(body, status, **headers)


def stop_polling(body: str):
    """A response that replaces a polling element and tells htmx to stop polling."""
    return HTMXResponseStopPolling(body)

