"""Target-cooperative selection: candidates, proposals, submission by the centre, change requests, board informed, the national list."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("targets", __name__, url_prefix="/targets")
