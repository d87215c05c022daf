"""Staff's side of collecting: questionnaire windows per cohort, claimed names and their release, QR slips and the projector QR, keyed-in paper answers, cooperatives' member-survey and follow-up links."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("collect", __name__, url_prefix="/cohorts")
