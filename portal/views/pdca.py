"""The PDCA board (every step of both courses with its window: done, due, late), each user's to-do list, and suggestions for next year."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pdca", __name__, url_prefix="/pdca")
