"""Course 1 step 3: the analysis of each target cooperative (secondary and primary data, loss by business line, problems, attached files)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("analysis", __name__, url_prefix="/analysis")
