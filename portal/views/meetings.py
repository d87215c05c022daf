"""Course 1 step 2: the centre's meetings with provincial offices, and their printable report."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
