"""A cohort's roster: trainees typed in or imported (XLSX/CSV, UTF-8 or cp874), names normalised, duplicates refused."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("rosters", __name__, url_prefix="/cohorts")
