"""The respondents' side (no accounts): a trainee's personal link and the cohort link (pick your name), a cooperative's member-survey and follow-up links, and the answering pages with drafts."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respond", __name__)
