"""Monthly follow-up of plan activities (owners' link or staff), provincial visits, monthly summaries, the cooperative's monthly report."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("followup", __name__, url_prefix="/followup")
