"""The JSON API answers to a trainee's bearer token only: a signed-in staff session (or none) gets 401."""
from __future__ import annotations

from . import Entry

_UNAUTHENTICATED = (401,)

ENTRIES = [
    Entry("api.me", allowed="public", ok=_UNAUTHENTICATED,
          note="bearer token only; a session cookie is ignored"),
    Entry("api.instrument", allowed="public", url=lambda w, side: "/api/v1/instruments/c1_knowledge",
          ok=_UNAUTHENTICATED),
    Entry("api.responses", "POST", allowed="public", ok=_UNAUTHENTICATED,
          data={"uuid": "3f2b8c1e-5d4a-4b6e-9f10-2a7c9e8d1b34", "instrument": "c1_knowledge"}),
]
