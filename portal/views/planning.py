"""The bureau's year setup: courses and step windows, selection deadline, quotas, centre budgets, KPIs and targets, the planning workshop; copy a year into the next."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("planning", __name__, url_prefix="/planning")
