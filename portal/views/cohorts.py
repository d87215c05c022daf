"""Cohorts (รุ่น): course, target cooperatives, dates, venue, agenda with speakers, budget, and the cohort's life."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
