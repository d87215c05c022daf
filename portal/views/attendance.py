"""Daily sign-in sheets, attendance per day, board coverage and certificates (วุฒิบัตร)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/cohorts")
