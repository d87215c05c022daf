"""The access matrix: one entry per (endpoint, method) of the app, in one file per blueprint.

An Entry says who may call it and how to build its URL for the "own" side of the
World (centre 1) or the "other" side (centre 2). tests/views/test_access_matrix.py
walks app.url_map and fails for any route without an entry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

ROLES = ("bureau_admin", "bureau_exec", "centre_director", "centre_staff", "provincial_officer", "provincial_head")
ALL_SIGNED_IN = frozenset(ROLES)
BUREAU = frozenset({"bureau_admin", "bureau_exec"})


@dataclass(frozen=True)
class Entry:
    endpoint: str
    method: str = "GET"
    # "public", or the roles allowed (others get 403 or 404)
    allowed: str | frozenset = ALL_SIGNED_IN
    # url(world, side) with side "own" or "other"; None for URLs without ids
    url: Callable | None = None
    # True: an allowed role asking for the other side's ids gets 404
    scoped: bool = False
    # form data for POST positive controls
    data: dict | Callable | None = None
    # statuses a positive control may answer
    ok: tuple = (200, 303)
    # roles whose scope is national see the other side too
    note: str = ""

    def build(self, world, side: str) -> str:
        if self.url is None:
            from flask import url_for

            return url_for(self.endpoint)
        return self.url(world, side)

    def form(self, world):
        return self.data(world) if callable(self.data) else (self.data or {})


def pick(world, side, own, other):
    return own if side == "own" else other
